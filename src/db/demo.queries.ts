/**
 * SQL for the demo organisation: one transaction over a single connection
 * (`withBulkTransaction`) in which rows are bulk-loaded with COPY … FORMAT csv —
 * pg-copy-streams `COPY … FROM STDIN` on PostgreSQL, `COPY … FROM '/dev/blob'`
 * on PGlite. Multi-row INSERT is 3–7× slower (architecture.md).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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
import type { PgliteTx } from "./pglite-proxy.js";

/** One connection inside one transaction, with raw SQL and CSV COPY. */
export interface BulkTx {
  readonly kind: DbHandle["kind"];
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Loads CSV lines (no header) into `table (columns)`. */
  copyCsv(table: string, columns: readonly string[], csv: string | readonly Buffer[]): Promise<void>;
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
        await pipeline(Readable.from(typeof csv === "string" ? [csv] : csv), stream);
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
  return pglite.transaction(async (t: PgliteTx) => {
    const tx: BulkTx = {
      kind: "pglite",
      query: async <R>(text: string, params?: unknown[]) => (await t.query<R>(text, params)).rows,
      copyCsv: async (table, columns, csv) => {
        const parts = typeof csv === "string" ? [csv] : (csv as Buffer[]);
        await t.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob(parts as BlobPart[]) });
      },
    };
    return fn(tx);
  });
}

// ---------------------------------------------------------------- CSV

const CHUNK_BYTES = 4 << 20;

/**
 * CSV lines encoded straight into UTF-8 buffers: memory is the bytes of the
 * CSV, not a rope of millions of small strings (which ran a 300 MB heap out of
 * memory at 1,000 people).
 */
export class CsvBuffer {
  private chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  lines = 0;
  bytes = 0;

  push(line: string): void {
    const max = line.length * 3; // UTF-8 worst case for UTF-16 code units
    if (this.pos + max > this.current.length) {
      if (this.pos > 0) this.chunks.push(this.current.subarray(0, this.pos));
      this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, max));
      this.pos = 0;
    }
    const n = this.current.write(line, this.pos, "utf8");
    this.pos += n;
    this.bytes += n;
    this.lines++;
  }

  /** The encoded lines so far; the buffer starts empty again. */
  take(): Buffer[] {
    const out = this.chunks;
    if (this.pos > 0) out.push(this.current.subarray(0, this.pos));
    this.chunks = [];
    this.current = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
    this.lines = 0;
    this.bytes = 0;
    return out;
  }
}

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

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let cachedDay = Number.NaN;
let cachedDayText = "";

/** ISO-8601 UTC (`2026-11-15T12:00:00.000Z`); ~5× faster than Date#toISOString for millions of rows. */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  let r = ms - day * DAY_MS;
  const milli = r % 1000;
  r = (r - milli) / 1000;
  const sec = r % 60;
  r = (r - sec) / 60;
  const min = r % 60;
  const hour = (r - min) / 60;
  return `${cachedDayText}T${PAD2[hour]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}Z`;
}
/** A non-null text cell. */
const text = (v: string) => cell(v);
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A table the demo loads: its columns and how one generated row maps to them. */
export interface CopyTable<R> {
  table: string;
  columns: readonly string[];
  cells(orgId: string, r: R): Cell[];
  /** A hand-written equivalent of `cells` for the big tables (tested to give the same line). */
  line?(orgId: string, r: R): string;
}

export function csvLine<R>(t: CopyTable<R>, orgId: string, r: R): string {
  return t.line ? t.line(orgId, r) : csvLineOfCells(t, orgId, r);
}

