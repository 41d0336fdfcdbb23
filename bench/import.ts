/**
 * Benchmark of the generic CSV import on PostgreSQL (not part of `npm test`):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:55431/postgres npm run bench:import
 *   npx tsx bench/import.ts [--activities N] [--deals N] [--reps N] [--keep]
 *
 * DATABASE_URL names the server (and a database the bench may connect to); the
 * bench creates its own scratch database `stepwise_benchimport` on that server,
 * drops it first if it exists, and drops it at the end (unless --keep).
 *
 * 1. Writes a deterministic generic CSV set to a temp directory: people,
 *    deals, deal_steps and (default) 1,000,000 activities.
 * 2. Imports people + deals + deal_steps with the real CLI (setup, timed too).
 * 3. Imports activities.csv with the real CLI in a child process
 *    (`node bin/stepwise.mjs import … --format generic --org bench`): wall time
 *    of the whole process (start-up and migration check included), the time of
 *    each phase seen on its progress lines, and its peak RSS (ru_maxrss, read
 *    by bench/max-rss.mjs preloaded into the child) with RSS samples.
 * 4. In the same run, a plain `COPY … FROM STDIN (FORMAT csv)` of the same
 *    1,000,000 rows (as the import stored them: ids resolved) into an empty
 *    table equivalent to `activities` (LIKE … INCLUDING ALL: same columns,
 *    types, defaults, CHECKs and indexes; plus the same foreign keys), in one
 *    transaction, committed. Prints rows/s of both and the ratio.
 * 5. Re-imports all four files (idempotent: must report 0 inserted, 0 updated)
 *    and prints its time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { migrate, openDb } from "../src/db/client.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DB_NAME = "stepwise_benchimport";
const ORG = "bench";

const { values } = parseArgs({
  options: {
    activities: { type: "string", default: "1000000" },
    deals: { type: "string", default: "100000" },
    reps: { type: "string", default: "200" },
    keep: { type: "boolean", default: false },
  },
});
const N_ACTIVITIES = Number(values.activities);
const N_DEALS = Number(values.deals);
const N_REPS = Number(values.reps);

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${fmt(bytes / (1 << 20))} MB`;
const out = (s = "") => process.stdout.write(`${s}\n`);

// ---------------------------------------------------------------- the CSV set

async function writeCsv(path: string, header: string, n: number, line: (i: number) => string) {
  const stream = createWriteStream(path);
  let buf = `${header}\n`;
  for (let i = 0; i < n; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 16) {
      if (!stream.write(buf)) await new Promise<void>((r) => stream.once("drain", () => r()));
      buf = "";
    }
  }
  stream.write(buf);
  await new Promise((res, rej) => stream.end((e?: Error) => (e ? rej(e) : res(undefined))));
}

const DAY0 = Date.UTC(2025, 0, 1);
const pad2 = (n: number) => String(n).padStart(2, "0");
/** An ISO time `day` days after 2025-01-01, at h:m UTC. */
function time(day: number, h: number, m = 0): string {
  const d = new Date(DAY0 + day * 86_400_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(h)}:${pad2(m)}:00Z`;
}

const KINDS = ["call", "email", "meeting", "demo", "proposal", "task", "note"];
const OUTCOMES = [
  "",
  "no answer",
  "left a voicemail",
  "booked a demo",
  '"next step, agreed"',
  "sent pricing",
];
const rep = (i: number) => `rep${i % N_REPS}@bench.test`;
const dealDay = (d: number) => d % 500;
const dealSteps = (d: number) => 1 + (d % 5);
const nDealSteps = () => {
  let n = 0;
  for (let d = 0; d < N_DEALS; d++) n += dealSteps(d);
  return n;
};

/** A deterministic organisation: 20 managers, N_REPS reps, N_DEALS deals with 1–5 steps, N_ACTIVITIES activities. */
async function generate(dir: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true });
  const p = (f: string) => join(dir, f);
  const managers = 20;
  await writeCsv(p("people.csv"), "email,name,role,manager_email,team", managers + N_REPS, (i) =>
    i < managers
      ? `mgr${i}@bench.test,Manager ${i},manager,,Team ${i}`
      : `${rep(i - managers)},Rep ${i - managers},salesperson,mgr${(i - managers) % managers}@bench.test,Team ${(i - managers) % managers}`,
  );
  await writeCsv(
    p("deals.csv"),
    "external_id,name,owner_email,value,created_at,account,product,lead_source,status,closed_at,lost_reason",
    N_DEALS,
    (d) => {
      const status = d % 10 === 0 ? "won" : d % 10 === 1 ? "lost" : "open";
      const closed = status === "open" ? "" : time(dealDay(d) + 40, 16);
      return `D${d},Deal ${d},${rep(d)},${1000 + (d % 97) * 250}.00,${time(dealDay(d), 9)},Account ${d % 5000},Product ${d % 7},${
        d % 3 === 0 ? "referral" : "outbound"
      },${status},${closed},${status === "lost" ? "price" : ""}`;
    },
  );
  let d = 0;
  let s = 1;
  await writeCsv(p("deal_steps.csv"), "deal_external_id,step,entered_at", nDealSteps(), () => {
    // Deal d has steps 1..dealSteps(d), entered 3 days apart.
    const line = `D${d},${s},${time(dealDay(d) + (s - 1) * 3, 10)}`;
    if (++s > dealSteps(d)) {
      d++;
      s = 1;
    }
    return line;
  });
  await writeCsv(
    p("activities.csv"),
    "external_id,owner_email,kind,step,deal_external_id,scheduled_for,done_at,logged_at,duration_minutes,outcome",
    N_ACTIVITIES,
    (i) => {
      const d = i % N_DEALS;
      const day = dealDay(d) + (i % 37);
      const kind = KINDS[i % KINDS.length];
      const scheduled = kind === "meeting" || kind === "demo" ? time(day, 8 + (i % 9)) : "";
      return `A${String(i).padStart(8, "0")},${rep(d)},${kind},${1 + (i % dealSteps(d))},D${d},${scheduled},${time(
        day,
        8 + (i % 9),
        i % 60,
      )},${time(day, 18)},${i % 4 === 0 ? "" : 5 + (i % 55)},${OUTCOMES[i % OUTCOMES.length]}`;
    },
  );
  return {
    people: p("people.csv"),
    deals: p("deals.csv"),
    deal_steps: p("deal_steps.csv"),
    activities: p("activities.csv"),
  };
}

// ---------------------------------------------------------------- the CLI in a child process

interface CliRun {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** ms after the start at which each progress line was first seen (by line text without numbers). */
  marks: { at: number; line: string }[];
  maxRss: number;
  samples: [ms: number, rss: number][];
}

async function runCli(args: string[], env: NodeJS.ProcessEnv, rssFile: string): Promise<CliRun> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", join(ROOT, "bench/max-rss.mjs"), join(ROOT, "bin/stepwise.mjs"), ...args],
    { cwd: ROOT, env: { ...env, BENCH_RSS_FILE: rssFile }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  let partial = "";
  const marks: CliRun["marks"] = [];
  child.stdout!.on("data", (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr!.on("data", (b: Buffer) => {
    const at = performance.now() - started;
    stderr += b.toString();
    const lines = (partial + b.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) marks.push({ at, line });
  });
  const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
  const ms = performance.now() - started;
  const rss = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRss: number; samples: [number, number][] };
  return { code, ms, stdout, stderr, marks, maxRss: rss.maxRss, samples: rss.samples };
}

function mustSucceed(name: string, r: CliRun) {
  if (r.code !== 0) {
    process.stderr.write(r.stderr.slice(-4000));
    throw new Error(`${name}: the import exited with ${r.code}`);
  }
}

/** Phase times from the progress lines: start-up, read+stage, checks, apply+commit. */
function phases(r: CliRun): [string, number][] {
  const first = (re: RegExp) => r.marks.find((m) => re.test(m.line))?.at;
  const read = first(/^import: reading /) ?? 0;
  const check = first(/^import: checking/) ?? read;
  const apply = first(/^import: applying/) ?? check;
  return [
    ["start-up (node, tsx, connect, migrations check)", read],
    ["read + validate + stage (COPY into TEMP tables)", check - read],
    ["set-based checks", apply - check],
    ["apply (upserts, step flow) + commit + exit", r.ms - apply],
  ];
}

// ---------------------------------------------------------------- the plain COPY baseline

const ACTIVITY_COLUMNS = [
  "org_id",
  "external_id",
  "owner_id",
  "kind",
  "step",
  "deal_id",
  "contact_id",
  "scheduled_for",
  "done_at",
  "logged_at",
  "duration_minutes",
  "outcome",
];

/**
 * The same rows as activities.csv with the owner and deal ids resolved (by PostgreSQL, untimed), as
 * COPY csv in `ACTIVITY_COLUMNS` order: what the import ends up storing.
 */
async function resolvedActivities(client: pg.Client, orgId: string, csvPath: string, dir: string) {
  const file = join(dir, "activities-resolved.csv");
  await client.query(
    `CREATE TEMP TABLE raw_activities (external_id text, owner_email text, kind text, step text,
       deal_external_id text, scheduled_for text, done_at text, logged_at text, duration_minutes text, outcome text)`,
  );
  await pipeline(
    createReadStream(csvPath),
    client.query(copyFrom("COPY raw_activities FROM STDIN (FORMAT csv, HEADER)")),
  );
  await pipeline(
    client.query(
      copyTo(`COPY (
        SELECT '${orgId}'::uuid, r.external_id, p.id, r.kind, r.step::smallint, d.id, NULL::uuid,
               r.scheduled_for::timestamptz, r.done_at::timestamptz, r.logged_at::timestamptz,
               r.duration_minutes::int, r.outcome
        FROM raw_activities r
        JOIN people p ON p.org_id = '${orgId}' AND p.email = r.owner_email
        LEFT JOIN deals d ON d.org_id = '${orgId}' AND d.external_id = r.deal_external_id
        ORDER BY r.external_id) TO STDOUT (FORMAT csv)`),
    ),
    createWriteStream(file),
  );
  await client.query("DROP TABLE raw_activities");
  return file;
}

/**
 * A plain COPY of the resolved rows into a new, empty table equivalent to `activities`
 * (LIKE … INCLUDING ALL: columns, types, NOT NULL, defaults, CHECKs, primary key and every
 * index; plus the same foreign keys), in one transaction, committed.
 */
async function plainCopy(client: pg.Client, file: string, table: string) {
  const cols = ACTIVITY_COLUMNS.join(", ");
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (LIKE activities INCLUDING ALL)`);
  const fks = await client.query<{ def: string }>(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'activities'::regclass AND contype = 'f'`,
  );
  for (const fk of fks.rows) await client.query(`ALTER TABLE ${table} ADD ${fk.def}`);
  await client.query("CHECKPOINT");
  const started = performance.now();
  await client.query("BEGIN");
  await pipeline(
    createReadStream(file),
    client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN (FORMAT csv)`)),
  );
  await client.query("COMMIT");
  const ms = performance.now() - started;
  const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows;
  return { ms, rows: n, foreignKeys: fks.rows.length };
}

