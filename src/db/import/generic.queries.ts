/**
 * The SQL of the bulk import (src/services/import.service.ts): one transaction on
 * one connection, TEMP staging tables loaded with COPY (PGlite: `/dev/blob`;
 * PostgreSQL: pg-copy-streams `FROM STDIN`), then set-based validation queries
 * and INSERT … SELECT … ON CONFLICT upserts.
 *
 * Raw SQL on a raw connection (not Drizzle) because COPY needs PGlite's `blob`
 * option and a PostgreSQL transaction must stay on one pooled client. Table and
 * column names in the SQL text come from the constants below, never from input.
 * The connection also carries a Drizzle handle on the same transaction (`db`),
 * so the import reuses the feature queries (the organisation: orgs.queries.ts).
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DbHandle, DbOrTx } from "../client.js";
import type { PgliteTx } from "../pglite-proxy.js";
import * as schema from "../schema.js";

export type FileKind =
  | "people"
  | "contacts"
  | "quotas"
  | "deals"
  | "deal_steps"
  | "activities"
  | "time_entries";

export type StagedValue = string | number | boolean | null;

/** Staging columns per file: the CSV column names, typed; every table also has `line`. */
export const STAGING: Record<FileKind, [column: string, sqlType: string][]> = {
  people: [
    ["email", "text"],
    ["name", "text"],
    ["role", "text"],
    ["manager_email", "text"],
    ["team", "text"],
  ],
  contacts: [
    ["email", "text"],
    ["name", "text"],
    ["owner_email", "text"],
    ["account", "text"],
    ["lead_source", "text"],
    ["status", "text"],
    ["customer", "boolean"],
  ],
  quotas: [
    ["email", "text"],
    ["period", "text"],
    ["amount", "numeric(14,2)"],
  ],
  deals: [
    ["external_id", "text"],
    ["name", "text"],
    ["owner_email", "text"],
    ["value", "numeric(14,2)"],
    ["created_at", "timestamptz"],
    ["account", "text"],
    ["product", "text"],
    ["lead_source", "text"],
    ["prospecting_method", "text"],
    ["expected_close", "date"],
    ["status", "text"],
    ["closed_at", "timestamptz"],
    ["lost_reason", "text"],
  ],
  deal_steps: [
    ["deal_external_id", "text"],
    ["step", "smallint"],
    ["entered_at", "timestamptz"],
  ],
  activities: [
    ["external_id", "text"],
    ["owner_email", "text"],
    ["kind", "text"],
    ["step", "smallint"],
    ["deal_external_id", "text"],
    ["contact_email", "text"],
    ["scheduled_for", "timestamptz"],
    ["done_at", "timestamptz"],
    ["logged_at", "timestamptz"],
    ["duration_minutes", "integer"],
    ["outcome", "text"],
  ],
  time_entries: [
    ["email", "text"],
    ["date", "date"],
    ["category", "text"],
    ["minutes", "integer"],
  ],
};

export const FILE_KINDS = Object.keys(STAGING) as FileKind[];

const stg = (kind: FileKind) => `stg_${kind}`;

/** A connection inside the import's transaction. */
export interface ImportConn {
  kind: "pglite" | "postgres";
  /** Drizzle on this same connection and transaction (no transaction of its own inside). */
  db: DbOrTx;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Appends rows (values in STAGING order, after `line`) to a staging table. */
  load(kind: FileKind, rows: StagedValue[][]): Promise<void>;
  /**
   * Streams lines of COPY csv (`line`, then the STAGING columns; unquoted empty =
   * NULL) into a staging table. Nothing else may run on the connection until
   * `end()` has resolved (PostgreSQL: one COPY … FROM STDIN for the whole stream).
   */
  copyIn(kind: FileKind): StagingWriter;
}

export interface StagingWriter {
  /** Resolves once the chunk may be followed by the next (backpressure), not when it is stored. */
  write(csv: string): Promise<void>;
  /** Finishes the COPY; rejects with the database's error if it failed. */
  end(): Promise<void>;
}

