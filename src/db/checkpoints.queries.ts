/**
 * Checkpoints of the organisation-wide lean deal figures (issue 14): the quad, the
 * team, forecast and early-warning reports and the Managers screen read the lean
 * `PersonDealStats` of (nearly) every owner, which at 5,000 people is a pass over
 * ~2.5 M deals. A checkpoint keeps those figures per owner as of an instant asOf_c
 * for one (period, time zone, rate window), taken in one statement whose snapshot
 * it keeps. A report as of asOf ≥ asOf_c is then exact from a few deals:
 *
 *   figures(asOf) = checkpoint − Σ contribution(d as the checkpoint saw it, asOf_c)
 *                              + Σ contribution(d now, asOf)            over d ∈ A
 *
 * A deal's contribution is a function of its deal_step_minima row and of the
 * query's instants, so it can differ between the two sides only when
 *   - its row was written by a transaction the checkpoint's snapshot does not see:
 *     deal_stats_log holds the old image of every write (triggers of migration 0011)
 *     with the writer's transaction id; the first such entry of a deal is the deal as
 *     the checkpoint saw it (writes of one row are serialised, so the unseen ones
 *     follow the seen ones), `present` false when it had no row then; or
 *   - one of its instants (creation, close, a step minimum) lies where an instant of
 *     the query moved: every instant a lean figure compares with lies in
 *     (asOf_c, asOf] (asOf, the period's start capped at asOf, the period's bounds
 *     capped at asOf) or is the rate window's start, moved from asOf_c − days to
 *     asOf − days; the window ending at the period's start does not move.
 * A is the union of both (any superset is exact: an unchanged deal adds what it
 * subtracts). Step minima are step rows' times, so the second set is found through
 * deal_steps' (org, entered_at) index; creations and closes through deal_step_minima's.
 *
 * Logging is switched on per organisation in two transactions (a row in
 * deal_stats_logging, then `since`: the transaction ids of this database's running
 * transactions, read after the row committed), and a checkpoint is taken only once
 * every transaction in `since` has ended: a writer whose trigger ran before the row
 * committed had its id by then, so it has since committed (the checkpoint sees its
 * write) or rolled back, and every later writer logs. (Writers run in READ
 * COMMITTED: each trigger statement sees the committed row. Every connection uses
 * the same database user, which sees the others' transaction ids.)
 *
 * Not used (the plain query answers): a past asOf before the checkpoint, asOf more
 * than CHECKPOINT_REACH_MS after it, another period, time zone or window, or ≤ 64
 * owners (a team is fast already).
 */
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import {
  addLeanVector,
  fromLeanVector,
  LEAN_VECTOR_LENGTH,
  leanVector,
  type PersonDealStats,
} from "../domain/dealstats.js";
import { type Period, windowEndingAt } from "../domain/periods.js";
import type { DbOrTx } from "./client.js";
import {
  type DealStatsQuery,
  FEW_OWNERS,
  leanGroupsOfSql,
  orgLeanGroupsSql,
  statsOfGroups,
} from "./dealstats.queries.js";
import { one, rows } from "./sql.js";

const DAY_MS = 86_400_000;

/**
 * How far after its checkpoint a report may be answered from it. Hourly refreshes keep
 * reports of today within an hour; beyond a week the deals whose instants the as-of
 * moved past are a good part of what the plain query reads anyway.
 */
export const CHECKPOINT_REACH_MS = 7 * DAY_MS;

/** Organisations with at least this many deals are checkpointed by the hourly job. */
export const CHECKPOINT_MIN_DEALS = 50_000;

export interface CheckpointKey {
  orgId: string;
  period: Period;
  windowDays: number;
}

/** Whether writes of the organisation are logged: off, switched on but not settled (`since` unset), or on. */
export async function loggingState(db: DbOrTx, orgId: string): Promise<"off" | "starting" | "on"> {
  const r = await one<{ since: string | null }>(
    db,
    sql`select since from deal_stats_logging where org_id = ${orgId}`,
  );
  return r === undefined ? "off" : r.since === null ? "starting" : "on";
}

/** Step 1 of switching logging on: from this row's commit, every write of the organisation logs. */
export async function startLogging(db: DbOrTx, orgId: string): Promise<void> {
  await db.execute(sql`insert into deal_stats_logging (org_id) values (${orgId}) on conflict do nothing`);
}

