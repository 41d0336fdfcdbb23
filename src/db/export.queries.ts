/**
 * The SQL of the whole-organisation export (src/services/export.service.ts):
 * one keyset-paginated query per batch and file, so memory holds one batch
 * whatever the organisation's size, and no query holds a connection between
 * batches (PGlite has only one). Each batch first takes its `limit` rows of
 * the file's table in key order (a MATERIALIZED CTE: an index range scan that
 * stops at the limit), then joins the names it needs: joining first made the
 * planner sort the whole rest of the table for every batch (quadratic).
 * Values are formatted in SQL, exactly as the
 * generic import reads them: times ISO 8601 in UTC with `Z` and microseconds
 * when there are any (a JavaScript Date would lose them), dates `YYYY-MM-DD`,
 * money as the stored decimal, steps as keys.
 */
import { type SQL, sql } from "drizzle-orm";
import { STEP_KEYS } from "../domain/steps.js";
import type { DbOrTx } from "./client.js";
import { rows } from "./sql.js";

export type ExportFile =
  | "people"
  | "contacts"
  | "quotas"
  | "deals"
  | "deal_steps"
  | "activities"
  | "time_entries";

/** The columns of each file: those of the generic import format (interfaces.md), in its order. */
export const EXPORT_COLUMNS: Record<ExportFile, string[]> = {
  people: ["email", "name", "role", "manager_email", "team"],
  contacts: ["email", "name", "owner_email", "account", "lead_source", "status", "customer"],
  quotas: ["email", "period", "amount"],
  deals: [
    "external_id",
    "name",
    "owner_email",
    "value",
    "created_at",
    "account",
    "product",
    "lead_source",
    "prospecting_method",
    "expected_close",
    "status",
    "closed_at",
    "lost_reason",
  ],
  deal_steps: ["deal_external_id", "step", "entered_at"],
  activities: [
    "external_id",
    "owner_email",
    "kind",
    "step",
    "deal_external_id",
    "contact_email",
    "scheduled_for",
    "done_at",
    "logged_at",
    "duration_minutes",
    "outcome",
  ],
  time_entries: ["email", "date", "category", "minutes"],
};

/** Dependency order: a file only refers to rows of the files before it. */
export const EXPORT_FILES = Object.keys(EXPORT_COLUMNS) as ExportFile[];

export type ExportRow = (string | null)[];

/** A timestamptz as ISO 8601 UTC: `2026-07-01T09:30:00Z`, `2026-07-01T09:30:00.123456Z`. */
const iso = (col: SQL) =>
  sql`CASE WHEN ${col} IS NULL THEN NULL ELSE
        to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN date_part('microseconds', ${col})::bigint % 1000000 = 0 THEN ''
                ELSE rtrim(to_char(${col} AT TIME ZONE 'UTC', '.US'), '0') END
        || 'Z' END`;
const day = (col: SQL) => sql`to_char(${col}, 'YYYY-MM-DD')`;
const STEP_ARRAY = sql.raw(`'{${STEP_KEYS.join(",")}}'::text[]`);
const stepKeyOf = (col: SQL) => sql`(${STEP_ARRAY})[${col}]`;

/**
 * Gives every deal and activity without an external_id its own id as one
 * (`external_id := id::text`), so that the exported key is stable: a later
 * export writes the same key, and re-importing an export into the same
 * organisation finds these rows instead of adding copies. Returns how many
 * rows got one. Idempotent; the only write an export does.
 */
export async function assignExternalIds(
  db: DbOrTx,
  orgId: string,
): Promise<{ deals: number; activities: number }> {
  const [d] = await rows<{ n: number }>(
    db,
    sql`WITH up AS (UPDATE deals SET external_id = id::text
                    WHERE org_id = ${orgId} AND external_id IS NULL RETURNING 1)
        SELECT count(*)::int AS n FROM up`,
  );
  const [a] = await rows<{ n: number }>(
    db,
    sql`WITH up AS (UPDATE activities SET external_id = id::text
                    WHERE org_id = ${orgId} AND external_id IS NULL RETURNING 1)
        SELECT count(*)::int AS n FROM up`,
  );
  // Fresh statistics: after a big UPDATE the planner would misjudge the export's queries.
  if (d.n > 0) await db.execute(sql`ANALYZE deals`);
  if (a.n > 0) await db.execute(sql`ANALYZE activities`);
  return { deals: d.n, activities: a.n };
}

/** Whether an organisation still has deals or activities without an external_id. */
export async function missingExternalIds(db: DbOrTx, orgId: string): Promise<boolean> {
  const [r] = await rows<{ missing: boolean }>(
    db,
    sql`SELECT (EXISTS (SELECT 1 FROM deals WHERE org_id = ${orgId} AND external_id IS NULL)
             OR EXISTS (SELECT 1 FROM activities WHERE org_id = ${orgId} AND external_id IS NULL)) AS missing`,
  );
  return r.missing;
}

/** What the format cannot carry, counted, so the CLI can say what stays behind. */
export interface NotCarried {
  inactivePeople: number;
  agreedPlans: number;
  reviews: number;
  objections: number;
}