class Rollback extends Error {}

function copySql(kind: FileKind, source: string): string {
  const cols = ["line", ...STAGING[kind].map((c) => c[0])].join(", ");
  return `COPY ${stg(kind)} (${cols}) FROM ${source} WITH (FORMAT csv)`;
}

/** PGlite: COPY from an in-memory blob, 4 MB at a time (the engine is in-process, so nothing overlaps anyway). */
function pgliteWriter(tx: PgliteTx, kind: FileKind): StagingWriter {
  let parts: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const blob = new Blob(parts);
    parts = [];
    size = 0;
    await tx.query(copySql(kind, "'/dev/blob'"), [], { blob });
  };
  return {
    write: async (csv) => {
      parts.push(csv);
      size += csv.length;
      if (size >= 4 << 20) await flush();
    },
    end: flush,
  };
}

/** PostgreSQL: one COPY … FROM STDIN (pg-copy-streams) per stream; the server stores while the caller parses. */
function postgresWriter(client: pg.PoolClient, kind: FileKind): StagingWriter {
  let stream: Writable | undefined;
  let done: Promise<void> | undefined;
  let failed: Error | undefined;
  const open = () => {
    const s = client.query(copyFrom(copySql(kind, "STDIN")));
    done = new Promise<void>((res, rej) => {
      s.on("finish", res);
      s.on("error", (e: Error) => {
        failed = e;
        rej(e);
      });
    });
    done.catch(() => {}); // observed by write()/end()
    stream = s;
    return s;
  };
  return {
    write: async (csv) => {
      if (failed) throw failed;
      const s = stream ?? open();
      if (!s.write(csv)) await Promise.race([once(s, "drain"), done]);
      if (failed) throw failed;
    },
    end: async () => {
      if (!stream) return;
      if (!failed) stream.end();
      await done;
    },
  };
}

/**
 * Runs `fn` in one transaction on one connection; commits unless `rollback`
 * (dry run) or `fn` throws. Nothing is visible to others before the commit, and
 * a killed process leaves the database as it was.
 */
