/**
 * Hiring in a real browser (issue 15): a manager adds a candidate and runs an
 * interview from the guide, scoring it; the executive (a second interviewer)
 * scores too; the scorecard shows both side by side and marks their
 * disagreement; the manager hires and the candidate appears as a salesperson
 * in the manager's team. Every new screen: axe at 1366 and 390 px, no
 * sideways scroll on the phone, screenshots.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "../test/helpers/fixtures.js";
import { axeViolations, sidewaysScroll } from "./axe.js";
import { launchChromium, screenshot } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: Browser;
const P: Record<string, TestPerson> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const { db } = server.handle;
  const org = await makeOrg(db, "hiring-e2e");
  P.admin = await makePerson(db, org.id, { email: "ada@hr.test", role: "admin", name: "Ada Admin" });
  P.exec = await makePerson(db, org.id, { email: "eve@hr.test", role: "executive", name: "Eve Exec" });
  P.m = await makePerson(db, org.id, {
    email: "mo@hr.test",
    role: "manager",
    name: "Mo Manager",
    team: "East",
    managerId: P.exec.id,
  });
  P.r = await makePerson(db, org.id, {
    email: "rae@hr.test",
    role: "salesperson",
    name: "Rae Rep",
    team: "East",
    managerId: P.m.id,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(who: TestPerson): Promise<Page> {
  const context = await browser.newContext({
    reducedMotion: "reduce",
    viewport: { width: 1366, height: 900 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
}

/** axe and a screenshot at 1366 px, then at 390 px (no sideways scroll there), then back. */
async function checkScreen(page: Page, name: string, ready: () => Promise<unknown>) {
  await ready();
  expect(await axeViolations(page), `${name} at 1366 px`).toEqual([]);
  await page.screenshot({ path: screenshot(`hiring-${name}-1366`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  expect(await axeViolations(page), `${name} at 390 px`).toEqual([]);
  await expect
    .poll(() => sidewaysScroll(page), { message: `${name}: sideways scroll at 390 px` })
    .toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshot(`hiring-${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

/** Scores one attribute or step in the open interview form. */
async function score(page: Page, subject: string, value: string, evidence: string) {
  const group = page.getByRole("group", { name: subject });
  await group.getByLabel("Score").selectOption(value);
  await group.getByLabel("Evidence").fill(evidence);
}

/** The scorecard's rows as text, header first. */
const scorecardRows = (page: Page) =>
  page.getByRole("table", { name: "Scorecard" }).getByRole("row").allTextContents();

describe("hiring", () => {
  it("add → interview from the guide → a second interviewer → scorecard with the disagreement → hire", async () => {
    const mo = await signIn(P.m);
    await mo.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hiring" }).click();
    await mo.getByRole("heading", { name: "Hiring", level: 1 }).waitFor();
    await mo.mouse.move(700, 700); // off the nav link: axe measures its colours without hover
    const bench = mo.getByRole("table", { name: "Bench per team" });
    await checkScreen(mo, "bench", () => bench.getByRole("row", { name: /East/ }).waitFor());

    await mo.getByLabel("Name", { exact: true }).fill("Dana Diaz");
    await mo.getByLabel("Email", { exact: true }).fill("dana@mail.test");
    await mo.getByLabel("Experience (not scored)").fill("8 years in software sales");
    await mo.getByRole("button", { name: "Add candidate" }).click();
    await mo.getByRole("heading", { name: "Dana Diaz", level: 1 }).waitFor();
    const candidateUrl = mo.url();
    expect(candidateUrl).toMatch(/\/candidates\/[0-9a-f-]{36}$/);
    await mo.getByText("8 years in software sales").waitFor();
    // Details are edited in place.
    await mo.getByRole("button", { name: "Edit details" }).click();
    await mo.getByLabel("Phone").fill("+1 555 0100");
    await mo.getByRole("button", { name: "Save details" }).click();
    await mo.getByText(/· \+1 555 0100/).waitFor();

    // The manager's interview: a question from the guide with the answer, two scores with evidence.
    await mo.getByRole("button", { name: "Record an interview" }).click();
    const attitude = mo.getByRole("group", { name: "Positive attitude" });
    await attitude.getByRole("checkbox", { name: /missed your numbers/ }).check();
    await attitude.getByLabel("Their answer").fill("Missed Q3, doubled calls in Q4 and made it up");
    await score(mo, "Positive attitude", "4", "Doubled calls after a miss");
    await score(mo, "3 Qualification", "3", "Asks budget and timing first");
    await checkScreen(mo, "interview-form", () =>
      mo.getByRole("button", { name: "Save interview" }).waitFor(),
    );
    await mo.getByRole("button", { name: "Save interview" }).click();
    await mo.getByRole("button", { name: "Record an interview" }).waitFor();
    await mo.getByText("Missed Q3, doubled calls in Q4 and made it up").waitFor();

    // The second interviewer: the executive above the manager.
    const eve = await signIn(P.exec);
    await eve.goto(candidateUrl);
    await eve.getByRole("button", { name: "Record an interview" }).click();
    await score(eve, "Positive attitude", "2", "Blamed the territory twice");
    await score(eve, "3 Qualification", "3", "Good qualifying example");
    await eve.getByRole("button", { name: "Save interview" }).click();
    await eve.getByRole("columnheader", { name: "Eve Exec" }).waitFor();

    // Both side by side: attitude 4 vs 2 (spread 2) is a disagreement; qualification 3 vs 3 is not.
    await expect
      .poll(() => scorecardRows(eve))
      .toEqual([
        "Attribute or stepMo ManagerEve ExecMean",
        "Positive attitudeDisagreement4 Doubled calls after a miss2 Blamed the territory twice3.0",
        "3 Qualification3 Asks budget and timing first3 Good qualifying example3.0",
      ]);
    await eve.getByText("1 disagreement.", { exact: false }).waitFor();
    await checkScreen(eve, "candidate", () => eve.getByRole("table", { name: "Scorecard" }).waitFor());

    // The manager hires; the new salesperson is in the manager's team.
    await mo.reload();
    await mo.getByRole("columnheader", { name: "Eve Exec" }).waitFor();
    await mo.getByRole("button", { name: "Hire Dana Diaz" }).click();
    await mo.getByText("Hired: Dana Diaz is a salesperson in team East.", { exact: false }).waitFor();
    // A manager is told who gives the newcomer a way in; only admins make sign-in links.
    await mo.getByText("they need a one-time sign-in link from an admin", { exact: false }).waitFor();
    await expect.poll(() => mo.getByRole("button", { name: "Make a sign-in link" }).count()).toBe(0);
    await mo.getByRole("link", { name: "Dana Diaz's page" }).waitFor();
    const candidatePage = mo.url();
    await mo.goto(`${server.url}/team`);
    await mo.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    await mo.getByRole("table", { name: "Scorecard" }).getByRole("link", { name: "Dana Diaz" }).click();
    // Her Person page leads back to where she came from.
    await mo.getByRole("heading", { name: "Dana Diaz", level: 1 }).waitFor();
    await mo.getByRole("link", { name: "Hiring record" }).click();
    await expect.poll(() => mo.url()).toBe(candidatePage);
    const people = await server.call(P.m, "GET", "/people?team=East&role=salesperson");
    expect(people.items.map((p: any) => [p.name, p.managerId])).toEqual(
      expect.arrayContaining([["Dana Diaz", P.m.id]]),
    );
    await eve.context().close();
    await mo.context().close();

    // An admin gives Dana a way in from the same page.
    const ada = await signIn(P.admin);
    await ada.goto(candidatePage);
    await ada.getByRole("button", { name: "Make a sign-in link" }).click();
    const dialog = ada.getByRole("dialog", { name: "Sign-in link for Dana Diaz" });
    await dialog.getByRole("button", { name: "Make a sign-in link" }).click();
    await expect.poll(() => dialog.getByLabel("Sign-in link").inputValue()).toMatch(/\/welcome#swl_/);
    await ada.context().close();
  });

  it("an admin edits the interview guide in Settings", async () => {
    const ada = await signIn(P.admin);
    await ada.goto(`${server.url}/settings/interview-guide`);
    await ada.getByRole("heading", { name: "Interview guide", level: 2 }).waitFor();
    const closing = ada.getByRole("region", { name: "6 Closing" });
    await checkScreen(ada, "guide", () => closing.waitFor());
    await ada.getByLabel("Attribute or step").selectOption("closing");
    await ada
      .getByLabel("Question", { exact: true })
      .last()
      .fill("What do you say when the buyer goes quiet?");
    await ada.getByRole("button", { name: "Add question" }).click();
    await closing.getByRole("textbox", { name: "Question" }).nth(1).waitFor();
    await expect
      .poll(() => closing.getByRole("textbox", { name: "Question" }).nth(1).inputValue())
      .toBe("What do you say when the buyer goes quiet?");
    await ada.context().close();
  });
});

describe("the candidates list", () => {
  it("narrows to a team and a status", async () => {
    const { db } = server.handle;
    const orgId = P.m.orgId;
    const wm = await makePerson(db, orgId, {
      email: "wen@hr.test",
      role: "manager",
      name: "Wen West",
      team: "West",
      managerId: P.exec.id,
    });
    await makePerson(db, orgId, {
      email: "wil@hr.test",
      role: "salesperson",
      name: "Wil",
      team: "West",
      managerId: wm.id,
    });
    const add = (name: string, team: string) => server.call(P.exec, "POST", "/candidates", { name, team });
    await add("Xena East", "East");
    const yuri = await add("Yuri West", "West");
    await add("Zoe West", "West");
    await server.call(P.exec, "POST", `/candidates/${yuri.id}/status`, { status: "withdrawn" });

    const eve = await signIn(P.exec);
    await eve.goto(`${server.url}/hiring`);
    const list = eve.getByRole("list", { name: "Candidates" });
    const names = () => list.getByRole("link").allTextContents();
    await list.waitFor();
    const filters = eve.getByRole("group", { name: "Filter the candidates" });
    await filters.getByLabel("Team").selectOption("West");
    await expect.poll(names).toEqual(["Zoe West", "Yuri West"]); // newest first
    await filters.getByLabel("Status").selectOption("open");
    await expect.poll(names).toEqual(["Zoe West"]);
    await eve
      .getByRole("status")
      .filter({ hasText: /^1 of \d+$/ })
      .waitFor();
    await eve.context().close();
  });
});
