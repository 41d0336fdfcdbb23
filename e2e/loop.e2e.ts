/**
 * The accountability loop in a real browser: the manager opens a review, sees
 * the generated agenda and records "12 prospecting calls by Friday"; Sam logs
 * 12 calls, Kim (same commitment) 11; the clock of the jobs worker is stepped
 * past the due date (not slept) and the queue checks them: kept and missed.
 * Sam then sees his review, the result and his inbox on a phone.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStepwiseJobs } from "../src/services/jobs.service.js";
import { makePerson, type TestPerson } from "../test/helpers/fixtures.js";
import { expectNoSeriousA11yViolations } from "./axe.js";
import { launchChromium, PHONE, screenshot } from "./browser.js";
import { type Seed, seedOrg, startServer, type TestServer } from "./server.js";

let server: TestServer;
let seed: Seed;
let browser: Browser;
let kim: TestPerson;
let clock = new Date();
let stopJobs: () => Promise<void>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  seed = await seedOrg(server);
  const orgId = seed.manager.orgId;
  kim = await makePerson(server.handle.db, orgId, {
    email: "kim@northwind.test",
    role: "salesperson",
    name: "Kim Ito",
    managerId: seed.manager.id,
  });
  // A quota for the current quarter, so the agenda shows a plan and pacing.
  const now = new Date();
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  await server.call(seed.manager, "PUT", "/quotas", {
    personId: seed.rep.id,
    period: quarter,
    amount: 60_000,
  });
  // The real jobs worker of `stepwise serve`, with a clock the test steps.
  stopJobs = startStepwiseJobs(server.handle.db, { now: () => clock, intervalMs: 100 });
});

afterAll(async () => {
  await stopJobs?.();
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(seed.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function noSidewaysScroll(page: Page) {
  const [scroll, inner] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(inner);
}

async function waitForStatus(commitmentId: string, who: TestPerson) {
  for (let i = 0; i < 100; i++) {
    const list = await server.call(who, "GET", "/commitments");
    const c = list.find((x: any) => x.id === commitmentId);
    if (c.status !== "pending") return c;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the jobs worker did not check the commitment");
}

describe("the accountability loop", () => {
  it("review → agenda → measurable commitment → calls → kept / missed by the job queue", async () => {
    const context = await browser.newContext({
      reducedMotion: "reduce",
      viewport: { width: 1366, height: 900 },
      locale: "en-US",
      timezoneId: "UTC",
    });
    const page = await context.newPage();
    await signIn(page, seed.manager.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviews" }).click();
    await page.getByRole("heading", { name: "Review cadence" }).waitFor();
    await page.getByRole("button", { name: "Open review with Sam Patel" }).click();

    await page.getByRole("heading", { name: "Review with Sam Patel", level: 1 }).waitFor();
    const agenda = page.getByRole("region", { name: "Agenda" });
    await agenda.getByRole("table", { name: "Efforts against the plan" }).waitFor();
    // Sam's seeded open deals (steps 1, 2, 5) have no scheduled activity: all three lack a next step.
    const noNext = agenda.getByRole("region", { name: "Deals without a next step" });
    for (const d of ["Acme plant expansion", "Acme spare parts", "Initech pilot"]) {
      await expect.poll(() => noNext.getByText(d, { exact: false }).count()).toBe(1);
    }
    await page.screenshot({ path: screenshot("loop-review-1366"), fullPage: true });

    await page.getByRole("textbox", { name: "Commitment" }).fill("12 prospecting calls by Friday");
    await page.getByRole("combobox", { name: "Measured by" }).selectOption("activity:call");
    await page.getByRole("textbox", { name: "Target" }).fill("12");
    await page.getByRole("button", { name: "Add commitment" }).click();
    const row = page.getByRole("row", { name: "12 prospecting calls by Friday" });
    await row.waitFor();
    await expect.poll(() => row.getByText("pending").count()).toBe(1);
    await expectNoSeriousA11yViolations(page);

    const reviewUrl = page.url();
    const sams = (await server.call(seed.manager, "GET", `/commitments?personId=${seed.rep.id}`))[0];
    expect([sams.text, sams.target, sams.measure]).toEqual([
      "12 prospecting calls by Friday",
      12,
      { activityKind: "call" },
    ]);
    // Kim gets the same commitment through the API.
    const kims = await server.call(seed.manager, "POST", "/commitments", {
      personId: kim.id,
      text: "12 prospecting calls by Friday",
      measure: { activityKind: "call" },
      target: 12,
      dueDate: sams.dueDate,
    });

    // Sam logs 12 calls, Kim 11 (as themselves, through the API).
    const calls = async (who: TestPerson, n: number) => {
      for (let i = 0; i < n; i++) {
        await server.call(who, "POST", "/activities", {
          kind: "call",
          step: "prospecting",
          doneAt: new Date().toISOString(),
        });
      }
    };
    await calls(seed.rep, 12);
    await calls(kim, 11);

    // Before the due time the worker runs but nothing is due.
    await new Promise((r) => setTimeout(r, 300));
    expect((await server.call(seed.manager, "GET", `/commitments?personId=${kim.id}`))[0].status).toBe(
      "pending",
    );
    // Step the worker's clock one minute past the end of the due date.
    clock = new Date(new Date(sams.dueAt).getTime() + 60_000);
    const samChecked = await waitForStatus(sams.id, seed.manager);
    const kimChecked = await waitForStatus(kims.id, seed.manager);
    expect([samChecked.status, samChecked.count]).toEqual(["kept", 12]);
    expect([kimChecked.status, kimChecked.count]).toEqual(["missed", 11]);

    await page.goto(reviewUrl);
    const checked = page.getByRole("row", { name: "12 prospecting calls by Friday" });
    await checked.getByText("kept (12 of 12)").waitFor();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Reviews", exact: true })
      .click();
    await page.getByRole("heading", { name: "Reviews", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Commitments", exact: true }).waitFor();
    await page.getByText("missed (11 of 12)").waitFor();
    await page.screenshot({ path: screenshot("loop-reviews-1366"), fullPage: true });
    await context.close();
  });

  it("Sam sees his own review, the kept commitment and his inbox on a phone", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await signIn(page, seed.rep.email);
    await page.goto(`${server.url}/reviews`);
    await page.getByRole("heading", { name: "Reviews", level: 1 }).waitFor();
    await page.getByText("kept (12 of 12)").waitFor();
    // Sam sees only his own commitments, not Kim's.
    await expect.poll(() => page.getByText("missed (11 of 12)").count()).toBe(0);
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshot("loop-reviews-390"), fullPage: true });
    await page.getByRole("link", { name: /Review with Sam Patel/ }).click();
    await page.getByRole("heading", { name: "Review with Sam Patel" }).waitFor();
    await noSidewaysScroll(page);
    // By keyboard (the phone emulation's hit test is offset under the fixed header after scrolling).
    await page.getByRole("button", { name: "Sign off" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(/^Sam Patel: (?!not yet)/).waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshot("loop-review-390"), fullPage: true });
    await expectNoSeriousA11yViolations(page);
    await page.goto(`${server.url}/inbox`);
    await page
      .getByRole("listitem", { name: "Commitment kept (12 of 12): 12 prospecting calls by Friday" })
      .waitFor();
    await noSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: screenshot("loop-inbox-390"), fullPage: true });

    // Recognition in the team feed, and a performance plan Sam acknowledges.
    await server.call(seed.manager, "POST", "/recognitions", {
      personId: seed.rep.id,
      achievement: "Twelve calls, as promised",
    });
    const plan = await server.call(seed.manager, "POST", "/performance-plans", {
      personId: seed.rep.id,
      targets: "The agreed prospecting plan every week",
      consequences: "Below 80 % at the end: we talk about leaving",
      startsOn: "2026-12-07",
      endsOn: "2027-01-29",
    });
    await page.goto(`${server.url}/recognition`);
    await page.getByText("Twelve calls, as promised").waitFor();
    await noSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    await page.goto(`${server.url}/performance-plans/${plan.id}`);
    await page.getByRole("heading", { name: "Performance plan: Sam Patel" }).waitFor();
    await page.getByRole("button", { name: "I have read this plan" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(/^Acknowledged: (?!not yet)/).waitFor();
    await noSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: screenshot("loop-plan-390"), fullPage: true });
    await context.close();
  });
});