// ---------------------------------------------------------------- main

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error("bench:import runs on PostgreSQL: set DATABASE_URL (the bench creates its own database)");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${DB_NAME}`;
  const work = mkdtempSync(join(tmpdir(), "stepwise-bench-import-"));
  const client = new pg.Client({ connectionString: benchUrl.toString() });
  try {
    const h = await openDb({ databaseUrl: benchUrl.toString() });
    await migrate(h);
    await h.close();
    await client.connect();
    const server = (await client.query("SHOW server_version")).rows[0].server_version as string;
    out(`bench:import on PostgreSQL ${server} (database ${DB_NAME}), node ${process.version}`);

    const t0 = performance.now();
    const files = await generate(join(work, "files"));
    const sizes = Object.values(files).map((f) => statSync(f).size);
    out(
      `generated ${fmt(N_REPS + 20)} people, ${fmt(N_DEALS)} deals, ${fmt(nDealSteps())} deal steps, ${fmt(
        N_ACTIVITIES,
      )} activities (${mb(sizes.reduce((a, b) => a + b, 0))} of CSV) in ${secs(performance.now() - t0)}`,
    );
    out();

    const env = { ...process.env, DATABASE_URL: benchUrl.toString() };
    const rssFile = join(work, "rss.json");
    const cli = (paths: string[]) =>
      runCli(["import", ...paths, "--format", "generic", "--org", ORG], env, rssFile);

    const setup = await cli([files.people, files.deals, files.deal_steps]);
    mustSucceed("setup", setup);
    const setupRows = N_REPS + 20 + N_DEALS + nDealSteps();
    out(
      `setup: import people + deals + deal_steps   ${secs(setup.ms).padStart(8)}  ${fmt(setupRows / (setup.ms / 1000)).padStart(9)} rows/s  (${fmt(setupRows)} rows)`,
    );

    const [{ id: orgId }] = (
      await client.query<{ id: string }>("SELECT id FROM organisations WHERE slug = $1", [ORG])
    ).rows;
    const resolved = await resolvedActivities(client, orgId, files.activities, work);

    // The baseline before and after the import (the machine's load drifts): their mean is the reference.
    const copyA = await plainCopy(client, resolved, "bench_copy_a");
    await client.query("CHECKPOINT");
    const imp = await cli([files.activities]);
    mustSucceed("import", imp);
    if (!new RegExp(`activities\\.csv\\s+${N_ACTIVITIES} rows: ${N_ACTIVITIES} inserted`).test(imp.stdout)) {
      throw new Error(`unexpected import summary:\n${imp.stdout}`);
    }
    const copyB = await plainCopy(client, resolved, "bench_copy_b");
    for (const c of [copyA, copyB])
      if (c.rows !== N_ACTIVITIES) throw new Error(`plain COPY loaded ${c.rows} rows`);
    const importRate = N_ACTIVITIES / (imp.ms / 1000);
    const copyRates = [copyA, copyB].map((c) => c.rows / (c.ms / 1000));
    const copyRate = (copyRates[0] + copyRates[1]) / 2;

    // The import stored exactly the rows COPY stored.
    const cols = ACTIVITY_COLUMNS.join(", ");
    const [{ diff }] = (
      await client.query<{ diff: number }>(
        `SELECT count(*)::int AS diff FROM (
           (SELECT ${cols} FROM activities WHERE org_id = $1 EXCEPT ALL SELECT ${cols} FROM bench_copy_a)
           UNION ALL
           (SELECT ${cols} FROM bench_copy_a EXCEPT ALL SELECT ${cols} FROM activities WHERE org_id = $1)) x`,
        [orgId],
      )
    ).rows;
    if (diff !== 0) throw new Error(`the imported activities differ from the COPY baseline in ${diff} rows`);
    await client.query("DROP TABLE bench_copy_a, bench_copy_b");

    await client.query("CHECKPOINT");
    const again = await cli(Object.values(files));
    mustSucceed("re-import", again);
    const changed = [...again.stdout.matchAll(/: (\d+) inserted, (\d+) updated/g)].filter(
      (m) => m[1] !== "0" || m[2] !== "0",
    );
    const allRows = setupRows + N_ACTIVITIES;

    out();
    out(`${fmt(N_ACTIVITIES)} activities:`);
    out(
      `  stepwise import activities.csv (CLI)     ${secs(imp.ms).padStart(8)}  ${fmt(importRate).padStart(9)} rows/s`,
    );
    for (const [name, ms] of phases(imp)) out(`      ${name.padEnd(48)} ${secs(ms).padStart(8)}`);
    out(
      `  plain COPY into an empty equivalent table ${secs((copyA.ms + copyB.ms) / 2).padStart(7)}  ${fmt(copyRate).padStart(9)} rows/s  (mean of ${fmt(copyRates[0])} before and ${fmt(copyRates[1])} after the import;`,
    );
    out(
      `      PK + 5 indexes, ${copyA.foreignKeys} foreign keys, CHECKs, one transaction; same rows as the import stored: checked)`,
    );
    out(
      `  ratio import ÷ COPY (rows/s)             ${(importRate / copyRate).toFixed(2).padStart(8)}   goal ≥ 0.50 ${importRate / copyRate >= 0.5 ? "(met)" : "(NOT met)"}`,
    );
    const tenths = Array.from({ length: 10 }, (_, k) => {
      const inTenth = imp.samples.filter(([ms]) => ms >= (k * imp.ms) / 10 && ms < ((k + 1) * imp.ms) / 10);
      return inTenth.length ? Math.round(Math.max(...inTenth.map(([, rss]) => rss)) / (1 << 20)) : "-";
    });
    out(
      `  peak RSS of the import process           ${mb(imp.maxRss).padStart(8)}   (ru_maxrss of the CLI process)`,
    );
    out(`      RSS (MB) in each tenth of the run: ${tenths.join(" ")}`);
    out();
    out(
      `re-import of all four files (idempotent)   ${secs(again.ms).padStart(8)}  ${fmt(allRows / (again.ms / 1000)).padStart(9)} rows/s  (${fmt(allRows)} rows; ${changed.length === 0 ? "0 inserted, 0 updated: nothing changed" : `CHANGED ROWS: ${changed.map((m) => m[0]).join("; ")}`})`,
    );
    for (const [name, ms] of phases(again)) out(`      ${name.padEnd(48)} ${secs(ms).padStart(8)}`);
    out(`  peak RSS of the re-import process        ${mb(again.maxRss).padStart(8)}`);
    if (changed.length > 0) process.exitCode = 1;
  } finally {
    await client.end().catch(() => {});
    if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    else out(`(kept database ${DB_NAME})`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
