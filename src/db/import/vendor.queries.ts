/**
 * The SQL of the vendor imports (src/services/import/vendor-import.ts), on the
 * generic import's connection and transaction (generic.queries.ts). Vendor rows
 * that need the whole input to be settled are first staged in their own TEMP
 * tables — step entries (checked, then one per deal and step: the earliest) and
 * activities (deal found by name where the export has no deal id, step worked
 * out from the deal's history) — and then moved into the generic staging tables,
 * whose checks and upserts do the rest.
 */
import type { ImportConn, RowProblem } from "./generic.queries.js";

type Value = string | number | boolean | null;

export const VENDOR_STAGING = {
  vstg_steps: ["line", "prio", "col", "ref_col", "deal_external_id", "step", "entered_at"],
  vstg_activities: [
    "line",
    "deal_col",
    "external_id",
    "owner_email",
    "kind",
    "deal_external_id",
    "deal_name",
    "scheduled_for",
    "done_at",
    "logged_at",
    "duration_minutes",
    "outcome",
  ],
  vstg_skipped: ["deal_external_id"],
} as const;
export type VendorTable = keyof typeof VENDOR_STAGING;

export async function createVendorStaging(c: ImportConn): Promise<void> {
  await c.query(
    `CREATE TEMP TABLE vstg_steps (line integer NOT NULL, prio smallint NOT NULL, col text, ref_col text, deal_external_id text,
       step smallint, entered_at timestamptz) ON COMMIT DROP`,
  );
  await c.query(
    `CREATE TEMP TABLE vstg_activities (line integer NOT NULL, deal_col text, external_id text, owner_email text,
       kind text, deal_external_id text, deal_name text, scheduled_for timestamptz, done_at timestamptz,
       logged_at timestamptz, duration_minutes integer, outcome text) ON COMMIT DROP`,
  );
  await c.query("CREATE TEMP TABLE vstg_skipped (deal_external_id text) ON COMMIT DROP");
}

const CHUNK = 500;

/** Appends rows (values in VENDOR_STAGING order) with multi-row INSERTs. */
export async function insertVendorRows(c: ImportConn, table: VendorTable, rows: Value[][]): Promise<void> {
  const cols = VENDOR_STAGING[table];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const batch = rows.slice(i, i + CHUNK);
    const tuples = batch.map((_, r) => `(${cols.map((_, k) => `$${r * cols.length + k + 1}`).join(",")})`);
    await c.query(`INSERT INTO ${table} (${cols.join(", ")}) VALUES ${tuples.join(",")}`, batch.flat());
  }
}

/** The deal each staged row refers to, as it will be after the import (file row first, else stored). */
const DEAL_AFTER = `
  LEFT JOIN stg_deals sd ON sd.external_id = s.deal_external_id
  LEFT JOIN deals d ON sd.external_id IS NULL AND d.org_id = $1 AND d.external_id = s.deal_external_id`;

/**
 * Problems of the step entries: a deal that is neither in the files nor in the
 * organisation, an entry before the deal was created, relationship (7) for a
 * deal that is not won. Entries of skipped deals are dropped first.
 */
export async function vendorStepProblems(c: ImportConn, orgId: string, limit: number): Promise<RowProblem[]> {
  await c.query(
    "DELETE FROM vstg_steps WHERE deal_external_id IN (SELECT deal_external_id FROM vstg_skipped)",
  );
  const r = await c.query<{
    line: number;
    col: string;
    ref_col: string;
    deal: string;
    at: string;
    created: string | null;
    status: string | null;
    step: number;
    early: boolean;
  }>(
    `SELECT s.line, s.col, s.ref_col, s.deal_external_id AS deal, s.entered_at::text AS at, s.step,
            (s.entered_at < coalesce(sd.created_at, d.created_at)) AS early,
            coalesce(sd.created_at, d.created_at)::text AS created, coalesce(sd.status, d.status) AS status
     FROM vstg_steps s ${DEAL_AFTER}
     WHERE coalesce(sd.external_id, d.external_id) IS NULL
        OR s.entered_at < coalesce(sd.created_at, d.created_at)
        OR (s.step = 7 AND coalesce(sd.status, d.status) IS DISTINCT FROM 'won')
     ORDER BY s.line LIMIT ${limit}`,
    [orgId],
  );
  const out: RowProblem[] = [];
  for (const x of r) {
    if (x.created === null) {
      out.push({
        kind: "deal_steps",
        line: x.line,
        column: x.ref_col,
        value: x.deal,
        reason: "no such deal in the deals export or in the organisation",
      });
      continue;
    }
    if (x.early) {
      out.push({
        kind: "deal_steps",
        line: x.line,
        column: x.col,
        value: x.at,
        reason: `a step before the deal was created (created ${x.created})`,
      });
    }
    if (x.step === 7 && x.status !== "won") {
      out.push({
        kind: "deal_steps",
        line: x.line,
        column: x.col,
        value: x.at,
        reason: `only a won deal reaches relationship (7); this deal is ${x.status}`,
      });
    }
  }
  return out;
}

