/**
 * Load benchmark (not part of `npm test`): does a report stall other users?
 *
 *   npm run bench:load [-- --duration 10 --only pglite|postgres]
 *
 * For each engine — embedded PGlite (a fresh data directory: `stepwise serve`
 * creates the 40-person demo on first start, as `npm start` does) and, with
 * DATABASE_URL, PostgreSQL (a scratch database `stepwise_bench_load_<pid>`
 * with the same demo, dropped at the end) — it starts the real
 * `stepwise serve` and measures with autocannon:
 *
 * 1. quiet: sign-in (POST /api/v1/auth/sign-in, one connection) and a static
 *    file (GET /, the web app) with nothing else running — the baseline;
 * 2. for each load — the board (manager1), a list (GET /deals, manager1), the
 *    team scorecard (manager1's reporting line) and the org-wide scorecard
 *    (the executive) — at 10 and 50 connections: the load's req/s, p50, p99,
 *    and during it the same sign-in and static probes (one connection each).
 *
 * Prints each probe's p99 under load ÷ its quiet p99 (goal ≤ 5× on the
 * embedded database). Figures of a run are in docs/performance.md.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { migrate, openDb } from "../src/db/client.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { createDemoOrg } from "../src/services/demo.service.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    only: { type: "string" },
    // Focused runs: some loads only (board,list,team,org) and some connection counts (10,50).
    loads: { type: "string", default: "board,list,team,org" },
    conns: { type: "string", default: "10,50" },
    // The load in this process's event loop instead of an autocannon worker thread (to compare).
    "load-inline": { type: "boolean", default: false },
  },
});
const DURATION = Number(values.duration);
const LOADS = new Set(values.loads.split(","));
const CONNS = values.conns.split(",").map(Number);

interface Started {
  child: ChildProcess;
  base: string;
}

function serve(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ["bin/stepwise.mjs", "serve", "--port", "0", "--host", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = out.match(/running at (http:\/\/localhost:\d+)/);
      if (m) resolve({ child, base: m[1].replace("localhost", "127.0.0.1") });
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

async function stop(s: Started) {
  const gone = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  await gone;
}

async function signIn(base: string, email: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${await r.text()}`);
  return r.headers.get("set-cookie")!.split(";")[0];
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  n: number;
  bad: number;
}

function run(opts: autocannon.Options): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 30, ...opts }, (err, r) => {
      if (err) return reject(err);
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        n: r.requests.total,
        bad: r.non2xx + r.errors + r.timeouts,
      });
    });
  });
}

const signInProbe = (base: string, duration: number) =>
  run({
    url: `${base}/api/v1/auth/sign-in`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "rep1@demo.test", password: DEMO_PASSWORD }),
    connections: 1,
    duration,
  });
const staticProbe = (base: string, duration: number) => run({ url: `${base}/`, connections: 1, duration });

function quarter(d = new Date()): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : f0(n)} ms`;

async function bench(engine: string, env: NodeJS.ProcessEnv) {
  const s = await serve(env);
  try {
    const manager = await signIn(s.base, "manager1@demo.test");
    const exec = await signIn(s.base, "exec@demo.test");
    const period = quarter();
    // Warm up (first queries, JIT), then the quiet baseline.
    await Promise.all([signInProbe(s.base, 2), staticProbe(s.base, 2)]);
    const quietSign = await signInProbe(s.base, Math.max(3, DURATION / 2));
    const quietStatic = await staticProbe(s.base, Math.max(3, DURATION / 2));
    process.stdout.write(
      `\n## ${engine}\nquiet: sign-in p50 ${ms(quietSign.p50)} p99 ${ms(quietSign.p99)}; static p50 ${ms(quietStatic.p50)} p99 ${ms(quietStatic.p99)}\n\n` +
        "| load | conns | req/s | p50 | p99 | errors | sign-in p99 | ×quiet | static p99 | ×quiet |\n" +
        "|---|---|---|---|---|---|---|---|---|---|\n",
    );
    const loads: [string, string, string, string][] = [
      ["board", "board (manager1)", "/api/v1/board", manager],
      ["list", "list GET /deals (manager1)", "/api/v1/deals?limit=50", manager],
      ["team", `team scorecard (manager1, ${period})`, `/api/v1/metrics/scorecard?period=${period}`, manager],
      ["org", `org scorecard (exec, ${period})`, `/api/v1/metrics/scorecard?period=${period}`, exec],
    ];
    for (const [key, what, path, cookie] of loads) {
      if (!LOADS.has(key)) continue;
      for (const connections of CONNS) {
        // The load runs in an autocannon worker thread: this process's event loop only
        // times the probes (with the load here too, a busy loop inflated the probes' p99).
        const load = run({
          url: `${s.base}${path}`,
          headers: { cookie },
          connections,
          duration: DURATION,
          ...(values["load-inline"] ? {} : { workers: 1 }),
        });
        // Probes start a second in, once the load is up, and end before it does.
        await new Promise((r) => setTimeout(r, 1000));
        const [sign, stat] = await Promise.all([
          signInProbe(s.base, DURATION - 2),
          staticProbe(s.base, DURATION - 2),
        ]);
        const l = await load;
        // A probe with no answer during the load did not take p99 = 0: it took longer than the load.
        const probe = (p: Figures, quiet: Figures) =>
          p.n === 0
            ? `none in ${DURATION - 2} s | **> ${f0(((DURATION - 2) * 1000) / quiet.p99)}×**`
            : `${ms(p.p99)} (n=${p.n}) | **${(p.p99 / quiet.p99).toFixed(1)}×**`;
        const figures =
          l.n === 0 ? `none in ${DURATION} s | – | –` : `${f0(l.rps)} | ${ms(l.p50)} | ${ms(l.p99)}`;
        process.stdout.write(
          `| ${what} | ${connections} | ${figures} | ${l.bad} | ${probe(sign, quietSign)} | ${probe(stat, quietStatic)} |\n`,
        );
      }
    }
  } finally {
    await stop(s);
  }
}

async function main() {
  if (!existsSync(join(ROOT, "web/dist/index.html"))) {
    process.stdout.write("building the web app (web/dist) for the static probe…\n");
    const b = spawnSync("npm", ["run", "build:web"], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) throw new Error("npm run build:web failed");
  }
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).stdout.toString().trim();
  process.stdout.write(
    `bench:load — commit ${commit}, node ${process.version}, ${DURATION} s per load, 40-person demo (seed 7)\n`,
  );
  const base = { ...process.env };
  delete base.DATABASE_URL;

  if (values.only !== "postgres") {
    const dir = mkdtempSync(join(tmpdir(), "stepwise-load-"));
    try {
      process.stdout.write("PGlite: first start creates the demo organisation…\n");
      await bench("embedded PGlite (worker thread)", { ...base, STEPWISE_DATA_DIR: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const url = process.env.DATABASE_URL;
  if (values.only !== "pglite" && url) {
    const name = `stepwise_bench_load_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    try {
      const h = await openDb({ databaseUrl: dbUrl.toString() });
      try {
        await migrate(h);
        await createDemoOrg(h, { people: 40, seed: 7, asOf: new Date() });
      } finally {
        await h.close();
      }
      await bench("PostgreSQL", { ...base, DATABASE_URL: dbUrl.toString() });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else if (values.only !== "pglite") {
    process.stdout.write("\n(PostgreSQL skipped: set DATABASE_URL)\n");
  }
}

await main();