export async function withImportTransaction<T>(
  h: DbHandle,
  rollback: boolean,
  fn: (c: ImportConn) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  if (h.pglite) {
    const { drizzle } = await import("drizzle-orm/pglite");
    try {
      await h.pglite.transaction(async (tx) => {
        const conn: ImportConn = {
          kind: "pglite",
          // Drizzle's PGlite driver needs only `query` of the client outside a transaction of its own.
          db: drizzle(tx as unknown as PGlite, { schema }) as unknown as DbOrTx,
          query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
          load: async (kind, rows) => {
            const w = pgliteWriter(tx, kind);
            await w.write(rows.map(csvLine).join(""));
            await w.end();
          },
          copyIn: (kind) => pgliteWriter(tx, kind),
        };
        result = await fn(conn);
        if (rollback) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return result as T;
  }
  if (!h.pool) throw new Error("no database connection");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const client = await h.pool.connect();
  try {
    await client.query("BEGIN");
    const conn: ImportConn = {
      kind: "postgres",
      db: drizzle(client, { schema }) as unknown as DbOrTx,
      query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
      load: async (kind, rows) => {
        const w = postgresWriter(client, kind);
        await w.write(rows.map(csvLine).join(""));
        await w.end();
      },
      copyIn: (kind) => postgresWriter(client, kind),
    };
    result = await fn(conn);
    await client.query(rollback ? "ROLLBACK" : "COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    // Close this connection rather than keep it idle in the pool: the import's TEMP
    // tables and session settings die with it, and nothing lingers after a big import.
    client.release(true);
  }
}

function csvLine(row: StagedValue[]): string {
  // Unquoted empty = NULL in COPY's csv format; every value is quoted so "" stays an empty string.
  return `${row.map((v) => (v === null ? "" : `"${String(v).replaceAll('"', '""')}"`)).join(",")}\n`;
}

// ---------------------------------------------------------------- organisation

export interface ImportOrg {
  id: string;
  slug: string;
  timeZone: string;
  /** ISO 4217 code; amounts in another currency are refused (vendor imports). */
  currency: string;
  created: boolean;
}

/**
 * Serialises imports into one organisation (PostgreSQL; PGlite has one writer),
 * makes times without an offset mean the organisation's time zone, and gives
 * the transaction's sorts and hashes room.
 */
export async function prepareSession(c: ImportConn, org: ImportOrg): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtext('stepwise-import:' || $1::text))", [org.id]);
  await c.query("SELECT set_config('TimeZone', $1, true)", [org.timeZone]);
  // Sorts and hashes over a million staged rows stay in memory (PostgreSQL's default is 4 MB;
  // PGlite keeps its default: its memory is this process's).
  if (c.kind === "postgres") await c.query("SET LOCAL work_mem = '64MB'");
}

// ---------------------------------------------------------------- staging

export async function createStagingTables(c: ImportConn): Promise<void> {
  for (const kind of FILE_KINDS) {
    const cols = STAGING[kind].map(([n, t]) => `${n} ${t}`).join(", ");
    await c.query(`CREATE TEMP TABLE ${stg(kind)} (line integer NOT NULL, ${cols}) ON COMMIT DROP`);
  }
}

export async function analyzeStaging(c: ImportConn): Promise<void> {
  for (const kind of FILE_KINDS) await c.query(`ANALYZE ${stg(kind)}`);
}

// ---------------------------------------------------------------- validation

/** A problem found by SQL: the row's line, the column and the offending value. */
export interface RowProblem {
  kind: FileKind;
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

const KEYS: Record<FileKind, string[]> = {
  people: ["email"],
  contacts: ["email"],
  quotas: ["email", "period"],
  deals: ["external_id"],
  deal_steps: ["deal_external_id", "step"],
  activities: ["external_id"],
  time_entries: ["email", "date", "category"],
};

/** Rows whose key appeared on an earlier line of the same file. */
export async function duplicateKeys(c: ImportConn, limit: number): Promise<RowProblem[]> {
  const out: RowProblem[] = [];
  for (const kind of FILE_KINDS) {
    const key = KEYS[kind];
    const notNull = key.map((k) => `${k} IS NOT NULL`).join(" AND ");
    // Only the keys that occur twice get sorted (a hash aggregate finds them): usually none.
    const r = await c.query<{ line: number; first: number; value: string }>(
      `SELECT line, first, value FROM (
         SELECT line, min(line) OVER (PARTITION BY ${key.join(", ")}) AS first,
                concat_ws(' + ', ${key.map((k) => `${k}::text`).join(", ")}) AS value
         FROM ${stg(kind)}
         WHERE (${key.join(", ")}) IN (
           SELECT ${key.join(", ")} FROM ${stg(kind)} WHERE ${notNull}
           GROUP BY ${key.join(", ")} HAVING count(*) > 1)) d
       WHERE line <> first ORDER BY line LIMIT ${limit}`,
    );
    for (const x of r) {
      out.push({
        kind,
        line: x.line,
        column: key[0],
        value: x.value,
        reason: `duplicate key ${key.join("+")} (first on line ${x.first})`,
      });
    }
  }
  return out;
}

interface RefCheck {
  kind: FileKind;
  column: string;
  target: "person" | "deal" | "contact";
}

const REF_CHECKS: RefCheck[] = [
  { kind: "people", column: "manager_email", target: "person" },
  { kind: "contacts", column: "owner_email", target: "person" },
  { kind: "quotas", column: "email", target: "person" },
  { kind: "deals", column: "owner_email", target: "person" },
  { kind: "deal_steps", column: "deal_external_id", target: "deal" },
  { kind: "activities", column: "owner_email", target: "person" },
  { kind: "activities", column: "deal_external_id", target: "deal" },
  { kind: "activities", column: "contact_email", target: "contact" },
  { kind: "time_entries", column: "email", target: "person" },
];

const TARGETS = {
  person: { staging: "stg_people", stagingKey: "email", table: "people", key: "email", file: "people.csv" },
  deal: {
    staging: "stg_deals",
    stagingKey: "external_id",
    table: "deals",
    key: "external_id",
    file: "deals.csv",
  },
  contact: {
    staging: "stg_contacts",
    stagingKey: "email",
    table: "contacts",
    key: "email",
    file: "contacts.csv",
  },
};

/** References to a person, deal or contact that is neither in the files nor in the organisation. */
export async function missingReferences(c: ImportConn, orgId: string, limit: number): Promise<RowProblem[]> {
  const out: RowProblem[] = [];
  for (const ref of REF_CHECKS) {
    const t = TARGETS[ref.target];
    const r = await c.query<{ line: number; value: string }>(
      `SELECT s.line, s.${ref.column} AS value FROM ${stg(ref.kind)} s
       WHERE s.${ref.column} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ${t.staging} x WHERE x.${t.stagingKey} = s.${ref.column})
         AND NOT EXISTS (SELECT 1 FROM ${t.table} x WHERE x.org_id = $1 AND x.${t.key} = s.${ref.column})
       ORDER BY s.line LIMIT ${limit}`,
      [orgId],
    );
    for (const x of r) {
      out.push({
        kind: ref.kind,
        line: x.line,
        column: ref.column,
        value: x.value,
        reason: `no such ${ref.target} in ${t.file} or in the organisation`,
      });
    }
  }
  return out;
}

/** Checks between columns and files: closing before creation, steps before creation, step 7 unless won. */
export async function inconsistentRows(c: ImportConn, orgId: string, limit: number): Promise<RowProblem[]> {
  const out: RowProblem[] = [];
  const closed = await c.query<{ line: number; value: string; created: string }>(
    `SELECT line, closed_at::text AS value, created_at::text AS created FROM stg_deals
     WHERE closed_at < created_at ORDER BY line LIMIT ${limit}`,
  );
  for (const x of closed) {
    out.push({
      kind: "deals",
      line: x.line,
      column: "closed_at",
      value: x.value,
      reason: `closed before the deal was created (created_at ${x.created})`,
    });
  }
  // The deal as it will be after the import: the file's row if there is one, else the stored deal.
  const steps = await c.query<{
    line: number;
    value: string;
    created: string | null;
    status: string;
    step: number;
  }>(
    `SELECT s.line, s.step, s.entered_at::text AS value,
            coalesce(sd.created_at, d.created_at)::text AS created,
            coalesce(sd.status, d.status, 'open') AS status,
            (s.entered_at < coalesce(sd.created_at, d.created_at)) AS early
     FROM stg_deal_steps s
     LEFT JOIN stg_deals sd ON sd.external_id = s.deal_external_id
     LEFT JOIN deals d ON sd.external_id IS NULL AND d.org_id = $1 AND d.external_id = s.deal_external_id
     WHERE (s.entered_at < coalesce(sd.created_at, d.created_at))
        OR (s.step = 7 AND coalesce(sd.status, d.status) IS DISTINCT FROM 'won')
     ORDER BY s.line LIMIT ${limit}`,
    [orgId],
  );
  for (const x of steps as ((typeof steps)[number] & { early: boolean })[]) {
    if (x.early) {
      out.push({
        kind: "deal_steps",
        line: x.line,
        column: "entered_at",
        value: x.value,
        reason: `entered before the deal was created (created_at ${x.created})`,
      });
    }
    if (x.step === 7 && x.status !== "won") {
      out.push({
        kind: "deal_steps",
        line: x.line,
        column: "step",
        value: "relationship",
        reason: `only a won deal reaches relationship (7); this deal is ${x.status}`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- apply

export interface UpsertCount {
  inserted: number;
  updated: number;
}

async function counted(c: ImportConn, upsert: string, orgId: string): Promise<UpsertCount> {
  const [r] = await c.query<UpsertCount>(
    `WITH up AS (${upsert} RETURNING (xmax = 0) AS ins)
     SELECT count(*) FILTER (WHERE ins)::int AS inserted, count(*) FILTER (WHERE NOT ins)::int AS updated FROM up`,
    [orgId],
  );
  return r;
}

/**
 * Bulk upserts leave the planner's statistics stale; later joins on the table, and
 * the first reports after the import, need fresh ones (every table the import
 * writes is analyzed: issue 14).
 */
async function analyzed<T>(c: ImportConn, table: string, work: Promise<T>): Promise<T> {
  const r = await work;
  await c.query(`ANALYZE ${table}`);
  return r;
}

export async function upsertPeople(c: ImportConn, orgId: string): Promise<UpsertCount> {
  const n = await counted(
    c,
    `INSERT INTO people (org_id, email, name, role, manager_id, team)
     SELECT $1, s.email, s.name, s.role, m.id, s.team
     FROM stg_people s LEFT JOIN people m ON m.org_id = $1 AND m.email = s.manager_email
     ON CONFLICT (org_id, email) DO UPDATE
       SET name = excluded.name, role = excluded.role, manager_id = excluded.manager_id, team = excluded.team
       WHERE (people.name, people.role, people.manager_id, people.team)
             IS DISTINCT FROM (excluded.name, excluded.role, excluded.manager_id, excluded.team)`,
    orgId,
  );
  await c.query("ANALYZE people");
  // Managers that are new in this same file exist only now.
  await c.query(
    `UPDATE people p SET manager_id = m.id
     FROM stg_people s JOIN people m ON m.org_id = $1 AND m.email = s.manager_email
     WHERE p.org_id = $1 AND p.email = s.email AND p.manager_id IS DISTINCT FROM m.id`,
    [orgId],
  );
  return n;
}

/** Accounts named by contacts or deals; the owner is the first row's owner (contacts first). */
export async function insertAccounts(c: ImportConn, orgId: string): Promise<number> {
  const [r] = await c.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO accounts (org_id, name, owner_id)
       SELECT DISTINCT ON (a.name) $1, a.name, p.id
       FROM (SELECT account AS name, owner_email, 0 AS src, line FROM stg_contacts WHERE account IS NOT NULL
             UNION ALL
             SELECT account, owner_email, 1, line FROM stg_deals WHERE account IS NOT NULL) a
       JOIN people p ON p.org_id = $1 AND p.email = a.owner_email
       ORDER BY a.name, a.src, a.line
       ON CONFLICT (org_id, name) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [orgId],
  );
  await c.query("ANALYZE accounts");
  return r.n;
}

export async function upsertContacts(c: ImportConn, orgId: string): Promise<UpsertCount> {
  return analyzed(
    c,
    "contacts",
    counted(
      c,
      `INSERT INTO contacts (org_id, email, name, owner_id, account_id, lead_source, status, customer)
     SELECT $1, s.email, s.name, o.id, a.id, s.lead_source, coalesce(s.status, 'active'), coalesce(s.customer, false)
     FROM stg_contacts s
     JOIN people o ON o.org_id = $1 AND o.email = s.owner_email
     LEFT JOIN accounts a ON a.org_id = $1 AND a.name = s.account
     ON CONFLICT (org_id, email) DO UPDATE
       SET name = excluded.name, owner_id = excluded.owner_id, account_id = excluded.account_id,
           lead_source = excluded.lead_source, status = excluded.status, customer = excluded.customer
       WHERE (contacts.name, contacts.owner_id, contacts.account_id, contacts.lead_source, contacts.status, contacts.customer)
             IS DISTINCT FROM
             (excluded.name, excluded.owner_id, excluded.account_id, excluded.lead_source, excluded.status, excluded.customer)`,
      orgId,
    ),
  );
}

export async function upsertQuotas(c: ImportConn, orgId: string): Promise<UpsertCount> {
  return analyzed(
    c,
    "quotas",
    counted(
      c,
      `INSERT INTO quotas (org_id, person_id, period, amount)
     SELECT $1, p.id, s.period, s.amount
     FROM stg_quotas s JOIN people p ON p.org_id = $1 AND p.email = s.email
     ON CONFLICT (org_id, person_id, period) DO UPDATE
       SET amount = excluded.amount, updated_at = now()
       WHERE quotas.amount IS DISTINCT FROM excluded.amount`,
      orgId,
    ),
  );
}

export async function upsertDeals(c: ImportConn, orgId: string): Promise<UpsertCount> {
  return analyzed(
    c,
    "deals",
    counted(
      c,
      `INSERT INTO deals (org_id, external_id, name, owner_id, account_id, value, product, lead_source,
                        prospecting_method, expected_close, status, closed_at, lost_reason,
                        current_step, step_entered_at, created_at)
     SELECT $1, n.external_id, n.name, n.owner_id, n.account_id, n.value, n.product, n.lead_source,
            n.prospecting_method, n.expected_close, n.status, n.closed_at, n.lost_reason,
            1, n.created_at, n.created_at
     FROM (
       SELECT s.external_id, s.name, o.id AS owner_id, a.id AS account_id, s.value, s.product, s.lead_source,
              s.prospecting_method, s.expected_close, coalesce(s.status, 'open') AS status, s.closed_at,
              s.lost_reason, s.created_at
       FROM stg_deals s
       JOIN people o ON o.org_id = $1 AND o.email = s.owner_email
       LEFT JOIN accounts a ON a.org_id = $1 AND a.name = s.account) n
     WHERE NOT EXISTS (
       SELECT 1 FROM deals d WHERE d.org_id = $1 AND d.external_id = n.external_id
         AND (d.name, d.owner_id, d.account_id, d.value, d.product, d.lead_source, d.prospecting_method,
              d.expected_close, d.status, d.closed_at, d.lost_reason, d.created_at)
             IS NOT DISTINCT FROM
             (n.name, n.owner_id, n.account_id, n.value, n.product, n.lead_source, n.prospecting_method,
              n.expected_close, n.status, n.closed_at, n.lost_reason, n.created_at))
     ON CONFLICT (org_id, external_id) DO UPDATE
       SET name = excluded.name, owner_id = excluded.owner_id, account_id = excluded.account_id,
           value = excluded.value, product = excluded.product, lead_source = excluded.lead_source,
           prospecting_method = excluded.prospecting_method, expected_close = excluded.expected_close,
           status = excluded.status, closed_at = excluded.closed_at, lost_reason = excluded.lost_reason,
           created_at = excluded.created_at, updated_at = now()
       WHERE (deals.name, deals.owner_id, deals.account_id, deals.value, deals.product, deals.lead_source,
              deals.prospecting_method, deals.expected_close, deals.status, deals.closed_at,
              deals.lost_reason, deals.created_at)
             IS DISTINCT FROM
             (excluded.name, excluded.owner_id, excluded.account_id, excluded.value, excluded.product,
              excluded.lead_source, excluded.prospecting_method, excluded.expected_close, excluded.status,
              excluded.closed_at, excluded.lost_reason, excluded.created_at)`,
      orgId,
    ),
  );
}

export async function upsertDealSteps(c: ImportConn, orgId: string): Promise<UpsertCount> {
  return counted(
    c,
    `INSERT INTO deal_steps (org_id, deal_id, step, entered_at, source)
     SELECT $1, d.id, s.step, s.entered_at, 'import'
     FROM stg_deal_steps s JOIN deals d ON d.org_id = $1 AND d.external_id = s.deal_external_id
     -- Unchanged rows are left alone (no row lock, no rewrite), and an entry the app
     -- already recorded (same deal, step and time) is not added again: re-importing
     -- an export of app-made history (docs/export.md) must change nothing.
     WHERE NOT EXISTS (
       SELECT 1 FROM deal_steps x
       WHERE x.org_id = $1 AND x.deal_id = d.id AND x.step = s.step AND x.entered_at = s.entered_at)
     ON CONFLICT (org_id, deal_id, step) WHERE source = 'import' DO UPDATE
       SET entered_at = excluded.entered_at
       WHERE deal_steps.entered_at IS DISTINCT FROM excluded.entered_at`,
    orgId,
  );
}

/**
 * Recomputes, for the deals this import touched, the `skipped` steps of the
 * imported step rows (steps jumped over relative to the furthest step recorded
 * before; below the first recorded step for the first) and the deals'
 * `current_step` (furthest step; 7 when won) and `step_entered_at` (earliest
 * entry into that step; closed_at for a won deal's implicit 7; created_at for a
 * deal without step rows).
 */
export async function recomputeStepFlow(c: ImportConn, orgId: string): Promise<void> {
  await c.query(
    `CREATE TEMP TABLE import_deals ON COMMIT DROP AS
     SELECT DISTINCT d.id FROM deals d
     JOIN (SELECT external_id FROM stg_deals UNION SELECT deal_external_id FROM stg_deal_steps) x
       ON d.org_id = $1 AND d.external_id = x.external_id`,
    [orgId],
  );
  // Fresh statistics: the bulk upserts just changed these tables, and stale ones make the planner pick nested loops.
  await c.query("ANALYZE import_deals");
  await c.query("ANALYZE deals");
  await c.query("ANALYZE deal_steps");
  await c.query("ANALYZE deal_step_minima"); // kept by triggers on both: fresh statistics for the reports
  await c.query(
    `WITH ordered AS (
       SELECT ds.id, ds.step, ds.source,
              coalesce(max(ds.step) OVER (PARTITION BY ds.deal_id ORDER BY ds.entered_at, ds.step, ds.id
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
       FROM deal_steps ds JOIN import_deals i ON ds.deal_id = i.id WHERE ds.org_id = $1),
     calc AS (
       SELECT id, CASE WHEN step > before + 1 THEN ('{1,2,3,4,5,6,7}'::smallint[])[before + 1:step - 1]
                       ELSE '{}'::smallint[] END AS skipped
       FROM ordered WHERE source = 'import')
     UPDATE deal_steps ds SET skipped = calc.skipped FROM calc
     WHERE ds.org_id = $1 AND ds.id = calc.id AND ds.skipped IS DISTINCT FROM calc.skipped`,
    [orgId],
  );
  await c.query(
    `WITH firsts AS (
       SELECT ds.deal_id, ds.step, min(ds.entered_at) AS first
       FROM deal_steps ds JOIN import_deals i ON ds.deal_id = i.id WHERE ds.org_id = $1
       GROUP BY ds.deal_id, ds.step),
     top AS (SELECT DISTINCT ON (deal_id) deal_id, step, first FROM firsts ORDER BY deal_id, step DESC),
     calc AS (
       SELECT d.id,
              (CASE WHEN d.status = 'won' THEN 7 ELSE coalesce(top.step, 1) END)::smallint AS cur,
              CASE WHEN d.status = 'won' AND top.step = 7 THEN least(top.first, d.closed_at)
                   WHEN d.status = 'won' THEN d.closed_at
                   ELSE coalesce(top.first, d.created_at) END AS entered
       FROM import_deals i JOIN deals d ON d.org_id = $1 AND d.id = i.id
       LEFT JOIN top ON top.deal_id = d.id)
     UPDATE deals d SET current_step = calc.cur, step_entered_at = calc.entered FROM calc
     WHERE d.org_id = $1 AND d.id = calc.id
       AND (d.current_step, d.step_entered_at) IS DISTINCT FROM (calc.cur, calc.entered)`,
    [orgId],
  );
}

export async function upsertActivities(c: ImportConn, orgId: string): Promise<UpsertCount> {
  return analyzed(
    c,
    "activities",
    counted(
      c,
      `INSERT INTO activities (org_id, external_id, owner_id, kind, step, deal_id, contact_id,
                             scheduled_for, done_at, logged_at, duration_minutes, outcome)
     SELECT $1, n.external_id, n.owner_id, n.kind, n.step, n.deal_id, n.contact_id,
            n.scheduled_for, n.done_at, n.logged_at, n.duration_minutes, n.outcome
     FROM (
       SELECT s.external_id, o.id AS owner_id, s.kind, s.step, d.id AS deal_id, ct.id AS contact_id,
              s.scheduled_for, s.done_at, s.logged_at, s.duration_minutes, s.outcome
       FROM stg_activities s
       JOIN people o ON o.org_id = $1 AND o.email = s.owner_email
       LEFT JOIN deals d ON d.org_id = $1 AND d.external_id = s.deal_external_id
       LEFT JOIN contacts ct ON ct.org_id = $1 AND ct.email = s.contact_email) n
     WHERE NOT EXISTS (
       SELECT 1 FROM activities a WHERE a.org_id = $1 AND a.external_id = n.external_id
         AND (a.owner_id, a.kind, a.step, a.deal_id, a.contact_id, a.scheduled_for, a.done_at, a.logged_at,
              a.duration_minutes, a.outcome)
             IS NOT DISTINCT FROM
             (n.owner_id, n.kind, n.step, n.deal_id, n.contact_id, n.scheduled_for, n.done_at, n.logged_at,
              n.duration_minutes, n.outcome))
     ON CONFLICT (org_id, external_id) DO UPDATE
       SET owner_id = excluded.owner_id, kind = excluded.kind, step = excluded.step,
           deal_id = excluded.deal_id, contact_id = excluded.contact_id,
           scheduled_for = excluded.scheduled_for, done_at = excluded.done_at,
           logged_at = excluded.logged_at, duration_minutes = excluded.duration_minutes,
           outcome = excluded.outcome
       WHERE (activities.owner_id, activities.kind, activities.step, activities.deal_id, activities.contact_id,
              activities.scheduled_for, activities.done_at, activities.logged_at,
              activities.duration_minutes, activities.outcome)
             IS DISTINCT FROM
             (excluded.owner_id, excluded.kind, excluded.step, excluded.deal_id, excluded.contact_id,
              excluded.scheduled_for, excluded.done_at, excluded.logged_at,
              excluded.duration_minutes, excluded.outcome)`,
      orgId,
    ),
  );
}

/**
 * time_entries has no unique key for (person, date, category), so this is an
 * UPDATE of the existing rows then an INSERT of the missing ones (safe: the
 * import holds the organisation's advisory lock).
 */
export async function upsertTimeEntries(c: ImportConn, orgId: string): Promise<UpsertCount> {
  const [u] = await c.query<{ n: number }>(
    `WITH up AS (
       UPDATE time_entries t SET minutes = s.minutes
       FROM stg_time_entries s JOIN people p ON p.org_id = $1 AND p.email = s.email
       WHERE t.org_id = $1 AND t.person_id = p.id AND t.date = s.date AND t.category = s.category
         AND t.minutes <> s.minutes
       RETURNING 1)
     SELECT count(*)::int AS n FROM up`,
    [orgId],
  );
  const [i] = await c.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO time_entries (org_id, person_id, date, category, minutes)
       SELECT $1, p.id, s.date, s.category, s.minutes
       FROM stg_time_entries s JOIN people p ON p.org_id = $1 AND p.email = s.email
       WHERE NOT EXISTS (SELECT 1 FROM time_entries t
                         WHERE t.org_id = $1 AND t.person_id = p.id AND t.date = s.date AND t.category = s.category)
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [orgId],
  );
  await c.query("ANALYZE time_entries");
  return { inserted: i.n, updated: u.n };
}