/**
 * Step 2, in a later transaction than step 1: the transactions of this database with
 * a transaction id now (the only ones that can have written without logging: a
 * writer gets its id at its first write) are recorded; a checkpoint waits for them
 * (`loggingSettled`). Those of other databases on the server do not matter (a
 * snapshot's running transactions would include them, and one long transaction
 * anywhere would hold every checkpoint back).
 */
export async function markLoggingSince(db: DbOrTx, orgId: string): Promise<void> {
  await db.execute(
    sql`update deal_stats_logging
        set since = coalesce((select array_agg(a.backend_xid::text) from pg_stat_activity a
                              where a.datname = current_database() and a.backend_xid is not null
                                and a.pid <> pg_backend_pid()), '{}')::text
        where org_id = ${orgId} and since is null`,
  );
}

/** Every transaction recorded in logging's `since` has ended. */
export async function loggingSettled(db: DbOrTx, orgId: string): Promise<boolean> {
  // pg_stat_activity is read once per transaction unless cleared
  await db.execute(sql`select pg_stat_clear_snapshot()`);
  const r = await one<{ ok: boolean }>(
    db,
    sql`select l.since is not null and not exists (
               select 1 from pg_stat_activity a
               where a.datname = current_database() and a.pid <> pg_backend_pid()
                 and a.backend_xid::text = any(l.since::text[])) as ok
        from deal_stats_logging l where l.org_id = ${orgId}`,
  );
  return r?.ok === true;
}

/** Logging off: the organisation's checkpoints and log go (bulk writers that rebuild it, small orgs). */
export async function stopLogging(db: DbOrTx, orgId: string): Promise<void> {
  await db.execute(sql`delete from deal_stats_logging where org_id = ${orgId}`);
  await db.execute(sql`delete from deal_stats_checkpoints where org_id = ${orgId}`);
  await db.execute(sql`delete from deal_stats_log where org_id = ${orgId}`);
}

/**
 * The organisations the hourly job has work for: at least `minDeals` deals (found by
 * reading that many index entries, not by counting them all), or logging on (to switch
 * it off when they shrank).
 */
export async function organisationsToCheckpoint(db: DbOrTx, minDeals: number): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`select o.id from organisations o
        where exists (select 1 from deal_stats_logging l where l.org_id = o.id)
           or exists (select 1 from deal_step_minima m where m.org_id = o.id offset ${minDeals - 1} limit 1)
        order by o.id`,
  );
  return r.map((x) => x.id);
}

/** The deal count a checkpoint job compares with CHECKPOINT_MIN_DEALS. */
export async function dealCount(db: DbOrTx, orgId: string): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from deal_step_minima where org_id = ${orgId}`,
  );
  return r?.n ?? 0;
}

function windowsOf(k: CheckpointKey, asOf: Date): DealStatsQuery {
  return {
    orgId: k.orgId,
    ownerIds: [],
    period: k.period,
    asOf,
    winNow: windowEndingAt(asOf, k.windowDays),
    winStart: windowEndingAt(k.period.start, k.windowDays),
    scope: "lean",
  };
}

/** Big statements: no JIT, room to hash, for this transaction only (as dealstats.queries). */
async function bigQuerySettings(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '96MB', true)`);
}

/**
 * Takes (or replaces) the checkpoint of `k` as of `asOf`, when logging is on and
 * settled; returns whether it did. Then prunes the log entries every checkpoint of
 * the organisation saw.
 */
