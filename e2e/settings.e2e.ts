/**
 * Settings in a real browser: API tokens (shown once, last used, revoked),
 * webhooks (a real loopback receiver, the delivery log, retrying a failed
 * delivery) and the import wizard (an error found by the dry run, fixed, imported).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueDeliveries } from "../src/services/webhooks.worker.js";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "../test/helpers/fixtures.js";
import { type Receiver, startReceiver } from "../test/helpers/receiver.js";
import { axeViolations, sidewaysScroll } from "./axe.js";
import { DESKTOP, launchChromium, PHONE, screenshot } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

// The receiver listens on loopback, which webhooks refuse unless allowed (docs/security.md).
process.env.STEPWISE_WEBHOOK_ALLOW = "127.0.0.1";

let server: TestServer;
let browser: Browser;
let admin: TestPerson;
let rep: TestPerson;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  const org = await makeOrg(server.handle.db, "contoso");
  admin = await makePerson(server.handle.db, org.id, {
    email: "alex@contoso.test",
    role: "admin",
    name: "Alex Admin",
  });
  rep = await makePerson(server.handle.db, org.id, {
    email: "riley@contoso.test",
    role: "salesperson",
    name: "Riley Rep",
    managerId: admin.id,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(
  who: TestPerson,
  options = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.url}/board`);
  await page.waitForURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();
  return { context, page };
}

const settingsLinks = (page: Page) =>
  page.getByRole("navigation", { name: "Settings" }).getByRole("link").allTextContents();

describe("API tokens", () => {
  it("creates a token shown once, lists it with its last use after a script used it, and revokes it", async () => {
    const { context, page } = await signedIn(rep);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings\/tokens$/);
    await page.getByRole("heading", { name: "API tokens", level: 2 }).waitFor();
    // A salesperson sees only the page that is theirs.
    await expect.poll(() => settingsLinks(page)).toEqual(["API tokens", "Password"]);

    await page.getByLabel("Name").fill("Nightly export");
    await page.getByLabel("Read only").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const once = page.getByRole("region", { name: "Your new token “Nightly export”" });
    await once.waitFor();
    await expect.poll(() => once.textContent()).toContain("it will not be shown again");
    const token = (await once.getByLabel("Token").textContent())!.trim();
    expect(token).toMatch(/^swt_[A-Za-z0-9_-]{20,}$/);
    await once.getByRole("button", { name: "Copy token" }).waitFor();
    const row = page.getByRole("row", { name: /Nightly export/ });
    await row.waitFor();
    await expect
      .poll(() => row.getByRole("cell").allTextContents())
      .toEqual(["Read only", expect.any(String), "Never", "Revoke"]);
    await page.screenshot({ path: screenshot("tokens-created"), fullPage: true });

    // Put away, the secret is nowhere on the page any more (and the API never sends it again).
    await once.getByRole("button", { name: "I have copied it" }).click();
    await once.waitFor({ state: "detached" });
    await expect.poll(() => page.content()).not.toContain(token);

    // A script uses the token; the list shows when.
    const res = await fetch(`${server.url}/api/v1/board`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await page.reload();
    await row.waitFor();
    const lastUsed = (await row.getByRole("cell").nth(2).textContent())!;
    expect(lastUsed).not.toBe("Never");
    expect(lastUsed).toMatch(/\d{4}/);

    // Revoke, after a confirmation that says what happens.
    await row.getByRole("button", { name: "Revoke Nightly export" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain("stops working at once");
    await page.screenshot({ path: screenshot("tokens-revoke-confirm") });
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await dialog.waitFor({ state: "detached" });
    await row.getByText("Revoked").waitFor();
    const after = await fetch(`${server.url}/api/v1/board`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    await context.close();
  });

  it("is usable on a phone", async () => {
    const { context, page } = await signedIn(rep, PHONE);
    // On a phone the main navigation is folded into a menu: a salesperson's six links, in order.
    await page.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("dialog").getByRole("navigation", { name: "Main" });
    await expect
      .poll(() => menu.getByRole("link").allTextContents())
      .toEqual(["My week", "Board", "Reviews", "Team feed", "Inbox", "Settings"]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot("menu-phone") });
    await menu.getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    await page.getByRole("heading", { name: "API tokens", level: 2 }).waitFor();
    const item = page.getByRole("listitem", { name: "Nightly export" });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain("Read only");
    await item.getByText("Revoked").waitFor();
    // Nothing wider than the screen except inside the tables' own scrolling boxes.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshot("tokens-phone"), fullPage: true });
    await context.close();
  });

  it("tells a salesperson that webhooks are for admins", async () => {
    const { context, page } = await signedIn(rep);
    await page.goto(`${server.url}/settings/webhooks`);
    await page.getByRole("heading", { name: "For admins only" }).waitFor();
    await context.close();
  });
});

describe("webhooks", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    // Request 1 (the first deal won) is taken; 2–9 (the second) are refused; 10 (its retry) is taken.
    receiver = await startReceiver((n) => (n === 1 || n >= 10 ? 200 : 503));
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it("adds a webhook (secret shown once) and shows its deliveries; a failed one is retried", async () => {
    const { context, page } = await signedIn(admin);
    await page.getByRole("link", { name: "Settings" }).click();
    await expect
      .poll(() => settingsLinks(page))
      .toEqual([
        "People",
        "Teams",
        "Quotas",
        "Steps",
        "Organisation",
        "API tokens",
        "Password",
        "Webhooks",
        "Import data",
      ]);
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { name: "Webhooks", level: 2 }).waitFor();

    await page.getByLabel("URL").fill(receiver.url);
    await page.getByRole("checkbox", { name: /Deal won/ }).check();
    await page.getByRole("checkbox", { name: /Deal lost/ }).check();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const once = page.getByRole("region", { name: `Signing secret for ${receiver.url}` });
    await once.waitFor();
    expect((await once.getByLabel("Secret").textContent())!.trim()).toMatch(/^whsec_/);
    const card = page.getByRole("article", { name: receiver.url });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain("Active");
    await page.screenshot({ path: screenshot("webhooks-created"), fullPage: true });
    await once.getByRole("button", { name: "I have copied it" }).click();

    // Two deals are won through the API; the worker's round sends them to the receiver.
    for (const name of ["Fabrikam", "Tailspin"]) {
      const deal = await server.call(rep, "POST", "/deals", { name, value: 1000 });
      await server.call(rep, "POST", `/deals/${deal.id}/win`, {});
    }
    let t = new Date();
    await runDueDeliveries(server.handle.db, t);
    // The second keeps failing: step the clock past each backoff until it is given up (8 attempts).
    for (let i = 0; i < 7; i++) {
      t = new Date(t.getTime() + 2 * 3_600_000);
      await runDueDeliveries(server.handle.db, t);
    }
    expect(receiver.got.length).toBe(9);

    await card.getByRole("button", { name: "Delivery log" }).click();
    const log = card.getByRole("table", { name: `Delivery log of ${receiver.url}` });
    await log.waitFor();
    const rows = log.getByRole("row");
    await expect.poll(() => rows.count()).toBe(3); // header + 2
    const cells = async (n: number) => rows.nth(n).getByRole("cell").allTextContents();
    // Newest first: the failed one, then the delivered one.
    const failed = await cells(1);
    expect(failed.slice(0, 4)).toEqual(["deal.won", "Failed", "8", "HTTP 503"]);
    expect(failed[6]).toBe("Retry");
    const delivered = await cells(2);
    expect(delivered.slice(0, 5)).toEqual(["deal.won", "Delivered", "1", "HTTP 200", "—"]);
    await page.screenshot({ path: screenshot("webhooks-log"), fullPage: true });

    await rows
      .nth(1)
      .getByRole("button", { name: /^Retry deal\.won/ })
      .click();
    await expect.poll(async () => (await cells(1))[1]).toBe("Pending");
    await runDueDeliveries(server.handle.db, new Date(t.getTime() + 3_600_000));
    expect(receiver.got.length).toBe(10);
    await page.reload();
    await page
      .getByRole("article", { name: receiver.url })
      .getByRole("button", { name: "Delivery log" })
      .click();
    await expect
      .poll(async () => (await cells(1)).slice(0, 4))
      .toEqual(["deal.won", "Delivered", "1", "HTTP 200"]);

    // On a phone: the page fits, the log is a list.
    const phone = await signedIn(admin, PHONE);
    await phone.page.goto(`${server.url}/settings/webhooks`);
    await phone.page.getByRole("button", { name: "Delivery log" }).click();
    const items = phone.page
      .getByRole("list", { name: `Delivery log of ${receiver.url}` })
      .getByRole("listitem");
    await expect.poll(() => items.count()).toBe(2);
    await expect
      .poll(() => items.first().textContent())
      .toMatch(/^deal\.wonDelivered1 attempt · HTTP 200Created /);
    await expect
      .poll(() => phone.page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: screenshot("webhooks-phone"), fullPage: true });
    await phone.context.close();

    // Pause, then delete with a confirmation.
    await card.getByRole("button", { name: "Pause" }).click();
    await card.getByText("Paused").waitFor();
    await card.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this webhook?" });
    await dialog.getByRole("button", { name: "Delete webhook" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByText("No webhooks yet.").waitFor();
    await context.close();
  });
});

describe("import wizard", () => {
  const PEOPLE =
    "email,name,role,manager_email,team\nkim@contoso.test,Kim Lo,salesperson,alex@contoso.test,East\n";
  const deals = (beta: string) =>
    "external_id,name,owner_email,value,created_at,status,closed_at\n" +
    "C1,Contoso pilot,kim@contoso.test,4200,2026-01-05,open,\n" +
    `C2,Contoso rollout,kim@contoso.test,${beta},2026-01-09,open,\n` +
    "C3,Contoso support,riley@contoso.test,900,2026-01-12,open,\n";
  const file = (name: string, body: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(body) });

  it("uploads, previews, lists the dry run's problem, then imports the fixed files", async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${server.url}/settings/import`);
    await page.getByRole("heading", { name: "Import data", level: 2 }).waitFor();

    await page
      .locator("input[type=file]")
      .setInputFiles([file("people.csv", PEOPLE), file("deals.csv", deals("12k"))]);
    await page.getByText("2 files chosen: people.csv, deals.csv").waitFor();
    await page.getByRole("button", { name: "Preview" }).click();

    await page.getByRole("heading", { name: "2. Preview" }).waitFor();
    const dealsPreview = page.getByRole("region", { name: "deals.csv" });
    await expect.poll(() => dealsPreview.textContent()).toContain("Deals3 rows");
    await expect
      .poll(() => dealsPreview.getByRole("row").nth(2).getByRole("cell").allTextContents())
      .toEqual(["C2", "Contoso rollout", "kim@contoso.test", "12k", "2026-01-09", "open", ""]);
    await page.screenshot({ path: screenshot("import-preview"), fullPage: true });

    await page.getByRole("button", { name: "Check for problems" }).click();
    await page.getByRole("heading", { name: "3. Check: 1 problem found" }).waitFor();
    const issues = page.getByRole("table", { name: "Problems found, in file order" });
    const issue = await issues.getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect(issue.slice(0, 4)).toEqual(["deals.csv", "3", "value", "12k"]);
    expect(issue[4]).toMatch(/amount/);
    await page.screenshot({ path: screenshot("import-problems"), fullPage: true });
    // Nothing was written by the dry run.
    const contoso = async () =>
      (await server.call(admin, "GET", "/deals?limit=100")).items
        .filter((d: any) => d.name.startsWith("Contoso"))
        .map((d: any) => [d.name, d.value]);
    await expect.poll(() => contoso()).toEqual([]);

    await page.getByRole("button", { name: "Choose corrected files" }).click();
    await page
      .locator("input[type=file]")
      .setInputFiles([file("people.csv", PEOPLE), file("deals.csv", deals("12000"))]);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Check for problems" }).click();
    await page.getByRole("heading", { name: "3. Check: no problems found" }).waitFor();
    await page.getByRole("button", { name: "Import now" }).click();

    await page.getByRole("heading", { name: "Imported" }).waitFor();
    const counts = page.getByRole("table", { name: "What was imported" });
    const row = async (n: number) => counts.getByRole("row").nth(n).allTextContents();
    await expect.poll(() => row(1)).toEqual(["People (people.csv)1100"]);
    await expect.poll(() => row(2)).toEqual(["Deals (deals.csv)3300"]);
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "complete" }).textContent())
      .toContain("4 rows read into CONTOSO");
    await page.screenshot({ path: screenshot("import-done"), fullPage: true });
    expect((await contoso()).sort()).toEqual([
      ["Contoso pilot", 4200],
      ["Contoso rollout", 12000],
      ["Contoso support", 900],
    ]);
    await context.close();
  });

  it("shows the problems readably on a phone", async () => {
    const { context, page } = await signedIn(admin, PHONE);
    await page.goto(`${server.url}/settings/import`);
    await page
      .locator("input[type=file]")
      .setInputFiles([file("people.csv", PEOPLE), file("deals.csv", deals("lots"))]);
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Check for problems" }).click();
    await page.getByRole("heading", { name: /Check: 1 problem found/ }).waitFor();
    const problem = page.getByRole("list", { name: "Problems found, in file order" }).getByRole("listitem");
    await expect
      .poll(() => problem.allTextContents())
      .toEqual([
        "deals.csv, line 3, valuenot an amount (a decimal number ≥ 0 with up to 2 decimals)Value: lots",
      ]);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshot("import-problems-phone"), fullPage: true });
    await context.close();
  });

  it("maps a Pipedrive export's stages and owners, then imports it", async () => {
    const dir = fileURLToPath(new URL("../test/fixtures/vendors/pipedrive/", import.meta.url));
    const { context, page } = await signedIn(admin);
    await page.goto(`${server.url}/settings/import`);
    await page.getByLabel("Format").selectOption("pipedrive");
    await page
      .locator("input[type=file]")
      .setInputFiles(["deals-export.csv", "activities-export.csv", "people.csv"].map((f) => join(dir, f)));
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "2. Preview" }).waitFor();
    await page.getByRole("button", { name: "Next: map stages and owners" }).click();

    await page.getByRole("heading", { name: "3. Map stages and owners" }).waitFor();
    // The guess for Pipedrive's default pipeline; the owners by name from people.csv.
    await expect.poll(() => page.getByLabel("Qualified").inputValue()).toBe("qualification");
    await expect.poll(() => page.getByLabel("Negotiations Started").inputValue()).toBe("closing");
    await expect.poll(() => page.getByLabel("Ann Archer").inputValue()).toBe("ann@pd.test");
    // The manager decides "Qualified" means the needs analysis has started.
    await page.getByLabel("Qualified").selectOption("needs_analysis");
    await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays on top in the full-page shot
    await page.screenshot({ path: screenshot("import-vendor-map"), fullPage: true });

    await page.getByRole("button", { name: "Check for problems" }).click();
    await page.getByRole("heading", { name: "4. Check: no problems found" }).waitFor();
    await page.getByRole("button", { name: "Import now" }).click();
    await page.getByRole("heading", { name: "Imported" }).waitFor();
    const deal = (await server.call(admin, "GET", "/deals?limit=100")).items.find(
      (d: any) => d.name === "Acme CRM rollout",
    );
    expect(deal?.currentStep).toBe(4);
    await context.close();
  });
});

describe("people and passwords", () => {
  it("an admin adds a person and makes a sign-in link; the newcomer sets a password on a phone and changes it later", async () => {
    const { context, page } = await signedIn(admin);
    await page.goto(`${server.url}/settings/people`);
    await page.getByRole("button", { name: "Add a person" }).click();
    const add = page.getByRole("dialog", { name: "Add a person" });
    await add.getByLabel("Name").fill("Nia New");
    await add.getByLabel("Email").fill("nia@contoso.test");
    await add.getByLabel("Manager").selectOption({ label: "Alex Admin" });
    await add.getByRole("button", { name: "Save" }).click();
    // Nia cannot sign in yet: the page offers the link at once.
    const offer = page.getByRole("dialog", { name: "Nia New is added" });
    await offer.getByText("Nia New has no password yet.", { exact: false }).waitFor();
    await offer.getByRole("button", { name: "Make a sign-in link" }).click();
    const field = offer.getByLabel("Sign-in link");
    await expect.poll(() => field.inputValue()).toMatch(/\/welcome#swl_[A-Za-z0-9_-]{43}$/);
    const url = await field.inputValue();
    expect(url.startsWith(`${server.url}/welcome#`)).toBe(true);
    await page.screenshot({ path: screenshot("people-sign-in-link") });
    await offer.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "Sign-in link for Nia New" }).waitFor();
    await context.close();

    // Nia opens it on a phone.
    const phone = await browser.newContext(PHONE);
    const nia = await phone.newPage();
    await nia.goto(url);
    await nia.getByRole("heading", { name: "Welcome to Stepwise" }).waitFor();
    expect(await axeViolations(nia)).toEqual([]);
    expect(await sidewaysScroll(nia)).toBeLessThanOrEqual(0);
    await nia.getByLabel("New password").fill("too short");
    await nia.getByRole("button", { name: "Set password and sign in" }).click();
    await nia.getByText("At least 10 characters.").waitFor();
    await nia.getByLabel("New password").fill("Nia sells the best");
    await nia.getByLabel("Repeat it").fill("Nia sells the rest");
    await nia.getByRole("button", { name: "Set password and sign in" }).click();
    await nia.getByText("The two passwords differ.").waitFor();
    await nia.getByLabel("Repeat it").fill("Nia sells the best");
    await nia.screenshot({ path: screenshot("welcome-phone") });
    await nia.getByRole("button", { name: "Set password and sign in" }).click();
    // Signed in, on a salesperson's first screen.
    await nia.waitForURL(/\/my-week$/);
    await nia.getByRole("heading", { name: "My week", level: 1 }).waitFor();

    // The link worked once.
    const other = await browser.newContext(DESKTOP);
    const again = await other.newPage();
    await again.goto(url);
    await again.getByLabel("New password").fill("someone else entirely");
    await again.getByLabel("Repeat it").fill("someone else entirely");
    await again.getByRole("button", { name: "Set password and sign in" }).click();
    await again.getByRole("alert").filter({ hasText: "This link does not work" }).waitFor();
    await other.close();

    // Later, Nia changes it in Settings → Password.
    await nia.goto(`${server.url}/settings/password`);
    await nia.getByLabel("Current password").fill("not my password");
    await nia.getByLabel("New password", { exact: true }).fill("Nia sells even better");
    await nia.getByLabel("Repeat the new password").fill("Nia sells even better");
    await nia.getByRole("button", { name: "Change password" }).click();
    await nia.getByText("not your current password").waitFor();
    await nia.getByLabel("Current password").fill("Nia sells the best");
    await nia.getByRole("button", { name: "Change password" }).click();
    await nia.getByRole("status").filter({ hasText: "Your password is changed" }).waitFor();
    await phone.close();
    const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nia@contoso.test", password: "Nia sells even better" }),
    });
    expect(signIn.status).toBe(200);
  });
});

describe("accessibility of the settings screens", () => {
  // Every settings screen an admin has, at both widths: no serious or critical axe
  // violation, and no sideways scroll on a phone.
  for (const [width, device] of [
    ["1366", DESKTOP],
    ["390", PHONE],
  ] as const) {
    it(`tokens, password, webhooks and import at ${width} px`, async () => {
      const { context, page } = await signedIn(admin, device);
      for (const [path, heading] of [
        ["tokens", "API tokens"],
        ["password", "Password"],
        ["webhooks", "Webhooks"],
        ["import", "Import data"],
      ] as const) {
        await page.goto(`${server.url}/settings/${path}`);
        await page.getByRole("heading", { name: heading, level: 2 }).first().waitFor();
        expect(await axeViolations(page), `${path} at ${width} px`).toEqual([]);
        expect(await sidewaysScroll(page), `${path} at ${width} px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    });
  }
});
