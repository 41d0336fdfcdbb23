/**
 * What `npm start` gives a new user, end to end: the real `stepwise serve`
 * process on a fresh embedded data directory creates the demo organisation,
 * prints how to sign in, and a documented demo account sees the deal board.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEP_KEYS, type StepKey } from "../src/domain/steps.js";
import { axeViolations, sidewaysScroll } from "./axe.js";
import { DESKTOP, launchChromium, screenshot } from "./browser.js";

const BIN = fileURLToPath(new URL("../bin/stepwise.mjs", import.meta.url));
const STEPS = [
  "Lead management",
  "Prospecting",
  "Qualification",
  "Needs analysis",
  "Presenting the solution",
  "Closing",
];

let dir: string;
let proc: ChildProcess | undefined;
let browser: Browser;
let url: string;
let output = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "stepwise-start-"));
  const env: NodeJS.ProcessEnv = { ...process.env, STEPWISE_DATA_DIR: join(dir, "data") };
  delete env.DATABASE_URL; // the first start is on the embedded database
  browser = await launchChromium();
  url = await new Promise<string>((ok, fail) => {
    const p = spawn(process.execPath, [BIN, "serve", "--port", "0", "--host", "127.0.0.1"], { env });
    proc = p;
    const timer = setTimeout(() => fail(new Error(`serve did not come up:\n${output}`)), 150_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (m && output.includes("rep1@demo.test")) {
        clearTimeout(timer);
        ok(m[1].replace("localhost", "127.0.0.1"));
      }
    };
    p.stdout!.on("data", onData);
    p.stderr!.on("data", onData);
    p.once("exit", (code) => fail(new Error(`serve exited ${code}:\n${output}`)));
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  proc?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  proc?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** A new page signed in as this demo manager, on their first screen (Team). */
async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("stepwise-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/team$/);
  return page;
}

describe("first start on the embedded database", () => {
  it("prints the URL and the documented demo sign-ins", () => {
    expect(output).toContain("database: embedded");
    expect(output).toContain('password "stepwise-demo"');
    for (const email of ["admin@demo.test", "exec@demo.test", "manager1@demo.test", "rep1@demo.test"]) {
      expect(output).toContain(email);
    }
  });

  it("serves the production build of the web app (no React development code)", async () => {
    const html = await (await fetch(`${url}/`)).text();
    const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(src, "the page's script").toBeDefined();
    const js = await (await fetch(new URL(src!, url))).text();
    expect(js.length).toBeGreaterThan(100_000);
    // React's development build carries its warnings; the production build has none
    expect(js).not.toContain("Each child in a list should have a unique");
  });

  it("a demo manager signs in and sees the board: six step columns and deal cards", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${url}/board`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel("Email").fill("manager1@demo.test");
    await page.getByLabel("Password", { exact: true }).fill("stepwise-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();

    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).allTextContents())
      .toEqual(STEPS.map((s, i) => `${i + 1}${s}`));
    // The demo has open deals in every step for a team of 6–10 sellers; take one
    // card and check it shows a value in dollars and its days in step.
    const firstCard = page
      .getByRole("region", { name: "Prospecting", exact: true })
      .getByRole("article")
      .first();
    await firstCard.waitFor();
    const text = (await firstCard.textContent()) ?? "";
    expect(text).toMatch(/\$[\d,]+/);
    expect(text).toMatch(/\d+ days? in step/);
    await page.screenshot({ path: screenshot("demo-board"), fullPage: false });
    await context.close();
  });
});

describe("the demo's coaching focus", () => {
  it("prefills a coaching session with the person's weakest step, which the manager may change", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signedIn(context, "manager1@demo.test");
    // The figures the form should follow: the scorecard's coaching focus of this quarter.
    const now = new Date();
    const quarter = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    const card = await (await page.request.get(`${url}/api/v1/metrics/scorecard?period=${quarter}`)).json();
    const people = await (await page.request.get(`${url}/api/v1/people?limit=200`)).json();
    const focusOf = new Map<string, string | null>(
      card.people.map((p: { email: string; coachingFocus: string | null }) => [p.email, p.coachingFocus]),
    );
    await page.goto(`${url}/coaching`);
    const personSelect = page.getByLabel("Person");
    await personSelect.waitFor();
    await expect.poll(() => personSelect.locator("option").count()).toBeGreaterThan(1);
    const names = await personSelect.locator("option").allTextContents();
    const byName = new Map<string, { email: string }>(people.items.map((p: any) => [p.name, p]));
    const withFocus = names.find((n) => focusOf.get(byName.get(n)?.email ?? ""));
    expect(withFocus, "a demo seller with a coaching focus").toBeDefined();
    const focus = focusOf.get(byName.get(withFocus!)!.email)!;
    await personSelect.selectOption({ label: withFocus! });
    const stepSelect = page.getByLabel("Step");
    await expect.poll(() => stepSelect.inputValue()).toBe(focus);
    await page.getByText(`${withFocus}'s coaching focus:`).waitFor();
    // The manager's own choice wins.
    const other = focus === "closing" ? "prospecting" : "closing";
    await stepSelect.selectOption(other);
    await expect.poll(() => stepSelect.inputValue()).toBe(other);
    await page.screenshot({ path: screenshot("demo-coaching") });
    await context.close();
  });
});