export async function takeCheckpoint(db: DbOrTx, k: CheckpointKey, asOf: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await loggingSettled(tx, k.orgId))) return false;
    await bigQuerySettings(tx);
    // One statement: its snapshot is both the figures' and the one kept.
    const got = await rows<{ snap: string; xmin: string; ownerId: string | null; groups: string | null }>(
      tx,
      sql`select s.snap, s.xmin, a."ownerId", a.groups
          from (select pg_current_snapshot()::text as snap,
                       pg_snapshot_xmin(pg_current_snapshot())::text as xmin) s
          left join (${orgLeanGroupsSql(windowsOf(k, asOf))}) a on true`,
    );
    const owners = got.filter((g): g is typeof g & { ownerId: string; groups: string } => g.ownerId !== null);
    const stats = statsOfGroups(owners, "lean");
    await tx.execute(
      sql`delete from deal_stats_checkpoints
          where org_id = ${k.orgId} and period_key = ${k.period.key} and time_zone = ${k.period.timeZone}
            and window_days = ${k.windowDays}`,
    );
    const id = randomUUID();
    await tx.execute(
      sql`insert into deal_stats_checkpoints (org_id, id, period_key, time_zone, window_days, as_of, snapshot, snapshot_xmin)
          values (${k.orgId}, ${id}, ${k.period.key}, ${k.period.timeZone}, ${k.windowDays}, ${asOf},
                  ${got[0].snap}, ${got[0].xmin}::bigint)`,
    );
    if (stats.size > 0) {
      const ids = [...stats.keys()];
      // one text[] literal of bigint[] literals: {"{1,2,…}","{…}"}
      const sums = `{${ids.map((o) => `"{${leanVector(stats.get(o)!).join(",")}}"`).join(",")}}`;
      await tx.execute(
        sql`insert into deal_stats_checkpoint_owners (org_id, checkpoint_id, owner_id, sums)
            select ${k.orgId}, ${id}, u.o, u.s::bigint[]
            from unnest(${`{${ids.join(",")}}`}::uuid[], ${sums}::text[]) as u(o, s)`,
      );
    }
    // The entries every checkpoint of the organisation saw (committed before its snapshot).
    await tx.execute(
      sql`delete from deal_stats_log l
          where l.org_id = ${k.orgId}
            and not exists (select 1 from deal_stats_checkpoints c
                            where c.org_id = l.org_id
                              and not pg_visible_in_snapshot(l.xid::text::xid8, c.snapshot::pg_snapshot))`,
    );
    return true;
  });
}

/**
 * Switches logging on if needed and takes the checkpoint when it can: for the bulk
 * writers (demo, import) after their transaction, and the hourly job's first run.
 * Waits up to `waitMs` for transactions older than logging to end; returns whether
 * the checkpoint was taken.
 */
