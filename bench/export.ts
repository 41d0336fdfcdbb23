/**
 * Benchmark of the whole-organisation export (not part of `npm test`):
 *
 *   npx tsx --expose-gc bench/export.ts [--people N] [--batch N]     (npm run bench:export)
 *
 * Creates a demo organisation (on PostgreSQL with DATABASE_URL: default 300
 * people; embedded PGlite in memory: 60), gives its deals and activities their
 * external ids (what the first export does; timed apart), then in the same run:
 *
 * 1. the export as shipped — `exportOrganisation`: keyset batches, CSV per batch,
 *    written to files as it goes;
 * 2. the baseline — the same SQL with no LIMIT: each file one query, all its rows
 *    in memory, turned into one CSV string, written at once;
 *
 * and prints rows/s and the peak JS heap above the starting point for both, and
 * their ratios (heapUsed sampled every 5 ms: it includes garbage not yet
 * collected, so the streamed figure is an upper bound). The streamed export should use a small, constant heap (one batch)
 * while the baseline's grows with the organisation; the rate should be close.
 * Deletes the benchmark organisation at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import { bypassTriggers, deleteOrgBySlug, withBulkTransaction } from "../src/db/demo.queries.js";
import { assignExternalIds, EXPORT_COLUMNS, EXPORT_FILES, exportBatches } from "../src/db/export.queries.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { exportOrganisation } from "../src/services/export.service.js";
import { hashPassword } from "../src/services/passwords.js";

const { values } = parseArgs({
  options: {
    people: { type: "string" },
    batch: { type: "string", default: "5000" },
  },
});

const SLUG = "bench-export";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Runs `f` while sampling the heap every 5 ms; returns its result, the time and the peak above the start. */
async function measured<T>(f: () => Promise<T>): Promise<{ result: T; ms: number; peak: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  try {
    const result = await f();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { result, ms: performance.now() - t0, peak: peak - base };
  } finally {
    clearInterval(timer);
  }
}

async function deleteBenchOrg(h: DbHandle) {
  await withBulkTransaction(h, async (tx) => {
    const off = await bypassTriggers(tx);
    await deleteOrgBySlug(tx, SLUG, off);
  });
}

async function main() {
  const url = process.env.DATABASE_URL;
  const people = Number(values.people ?? (url ? 300 : 60));
  const batchSize = Number(values.batch);
  const h = await openDb(url ? { databaseUrl: url } : { memory: true });
  const out = (s = "") => process.stdout.write(`${s}\n`);
  const dirs: string[] = [];
  try {
    await migrate(h);
    await deleteBenchOrg(h);
    out(`bench:export on ${h.kind}, --people ${people}, batches of ${batchSize}`);
    if (!(globalThis as { gc?: unknown }).gc) out("(run with --expose-gc for steadier heap figures)");
    const demo = await createDemoOrg(h, {
      slug: SLUG,
      people,
      seed: 1,
      asOf: new Date("2026-11-15T12:00:00Z"),
      passwordHash: await hashPassword("bench"),
    });
    out(`demo organisation: ${fmt(demo.totalRows)} rows`);
    // The demo's deals and activities have no external_id: the first export gives them
    // their id as one (a one-time UPDATE). Timed on its own, so both runs below read alike.
    const t0 = performance.now();
    const assigned = await assignExternalIds(h.db, demo.orgId);
    out(
      `first export only: external ids for ${fmt(assigned.deals)} deals and ${fmt(assigned.activities)} activities in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );

    const streamedDir = mkdtempSync(join(tmpdir(), "bench-export-"));
    dirs.push(streamedDir);
    const streamed = await measured(() =>
      exportOrganisation(h, { out: streamedDir, org: SLUG, force: true, batchSize }),
    );
    const rows = streamed.result.files.reduce((a, f) => a + f.rows, 0);
    out();
    out("rows per file:");
    for (const f of streamed.result.files) out(`  ${f.file.padEnd(18)} ${fmt(f.rows).padStart(12)}`);
    out(`  ${"total".padEnd(18)} ${fmt(rows).padStart(12)}`);

    const baselineDir = mkdtempSync(join(tmpdir(), "bench-export-base-"));
    dirs.push(baselineDir);
    const baseline = await measured(async () => {
      for (const file of EXPORT_FILES) {
        const all: (string | null)[][] = [];
        for await (const b of exportBatches(h.db, demo.orgId, file, 1_000_000_000))
          for (const r of b) all.push(r);
        const text = stringify([EXPORT_COLUMNS[file], ...all.map((r) => r.map((v) => v ?? ""))]);
        writeFileSync(join(baselineDir, `${file}.csv`), text);
      }
    });

    const rate = (ms: number) => rows / (ms / 1000);
    out();
    out(
      `streamed export (shipped)   ${(streamed.ms / 1000).toFixed(2)} s  ${fmt(rate(streamed.ms)).padStart(9)} rows/s  peak heap +${mb(streamed.peak)}`,
    );
    out(
      `baseline: one query a file  ${(baseline.ms / 1000).toFixed(2)} s  ${fmt(rate(baseline.ms)).padStart(9)} rows/s  peak heap +${mb(baseline.peak)}`,
    );
    out(
      `ratio streamed/baseline: rate ${(baseline.ms / streamed.ms).toFixed(2)}×, peak heap ${(streamed.peak / Math.max(baseline.peak, 1)).toFixed(2)}×`,
    );
  } finally {
    await deleteBenchOrg(h).catch(() => {});
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