export async function countNotCarried(db: DbOrTx, orgId: string): Promise<NotCarried> {
  const [r] = await rows<NotCarried>(
    db,
    sql`SELECT (SELECT count(*) FROM people WHERE org_id = ${orgId} AND NOT active)::int AS "inactivePeople",
               (SELECT count(*) FROM agreed_plans WHERE org_id = ${orgId})::int AS "agreedPlans",
               (SELECT count(*) FROM reviews WHERE org_id = ${orgId})::int AS reviews,
               (SELECT count(*) FROM objections WHERE org_id = ${orgId})::int AS objections`,
  );
  return r;
}

/**
 * One batch of a file after the keyset `after` (null: from the start). Each
 * batch returns `k` = the keyset value of its last row as text parts.
 */
/** People per window of the time-entries export: a tenth of a batch. */
const peopleWindowOf = (limit: number) => Math.max(1, Math.floor(limit / 10));

type Batch = (
  db: DbOrTx,
  orgId: string,
  after: string[] | null,
  limit: number,
) => Promise<{ rows: ExportRow[]; next: string[] | null }>;

async function page(
  db: DbOrTx,
  query: SQL,
  width: number,
  limit: number,
  keyOf: (r: Record<string, string | null>) => string[],
): Promise<{ rows: ExportRow[]; next: string[] | null }> {
  const r = await rows<Record<string, string | null>>(db, query);
  const out = r.map((x) => Object.values(x).slice(0, width) as ExportRow);
  return { rows: out, next: r.length < limit ? null : keyOf(r[r.length - 1]) };
}

