/**
 * Selling in the browser, as a salesperson: My week, logging a call and scheduling
 * the next step from the keyboard only, opening a deal from search and winning it,
 * losing another from the board's Closing column with a reason, correcting a
 * mistaken move; axe and no sideways scroll on My week, the board and the deal
 * page at 1366 and 390 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "../test/helpers/fixtures.js";
import { axeViolations, sidewaysScroll } from "./axe.js";
import { DESKTOP, launchChromium, PHONE, screenshot } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: Browser;
let rep: TestPerson;
const ids: Record<string, string> = {};

const WIDE = { ...DESKTOP, viewport: { width: 1366, height: 900 } };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const { db } = server.handle;
  const org = await makeOrg(db, "selling-e2e");
  const manager = await makePerson(db, org.id, {
    email: "morgan@sell.test",
    role: "manager",
    name: "Morgan Lee",
  });
  rep = await makePerson(db, org.id, {
    email: "sam@sell.test",
    role: "salesperson",
    name: "Sam Patel",
    managerId: manager.id,
    team: "East",
  });
  const now = new Date();
  const period = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  await server.call(manager, "PUT", "/quotas", { personId: rep.id, period, amount: 100_000 });
  const acme = await server.call(rep, "POST", "/accounts", { name: "Acme Manufacturing" });
  const mk = async (key: string, name: string, value: number, step: number, extra = {}) => {
    ids[key] = (await server.call(rep, "POST", "/deals", { name, value, step, ...extra })).id;
  };
  await mk("acme", "Acme plant expansion", 48_000, 2, { accountId: acme.id });
  await mk("initech", "Initech renewal", 30_000, 6);
  await mk("hooli", "Hooli pilot", 12_000, 6);
  await mk("globex", "Globex service plan", 18_250, 3);
  // Next steps for all but Acme, so Acme is the one deal on the "no next step" list.
  const later = new Date(now.getTime() + 3 * 86_400_000).toISOString();
  for (const k of ["initech", "hooli", "globex"]) {
    await server.call(rep, "POST", "/activities", {
      kind: "call",
      step: 6,
      dealId: ids[k],
      scheduledFor: later,
    });
  }
  // An overdue call.
  await server.call(rep, "POST", "/activities", {
    kind: "call",
    step: 3,
    dealId: ids.globex,
    scheduledFor: new Date(now.getTime() - 86_400_000).toISOString(),
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(rep.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A salesperson's first screen (HomeRedirect).
  await page.getByRole("heading", { name: "My week", level: 1 }).waitFor();
}

const noNextStep = (page: Page) => page.getByRole("list", { name: "No next step" });
const paceText = (page: Page, step: string) => page.getByText(new RegExp(`^${step}: \\d+ of`)).textContent();

/** Presses Tab until the field labelled `label` has the focus (at most 8 times). */
async function tabTo(page: Page, label: string) {
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(
      () => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent,
    );
    if (at === label) return;
  }
  throw new Error(`Tab never reached ${label}`);
}

async function checkPage(page: Page, name: string) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshot(name), fullPage: true });
}

