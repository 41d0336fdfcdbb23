/**
 * (Re)creates the demo organisation: generates it (src/domain/demo.ts) and
 * bulk-loads it with COPY in one transaction, seller by seller, flushing every
 * `flushRows` rows so memory stays flat from 5 people to 5,000.
 */
import type { DbHandle } from "../db/client.js";
import {
  type CopyTable,
  countOrgRows,
  csvLine,
  DEMO_BATCH_TABLES,
  deleteOrgBySlug,
  insertDemoOrg,
  insertProcessSteps,
  PEOPLE_TABLE,
  withBulkTransaction,
} from "../db/demo.queries.js";
import { DEMO_PASSWORD, type DemoBatch, type DemoOptions, generateDemo } from "../domain/demo.js";
import { AppError } from "../domain/errors.js";
import { hashPassword } from "./passwords.js";

export interface DemoProgress {
  /** Sellers (managers and salespeople) written so far, of `total`. */
  done: number;
  total: number;
  /** Rows written so far, all tables. */
  rows: number;
}

export interface CreateDemoOptions extends DemoOptions {
  /** A ready Argon2 hash of the demo password (hashing is slow; tests reuse one). */
  passwordHash?: string;
  /** Rows buffered before a COPY round (default 100,000). */
  flushRows?: number;
  onProgress?: (p: DemoProgress) => void;
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
  /** Rows written per table. */
  rows: Record<string, number>;
  totalRows: number;
  elapsedMs: number;
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
  const passwordHash = opts.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  const asOf = plan.options.asOf.getTime();

  return withBulkTransaction(handle, async (tx) => {
    const replaced = await deleteOrgBySlug(tx, plan.org.slug);
    const orgId = await insertDemoOrg(tx, plan.org);
    const rows: Record<string, number> = { organisations: 1 };
    rows.process_steps = await insertProcessSteps(tx, orgId);

    let csv = "";
    for (const p of plan.people) csv += csvLine(PEOPLE_TABLE, orgId, { ...p, passwordHash });
    await tx.copyCsv(PEOPLE_TABLE.table, PEOPLE_TABLE.columns, csv);
    rows.people = plan.people.length;
    let total = 1 + rows.process_steps + rows.people;

    // Buffered CSV per table, flushed in foreign-key order.
    const buffers = new Map<CopyTable<any>, string[]>(DEMO_BATCH_TABLES.map((t) => [t, []]));
    let buffered = 0;
    const flush = async () => {
      for (const t of DEMO_BATCH_TABLES) {
        const lines = buffers.get(t)!;
        if (lines.length === 0) continue;
        await tx.copyCsv(t.table, t.columns, lines.join(""));
        rows[t.table] = (rows[t.table] ?? 0) + lines.length;
        total += lines.length;
        buffers.set(t, []);
      }
      buffered = 0;
    };

    let done = 0;
    for (const batch of plan.batches()) {
      for (const t of DEMO_BATCH_TABLES) {
        const lines = buffers.get(t)!;
        const items = batch[BATCH_KEYS[t.table]] as unknown[];
        for (const item of items) {
          const row = t.table === "quotas" ? { ...(item as object), updatedAt: asOf } : item;
          lines.push(csvLine(t as CopyTable<unknown>, orgId, row));
        }
        buffered += items.length;
      }
      done++;
      if (buffered >= flushRows) await flush();
      opts.onProgress?.({ done, total: plan.sellers.length, rows: total + buffered });
    }
    await flush();
    for (const t of DEMO_BATCH_TABLES) rows[t.table] ??= 0;

    const byEmail = new Map(plan.people.map((p) => [p.email, p]));
    return {
      orgId,
      slug: plan.org.slug,
      replaced,
      rows,
      totalRows: total,
      elapsedMs: performance.now() - started,
      password: DEMO_PASSWORD,
      signIns: DEMO_SIGN_INS.map((email) => {
        const p = byEmail.get(email)!;
        return { email, role: p.role, name: p.name };
      }),
    };
  });
}

/** Rows per table as stored for an organisation (for checks and summaries). */
export async function countDemoRows(handle: DbHandle, orgId: string): Promise<Record<string, number>> {
  return withBulkTransaction(handle, (tx) => countOrgRows(tx, orgId));
}
