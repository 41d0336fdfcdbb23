/**
 * Managing in a real browser, as each role: a manager opens the Decision Quad,
 * opens a person from the chart and agrees a plan (a new version appears); an
 * executive opens a manager's team from Managers; an admin renames a step and
 * sets quotas (typed and pasted as a block) and sees both in the app. Every
 * screen: axe (no serious or critical violation) at 1366 and 390 px, no
 * sideways scroll at 390 px, and a screenshot at both widths.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "../test/helpers/fixtures.js";
import { axeViolations } from "./axe.js";
import { launchChromium, screenshot } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: Browser;
const P: Record<string, TestPerson & { name: string }> = {};
const now = new Date();
// The quarter the screens open on (the browser runs in UTC, as the organisation).
const QUARTER = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
const HOUR = 3_600_000;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const { db } = server.handle;
  const org = await makeOrg(db, "wideworld");
  const add = async (key: string, name: string, p: Parameters<typeof makePerson>[2]) => {
    P[key] = { ...(await makePerson(db, org.id, { ...p, name })), name };
  };
  await add("admin", "Ada Admin", { email: "ada@ww.test", role: "admin" });
  await add("exec", "Eve Exec", { email: "eve@ww.test", role: "executive" });
  await add("m1", "Mo Manager", { email: "mo@ww.test", role: "manager", team: "East", managerId: P.exec.id });
  await add("m2", "Wu Manager", { email: "wu@ww.test", role: "manager", team: "West", managerId: P.exec.id });
  // Names that sort differently as text ("rep 10" < "rep 2") and naturally (rep 2 before rep 10).
  await add("r10", "rep 10", { email: "r10@ww.test", role: "salesperson", team: "East", managerId: P.m1.id });
  await add("r2", "rep 2", { email: "r2@ww.test", role: "salesperson", team: "East", managerId: P.m1.id });
  await add("r3", "rep 3", { email: "r3@ww.test", role: "salesperson", team: "West", managerId: P.m2.id });
  for (const [who, amount] of [
    ["r2", 20_000],
    ["r10", 50_000],
    ["r3", 30_000],
  ] as const) {
    await server.call(P.admin, "PUT", "/quotas", {
      personId: P[who].id,
      period: QUARTER,
      amount,
    });
  }
  // rep 2 wins 30,000 (results 150 %); rep 10 has one open deal; rep 3 nothing.
  const won = await server.call(P.r2, "POST", "/deals", {
    name: "Contoso renewal",
    value: 30_000,
    createdAt: new Date(now.getTime() - 3 * HOUR).toISOString(),
  });
  await server.call(P.r2, "POST", `/deals/${won.id}/win`, {
    at: new Date(now.getTime() - HOUR).toISOString(),
  });
  await server.call(P.r10, "POST", "/deals", { name: "Fabrikam pilot", value: 8_000 });
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
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  return page;
}

/** axe and a screenshot at 1366 px, then at 390 px (and no sideways scroll there), then back. */
async function checkScreen(page: Page, name: string, ready: () => Promise<unknown>) {
  await ready();
  expect(await axeViolations(page), `${name} at 1366 px`).toEqual([]);
  await page.screenshot({ path: screenshot(`managing-${name}-1366`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await ready();
  await page.waitForTimeout(300); // the charts re-measure their box on resize
  expect(await axeViolations(page), `${name} at 390 px`).toEqual([]);
  const wide = await page.evaluate(() => {
    // What sticks out, to name it when the page scrolls sideways.
    const out = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((e) => {
        for (let a = e.parentElement; a; a = a.parentElement) {
          if (["auto", "hidden", "scroll"].includes(getComputedStyle(a).overflowX)) return false;
        }
        return true;
      })
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, out };
  });
  expect(wide.scroll, `${name}: page width at 390 px (${wide.out.join(" | ")})`).toBeLessThanOrEqual(
    wide.inner,
  );
  await page.screenshot({ path: screenshot(`managing-${name}-390`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

const heading = (page: Page, name: string) => page.getByRole("heading", { name, level: 1 });

describe("a manager", () => {
  it("opens the quad, opens a person from the chart and agrees a plan: a new version appears", async () => {
    const page = await signIn(P.m1);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.waitForURL(/\/team$/);
    await heading(page, "Team").waitFor();
    const chart = page.getByRole("img", { name: /Decision Quad chart/ });
    await chart.waitFor();
    await checkScreen(page, "team", () => chart.waitFor());

    // The scorecard lists the manager's line only, in natural order.
    const rows = page.getByRole("table", { name: "Scorecard" }).getByRole("row");
    expect((await rows.allTextContents()).slice(1).map((t) => t.split(/Q\d|—/)[0])).toEqual([
      "rep 2",
      "rep 10",
    ]);
    // Q1–Q4 appear with their meaning; rep 2 (150 % results, few entries) is in Q3.
    const quads = page.getByRole("list", { name: "People by quadrant" });
    await expect
      .poll(() => quads.textContent())
      .toMatch(/Q3Reaching the number without doing the agreed steps\.[^Q]*rep 2Q4/);
    // A figure's definition shows on keyboard focus (from the keyboard: the tooltip opens on
    // visible focus): from the Quad column's "?", past the Efforts sort button, to Efforts' "?".
    await page.getByRole("columnheader", { name: /^Quad/ }).getByText("?").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.getByRole("tooltip").textContent()).toContain("agreed step work");

    // Sorting by results, highest first: rep 2 (150 %) before rep 10 (0 %).
    await page.getByRole("button", { name: /^Results/ }).click();
    await expect
      .poll(() => page.getByRole("columnheader", { name: /^Results/ }).getAttribute("aria-sort"))
      .toBe("descending");

    // Open the person from the chart: the labelled point of rep 2.
    await page.locator(".recharts-scatter-symbol").first().click();
    await page.waitForURL(/\/people\//);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const name = Object.values(P).find((p) => p.id === id)?.name;
    expect(["rep 2", "rep 10"]).toContain(name);
    await heading(page, name!).waitFor();
    await page.getByRole("table", { name: "Plan per step" }).waitFor();
    await checkScreen(page, "person", () => page.getByRole("table", { name: "Plan per step" }).waitFor());

    const plan = page.getByRole("table", { name: "Plan per step" });
    await plan.getByLabel("Lead management: entries to agree").fill("120");
    await page.getByRole("button", { name: "Agree this plan" }).click();
    await page.getByRole("status").filter({ hasText: "Version 1 agreed." }).waitFor();
    const versions = page.getByRole("table", { name: "Agreed versions" }).getByRole("row");
    await expect.poll(() => versions.count(), { timeout: 30_000 }).toBe(2); // header + version 1
    await plan.getByLabel("Prospecting: entries to agree").fill("40");
    await page.getByLabel("Note (optional)").fill("Two power hours a week");
    await page.getByRole("button", { name: "Agree this plan" }).click();
    await page.getByRole("status").filter({ hasText: "Version 2 agreed." }).waitFor();
    await expect.poll(() => versions.count(), { timeout: 30_000 }).toBe(3); // header + 2 versions
    await expect.poll(() => versions.nth(1).textContent()).toContain("Two power hours a week");
    // The agreed column shows the latest version, and the API kept both.
    const stored = await server.call(P.m1, "GET", `/people/${id}/plans?period=${QUARTER}`);
    expect(stored.versions.map((v: any) => [v.version, v.need.lead, v.need.prospecting])).toEqual([
      [2, 120, 40],
      [1, 120, stored.versions[1].need.prospecting],
    ]);
    expect(stored.versions[1].need.prospecting).not.toBe(40);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("an executive", () => {
  it("opens a manager's team from Managers", async () => {
    const page = await signIn(P.exec);
    await page.waitForURL(/\/managers$/);
    const table = page.getByRole("table", { name: "Managers" });
    await table.waitFor();
    expect((await table.getByRole("row").allTextContents()).slice(1).map((t) => t.split(" · ")[0])).toEqual([
      "Mo Manager",
      "Wu Manager",
    ]);
    await checkScreen(page, "managers", () => table.waitFor());
    await table.getByRole("link", { name: "Mo Manager" }).click();
    await heading(page, "Team East").waitFor();
    await page.getByRole("table", { name: "Scorecard" }).waitFor();
    const rows = page.getByRole("table", { name: "Scorecard" }).getByRole("row");
    await expect.poll(async () => (await rows.allTextContents()).length, { timeout: 30_000 }).toBe(3);
    expect((await rows.allTextContents()).join(" ")).not.toContain("rep 3");
    await page.context().close();
  });
});

describe("an admin", () => {
  it("renames a step and sets quotas (typed and pasted), and sees both in the app", async () => {
    const page = await signIn(P.admin);
    await page.waitForURL(/\/settings\/people$/);
    const people = page.getByRole("table", { name: "People" });
    await people.waitFor();
    const names = (await people.getByRole("row").allTextContents()).slice(1).map((t) => t.split("@")[0]);
    expect(names.filter((n) => n.startsWith("rep"))).toEqual(["rep 2 r2", "rep 3 r3", "rep 10 r10"]);
    await checkScreen(page, "settings-people", () => people.waitFor());

    await page.getByRole("link", { name: "Steps" }).click();
    const step3 = page.getByLabel("Step 3: name");
    await step3.fill("Discovery call");
    await page.getByRole("button", { name: "Save step 3" }).click();
    await page.getByRole("region", { name: "Step 3" }).getByRole("status").waitFor();
    await checkScreen(page, "settings-steps", () => step3.waitFor());

    await page.getByRole("link", { name: "Quotas" }).click();
    const grid = page.getByRole("table", { name: "Quota grid" });
    await grid.waitFor();
    await page.getByLabel(`Quota of rep 10 for ${QUARTER}`).fill("75,000");
    // A block copied from a spreadsheet (rep 2's and rep 3's months), pasted into rep 2's first month.
    const [, m1, m2] = (await grid.getByRole("columnheader").allTextContents()).slice(1);
    await page.evaluate((label) => {
      const input = document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
      const data = new DataTransfer();
      data.setData("text/plain", "7000\t8000\n9000\t10000\n");
      input.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, `Quota of rep 2 for ${m1}`);
    await expect.poll(() => page.getByLabel(`Quota of rep 3 for ${m2}`).inputValue()).toBe("10000");
    await checkScreen(page, "settings-quotas", () => grid.waitFor());
    await page.getByRole("button", { name: "Save quotas" }).click();
    await page.getByRole("status").filter({ hasText: "5 quotas saved." }).waitFor();
    const q = await server.call(P.admin, "GET", `/quotas?period=${m2}`);
    expect(q.map((x: any) => [x.email, x.amount])).toEqual([
      ["r2@ww.test", 8000],
      ["r3@ww.test", 10000],
    ]);

    for (const [link, check] of [
      ["Teams", () => page.getByRole("table", { name: "Teams" }).waitFor()],
      ["Organisation", () => page.getByRole("button", { name: "Save organisation" }).waitFor()],
    ] as const) {
      await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: link }).click();
      await checkScreen(page, `settings-${link.toLowerCase()}`, check);
    }

    // Both changes in the app: the Team scorecard names the step, and rep 10's plan uses the new quota.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Team", exact: true })
      .click();
    const scorecard = page.getByRole("table", { name: "Scorecard" });
    await scorecard.waitFor();
    await expect
      .poll(() => scorecard.getByRole("columnheader").allTextContents())
      .toContainEqual(expect.stringContaining("Discovery call"));
    await scorecard.getByRole("link", { name: "rep 10" }).click();
    await heading(page, "rep 10").waitFor();
    await expect.poll(() => page.getByText(/^Quota \$75,000/).count()).toBe(1);
    await page.context().close();
  });
});

describe("a manager setting the quotas of their line", () => {
  it("sees Quotas in Settings with only their own salespeople, and saves one", async () => {
    const page = await signIn(P.m2);
    await page.waitForURL(/\/team$/);
    await page.goto(`${server.url}/settings/quotas`);
    const grid = page.getByRole("table", { name: "Quota grid" });
    await grid.waitFor();
    await expect
      .poll(() => page.getByRole("navigation", { name: "Settings" }).getByRole("link").allTextContents())
      .toEqual(["Quotas", "API tokens", "Password"]);
    // Wu manages rep 3 only: one row, and not Wu's own quota (Wu's manager sets that).
    await expect.poll(() => grid.getByRole("rowheader").allTextContents()).toEqual(["rep 3"]);
    await page.getByLabel(`Quota of rep 3 for ${QUARTER}`).fill("33,000");
    await page.getByRole("button", { name: "Save quotas" }).click();
    await page.getByRole("status").filter({ hasText: "1 quota saved." }).waitFor();
    const q = await server.call(P.m2, "GET", `/quotas?period=${QUARTER}`);
    expect(q.map((x: { email: string; amount: number }) => [x.email, x.amount])).toEqual([
      ["r3@ww.test", 33000],
    ]);
    await page.context().close();
  });
});