export async function refreshCheckpoint(
  db: DbOrTx,
  k: CheckpointKey,
  asOf: Date,
  waitMs = 5_000,
): Promise<boolean> {
  const state = await loggingState(db, k.orgId);
  if (state === "off") await startLogging(db, k.orgId);
  if (state !== "on") await markLoggingSince(db, k.orgId);
  const until = Date.now() + waitMs;
  for (;;) {
    if (await takeCheckpoint(db, k, asOf)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The lean figures of `q.ownerIds` from the checkpoint of its key, or null when no
 * checkpoint applies (the plain query answers). Exact: see the top of this file.
 */
export async function checkpointedDealStats(
  db: DbOrTx,
  q: DealStatsQuery,
): Promise<Map<string, PersonDealStats> | null> {
  if (q.scope !== "lean" || q.ownerIds.length <= FEW_OWNERS) return null;
  const windowDays = Math.round((q.asOf.getTime() - q.winNow.from.getTime()) / DAY_MS);
  const k: CheckpointKey = { orgId: q.orgId, period: q.period, windowDays };
  // One snapshot for the checkpoint, the log and the deals now (a refresh may replace
  // the checkpoint and prune the log meanwhile).
  const read = async (tx: DbOrTx) => {
    const ck = await rows<{
      asOf: Date;
      snapshot: string;
      xmin: string;
      ownerId: string | null;
      sums: string | null;
    }>(
      tx,
      sql`select c.as_of as "asOf", c.snapshot, c.snapshot_xmin::text as xmin, o.owner_id as "ownerId", o.sums::text as sums
          from deal_stats_checkpoints c
          left join deal_stats_checkpoint_owners o on o.org_id = c.org_id and o.checkpoint_id = c.id
          where c.org_id = ${q.orgId} and c.period_key = ${q.period.key} and c.time_zone = ${q.period.timeZone}
            and c.window_days = ${windowDays}`,
    );
    if (ck.length === 0) return null;
    const asOfC = new Date(ck[0].asOf);
    const gap = q.asOf.getTime() - asOfC.getTime();
    if (gap < 0 || gap > CHECKPOINT_REACH_MS) return null;
    await bigQuerySettings(tx);
    const delta = await rows<{ side: "o" | "n"; ownerId: string; groups: string }>(
      tx,
      deltaSql(k, asOfC, q.asOf, ck[0].snapshot, ck[0].xmin),
    );
    return { ck, delta };
  };
  const got =
    db instanceof PgTransaction
      ? await read(db)
      : await db.transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
  if (got === null) return null;
  const vectors = new Map<string, number[]>();
  const vectorOf = (owner: string) => {
    let v = vectors.get(owner);
    if (!v) {
      v = new Array<number>(LEAN_VECTOR_LENGTH).fill(0);
      vectors.set(owner, v);
    }
    return v;
  };
  for (const c of got.ck) {
    if (c.ownerId === null || c.sums === null) continue;
    addLeanVector(vectorOf(c.ownerId), c.sums.slice(1, -1).split(",").map(Number), 1);
  }
  for (const side of ["o", "n"] as const) {
    const stats = statsOfGroups(
      got.delta.filter((d) => d.side === side),
      "lean",
    );
    for (const [owner, st] of stats) addLeanVector(vectorOf(owner), leanVector(st), side === "o" ? -1 : 1);
  }
  const out = new Map<string, PersonDealStats>();
  for (const owner of q.ownerIds) {
    const v = vectors.get(owner);
    if (v) out.set(owner, fromLeanVector(v));
  }
  return out;
}

const MINIMA_COLUMNS =
  "deal_id, owner_id, value, created_at, expected_close, status, closed_at, m1, m2, m3, m4, m5, m6, m7";

/**
 * One statement: the lean groups (money in cents) of the affected deals as the
 * checkpoint saw them (side `o`, its instants) and as they are (side `n`, asOf's).
 */
export function deltaSql(k: CheckpointKey, asOfC: Date, asOf: Date, snapshot: string, xmin: string): SQL {
  const cols = sql.raw(MINIMA_COLUMNS);
  const prefixed = (t: string) =>
    sql.raw(
      MINIMA_COLUMNS.split(", ")
        .map((c) => `${t}.${c}`)
        .join(", "),
    );
  const mcols = prefixed("m");
  const shift = k.windowDays * DAY_MS;
  const wc = new Date(asOfC.getTime() - shift);
  const w = new Date(asOf.getTime() - shift);
  const moved = (col: string) =>
    sql`((${sql.raw(col)} > ${asOfC} and ${sql.raw(col)} <= ${asOf}) or (${sql.raw(col)} > ${wc} and ${sql.raw(col)} <= ${w}))`;
  // ck_now: the affected deals' rows now, read once, one primary-key probe each (`offset 0`
  // keeps the lateral a probe: as a join, not knowing the CTEs' sizes, the planner scanned
  // the organisation's 3 M rows, 1.4 s); an unchanged deal is its own old image.
  const before = sql`select ${cols} from ck_log where present
                     union all
                     select ${cols} from ck_now where deal_id not in (select deal_id from ck_log)`;
  const now = sql`select ${cols} from ck_now`;
  return sql`with ck_log as (
          select distinct on (l.deal_id) ${prefixed("l")}, l.present
          from deal_stats_log l
          where l.org_id = ${k.orgId} and l.xid >= ${xmin}::bigint
            and not pg_visible_in_snapshot(l.xid::text::xid8, ${snapshot}::pg_snapshot)
          order by l.deal_id, l.id),
        ck_moved as (
          select s.deal_id from deal_steps s where s.org_id = ${k.orgId} and ${moved("s.entered_at")}
          union
          select m.deal_id from deal_step_minima m where m.org_id = ${k.orgId} and ${moved("m.created_at")}
          union
          select m.deal_id from deal_step_minima m
          where m.org_id = ${k.orgId} and m.closed_at is not null and ${moved("m.closed_at")}),
        ck_now as materialized (
          select m.* from (select deal_id from ck_log union select deal_id from ck_moved) i
          cross join lateral (select ${mcols} from deal_step_minima m
                              where m.org_id = ${k.orgId} and m.deal_id = i.deal_id offset 0) m)
        select 'o' as side, a."ownerId", a.groups from (${leanGroupsOfSql(windowsOf(k, asOfC), before)}) a
        union all
        select 'n' as side, b."ownerId", b.groups from (${leanGroupsOfSql(windowsOf(k, asOf), now)}) b`;
}