describe("selling as a salesperson", () => {
  it("logs a call and schedules the next step from the keyboard; wins, loses and corrects deals", async () => {
    const context = await browser.newContext(WIDE);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/my-week`);
    await page.getByRole("heading", { name: "My week", level: 1 }).waitFor();

    // What is due: the overdue call on Globex.
    const due = page.getByRole("list", { name: "Today and overdue" });
    await expect.poll(() => due.textContent()).toContain("Globex service plan");
    await expect.poll(() => due.textContent()).toContain("Overdue");
    // No next step: Acme only. Pacing, by hand: qualification was reached by Initech,
    // Hooli (created at 6) and Globex (at 3) = 3.
    await expect.poll(() => noNextStep(page).textContent()).toContain("Acme plant expansion");
    await expect
      .poll(() => noNextStep(page).getByRole("link").allTextContents())
      .toEqual(["Acme plant expansion"]);
    await noNextStep(page)
      .getByRole("button", { name: "Schedule next step for Acme plant expansion" })
      .waitFor();
    await expect.poll(() => paceText(page, "Qualification")).toMatch(/^Qualification: 3 of /);
    await expect
      .poll(() => page.getByText(/Share of your activities logged within 48 hours/).count())
      .toBe(1);
    await checkPage(page, "selling-my-week-1366");

    // Keyboard only: Ctrl+K, "log", Enter opens the one form.
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Find a deal or a command" });
    await palette.waitFor();
    await page.keyboard.type("log");
    await page.getByRole("option", { name: /Log an activity/ }).waitFor();
    await page.keyboard.press("Enter");
    const form = page.getByRole("dialog", { name: "Log an activity" });
    await form.waitFor();
    const dealSelect = form.getByLabel("Deal", { exact: true });
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.tagName === "SELECT");
    await form.getByRole("option", { name: /Acme plant expansion/ }).waitFor({ state: "attached" });
    await page.keyboard.type("Acme");
    await expect
      .poll(() => dealSelect.evaluate((el: HTMLSelectElement) => el.selectedOptions[0].text))
      .toContain("Acme plant expansion");
    await page.keyboard.press("Tab"); // What was done: call (the default)
    await page.keyboard.press("Tab");
    await page.keyboard.type("Spoke to the buyer");
    await page.keyboard.press("Tab"); // Move the deal to
    await page.keyboard.press("ArrowDown");
    expect(
      await form
        .getByLabel("Move the deal to")
        .evaluate((el: HTMLSelectElement) => el.selectedOptions[0].text),
    ).toBe("3. Qualification");
    // Next step: a call (the default), tomorrow (the default; a date field has a tab stop per part).
    await tabTo(page, "Next step notes");
    await page.keyboard.type("Send the agenda");
    await page.keyboard.press("Enter");
    await form.waitFor({ state: "detached" });

    // Acme has a next step now, and qualification one entry more: 3 → 4.
    await page.getByText("Every deal and customer has a next step.").waitFor();
    expect(
      await page.getByRole("button", { name: "Schedule next step for Acme plant expansion" }).count(),
    ).toBe(0);
    await page.getByText(/^Qualification: 4 of /).waitFor();
    const acts = await server.call(rep, "GET", `/activities?dealId=${ids.acme}`);
    expect(
      acts.items
        .map((a: any) => [a.kind, a.step, a.doneAt !== null, a.notes])
        .sort((a: any, b: any) => +a[2] - +b[2]),
    ).toEqual([
      ["call", 3, false, "Send the agenda"],
      ["call", 2, true, "Spoke to the buyer"],
    ]);
    expect((await server.call(rep, "GET", `/deals/${ids.acme}`)).currentStep).toBe(3);

    // Open a deal from search and win it.
    await page.keyboard.press("Control+k");
    await palette.waitFor();
    await page.keyboard.type("Initech");
    await palette.getByRole("option", { name: /Initech renewal/ }).waitFor();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Initech renewal", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Win", exact: true }).click();
    await page.getByText("The deal is won.").waitFor();
    expect((await server.call(rep, "GET", `/deals/${ids.initech}`)).status).toBe("won");

    // The board: own cards without "Owner:", the no-next-step flag, lose from Closing with a reason.
    await page.goto(`${server.url}/board`);
    const closing = page.getByRole("region", { name: "Closing", exact: true });
    const hooli = closing.getByRole("article", { name: "Hooli pilot" });
    await hooli.waitFor();
    await expect.poll(() => hooli.textContent()).not.toContain("Owner:");
    await expect.poll(() => closing.getByRole("article", { name: "Initech renewal" }).count()).toBe(0);
    await checkPage(page, "selling-board-1366");
    await hooli.getByRole("button", { name: "Lose Hooli pilot" }).click();
    const lose = page.getByRole("dialog", { name: "Lose Hooli pilot" });
    await lose.getByRole("button", { name: "Lose the deal" }).click();
    await lose.getByText("A reason is required.").waitFor();
    await lose.getByLabel("Reason").fill("Chose a competitor");
    await lose.getByRole("button", { name: "Lose the deal" }).click();
    await lose.waitFor({ state: "detached" });
    await closing.getByRole("article", { name: "Hooli pilot" }).waitFor({ state: "detached" });
    await expect
      .poll(() => server.call(rep, "GET", `/deals/${ids.hooli}`))
      .toMatchObject({
        status: "lost",
        lostReason: "Chose a competitor",
      });

    // A mistaken move, corrected: the history keeps it, marked, with the reason.
    await page.goto(`${server.url}/deals/${ids.globex}`);
    await page.getByRole("heading", { name: "Globex service plan", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Move to Needs analysis" }).click();
    await page.getByText("Moved to Needs analysis.").waitFor();
    await page.getByRole("button", { name: "Correct the last move…" }).click();
    const fix = page.getByRole("dialog", { name: "Correct the last move" });
    await fix.getByLabel("The deal is really at").selectOption("3");
    await fix.getByLabel("Reason").fill("Clicked the wrong deal");
    await fix.getByRole("button", { name: "Correct the move" }).click();
    await fix.waitFor({ state: "detached" });
    const history = page.getByRole("list", { name: "Step history" });
    await history.getByText(/Corrected to Qualification by Sam Patel/).waitFor();
    await expect
      .poll(() => history.textContent())
      .toContain("“Clicked the wrong deal”. It no longer counts.");
    expect((await server.call(rep, "GET", `/deals/${ids.globex}`)).currentStep).toBe(3);
    await checkPage(page, "selling-deal-1366");
    await context.close();
  });

  it("works on a phone (390 px): My week, the board and a deal page, no sideways scroll", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/my-week`);
    await page.getByRole("heading", { name: "My week", level: 1 }).waitFor();
    await page.getByText(/^Qualification: \d+ of /).waitFor();
    await checkPage(page, "selling-my-week-390");
    await page.goto(`${server.url}/board`);
    await page.getByRole("region", { name: "Closing", exact: true }).waitFor();
    await checkPage(page, "selling-board-390");
    await page.goto(`${server.url}/deals/${ids.globex}`);
    await page.getByRole("list", { name: "Step history" }).waitFor();
    await checkPage(page, "selling-deal-390");
    await context.close();
  });
});