/**
 * One entry per deal and step into stg_deal_steps: the earliest recorded entry
 * (prio 0), else the earliest stand-in (prio 1, e.g. a date-only "last stage
 * change"). Returns how many.
 */
export async function moveVendorSteps(c: ImportConn): Promise<number> {
  const [r] = await c.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO stg_deal_steps (line, deal_external_id, step, entered_at)
       SELECT DISTINCT ON (deal_external_id, step) line, deal_external_id, step, entered_at
       FROM vstg_steps ORDER BY deal_external_id, step, prio, entered_at, line
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  return r.n;
}

/**
 * Links activities exported with a deal name but no deal id to the one deal of
 * that name (in the files, else in the organisation); reports names that match
 * no deal or several.
 */
export async function resolveActivityDeals(
  c: ImportConn,
  orgId: string,
  limit: number,
): Promise<RowProblem[]> {
  await c.query(
    `WITH names AS (
       SELECT name, min(external_id) AS id, count(*) AS n FROM (
         SELECT name, external_id FROM stg_deals WHERE name IS NOT NULL
         UNION
         SELECT d.name, d.external_id FROM deals d
         WHERE d.org_id = $1 AND d.name IN (SELECT deal_name FROM vstg_activities WHERE deal_name IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM stg_deals s WHERE s.external_id = d.external_id)
           AND d.external_id IS NOT NULL) x
       GROUP BY name)
     UPDATE vstg_activities a SET deal_external_id = names.id
     FROM names WHERE a.deal_external_id IS NULL AND a.deal_name = names.name AND names.n = 1`,
    [orgId],
  );
  const r = await c.query<{ line: number; deal_col: string; deal_name: string; n: number }>(
    `SELECT a.line, a.deal_col, a.deal_name,
            (SELECT count(*)::int FROM stg_deals s WHERE s.name = a.deal_name) AS n
     FROM vstg_activities a
     WHERE a.deal_external_id IS NULL AND a.deal_name IS NOT NULL
     ORDER BY a.line LIMIT ${limit}`,
  );
  return r.map((x) => ({
    kind: "activities" as const,
    line: x.line,
    column: x.deal_col,
    value: x.deal_name,
    reason:
      x.n > 1
        ? `${x.n} deals have this name; export the deal ID column with the activities`
        : "no deal with this name in the deals export or in the organisation",
  }));
}

/**
 * Moves the activities into stg_activities with their step: relationship (7)
 * at or after a won deal's close; otherwise the furthest step the deal had
 * entered by the activity's time (done, else scheduled, else logged), else its
 * first recorded step, else lead (1); lead for an activity without a deal.
 * Activities of skipped deals are dropped. Returns how many were moved.
 */
export async function moveVendorActivities(c: ImportConn, orgId: string): Promise<number> {
  await c.query(
    `CREATE TEMP TABLE v_all_steps ON COMMIT DROP AS
     SELECT deal_external_id AS deal, step, entered_at FROM stg_deal_steps
     UNION ALL
     SELECT d.external_id, ds.step, ds.entered_at FROM deal_steps ds
     JOIN deals d ON d.org_id = ds.org_id AND d.id = ds.deal_id
     WHERE ds.org_id = $1 AND d.external_id IN (SELECT deal_external_id FROM vstg_activities)`,
    [orgId],
  );
  await c.query("CREATE INDEX ON v_all_steps (deal, entered_at)");
  await c.query("ANALYZE v_all_steps");
  await c.query("ANALYZE vstg_activities");
  const [r] = await c.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO stg_activities (line, external_id, owner_email, kind, step, deal_external_id, scheduled_for,
                                   done_at, logged_at, duration_minutes, outcome)
       SELECT s.line, s.external_id, s.owner_email, s.kind,
              CASE WHEN s.deal_external_id IS NULL THEN 1
                   WHEN coalesce(sd.status, d.status) = 'won'
                        AND coalesce(s.done_at, s.scheduled_for, s.logged_at) >= coalesce(sd.closed_at, d.closed_at) THEN 7
                   ELSE coalesce(
                     (SELECT max(x.step) FROM v_all_steps x WHERE x.deal = s.deal_external_id
                        AND x.entered_at <= coalesce(s.done_at, s.scheduled_for, s.logged_at)),
                     (SELECT min(x.step) FROM v_all_steps x WHERE x.deal = s.deal_external_id),
                     1) END,
              s.deal_external_id, s.scheduled_for, s.done_at, s.logged_at, s.duration_minutes, s.outcome
       FROM vstg_activities s ${DEAL_AFTER}
       WHERE s.deal_external_id IS NULL
          OR s.deal_external_id NOT IN (SELECT deal_external_id FROM vstg_skipped)
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [orgId],
  );
  return r.n;
}