const BATCHES: Record<ExportFile, Batch> = {
  people: (db, orgId, after, limit) =>
    page(
      db,
      sql`SELECT p.email, p.name, p.role, m.email AS manager_email, p.team
          FROM people p LEFT JOIN people m ON m.org_id = p.org_id AND m.id = p.manager_id
          WHERE p.org_id = ${orgId} ${after ? sql`AND p.email > ${after[0]}` : sql``}
          ORDER BY p.email LIMIT ${limit}`,
      5,
      limit,
      (r) => [r.email as string],
    ),
  contacts: (db, orgId, after, limit) =>
    page(
      db,
      sql`WITH b AS MATERIALIZED (
            SELECT * FROM contacts WHERE org_id = ${orgId} ${after ? sql`AND email > ${after[0]}` : sql``}
            ORDER BY email LIMIT ${limit})
          SELECT c.email, c.name, o.email AS owner_email, a.name AS account, c.lead_source, c.status,
                 CASE WHEN c.customer THEN 'true' ELSE 'false' END AS customer
          FROM b c
          JOIN people o ON o.org_id = c.org_id AND o.id = c.owner_id
          LEFT JOIN accounts a ON a.org_id = c.org_id AND a.id = c.account_id
          ORDER BY c.email`,
      7,
      limit,
      (r) => [r.email as string],
    ),
  quotas: (db, orgId, after, limit) =>
    page(
      db,
      sql`SELECT p.email, q.period, q.amount::text AS amount
          FROM quotas q JOIN people p ON p.org_id = q.org_id AND p.id = q.person_id
          WHERE q.org_id = ${orgId} ${after ? sql`AND (p.email, q.period) > (${after[0]}, ${after[1]})` : sql``}
          ORDER BY p.email, q.period LIMIT ${limit}`,
      3,
      limit,
      (r) => [r.email as string, r.period as string],
    ),
  deals: (db, orgId, after, limit) =>
    page(
      db,
      sql`WITH b AS MATERIALIZED (
            SELECT * FROM deals WHERE org_id = ${orgId} AND external_id IS NOT NULL
              ${after ? sql`AND external_id > ${after[0]}` : sql``}
            ORDER BY external_id LIMIT ${limit})
          SELECT d.external_id, d.name, o.email AS owner_email, d.value::text AS value,
                 ${iso(sql`d.created_at`)} AS created_at, a.name AS account, d.product, d.lead_source,
                 d.prospecting_method, ${day(sql`d.expected_close`)} AS expected_close, d.status,
                 ${iso(sql`d.closed_at`)} AS closed_at, d.lost_reason
          FROM b d
          JOIN people o ON o.org_id = d.org_id AND o.id = d.owner_id
          LEFT JOIN accounts a ON a.org_id = d.org_id AND a.id = d.account_id
          ORDER BY d.external_id`,
      13,
      limit,
      (r) => [r.external_id as string],
    ),
  // Per batch of deals (keyset on their external_id): the earliest entry into each
  // step, which is all the step flow reads (metrics.md: moving back or re-entering
  // changes no reach). A won deal's entry into 7 at its close is implied (not written).
  deal_steps: async (db, orgId, after, limit) => {
    const r = await rows<{ k: string; step: string | null; entered_at: string; implied: boolean }>(
      db,
      sql`WITH b AS (
            SELECT id, external_id, status, closed_at FROM deals
            WHERE org_id = ${orgId} AND external_id IS NOT NULL
              ${after ? sql`AND external_id > ${after[0]}` : sql``}
            ORDER BY external_id LIMIT ${limit}),
          firsts AS (
            SELECT b.external_id, b.status, b.closed_at, s.step, min(s.entered_at) AS entered
            FROM b LEFT JOIN deal_steps_in_force s ON s.org_id = ${orgId} AND s.deal_id = b.id
            GROUP BY b.external_id, b.status, b.closed_at, s.step)
          SELECT external_id AS k, ${stepKeyOf(sql`step`)} AS step, ${iso(sql`entered`)} AS entered_at,
                 coalesce(step = 7 AND status = 'won' AND entered = closed_at, false) AS implied
          FROM firsts
          ORDER BY external_id, entered, step`,
    );
    const deals = new Set(r.map((x) => x.k));
    const out = r.filter((x) => x.step !== null && !x.implied).map((x) => [x.k, x.step, x.entered_at]);
    return { rows: out, next: deals.size < limit ? null : [r[r.length - 1].k] };
  },
  activities: (db, orgId, after, limit) =>
    page(
      db,
      sql`WITH b AS MATERIALIZED (
            SELECT * FROM activities WHERE org_id = ${orgId} AND external_id IS NOT NULL
              ${after ? sql`AND external_id > ${after[0]}` : sql``}
            ORDER BY external_id LIMIT ${limit})
          SELECT a.external_id, o.email AS owner_email, a.kind, ${stepKeyOf(sql`a.step`)} AS step,
                 d.external_id AS deal_external_id, c.email AS contact_email,
                 ${iso(sql`a.scheduled_for`)} AS scheduled_for, ${iso(sql`a.done_at`)} AS done_at,
                 ${iso(sql`a.logged_at`)} AS logged_at, a.duration_minutes::text AS duration_minutes,
                 a.outcome
          FROM b a
          JOIN people o ON o.org_id = a.org_id AND o.id = a.owner_id
          LEFT JOIN deals d ON d.org_id = a.org_id AND d.id = a.deal_id
          LEFT JOIN contacts c ON c.org_id = a.org_id AND c.id = a.contact_id
          ORDER BY a.external_id`,
      11,
      limit,
      (r) => [r.external_id as string],
    ),
  // (person, date, category) is the import's key; rows that repeat it are summed
  // (reports only ever sum the minutes). Sorted by email, date, category: per window
  // of peopleWindow people (by email), then keyset pages within that window, so a
  // page never sorts more than that window's entries. Keyset state: [email, date,
  // category] inside a window, [email] = "after this person" to open the next one.
  time_entries: async (db, orgId, after, limit) => {
    const peopleWindow = peopleWindowOf(limit);
    const within = after !== null && after.length === 3;
    const r = await rows<{ email: string; date: string; category: string; minutes: string; last: string }>(
      db,
      sql`WITH ppl AS (
            SELECT id, email FROM people
            WHERE org_id = ${orgId}
              ${after === null ? sql`` : within ? sql`AND email >= ${after[0]}` : sql`AND email > ${after[0]}`}
            ORDER BY email LIMIT ${peopleWindow}),
          last AS (SELECT max(email) AS last FROM ppl)
          SELECT p.email, ${day(sql`t.date`)} AS date, t.category, sum(t.minutes)::text AS minutes,
                 (SELECT last FROM last) AS last
          FROM time_entries t JOIN ppl p ON t.person_id = p.id
          WHERE t.org_id = ${orgId}
            ${within ? sql`AND (p.email, t.date, t.category) > (${after[0]}, ${after[1]}::date, ${after[2]})` : sql``}
          GROUP BY p.email, t.date, t.category
          ORDER BY p.email, t.date, t.category LIMIT ${limit}`,
    );
    const out = r.map((x) => [x.email, x.date, x.category, x.minutes]);
    if (r.length === limit) {
      const x = r[r.length - 1];
      return { rows: out, next: [x.email, x.date, x.category] };
    }
    // This window is done: on to the people after it, if there were as many as a window holds.
    const [w] = await rows<{ n: number; last: string | null }>(
      db,
      sql`SELECT count(*)::int AS n, max(email) AS last FROM (
            SELECT email FROM people WHERE org_id = ${orgId}
              ${after === null ? sql`` : within ? sql`AND email >= ${after[0]}` : sql`AND email > ${after[0]}`}
            ORDER BY email LIMIT ${peopleWindow}) x`,
    );
    return { rows: out, next: w.n < peopleWindow || w.last === null ? null : [w.last] };
  },
};

/** The rows of one file, batch by batch (keyset pagination: each batch is one bounded query). */
export async function* exportBatches(
  db: DbOrTx,
  orgId: string,
  file: ExportFile,
  batchSize = 5000,
): AsyncGenerator<ExportRow[]> {
  let after: string[] | null = null;
  for (;;) {
    const b = await BATCHES[file](db, orgId, after, batchSize);
    if (b.rows.length) yield b.rows;
    if (!b.next) return;
    after = b.next;
  }
}