describe("the demo's coaching on the Person page", () => {
  it("a manager who manages sees a weak-step salesperson's latest coaching sessions on their Person page", async () => {
    const context = await browser.newContext(DESKTOP);
    // manager2 manages (manager1 is the demo's manager who sells too much, and coaches little)
    const page = await signedIn(context, "manager2@demo.test");
    type S = { personId: string; heldOn: string; step: string | null; kind: string; managerName: string };
    const sessions: S[] = await (await page.request.get(`${url}/api/v1/coaching`)).json();
    const count = new Map<string, number>();
    for (const x of sessions) count.set(x.personId, (count.get(x.personId) ?? 0) + 1);
    // the demo coaches a weak-step salesperson 2–4 times
    const [personId, n] = [...count].sort((a, b) => b[1] - a[1])[0];
    expect(n).toBeGreaterThanOrEqual(2);
    const newest = sessions.find((x) => x.personId === personId)!; // the API lists newest first
    await page.goto(`${url}/people/${personId}`);
    const list = page.getByRole("list", { name: "Latest coaching" });
    await list.waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(Math.min(n, 3));
    const first = (await list.getByRole("listitem").first().textContent()) ?? "";
    expect(first).toContain(newest.heldOn);
    expect(first).toContain(`by ${newest.managerName}`);
    // the step by its name (STEPS lists steps 1–6 in order; the demo coaches steps 2–6)
    expect(first).toContain(STEPS[STEP_KEYS.indexOf(newest.step as StepKey)]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot("demo-person-coaching") });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page), "at 390 px").toEqual([]);
    expect(await sidewaysScroll(page), "no sideways scroll at 390 px").toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshot("demo-person-coaching-390") });
    await context.close();
  });
});

describe("the log form on a large line", () => {
  it("opened from a deal outside the newest 200 open deals still knows that deal and its step", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await signedIn(context, "manager1@demo.test");
    // The demo manager's line has several hundred open deals: take one from the middle, in
    // neither the oldest 200 nor the newest 200 (whichever way a list of 200 is cut).
    const get = async (q: string) => (await page.request.get(`${url}/api/v1/deals?status=open&${q}`)).json();
    const newest = await get("sort=-createdAt&limit=200");
    const oldestPage = await get("limit=200");
    expect(oldestPage.nextCursor, "more than 200 open deals in the line").not.toBeNull();
    const middle = await get(`limit=200&cursor=${oldestPage.nextCursor}`);
    const picked = middle.items[100];
    expect(picked, "more than 300 open deals in the line").toBeDefined();
    expect(newest.items.some((d: { id: string }) => d.id === picked.id)).toBe(false);

    await page.goto(`${url}/deals/${picked.id}`);
    await page.getByRole("button", { name: "Log an activity" }).click();
    const form = page.getByRole("dialog", { name: "Log an activity" });
    const dealSelect = form.getByLabel("Deal", { exact: true });
    await expect.poll(() => dealSelect.inputValue()).toBe(picked.id);
    await expect.poll(() => dealSelect.locator("option:checked").textContent()).toContain(picked.name);
    // The move options start after the deal's own step (they exist only once the deal is known).
    if (picked.currentStep < 6) {
      await expect
        .poll(() => form.getByLabel("Move the deal to").locator("option").first().textContent())
        .toMatch(/^Stays at /);
    }
    await context.close();
  });
});
