/** First run in a real browser: an empty database leads to /setup, which creates the org and signs in. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.js";
import { DESKTOP, launchChromium, PHONE, screenshot } from "./browser.js";
import { startServer, type TestServer } from "./server.js";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("first-run setup", () => {
  it("looks right on a phone", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.waitForURL(/\/setup$/);
    await page.getByRole("heading", { name: "Set up Stepwise" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshot("setup-phone"), fullPage: true });
    await context.close();
  });

  it("creates the organisation and its admin, then opens the board signed in", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/setup$/);
    await page.getByRole("heading", { name: "Set up Stepwise" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Setup code").fill(server.setupCode);
    await page.getByLabel("Organisation name").fill("Fabrikam Sales");
    await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe("fabrikam-sales");
    await page.getByLabel("Time zone").selectOption("Europe/London");
    await page.getByLabel("Currency").fill("eur");
    await expect.poll(() => page.getByLabel("Currency").inputValue()).toBe("EUR");
    await page.getByLabel("Your name").fill("Avery Admin");
    await page.getByLabel("Email").fill("avery@fabrikam.test");

    // Too short a password is named and explained before anything is sent.
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await page.getByText("Use at least 10 characters.").waitFor();
    await expect
      .poll(() => page.getByLabel("Password", { exact: true }).getAttribute("aria-invalid"))
      .toBe("true");

    // A slug the API refuses comes back named by field.
    await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
    await page.getByLabel("Slug").fill("Bad Slug!");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await page.getByRole("alert").waitFor();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Slug: lowercase letters, digits and dashes");
    await page.screenshot({ path: screenshot("setup-error"), fullPage: true });

    await page.getByLabel("Slug").fill("fabrikam");
    await page.getByRole("button", { name: "Create organisation" }).click();
    // The first admin lands on Settings → People, then opens the board.
    await page.waitForURL(/\/settings\/people$/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" }).click();
    await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();
    await expect.poll(() => page.getByRole("banner").textContent()).toContain("Avery Admin");
    await expect
      .poll(() => page.getByRole("region", { name: "Lead management" }).textContent())
      .toContain("€0");
    await page.screenshot({ path: screenshot("setup-done-board") });

    // Setup is over: /setup now leads to the app, not the form.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL(/\/settings\/people$/);
    await context.close();
  });
});
