/**
 * Benchmark of the demo organisation writer (not part of `npm test`):
 *
 *   npx tsx bench/demo.ts [--people N] [--seed N]        (npm run bench:demo)
 *
 * On PostgreSQL (DATABASE_URL) the default is 1,000 people, on embedded PGlite
 * (in memory) 100. It runs `createDemoOrg` (delete + generate + COPY into the
 * real tables, with their indexes and foreign keys, in one transaction), then,
 * in the same run, a plain COPY of the same generated rows into scratch copies
 * of the tables (… (LIKE …): no indexes, no foreign keys) — temporary tables
 * (no WAL), then ordinary ones (WAL-logged, as the real tables are) — and
 * prints rows/s for each and the ratios — the writer's time per row ÷ the plain
 * COPY's, against the COPY statements alone (temporary tables) and against the
 * plain load end to end (generate + CSV + COPY into ordinary tables), with the
 * load average and the commit to quote them with. Finally it deletes the benchmark
 * organisation the way the demo command does (triggers bypassed when allowed,
 * table by table) and times that too. A plain ON DELETE CASCADE is quadratic
 * here (FKs without an index on the referencing side): 321 s at 200 people.
 */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import {
  bypassTriggers,
  type CopyTable,
  CsvBuffer,
  csvLine,
  DEMO_BATCH_TABLES,
  deleteOrgBySlug,
  withBulkTransaction,
} from "../src/db/demo.queries.js";
import { DEMO_PASSWORD, type DemoBatch, generateDemo } from "../src/domain/demo.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { hashPassword } from "../src/services/passwords.js";

const { values } = parseArgs({
  options: {
    people: { type: "string" },
    seed: { type: "string", default: "1" },
    "as-of": { type: "string", default: "2026-11-15T12:00:00Z" },
  },
});

