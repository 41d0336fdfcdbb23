/**
 * SQL for the demo organisation: one transaction over a single connection
 * (`withBulkTransaction`) in which rows are bulk-loaded with COPY … FORMAT csv —
 * pg-copy-streams `COPY … FROM STDIN` on PostgreSQL, `COPY … FROM '/dev/blob'`
 * on PGlite. Multi-row INSERT is 3–7× slower (architecture.md).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Transaction } from "@electric-sql/pglite";
import { from as copyFrom } from "pg-copy-streams";
import type {
  DemoAccount,
  DemoActivity,
  DemoContact,
  DemoDeal,
  DemoDealStep,
  DemoOrg,
  DemoPerson,
  DemoQuota,
  DemoReview,
  DemoTimeEntry,
} from "../domain/demo.js";
import { DEFAULT_EXIT_CRITERIA, STEP_KEYS, STEP_NAMES } from "../domain/steps.js";
import type { DbHandle } from "./client.js";

/** One connection inside one transaction, with raw SQL and CSV COPY. */
export interface BulkTx {
  readonly kind: DbHandle["kind"];
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Loads CSV lines (no header) into `table (columns)`. */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<void>;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier: ${name}`);
  return name;
}

function copySql(table: string, columns: readonly string[], source: string): string {
  return `COPY ${ident(table)} (${columns.map(ident).join(", ")}) FROM ${source} WITH (FORMAT csv)`;
}

/** Runs `fn` in one transaction on one connection; rolls back everything if it throws. */
export async function withBulkTransaction<T>(handle: DbHandle, fn: (tx: BulkTx) => Promise<T>): Promise<T> {
  if (handle.pool) {
    const client = await handle.pool.connect();
    const tx: BulkTx = {
      kind: "postgres",
      query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
      copyCsv: async (table, columns, csv) => {
        const stream = client.query(copyFrom(copySql(table, columns, "STDIN")));
        await pipeline(Readable.from([csv]), stream);
      },
    };
    try {
      await client.query("BEGIN");
      const result = await fn(tx);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
  const pglite = handle.pglite;
  if (!pglite) throw new Error("database handle has neither a pool nor a PGlite instance");
  return pglite.transaction(async (t: Transaction) => {
    const tx: BulkTx = {
      kind: "pglite",
      query: async <R>(text: string, params?: unknown[]) => (await t.query<R>(text, params)).rows,
      copyCsv: async (table, columns, csv) => {
        await t.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
      },
    };
    return fn(tx);
  });
}

// ---------------------------------------------------------------- CSV

type Cell = string | number | boolean | null;

const NEEDS_QUOTE = /[",\r\n]/;

function cell(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "t" : "f";
  // An empty string must be quoted, or COPY reads it as NULL.
  if (v === "" || NEEDS_QUOTE.test(v)) return `"${v.replaceAll('"', '""')}"`;
  return v;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A table the demo loads: its columns and how one generated row maps to them. */
export interface CopyTable<R> {
  table: string;
  columns: readonly string[];
  cells(orgId: string, r: R): Cell[];
}

export function csvLine<R>(t: CopyTable<R>, orgId: string, r: R): string {
  const cells = t.cells(orgId, r);
  let s = cell(cells[0]);
  for (let i = 1; i < cells.length; i++) s += `,${cell(cells[i])}`;
  return `${s}\n`;
}

export const PEOPLE_TABLE: CopyTable<DemoPerson & { passwordHash: string }> = {
  table: "people",
  columns: [
    "org_id",
    "id",
    "email",
    "name",
    "role",
    "manager_id",
    "team",
    "password_hash",
    "active",
    "created_at",
  ],
  cells: (org, p) => [
    org,
    p.id,
    p.email,
    p.name,
    p.role,
    p.managerId,
    p.team,
    p.passwordHash,
    true,
    iso(p.createdAt),
  ],
};

export const ACCOUNTS_TABLE: CopyTable<DemoAccount> = {
  table: "accounts",
  columns: ["org_id", "id", "name", "owner_id", "industry", "created_at"],
  cells: (org, a) => [org, a.id, a.name, a.ownerId, a.industry, iso(a.createdAt)],
};

export const CONTACTS_TABLE: CopyTable<DemoContact> = {
  table: "contacts",
  columns: [
    "org_id",
    "id",
    "email",
    "name",
    "owner_id",
    "account_id",
    "lead_source",
    "status",
    "customer",
    "created_at",
  ],
  cells: (org, c) => [
    org,
    c.id,
    c.email,
    c.name,
    c.ownerId,
    c.accountId,
    c.leadSource,
    c.status,
    c.customer,
    iso(c.createdAt),
  ],
};

export const DEALS_TABLE: CopyTable<DemoDeal> = {
  table: "deals",
  columns: [
    "org_id",
    "id",
    "name",
    "owner_id",
    "account_id",
    "contact_id",
    "value",
    "product",
    "lead_source",
    "prospecting_method",
    "expected_close",
    "status",
    "closed_at",
    "lost_reason",
    "current_step",
    "step_entered_at",
    "created_at",
    "updated_at",
  ],
  cells: (org, d) => [
    org,
    d.id,
    d.name,
    d.ownerId,
    d.accountId,
    d.contactId,
    d.value,
    d.product,
    d.leadSource,
    d.prospectingMethod,
    d.expectedClose,
    d.status,
    isoOrNull(d.closedAt),
    d.lostReason,
    d.currentStep,
    iso(d.stepEnteredAt),
    iso(d.createdAt),
    iso(d.updatedAt),
  ],
};

export const DEAL_STEPS_TABLE: CopyTable<DemoDealStep> = {
  table: "deal_steps",
  columns: [
    "org_id",
    "deal_id",
    "step",
    "entered_at",
    "recorded_at",
    "recorded_by",
    "skipped",
    "backfilled",
    "source",
  ],
  cells: (org, s) => [
    org,
    s.dealId,
    s.step,
    iso(s.enteredAt),
    iso(s.recordedAt),
    s.recordedBy,
    `{${s.skipped.join(",")}}`,
    false,
    "app",
  ],
};

export const ACTIVITIES_TABLE: CopyTable<DemoActivity> = {
  table: "activities",
  columns: [
    "org_id",
    "id",
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
    "created_at",
  ],
  cells: (org, a) => [
    org,
    a.id,
    a.ownerId,
    a.kind,
    a.step,
    a.dealId,
    a.contactId,
    isoOrNull(a.scheduledFor),
    isoOrNull(a.doneAt),
    isoOrNull(a.loggedAt),
    a.durationMinutes,
    a.outcome,
    iso(a.createdAt),
  ],
};

export const QUOTAS_TABLE: CopyTable<DemoQuota & { updatedAt: number }> = {
  table: "quotas",
  columns: ["org_id", "person_id", "period", "amount", "updated_at"],
  cells: (org, q) => [org, q.personId, q.period, q.amount, iso(q.updatedAt)],
};

export const TIME_ENTRIES_TABLE: CopyTable<DemoTimeEntry> = {
  table: "time_entries",
  columns: ["org_id", "id", "person_id", "date", "category", "minutes", "created_at"],
  cells: (org, t) => [org, t.id, t.personId, t.date, t.category, t.minutes, `${t.date}T18:00:00Z`],
};

export const REVIEWS_TABLE: CopyTable<DemoReview> = {
  table: "reviews",
  columns: ["org_id", "id", "person_id", "manager_id", "held_at", "notes", "created_at"],
  cells: (org, r) => [org, r.id, r.personId, r.managerId, iso(r.heldAt), r.notes, iso(r.heldAt)],
};

/** The tables loaded per seller batch, in foreign-key order. */
export const DEMO_BATCH_TABLES = [
  ACCOUNTS_TABLE,
  CONTACTS_TABLE,
  DEALS_TABLE,
  DEAL_STEPS_TABLE,
  ACTIVITIES_TABLE,
  QUOTAS_TABLE,
  TIME_ENTRIES_TABLE,
  REVIEWS_TABLE,
] as const;

/** Every table a demo organisation has rows in (for counts). */
export const DEMO_TABLE_NAMES = [
  "organisations",
  "process_steps",
  "people",
  ...DEMO_BATCH_TABLES.map((t) => t.table),
] as const;

// ---------------------------------------------------------------- statements

/** Deletes the organisation with this slug; ON DELETE CASCADE removes everything it owns. */
export async function deleteOrgBySlug(tx: BulkTx, slug: string): Promise<boolean> {
  const r = await tx.query<{ id: string }>("DELETE FROM organisations WHERE slug = $1 RETURNING id", [slug]);
  return r.length > 0;
}

export async function insertDemoOrg(tx: BulkTx, org: DemoOrg): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO organisations (slug, name, time_zone, currency, is_demo, created_at)
     VALUES ($1, $2, $3, $4, true, $5) RETURNING id`,
    [org.slug, org.name, org.timeZone, org.currency, iso(org.createdAt)],
  );
  return r[0].id;
}

/** The 7 steps with their default names and exit criteria (src/domain/steps.ts). */
export async function insertProcessSteps(tx: BulkTx, orgId: string): Promise<number> {
  const params: unknown[] = [orgId];
  const values = STEP_KEYS.map((key, i) => {
    params.push(i + 1, key, STEP_NAMES[key], DEFAULT_EXIT_CRITERIA[key]);
    const b = params.length - 4;
    return `($1, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4})`;
  });
  await tx.query(
    `INSERT INTO process_steps (org_id, step, key, name, exit_criteria) VALUES ${values.join(", ")}`,
    params,
  );
  return STEP_KEYS.length;
}

/** Rows per table for one organisation (`organisations` counts the org itself). */
export async function countOrgRows(tx: BulkTx, orgId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of DEMO_TABLE_NAMES) {
    const col = t === "organisations" ? "id" : "org_id";
    const r = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t)} WHERE ${col} = $1`, [
      orgId,
    ]);
    out[t] = r[0].n;
  }
  return out;
}
