/**
 * (Re)creates the demo organisation: generates it (src/domain/demo.ts) and
 * bulk-loads it with COPY in one transaction, seller by seller, flushing every
 * `flushRows` rows so memory stays flat from 5 people to 5,000.
 */
import type { DbHandle } from "../db/client.js";
import {
  analyzeTables,
  bypassTriggers,
  type CopyTable,
  CsvBuffer,
  csvLine,
  DEMO_BATCH_TABLES,
  deferDealStepMinima,
  deleteOrgBySlug,
  dropSecondaryIndexes,
  fillDealStepMinima,
  insertDemoOrg,
  insertProcessSteps,
  PEOPLE_TABLE,
  rebuildIndexes,
  restoreTriggers,
  stopDealStatsLogging,
  verifyForeignKeys,
  withBulkTransaction,
} from "../db/demo.queries.js";
import { addDemoCoaching } from "../db/demo-coaching.queries.js";
import { addDemoCommitments } from "../db/demo-commitments.queries.js";
import { addDemoBench } from "../db/demo-hiring.queries.js";
import { DEMO_PASSWORD, type DemoBatch, type DemoOptions, generateDemo } from "../domain/demo.js";
import { planDemoCoaching } from "../domain/demo-coaching.js";
import { AppError } from "../domain/errors.js";
import { checkpointAfterBulkWrite } from "./checkpoints.service.js";
import { hashPassword } from "./passwords.js";

export interface DemoProgress {
  /** Sellers (managers and salespeople) written so far, of `total`. */
  done: number;
  total: number;
  /**
   * Rows generated so far, all tables: written, or on their way (in the COPY running
   * or buffered for the next). Never goes down; ends at the summary's `totalRows`.
   */
  rows: number;
}

export interface CreateDemoOptions extends DemoOptions {
  /** A ready Argon2 hash of the demo password (hashing is slow; tests reuse one). */
  passwordHash?: string;
  /** Rows buffered before a COPY round (default 100,000). */
  flushRows?: number;
  onProgress?: (p: DemoProgress) => void;
  /** Allow the trigger bypass with bulk foreign-key verification when permitted (default true). */
  bypassTriggers?: boolean;
}

export interface DemoSignIn {
  email: string;
  role: string;
  name: string;
}

export interface DemoSummary {
  orgId: string;
  slug: string;
  replaced: boolean;
  /**
   * How foreign keys were enforced: `verified` — per-row triggers off, every
   * foreign key checked with one anti-join after loading (needs the right to set
   * session_replication_role: PGlite, or a PostgreSQL superuser); `triggers` —
   * the normal per-row checks (and a cascade delete, slow for big demos).
   */
  foreignKeys: "verified" | "triggers";
  /**
   * The loaded tables' secondary indexes: `rebuilt` — dropped before the load and
   * built once after it (the database held no other organisation); `kept` —
   * maintained row by row.
   */
  indexes: "rebuilt" | "kept";
  /** Rows written per table. */
  rows: Record<string, number>;
  totalRows: number;
  elapsedMs: number;
  /**
   * Where the time went (ms): generating and loading the rows (COPY rounds, the
   * next round generated while one loads) — of which `copy` the COPY statements
   * (overlapping the generation) and `wait` the time the generator waited for the
   * previous round's COPY —, building the dropped indexes, filling
   * deal_step_minima, ANALYZE, the foreign-key verification (0 with the per-row
   * checks).
   */
  phases: {
    load: number;
    copy: number;
    wait: number;
    indexes: number;
    minima: number;
    analyze: number;
    verify: number;
  };
  password: string;
  signIns: DemoSignIn[];
}

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

export const DEMO_SIGN_INS = ["admin@demo.test", "exec@demo.test", "manager1@demo.test", "rep1@demo.test"];

