/** The deal board in a real browser: sign-in, the six step columns, a card, moving it by keyboard, a phone. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.js";
import { DESKTOP, launchChromium, PHONE, screenshot } from "./browser.js";
import { type Seed, seedOrg, startServer, type TestServer } from "./server.js";

const STEPS = [
  "Lead management",
  "Prospecting",
  "Qualification",
  "Needs analysis",
  "Presenting the solution",
  "Closing",
];

let server: TestServer;
let seed: Seed;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  seed = await seedOrg(server);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/board`);
  await page.waitForURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const column = (page: Page, step: string) => page.getByRole("region", { name: step, exact: true });
const card = (page: Page, step: string, deal: string) =>
  column(page, step).getByRole("article", { name: deal, exact: true });

describe("deal board", () => {
  it("shows a clear alert for a wrong password and stays on sign-in", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await signIn(page, seed.manager.email, "not the password");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toMatch(/password/i);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.locator("button[type=submit]:not([data-loading])").waitFor();
    // The sign-in screen, with its error shown: no serious accessibility problem.
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot("sign-in-wrong-password") });
    await context.close();
  });

  it("signs in, shows the six steps with totals and cards, and moves a card with the keyboard", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await signIn(page, seed.manager.email, seed.password);
    await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/board");

    // The header: product, who is signed in, sign-out.
    const banner = page.getByRole("banner");
    await expect.poll(() => banner.textContent()).toContain("Stepwise");
    await expect.poll(() => banner.textContent()).toContain("Morgan Lee");

    // One region and one heading per step 1–6, in order.
    for (const step of STEPS) {
      await column(page, step).waitFor();
      await column(page, step).getByRole("heading", { name: step, level: 2 }).waitFor();
    }
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).allTextContents())
      .toEqual(STEPS.map((s, i) => `${i + 1}${s}`));

    // The seeded card in Prospecting: name, value, owner, account, days in step.
    const acme = card(page, "Prospecting", "Acme plant expansion");
    const text = (await acme.textContent()) ?? "";
    expect(text).toContain("$48,000");
    expect(text).toContain("Owner: Sam Patel");
    expect(text).toContain("Acme Manufacturing");
    expect(text).toContain("12 days in step");
    // Column totals: Qualification holds one deal of $125,000; Closing is empty.
    const qual = (await column(page, "Qualification").textContent()) ?? "";
    expect(qual).toContain("Total$125,000");
    await expect.poll(() => column(page, "Closing").textContent()).toContain("No open deals in this step.");
    // Step 6 cards cannot be moved to step 7 from the board (that is winning the deal).
    await expect.poll(() => page.getByRole("button", { name: /^Move to Relationship/ }).count()).toBe(0);

    await page.screenshot({ path: screenshot("board-desktop"), fullPage: true });

    // Move by keyboard: Tab to the card's button, press Enter.
    const moveButton = acme.getByRole("button", { name: "Move to Qualification" });
    await moveButton.focus();
    await expect.poll(() => moveButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");

    const moved = card(page, "Qualification", "Acme plant expansion");
    await moved.waitFor();
    await expect.poll(() => card(page, "Prospecting", "Acme plant expansion").count()).toBe(0);
    await expect.poll(() => moved.textContent()).toContain("0 days in step");
    await expect.poll(() => moved.getByRole("button").textContent()).toBe("Move to Needs analysis");
    // Focus follows the card, and the move is announced.
    await page.waitForFunction(() =>
      document.activeElement?.getAttribute("aria-labelledby")?.includes("-name"),
    );
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toContain("Acme plant expansion");
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toBe("Moved Acme plant expansion to Qualification.");
    await expect.poll(() => column(page, "Qualification").textContent()).toContain("Total$173,000");

    // The server agrees.
    const board = await server.call(seed.manager, "GET", "/board");
    const step3 = board.steps.find((s: any) => s.stepNumber === 3);
    expect(step3.deals.map((d: any) => d.name).sort()).toEqual([
      "Acme plant expansion",
      "Globex fleet renewal",
    ]);

    await page.screenshot({ path: screenshot("board-after-move") });

    // Sign out leads back to sign-in, and the board is no longer reachable.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in$/);
    await context.close();
  });

  it("stays usable on a phone (390px): columns stack, nothing scrolls sideways", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page, seed.rep.email, seed.password);
    await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();
    for (const step of STEPS) await column(page, step).waitFor();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Columns are stacked: each starts below the previous one, at the same left edge.
    const boxes = await Promise.all(STEPS.map((s) => column(page, s).boundingBox()));
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i]!.y).toBeGreaterThan(boxes[i - 1]!.y);
      expect(boxes[i]!.x).toBe(boxes[0]!.x);
    }
    await expect.poll(() => page.getByRole("banner").textContent()).toContain("Sam Patel");
    await page.screenshot({ path: screenshot("board-phone") });
    await page.screenshot({ path: screenshot("board-phone-full"), fullPage: true });

    // The step index jumps to a column.
    const nav = page.getByRole("navigation", { name: "Jump to a step" });
    await nav.getByRole("link", { name: /Presenting the solution/ }).click();
    await page.waitForURL(/#step-5$/);
    const presenting = await column(page, "Presenting the solution").boundingBox();
    expect(presenting!.y).toBeGreaterThanOrEqual(56);
    // (it cannot reach the top when the page ends first; it must be in view, below the header)
    expect(presenting!.y).toBeLessThan(844 - 120);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.screenshot({ path: screenshot("board-phone-jump") });

    // A tap on a move button works as well.
    await card(page, "Lead management", "Acme spare parts")
      .getByRole("button", { name: "Move to Prospecting" })
      .tap();
    await card(page, "Prospecting", "Acme spare parts").waitFor();
    await context.close();
  });
});