/** The generic serialisation through `cells`. */
export function csvLineOfCells<R>(t: CopyTable<R>, orgId: string, r: R): string {
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
  line: (org, d) =>
    `${org},${d.id},${text(d.name)},${d.ownerId},${d.accountId},${d.contactId},${d.value},${text(d.product)},${text(d.leadSource)},${text(d.prospectingMethod)},${d.expectedClose ?? ""},${d.status},${d.closedAt === null ? "" : iso(d.closedAt)},${d.lostReason === null ? "" : text(d.lostReason)},${d.currentStep},${iso(d.stepEnteredAt)},${iso(d.createdAt)},${iso(d.updatedAt)}\n`,
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
  line: (org, s) =>
    `${org},${s.dealId},${s.step},${iso(s.enteredAt)},${iso(s.recordedAt)},${s.recordedBy},${s.skipped.length === 0 ? "{}" : s.skipped.length === 1 ? `{${s.skipped[0]}}` : `"{${s.skipped.join(",")}}"`},f,app\n`,
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
  line: (org, a) =>
    `${org},${a.id},${a.ownerId},${a.kind},${a.step},${a.dealId ?? ""},${a.contactId ?? ""},${a.scheduledFor === null ? "" : iso(a.scheduledFor)},${a.doneAt === null ? "" : iso(a.doneAt)},${a.loggedAt === null ? "" : iso(a.loggedAt)},${a.durationMinutes},${a.outcome === null ? "" : text(a.outcome)},${iso(a.createdAt)}\n`,
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

/** Multi-row inserts of a few thousand parameters per statement (the demo's small tables: hiring, commitments). */
export async function insertRows(
  tx: BulkTx,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const per = Math.max(1, Math.floor(4000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values = chunk.map(
      (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`,
    );
    await tx.query(
      `insert into ${ident(table)} (${columns.map(ident).join(", ")}) values ${values.join(", ")}`,
      chunk.flat(),
    );
  }
}

/** Inbox lines written by the demo: [id, org_id, person_id, kind, title, link, key, created_at, read_at]. */
export function insertDemoNotifications(tx: BulkTx, rows: unknown[][]): Promise<void> {
  return insertRows(
    tx,
    "notifications",
    ["id", "org_id", "person_id", "kind", "title", "link", "key", "created_at", "read_at"],
    rows,
  );
}

/** Jobs scheduled by the demo: [org_id, kind, key, payload (JSON text), run_at]. */
export function insertDemoJobs(tx: BulkTx, rows: unknown[][]): Promise<void> {
  return insertRows(tx, "jobs", ["org_id", "kind", "key", "payload", "run_at"], rows);
}

/**
 * Switches off triggers for the rest of the transaction (`session_replication_role
 * = replica`, as pg_restore --disable-triggers does), which skips the per-row
 * foreign-key triggers. Only when this role may set it (superuser: always on
 * PGlite) and the schema has no user-defined trigger that would be skipped
 * silently (triggers set ENABLE ALWAYS, like those maintaining
 * deal_step_minima, still fire). Returns false, changing nothing, otherwise.
 *
 * Why: several foreign keys have no index on the referencing side
 * (contacts.account_id, deals.account_id, deals.contact_id, accounts.owner_id),
 * so ON DELETE CASCADE of a large organisation runs one scan per deleted row —
 * quadratic: 321 s for a 200-person demo on PostgreSQL 15. With triggers off the
 * rows are deleted table by table, and after loading `verifyForeignKeys` checks
 * every foreign key with one anti-join per constraint instead of a lookup per row.
 */
export async function bypassTriggers(tx: BulkTx): Promise<boolean> {
  const user = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace ns ON ns.oid = c.relnamespace
     WHERE NOT t.tgisinternal AND t.tgenabled <> 'A' AND ns.nspname = current_schema()`,
  );
  if (user[0].n > 0) return false;
  await tx.query("SAVEPOINT demo_bypass");
  try {
    await tx.query("SET LOCAL session_replication_role = replica");
    await tx.query("RELEASE SAVEPOINT demo_bypass");
    return true;
  } catch {
    await tx.query("ROLLBACK TO SAVEPOINT demo_bypass");
    return false;
  }
}

export async function restoreTriggers(tx: BulkTx): Promise<void> {
  await tx.query("SET LOCAL session_replication_role = origin");
}

/** Every table holding organisation rows (those with an `org_id` column). */
async function orgTables(tx: BulkTx): Promise<string[]> {
  const r = await tx.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'org_id' AND t.table_type = 'BASE TABLE'
     ORDER BY 1`,
  );
  return r.map((x) => x.table_name);
}

/**
 * Deletes the organisation with this slug and everything it owns. With triggers
 * on, ON DELETE CASCADE does it; with triggers bypassed (no cascade), every
 * organisation table is emptied of the org's rows explicitly.
 */
export async function deleteOrgBySlug(tx: BulkTx, slug: string, triggersOff: boolean): Promise<boolean> {
  if (!triggersOff) {
    const r = await tx.query<{ id: string }>("DELETE FROM organisations WHERE slug = $1 RETURNING id", [
      slug,
    ]);
    return r.length > 0;
  }
  const org = await tx.query<{ id: string }>("SELECT id FROM organisations WHERE slug = $1", [slug]);
  if (org.length === 0) return false;
  for (const t of await orgTables(tx))
    await tx.query(`DELETE FROM ${ident(t)} WHERE org_id = $1`, [org[0].id]);
  await tx.query("DELETE FROM organisations WHERE id = $1", [org[0].id]);
  return true;
}

interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  child_cols: string[];
  parent_cols: string[];
}

/**
 * Checks every foreign key of the given tables for this organisation's rows with
 * one anti-join per constraint (MATCH SIMPLE: a row with a null key column is
 * not checked). Throws naming the constraint when a row has no parent.
 */
export async function verifyForeignKeys(
  tx: BulkTx,
  orgId: string,
  tables: readonly string[],
): Promise<number> {
  const fks = await tx.query<ForeignKey>(
    `SELECT con.conname::text AS name, cl.relname::text AS child, pcl.relname::text AS parent,
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.i) AS child_cols,
       array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i) AS parent_cols
     FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_class pcl ON pcl.oid = con.confrelid
       JOIN pg_namespace ns ON ns.oid = cl.relnamespace
     WHERE con.contype = 'f' AND ns.nspname = current_schema() AND cl.relname = ANY($1::text[])
     ORDER BY 2, 1`,
    [tables],
  );
  // Fresh rows have stale statistics; a nested loop over them would be quadratic.
  const prev = await tx.query<{ v: string }>("SELECT current_setting('enable_nestloop') AS v");
  await tx.query("SELECT set_config('enable_nestloop', 'off', true)");
  for (const fk of fks) {
    const notNull = fk.child_cols.map((c) => `c.${ident(c)} IS NOT NULL`).join(" AND ");
    const match = fk.child_cols.map((c, i) => `p.${ident(fk.parent_cols[i])} = c.${ident(c)}`).join(" AND ");
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${ident(fk.child)} c
       WHERE c.org_id = $1 AND ${notNull} AND NOT EXISTS (SELECT 1 FROM ${ident(fk.parent)} p WHERE ${match})`,
      [orgId],
    );
    if (r[0].n > 0)
      throw new Error(
        `demo rows violate foreign key ${fk.name}: ${r[0].n} ${fk.child} rows without a parent`,
      );
  }
  await tx.query("SELECT set_config('enable_nestloop', $1, true)", [prev[0].v]);
  return fks.length;
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

/**
 * When the database holds no organisation but `orgId`, drops the secondary
 * indexes of `tables` — those backing no constraint (primary keys, unique
 * constraints and the foreign keys' targets stay) — and returns their
 * definitions for `rebuildIndexes` after the load, as pg_restore loads data
 * before it builds indexes: one sorted build per index instead of one insertion
 * per row into each of them (indexes were ~half of the writer's COPY time, issue
 * 14). Unique indexes among them are checked when rebuilt: a duplicate fails the
 * transaction. DROP INDEX locks the tables until the transaction ends, so other
 * sessions' reads of them wait meanwhile — hence only when nobody else's data is
 * there. Returns [] (nothing dropped) otherwise or when this role may not drop
 * them.
 */
export async function dropSecondaryIndexes(
  tx: BulkTx,
  orgId: string,
  tables: readonly string[],
): Promise<string[]> {
  const others = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM organisations WHERE id <> $1 LIMIT 1) o",
    [orgId],
  );
  if (others[0].n > 0) return [];
  const idx = await tx.query<{ name: string; def: string }>(
    `SELECT ci.relname::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       JOIN pg_class ci ON ci.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace ns ON ns.oid = t.relnamespace
     WHERE ns.nspname = current_schema() AND t.relname = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
    [tables],
  );
  if (idx.length === 0) return [];
  await tx.query("SAVEPOINT demo_indexes");
  try {
    for (const x of idx) await tx.query(`DROP INDEX ${ident(x.name)}`);
    await tx.query("RELEASE SAVEPOINT demo_indexes");
    return idx.map((x) => x.def);
  } catch {
    await tx.query("ROLLBACK TO SAVEPOINT demo_indexes");
    return [];
  }
}

/** Builds the indexes `dropSecondaryIndexes` dropped (their definitions as PostgreSQL printed them). */
export async function rebuildIndexes(tx: BulkTx, definitions: readonly string[]): Promise<void> {
  for (const def of definitions) await tx.query(def);
}

/** Refreshes planner statistics after a bulk load, so the first dashboards do not plan on empty-table estimates. */
export async function analyzeTables(tx: BulkTx, tables: readonly string[]): Promise<void> {
  await tx.query(`ANALYZE ${tables.map(ident).join(", ")}`);
}

/**
 * Defers the deal_step_minima triggers for the rest of the transaction (migration
 * 0007: they return at once while `stepwise.deal_step_minima` is `deferred`).
 * Per statement, the step-row trigger upserts the minima of the rows just loaded
 * over the row the deal trigger inserted: every deal's row written twice (7.8×
 * COPY at 1,000 people, issue 14). The caller must end with `fillDealStepMinima`
 * for every organisation it wrote, in the same transaction.
 */
export async function deferDealStepMinima(tx: BulkTx): Promise<void> {
  await tx.query("SELECT set_config('stepwise.deal_step_minima', 'deferred', true)");
}

/**
 * Stops logging the writes of the organisation with this slug, if it exists
 * (src/db/checkpoints.queries.ts): a writer that replaces it would otherwise log
 * the old image of every deal it deletes. Its checkpoints and log go with it.
 */
export async function stopDealStatsLogging(tx: BulkTx, slug: string): Promise<void> {
  for (const t of ["deal_stats_logging", "deal_stats_checkpoints", "deal_stats_log"])
    await tx.query(`DELETE FROM ${t} WHERE org_id IN (SELECT id FROM organisations WHERE slug = $1)`, [slug]);
}

const STEP_MINIMA = [
  "min(entered_at) AS m1",
  ...[2, 3, 4, 5, 6, 7].map((k) => `min(entered_at) FILTER (WHERE step >= ${k}) AS m${k}`),
  ...[1, 2, 3, 4, 5, 6, 7].map((k) => `min(entered_at) FILTER (WHERE step = ${k}) AS e${k}`),
].join(", ");
const MINIMA_COLS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "e1", "e2", "e3", "e4", "e5", "e6", "e7"];

/**
 * Fills deal_step_minima for every deal of a freshly written organisation in one
 * set-based statement — what the triggers would have left (the deal's columns, the
 * minima of its step rows in force; null without rows) — and switches the
 * triggers back on. The organisation must have no deal_step_minima rows yet (a
 * new organisation id); a leftover row fails the statement on the primary key.
 */
export async function fillDealStepMinima(tx: BulkTx, orgId: string): Promise<number> {
  // Hash joins whatever the statistics say: a nested loop over the per-deal aggregate
  // (planned on another organisation's statistics) took 40 s for 2,500 deals on PGlite.
  const prev = await tx.query<{ v: string }>("SELECT current_setting('enable_nestloop') AS v");
  await tx.query("SELECT set_config('enable_nestloop', 'off', true)");
  const r = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO deal_step_minima (org_id, deal_id, owner_id, value, status, closed_at, created_at, expected_close, ${MINIMA_COLS.join(", ")})
       SELECT d.org_id, d.id, d.owner_id, d.value, d.status, d.closed_at, d.created_at, d.expected_close, ${MINIMA_COLS.map((c) => `n.${c}`).join(", ")}
       FROM deals d
       LEFT JOIN (SELECT deal_id, ${STEP_MINIMA} FROM deal_steps_in_force WHERE org_id = $1 GROUP BY deal_id) n
         ON n.deal_id = d.id
       WHERE d.org_id = $1
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [orgId],
  );
  await tx.query("SELECT set_config('enable_nestloop', $1, true)", [prev[0].v]);
  await tx.query("SELECT set_config('stepwise.deal_step_minima', '', true)");
  return r[0].n;
}