export async function createDemoOrg(handle: DbHandle, opts: CreateDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  let plan: ReturnType<typeof generateDemo>;
  try {
    plan = generateDemo(opts);
  } catch (e) {
    if (e instanceof RangeError) throw new AppError("validation_failed", e.message);
    throw e;
  }
  const flushRows = opts.flushRows ?? 100_000;
  const flushBytes = 32 << 20;
  const passwordHash = opts.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  const asOf = plan.options.asOf.getTime();

  const summary = await withBulkTransaction(handle, async (tx): Promise<DemoSummary> => {
    const triggersOff = opts.bypassTriggers !== false && (await bypassTriggers(tx));
    // deal_step_minima is filled in one statement after the load (fillDealStepMinima),
    // not by its triggers per COPY round (issue 14: 7.8× COPY with them).
    await deferDealStepMinima(tx);
    // The organisation's figures are rebuilt: its writes are not logged (the deletion would
    // log every deal), and its checkpoints go with it; one is taken after the commit.
    await stopDealStatsLogging(tx, plan.org.slug);
    const replaced = await deleteOrgBySlug(tx, plan.org.slug, triggersOff);
    const orgId = await insertDemoOrg(tx, plan.org);
    const dropped = await dropSecondaryIndexes(
      tx,
      orgId,
      DEMO_BATCH_TABLES.map((t) => t.table),
    );
    const rows: Record<string, number> = { organisations: 1 };
    rows.process_steps = await insertProcessSteps(tx, orgId);

    let csv = "";
    for (const p of plan.people) csv += csvLine(PEOPLE_TABLE, orgId, { ...p, passwordHash });
    await tx.copyCsv(PEOPLE_TABLE.table, PEOPLE_TABLE.columns, csv);
    rows.people = plan.people.length;
    let total = 1 + rows.process_steps + rows.people;
    let generated = total;

    // CSV per table, flushed in foreign-key order. The COPY of one round runs while
    // the next round is generated (PostgreSQL works in its own process meanwhile);
    // at most two rounds are in memory.
    const empty = () => DEMO_BATCH_TABLES.map(() => new CsvBuffer());
    let buffers = empty();
    let buffered = 0;
    let bufferedBytes = 0;
    let pending: Promise<void> = Promise.resolve();
    let copyMs = 0;
    let waitMs = 0;
    const waitForCopy = async () => {
      const t = performance.now();
      await pending;
      waitMs += performance.now() - t;
    };
    const flush = async () => {
      await waitForCopy();
      const round = buffers;
      buffers = empty();
      buffered = 0;
      bufferedBytes = 0;
      pending = (async () => {
        for (const [i, t] of DEMO_BATCH_TABLES.entries()) {
          const lines = round[i].lines;
          if (lines === 0) continue;
          const t0 = performance.now();
          await tx.copyCsv(t.table, t.columns, round[i].take());
          copyMs += performance.now() - t0;
          rows[t.table] = (rows[t.table] ?? 0) + lines;
          total += lines;
        }
      })();
      pending.catch(() => {}); // awaited at the next flush; do not report it as unhandled meanwhile
    };

    let done = 0;
    // After each seller the event loop gets a turn, so the previous round's COPY goes on
    // while the next sellers are generated: on PostgreSQL the socket drains only then,
    // and on PGlite the worker's answer for one table starts the next. Without it, the
    // COPY stalled once the socket's buffer was full until the round's end (issue 14).
    for (const batch of plan.bySeller()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!batch) continue;
      for (const [i, t] of DEMO_BATCH_TABLES.entries()) {
        const items = batch[BATCH_KEYS[t.table]] as unknown[];
        const buf = buffers[i];
        for (const item of items) {
          const row = t.table === "quotas" ? { ...(item as object), updatedAt: asOf } : item;
          buf.push(csvLine(t as CopyTable<unknown>, orgId, row));
        }
        buffered += items.length;
        generated += items.length;
      }
      bufferedBytes = buffers.reduce((sum, b) => sum + b.bytes, 0);
      done++;
      if (buffered >= flushRows || bufferedBytes >= flushBytes) await flush();
      opts.onProgress?.({ done, total: plan.sellers.length, rows: generated });
    }
    await flush();
    await waitForCopy();
    for (const t of DEMO_BATCH_TABLES) rows[t.table] ??= 0;
    const loaded = ["people", "process_steps", ...DEMO_BATCH_TABLES.map((t) => t.table)];
    let t0 = performance.now();
    const phases = {
      load: t0 - started,
      copy: copyMs,
      wait: waitMs,
      indexes: 0,
      minima: 0,
      analyze: 0,
      verify: 0,
    };
    const lap = (k: keyof typeof phases) => {
      const t = performance.now();
      phases[k] += t - t0;
      t0 = t;
    };
    // After the load, the derived state, in this order: the indexes dropped for the load,
    // fresh statistics, then the derived tables filled set-based from the loaded rows
    // (deal_step_minima; any other table kept by triggers on these goes here too).
    await rebuildIndexes(tx, dropped);
    lap("indexes");
    // Every table written gets fresh statistics (the planner would otherwise plan the
    // fill and the first reports on another organisation's, or migration time's):
    // the loaded ones before the fill reads them, deal_step_minima after it (issue 14:
    // the quad took 5.3 s right after a demo with its statistics from migration time).
    await analyzeTables(tx, ["organisations", ...loaded]);
    lap("analyze");
    await fillDealStepMinima(tx, orgId);
    lap("minima");
    await analyzeTables(tx, ["deal_step_minima"]);
    lap("analyze");
    if (triggersOff) {
      await verifyForeignKeys(tx, orgId, loaded);
      await restoreTriggers(tx);
      lap("verify");
    }

    rows.candidates = await addDemoBench(tx, orgId, plan.people, plan.options.asOf); // hiring (issue 15)
    // The accountability loop: the last reviews' commitments, checked as the job would have.
    rows.commitments = await addDemoCommitments(tx, orgId, plan.org.timeZone, plan.options.asOf);
    // Coaching: each manager's sessions with their people, on the steps they are weak at.
    rows.coaching_sessions = await addDemoCoaching(
      tx,
      orgId,
      planDemoCoaching(plan.sellers, plan.options.asOf, plan.options.seed),
      new Map(plan.people.map((p) => [p.id, p.name])),
      plan.org.timeZone,
      plan.options.asOf,
    );
    const byEmail = new Map(plan.people.map((p) => [p.email, p]));
    return {
      orgId,
      slug: plan.org.slug,
      replaced,
      foreignKeys: triggersOff ? "verified" : "triggers",
      indexes: dropped.length > 0 ? "rebuilt" : "kept",
      rows,
      totalRows: total,
      elapsedMs: performance.now() - started,
      phases,
      password: DEMO_PASSWORD,
      signIns: DEMO_SIGN_INS.map((email) => {
        const p = byEmail.get(email)!;
        return { email, role: p.role, name: p.name };
      }),
    };
  });
  // A big organisation's organisation-wide figures start from a checkpoint as of the demo's asOf.
  await checkpointAfterBulkWrite(handle.db, summary.orgId, plan.options.asOf);
  return summary;
}
