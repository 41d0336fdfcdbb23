/**
 * Issue 12, item 8: the built web app works under the Content-Security-Policy
 * it is served with — it loads, signs in and shows the board in Chromium with
 * no CSP violation — and its HTML carries the security headers.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchChromium, PHONE, screenshot } from "./browser.js";
import { type Seed, seedOrg, startServer, type TestServer } from "./server.js";

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

/** Records every CSP violation the page reports (event and console). */
async function watchCsp(page: Page) {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as any).__csp = [...((window as any).__csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  return async () => [...seen, ...((await page.evaluate(() => (window as any).__csp)) ?? [])];
}

describe("the web app under its security headers", () => {
  for (const [name, device] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`loads, signs in and shows the board with no CSP violation (${name})`, async () => {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      const violations = await watchCsp(page);
      const res = await page.goto(`${server.url}/`);
      const headers = res!.headers();
      expect(headers["content-security-policy"]).toContain("default-src 'self'");
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["referrer-policy"]).toBe("same-origin");

      await page.waitForURL(/\/sign-in$/);
      await page.getByLabel("Email").fill(seed.manager.email);
      await page.getByLabel("Password", { exact: true }).fill(seed.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      // A manager lands on Team (the quad is an SVG chart: it must render under the CSP too).
      await page.getByRole("heading", { name: "Team", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Decision Quad" }).waitFor();
      await page.goto(`${server.url}/board`);
      await page.getByRole("heading", { name: "Deal board", level: 1 }).waitFor();
      // A deal card rendered with its styles: the UI kit's inline styles are allowed.
      await page.getByRole("article", { name: seed.deals[0].name, exact: true }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: screenshot(`csp-board-${name}`) });
      expect(await violations()).toEqual([]);
      await context.close();
    });
  }

  it("a page of another site cannot frame the app", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.setContent(`<iframe id="f" src="${server.url}/sign-in" width="600" height="400"></iframe>`);
    // The frame is blocked: its document never gets the app's sign-in form.
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const hasForm = frame
      ? await frame
          .locator("input")
          .count()
          .catch(() => 0)
      : 0;
    expect(hasForm).toBe(0);
    await context.close();
  });
});
