/**
 * SQL for the durable jobs queue (the webhook queue's pattern, generalised; see
 * ARCHITECTURE.md "Background work"): insert in the caller's transaction, claim
 * due rows with FOR UPDATE SKIP LOCKED and a lease, finish only while holding
 * the lease. Plain SQL, the same on PGlite and PostgreSQL. Times come from the
 * caller's clock as ISO strings.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { one, rows } from "./sql.js";

export interface NewJob {
  orgId: string;
  kind: string;
  /** One job per key and organisation: scheduling the same key again changes nothing. */
  key: string | null;
  payload: Record<string, unknown>;
  runAt: Date;
}

/** Schedules a job; with a key that exists already, nothing happens. Returns whether a row was added. */
export async function insertJob(db: DbOrTx, j: NewJob): Promise<boolean> {
  const r = await rows(
    db,
    sql`insert into jobs (org_id, kind, key, payload, run_at)
        values (${j.orgId}, ${j.kind}, ${j.key}, ${JSON.stringify(j.payload)}::jsonb, ${j.runAt.toISOString()}::timestamptz)
        on conflict (org_id, key) do nothing
        returning id`,
  );
  return r.length > 0;
}

/** Moves a pending job (by key) to a new time, e.g. when a commitment's due date changes. */
export async function rescheduleJob(db: DbOrTx, orgId: string, key: string, runAt: Date): Promise<void> {
  await db.execute(
    sql`update jobs set run_at = ${runAt.toISOString()}::timestamptz
        where org_id = ${orgId} and key = ${key} and status = 'pending'`,
  );
}

export interface ClaimedJob {
  orgId: string;
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  runAt: Date;
  /** The lease this worker holds (ISO). */
  lockedUntil: string;
}

/**
 * Claims up to `limit` due jobs until `lockedUntil` (see claimDueDeliveries in
 * webhooks.queries.ts: the locking CTE is evaluated once; concurrent claimers skip
 * each other's rows; a dead worker's lease expires and the job comes back).
 */
export async function claimDueJobs(
  db: DbOrTx,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<ClaimedJob[]> {
  const n = now.toISOString();
  const until = lockedUntil.toISOString();
  const claimed = await rows<Omit<ClaimedJob, "lockedUntil">>(
    db,
    sql`with due as materialized (
          select q.org_id, q.id from jobs q
          where q.status = 'pending' and q.run_at <= ${n}::timestamptz
            and (q.locked_until is null or q.locked_until < ${n}::timestamptz)
          order by q.run_at
          limit ${limit}
          for update of q skip locked)
        update jobs j set locked_until = ${until}::timestamptz
        from due where j.org_id = due.org_id and j.id = due.id
        returning j.org_id as "orgId", j.id, j.kind, j.payload, j.attempts::int as attempts, j.run_at as "runAt"`,
  );
  return claimed.map((c) => ({ ...c, runAt: new Date(c.runAt), lockedUntil: until }));
}

/**
 * Marks a claimed job done, only while this worker still holds its lease. Run
 * in the same transaction as the job's work: the work and "done" commit
 * together or not at all, so a job's effect happens exactly once.
 */
export async function finishJob(db: DbOrTx, j: ClaimedJob, now: Date): Promise<boolean> {
  const r = await one(
    db,
    sql`update jobs set status = 'done', attempts = attempts + 1, done_at = ${now.toISOString()}::timestamptz,
               locked_until = null, last_error = null
        where org_id = ${j.orgId} and id = ${j.id} and status = 'pending'
          and locked_until = ${j.lockedUntil}::timestamptz
        returning id`,
  );
  return r !== undefined;
}

/** Records a failed attempt (lease holder only): retried at `retryAt`, or `failed` for good. */
export async function failJob(
  db: DbOrTx,
  j: ClaimedJob,
  error: string,
  retryAt: Date | null,
): Promise<boolean> {
  const r = await one(
    db,
    sql`update jobs set attempts = attempts + 1, last_error = ${error.slice(0, 1000)}, locked_until = null,
               status = ${retryAt ? "pending" : "failed"},
               run_at = coalesce(${retryAt?.toISOString() ?? null}::timestamptz, run_at)
        where org_id = ${j.orgId} and id = ${j.id} and locked_until = ${j.lockedUntil}::timestamptz
        returning id`,
  );
  return r !== undefined;
}

export interface JobRow {
  id: string;
  kind: string;
  key: string | null;
  status: string;
  attempts: number;
  runAt: Date;
  doneAt: Date | null;
}

/** The jobs of an organisation of one kind (tests, diagnostics). */
export async function jobsOf(db: DbOrTx, orgId: string, kind: string): Promise<JobRow[]> {
  return rows<JobRow>(
    db,
    sql`select id, kind, key, status, attempts::int as attempts, run_at as "runAt", done_at as "doneAt"
        from jobs where org_id = ${orgId} and kind = ${kind} order by run_at, id`,
  );
}

/**
 * Deletes up to `limit` jobs done before `before` (any organisation); returns how many.
 * Pending and failed jobs stay (a failed one is for an operator to read). Safe for the
 * keys' idempotency: every key is scheduled only for now or later (a date, an hour, a
 * commitment made now), never again for a time this far back.
 */
export async function pruneDoneJobs(db: DbOrTx, before: Date, limit = 10_000): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`with gone as (
          delete from jobs where (org_id, id) in (
            select org_id, id from jobs
            where status = 'done' and done_at < ${before.toISOString()}::timestamptz
            limit ${limit})
          returning 1)
        select count(*)::int as n from gone`,
  );
  return r?.n ?? 0;
}

/** Organisations (id, time zone), for scheduling recurring jobs. */
export async function allOrganisations(db: DbOrTx): Promise<{ id: string; timeZone: string }[]> {
  return rows(db, sql`select id, time_zone as "timeZone" from organisations order by id`);
}