const SLUG = "bench-demo";
const BATCH_KEYS: Record<string, keyof DemoBatch> = {
  accounts: "accounts",
  contacts: "contacts",
  deals: "deals",
  deal_steps: "dealSteps",
  activities: "activities",
  quotas: "quotas",
  time_entries: "timeEntries",
  reviews: "reviews",
};

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
/** Wall-clock time of day, to line a section up with what else ran on the machine. */
const clock = () => new Date().toISOString().slice(11, 19);
function commit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
    });
    return dirty.trim() ? `${head} (with uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}

/**
 * COPY of the same generated rows into scratch copies of the tables: `temp` —
 * temporary tables (no WAL); otherwise ordinary tables created and dropped in the
 * transaction (WAL-logged like the real ones). Neither has indexes or foreign keys.
 */
async function plainCopy(h: DbHandle, people: number, seed: number, asOf: Date, temp: boolean) {
  const plan = generateDemo({ slug: SLUG, people, seed, asOf });
  const orgId = "00000000-0000-4000-8000-000000000000";
  let copyMs = 0;
  let rows = 0;
  const started = performance.now();
  await withBulkTransaction(h, async (tx) => {
    for (const t of DEMO_BATCH_TABLES) {
      // LIKE copies columns, NOT NULL and (with these options) defaults and the identity; no indexes, no FKs.
      await tx.query(
        temp
          ? `CREATE TEMP TABLE scratch_${t.table} (LIKE ${t.table} INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DROP`
          : `CREATE TABLE scratch_${t.table} (LIKE ${t.table} INCLUDING DEFAULTS INCLUDING IDENTITY)`,
      );
    }
    let buffers = DEMO_BATCH_TABLES.map(() => new CsvBuffer());
    const flush = async () => {
      for (const [i, t] of DEMO_BATCH_TABLES.entries()) {
        const lines = buffers[i].lines;
        if (lines === 0) continue;
        const chunks = buffers[i].take();
        const t0 = performance.now();
        await tx.copyCsv(`scratch_${t.table}`, t.columns, chunks);
        copyMs += performance.now() - t0;
        rows += lines;
      }
      buffers = DEMO_BATCH_TABLES.map(() => new CsvBuffer());
    };
    for (const batch of plan.batches()) {
      let buffered = 0;
      for (const [i, t] of DEMO_BATCH_TABLES.entries()) {
        for (const item of batch[BATCH_KEYS[t.table]] as unknown[]) {
          const row = t.table === "quotas" ? { ...(item as object), updatedAt: asOf.getTime() } : item;
          buffers[i].push(csvLine(t as CopyTable<unknown>, orgId, row));
        }
        buffered += buffers[i].bytes;
      }
      if (buffered >= 32 << 20) await flush();
    }
    await flush();
    if (!temp) for (const t of DEMO_BATCH_TABLES) await tx.query(`DROP TABLE scratch_${t.table}`);
  });
  return { rows, copyMs, totalMs: performance.now() - started };
}

/** Deletes the benchmark organisation as createDemoOrg would; returns how. */
async function deleteBenchOrg(h: DbHandle): Promise<{ ms: number; how: string; existed: boolean }> {
  const t0 = performance.now();
  return withBulkTransaction(h, async (tx) => {
    const off = await bypassTriggers(tx);
    const existed = await deleteOrgBySlug(tx, SLUG, off);
    return { ms: performance.now() - t0, how: off ? "table by table" : "ON DELETE CASCADE", existed };
  });
}

async function main() {
  const url = process.env.DATABASE_URL;
  const people = Number(values.people ?? (url ? 1000 : 100));
  const seed = Number(values.seed);
  const asOf = new Date(values["as-of"]!);
  const h = await openDb(url ? { databaseUrl: url } : { memory: true });
  try {
    await migrate(h);
    process.stdout.write(
      `bench:demo on ${h.kind}, --people ${people} --seed ${seed} --as-of ${asOf.toISOString()}, commit ${commit()}\n` +
        `started ${new Date().toISOString()}, load average ${load()}\n`,
    );

    const out = (s = "") => process.stdout.write(`${s}\n`);
    const before = await deleteBenchOrg(h);
    if (before.existed) out(`(deleted a previous ${SLUG} organisation in ${secs(before.ms)})`);

    let t0 = performance.now();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const hashMs = performance.now() - t0;

    t0 = performance.now();
    const plan = generateDemo({ slug: SLUG, people, seed, asOf });
    let generated = 0;
    for (const b of plan.batches()) for (const k of Object.values(b)) generated += (k as unknown[]).length;
    const genMs = performance.now() - t0;

    let lastPct = -1;
    const demoFrom = clock();
    const demo = await createDemoOrg(h, {
      slug: SLUG,
      people,
      seed,
      asOf,
      passwordHash,
      onProgress: (p) => {
        const pct = Math.floor((p.done / p.total) * 10) * 10;
        if (pct > lastPct) {
          lastPct = pct;
          process.stderr.write(`  demo ${pct}% (${fmt(p.rows)} rows)\n`);
        }
      },
    });
    const demoRate = demo.totalRows / (demo.elapsedMs / 1000);
    const demoTo = clock();

    out();
    out("rows per table:");
    for (const [table, n] of Object.entries(demo.rows)) out(`  ${table.padEnd(14)} ${fmt(n).padStart(12)}`);
    out(`  ${"total".padEnd(14)} ${fmt(demo.totalRows).padStart(12)}`);
    out();
    out(`password hash (once)                     ${secs(hashMs)}`);
    out(`generate only (no database)              ${secs(genMs)}  ${fmt(generated / (genMs / 1000))} rows/s`);
    out(
      `createDemoOrg (generate + COPY, indexed) ${secs(demo.elapsedMs)}  ${fmt(demoRate)} rows/s   <- the demo command (foreign keys: ${demo.foreignKeys}, secondary indexes: ${demo.indexes}) [${demoFrom}–${demoTo}]`,
    );
    const ph = demo.phases;
    out(
      `  of which: generate + COPY rounds ${secs(ph.load)} (COPY statements ${secs(ph.copy)}, overlapping the generation; the generator waited for them ${secs(ph.wait)}),`,
    );
    out(
      `            index builds ${secs(ph.indexes)}, deal_step_minima ${secs(ph.minima)}, ANALYZE ${secs(ph.analyze)}, FK verification ${secs(ph.verify)}`,
    );

    const ratios: string[] = [];
    for (const temp of [true, false]) {
      const plainFrom = clock();
      const plain = await plainCopy(h, people, seed, asOf, temp);
      const plainTo = clock();
      const copyRate = plain.rows / (plain.copyMs / 1000);
      const plainRate = plain.rows / (plain.totalMs / 1000);
      const where = temp ? "temporary tables" : "ordinary tables";
      out(
        temp
          ? `plain COPY into temporary scratch tables (no indexes, no FKs, no WAL) [${plainFrom}–${plainTo}]:`
          : `plain COPY into ordinary scratch tables (no indexes, no FKs; WAL-logged like the real ones) [${plainFrom}–${plainTo}]:`,
      );
      out(`  COPY statements only                   ${secs(plain.copyMs)}  ${fmt(copyRate)} rows/s`);
      out(`  generate + CSV + COPY                  ${secs(plain.totalMs)}  ${fmt(plainRate)} rows/s`);
      ratios.push(
        `  ÷ COPY statements only, ${where.padEnd(17)} ${(copyRate / demoRate).toFixed(1)}×`,
        `  ÷ generate + CSV + COPY, ${where.padEnd(16)} ${(plainRate / demoRate).toFixed(1)}×`,
      );
    }
    out();
    out(`createDemoOrg ÷ plain COPY (time per row, same generated rows; issue 14's goal ≤ 4×):`);
    for (const r of ratios) out(r);

    const del = await deleteBenchOrg(h);
    out(`delete the organisation (${del.how})   ${secs(del.ms)}`);
    out(`peak RSS                                 ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
    out(`ended ${new Date().toISOString()}, load average ${load()}`);
  } finally {
    await h.close();
  }
}

await main();
