/**
 * Benchmark of the web app (not part of `npm test`):
 *
 *   npx tsx bench/web.ts [--runs N]          (npm run bench:web)
 *
 * 1. The initial download: the scripts and styles index.html loads before
 *    anything else (its script, stylesheets and modulepreloads), gzipped as a
 *    server would send them, against the budget of 350 KB. The managing
 *    screens and the chart library are split off and load when opened.
 * 2. The Team page of a 50-person demo organisation (embedded PGlite, the
 *    built app, Debian's Chromium): the time from navigating to /team until
 *    the Decision Quad chart shows its points, next to the time of the API
 *    calls it makes (from the first request's start to the last response's
 *    end, as the browser saw them) — for manager1 (their team) and for the
 *    executive (the whole organisation). The median of N runs (default 5).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { launchChromium } from "../e2e/browser.js";
import { startServer, WEB_DIST } from "../e2e/server.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { createDemoOrg } from "../src/services/demo.service.js";

const BUDGET_KB = 350;
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const repo = fileURLToPath(new URL("..", import.meta.url));

execFileSync(
  process.execPath,
  [join(repo, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"],
  {
    cwd: repo,
    stdio: "ignore",
  },
);

// 1. The initial download.
const html = readFileSync(join(WEB_DIST, "index.html"), "utf8");
const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const a of new Set(assets)) {
  const body = readFileSync(join(WEB_DIST, a));
  raw += body.length;
  gz += gzipSync(body, { level: 6 }).length;
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`Initial JS+CSS: ${new Set(assets).size} files, ${kb(raw)} raw, ${kb(gz)} gzipped`);
console.log(
  `  budget ${BUDGET_KB} KB gzipped: ${gz <= BUDGET_KB * 1024 ? "within" : "OVER"} (${((gz / (BUDGET_KB * 1024)) * 100).toFixed(0)} % of it)`,
);

// 2. The Team page of a 50-person organisation.
const server = await startServer();
const browser = await launchChromium();
await createDemoOrg(server.handle, { people: 50, seed: 7, asOf: new Date() });

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  return page;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const who of ["manager1@demo.test", "exec@demo.test"]) {
  const page = await signIn(who);
  const chart: number[] = [];
  const apiSpan: number[] = [];
  const calls: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${server.url}/board`); // away, so /team loads from scratch (cached code, no cached data)
    await page.evaluate(() => performance.clearResourceTimings());
    const t0 = Date.now();
    await page.goto(`${server.url}/team`);
    await page.locator(".recharts-scatter-symbol").first().waitFor();
    chart.push(Date.now() - t0);
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/v1/"))
        .map((e) => [e.startTime, (e as PerformanceResourceTiming).responseEnd]),
    );
    calls.push(api.length);
    apiSpan.push(Math.max(...api.map((x) => x[1])) - Math.min(...api.map((x) => x[0])));
  }
  const c = median(chart);
  const a = median(apiSpan);
  console.log(
    `Team page as ${who}: chart shown after ${c} ms (median of ${runs}); its ${median(calls)} API calls took ${a.toFixed(0)} ms` +
      ` (first request to last response): the API is ${((a / c) * 100).toFixed(0)} % of the wait`,
  );
  await page.context().close();
}

await browser.close();
await server.close();
