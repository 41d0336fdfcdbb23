/**
 * Checkpointed organisation-wide lean figures (src/db/checkpoints.queries.ts)
 * against the plain query (src/db/dealstats.queries.ts) and the definition
 * (`dealStatsFromDeals` over the deals as the report loader reads them), on a
 * real database:
 *
 * 1. random histories, a checkpoint, then rounds of random writes — new deals,
 *    step rows back-dated before the checkpoint and after it, deleted step rows,
 *    corrections, closes, re-openings, owner and value changes, deleted deals —
 *    each round compared at as-ofs from the checkpoint to six days after it
 *    (deals whose instants the as-of moves past without a write included); a
 *    second checkpoint in the middle (the log pruned under the first);
 * 2. the fallbacks (a past as-of, beyond the reach, another period or window, a team);
 * 3. logging: off until switched on, the old images it keeps, and on PostgreSQL a
 *    writer older than logging holding the checkpoint back until it ends;
 * 4. the hourly job: it switches logging on, checkpoints the organisations with
 *    enough deals, drops a small one's.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHECKPOINT_REACH_MS,
  type CheckpointKey,
  checkpointedDealStats,
  loggingState,
  markLoggingSince,
  refreshCheckpoint,
  startLogging,
  takeCheckpoint,
} from "../src/db/checkpoints.queries.js";
import type { DbHandle } from "../src/db/client.js";
import { loadDealStats } from "../src/db/dealstats.queries.js";
import { jobsOf } from "../src/db/jobs.queries.js";
import { loadDeals } from "../src/db/metrics.queries.js";
import { rows } from "../src/db/sql.js";
import { dealStatsFromDeals, emptyDealStats, type PersonDealStats } from "../src/domain/dealstats.js";
import { Rng } from "../src/domain/demo/random.js";
import { periodRange, windowEndingAt } from "../src/domain/periods.js";
import { checkpointJob, scheduleCheckpoints } from "../src/services/checkpoints.service.js";
import { createTestDb } from "./helpers/db.js";
import { insertDeals as insertDealRows, type NewDeal } from "./helpers/deal-rows.js";
import { makeOrg, makePerson } from "./helpers/fixtures.js";

const TZ = "America/New_York";
const DAY = 86_400_000;
const WINDOW = 365;
const PERIOD = "2026-Q4";
const D = (s: string) => new Date(s);
/** The checkpoint's instant. */
const C = D("2026-10-16T04:00:00Z");
const at = (ms: number) => new Date(C.getTime() + ms);
/** The as-ofs compared after each round: the checkpoint's, an hour, a day plus a bit, six days later. */
const AS_OFS = [C, at(3_600_000), at(DAY + 7_000), at(6 * DAY)];

let h: DbHandle;
let orgId: string;
let owners: string[];
/** 70 ids without deals: more than 64 owners take the organisation-wide path. */
const FILLER = Array.from({ length: 70 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

function query(period: string, asOf: Date, ownerIds = [...owners, ...FILLER], windowDays = WINDOW) {
  const p = periodRange(period, TZ);
  return {
    orgId,
    ownerIds,
    period: p,
    asOf,
    winNow: windowEndingAt(asOf, windowDays),
    winStart: windowEndingAt(p.start, windowDays),
    scope: "lean" as const,
  };
}

const key = (period = PERIOD): CheckpointKey => ({
  orgId,
  period: periodRange(period, TZ),
  windowDays: WINDOW,
});

const leanPart = ({ openDeals: _o, compliance: _c, periodFunnel: _p, ...rest }: PersonDealStats) => rest;

/** Counts equal; money equal to the cent. */
function diff(a: unknown, b: unknown, path: string, out: string[]) {
  if (typeof a === "number") {
    if (typeof b !== "number" || Math.abs(a - b) > 0.005) out.push(`${path}: ${a} ≠ ${b}`);
    return;
  }
  for (const k of Object.keys(a as object))
    diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
}

/** The definition: every deal of the owners as the loader reads it, flows per deal. */
async function reference(asOf: Date) {
  const q = query(PERIOD, asOf);
  const deals = await loadDeals(h.db, orgId, owners, D("1970-01-01T00:00:00Z"), asOf);
  return dealStatsFromDeals(deals, { ...q, dealsWithNextStep: new Set() });
}

/** Checkpointed == plain == definition for every owner at each as-of; returns the differences. */
async function compareAll(label: string): Promise<string[]> {
  const out: string[] = [];
  for (const asOf of AS_OFS) {
    const ck = await checkpointedDealStats(h.db, query(PERIOD, asOf));
    if (ck === null) {
      out.push(`${label} ${asOf.toISOString()}: no checkpoint used`);
      continue;
    }
    const plain = await loadDealStats(h.db, query(PERIOD, asOf));
    const ref = await reference(asOf);
    for (const id of owners) {
      const want = leanPart(ref.get(id) ?? emptyDealStats());
      diff(
        want,
        leanPart(plain.get(id) ?? emptyDealStats()),
        `${label} ${asOf.toISOString()} plain ${id}`,
        out,
      );
      diff(want, leanPart(ck.get(id) ?? emptyDealStats()), `${label} ${asOf.toISOString()} ck ${id}`, out);
    }
  }
  return out;
}

/** Inserts deals and their step rows into the test organisation; returns their ids. */
const insertDeals = (list: NewDeal[]) => insertDealRows(h.db, orgId, list);

/**
 * Instants around everything that moves: 30 % exactly on or next to the checkpoint,
 * the compared as-ofs and their rate windows' starts; the rest spread over 2025-06..2027-01.
 */
function instants(rng: Rng) {
  const edges = [
    ...AS_OFS.flatMap((a) => [a.getTime(), a.getTime() - WINDOW * DAY]),
    periodRange(PERIOD, TZ).start.getTime(),
    periodRange(PERIOD, TZ).end.getTime(),
  ];
  const base = D("2025-06-01T16:00:00Z").getTime();
  return () => {
    if (rng.next() < 0.3) return edges[rng.int(0, edges.length - 1)] + rng.int(-1, 1) * 1000 * rng.int(0, 1);
    return base + rng.int(0, 600) * (DAY / 2);
  };
}

function randomDeal(rng: Rng, instant: () => number): NewDeal {
  const created = instant();
  const steps: [number, Date][] = [];
  let t = created + (rng.next() < 0.15 ? -rng.int(1, 5) * DAY : 0);
  for (let k = rng.int(0, 5); k > 0; k--) {
    if (rng.next() < 0.2) t = instant();
    steps.push([rng.int(1, 7), new Date(t)]);
    if (rng.next() > 0.2) t += rng.int(0, 20) * (DAY / 2);
  }
  const r = rng.next();
  const status = r < 0.45 ? "open" : r < 0.7 ? "won" : r < 0.9 ? "lost" : "disqualified";
  return {
    owner: owners[rng.int(0, owners.length - 1)],
    value: rng.int(100, 5_000_000) / 100,
    createdAt: new Date(created),
    status,
    closedAt: status === "open" ? null : new Date(rng.next() < 0.4 ? instant() : t + rng.int(0, 30) * DAY),
    expectedClose: rng.next() < 0.2 ? null : new Date(instant()).toISOString().slice(0, 10),
    steps,
  };
}

async function dealIds(): Promise<string[]> {
  return (
    await rows<{ id: string }>(h.db, sql`select id from deals where org_id = ${orgId} order by id`)
  ).map((r) => r.id);
}

/** One round of random writes of every kind the lean figures can see. */
async function randomWrites(rng: Rng) {
  const instant = instants(rng);
  await insertDeals(Array.from({ length: 8 }, () => randomDeal(rng, instant)));
  const ids = await dealIds();
  const pick = () => ids[rng.int(0, ids.length - 1)];
  for (let i = 0; i < 12; i++) {
    const id = pick();
    const kind = rng.int(0, 7);
    if (kind <= 1) {
      // a step row, back-dated before the checkpoint or after it
      await h.db.execute(
        sql`insert into deal_steps (org_id, deal_id, step, entered_at)
            values (${orgId}, ${id}, ${rng.int(1, 7)}, ${new Date(instant())})`,
      );
    } else if (kind === 2) {
      await h.db.execute(
        sql`delete from deal_steps where org_id = ${orgId} and id = (
              select min(id) from deal_steps where org_id = ${orgId} and deal_id = ${id})`,
      );
    } else if (kind === 3) {
      const status = ["won", "lost", "disqualified"][rng.int(0, 2)];
      await h.db.execute(
        sql`update deals set status = ${status}, closed_at = ${new Date(instant())} where org_id = ${orgId} and id = ${id}`,
      );
    } else if (kind === 4) {
      await h.db.execute(
        sql`update deals set status = 'open', closed_at = null, expected_close = ${new Date(instant()).toISOString().slice(0, 10)}
            where org_id = ${orgId} and id = ${id}`,
      );
    } else if (kind === 5) {
      await h.db.execute(
        sql`update deals set owner_id = ${owners[rng.int(0, owners.length - 1)]}, value = ${rng.int(100, 900_000) / 100}
            where org_id = ${orgId} and id = ${id}`,
      );
    } else if (kind === 6) {
      // a correction: the deal's first step row counts as another step from now on
      await h.db.execute(
        sql`insert into deal_step_corrections (org_id, deal_id, deal_step_id, to_step, reason)
            select ${orgId}, ${id}, min(s.id), ${rng.int(1, 6)}, 'test' from deal_steps s
            where s.org_id = ${orgId} and s.deal_id = ${id}
              and not exists (select 1 from deal_step_corrections c where c.org_id = s.org_id and c.deal_step_id = s.id)
            having min(s.id) is not null`,
      );
    } else {
      await h.db.execute(sql`delete from deals where org_id = ${orgId} and id = ${id}`);
    }
  }
}

beforeAll(async () => {
  h = await createTestDb();
  orgId = (await makeOrg(h.db, "checkpoints", TZ)).id;
  owners = [];
  for (let i = 0; i < 6; i++)
    owners.push(
      (await makePerson(h.db, orgId, { email: `o${i}@x.test`, role: "salesperson", team: "T" })).id,
    );
  const rng = new Rng("checkpoints-test", 1);
  const instant = instants(rng);
  await insertDeals(Array.from({ length: 240 }, () => randomDeal(rng, instant)));
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe("checkpointed organisation-wide lean figures", () => {
  it("log nothing while logging is off", async () => {
    expect(await loggingState(h.db, orgId)).toBe("off");
    const n = await rows<{ n: number }>(h.db, sql`select count(*)::int as n from deal_stats_log`);
    expect(n[0].n).toBe(0);
    expect(await checkpointedDealStats(h.db, query(PERIOD, C))).toBeNull();
  });

  it("equal the plain query and the definition across random writes and as-of moves", async () => {
    expect(await refreshCheckpoint(h.db, key(), C)).toBe(true);
    expect(await loggingState(h.db, orgId)).toBe("on");
    expect(await compareAll("checkpoint")).toEqual([]);
    const rng = new Rng("checkpoints-writes", 2);
    for (let round = 1; round <= 4; round++) {
      await randomWrites(rng);
      expect(await compareAll(`round ${round}`)).toEqual([]);
      if (round === 2) {
        // A new checkpoint: the log entries the old one needed are pruned, the figures stay.
        expect(await takeCheckpoint(h.db, key(), C)).toBe(true);
        const left = await rows<{ n: number }>(
          h.db,
          sql`select count(*)::int as n from deal_stats_log where org_id = ${orgId}`,
        );
        expect(left[0].n).toBe(0);
        expect(await compareAll(`round ${round}, new checkpoint`)).toEqual([]);
      }
    }
    const logged = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from deal_stats_log where org_id = ${orgId}`,
    );
    expect(logged[0].n).toBeGreaterThan(0);
  });

  it("keep the old image of a written deal in the log", async () => {
    const [id] = await insertDeals([
      {
        owner: owners[0],
        value: 1234.5,
        createdAt: D("2026-10-01T12:00:00Z"),
        status: "open",
        closedAt: null,
        expectedClose: "2026-11-20",
        steps: [[2, D("2026-10-02T12:00:00Z")]],
      },
    ]);
    await h.db.execute(sql`update deals set value = 99 where org_id = ${orgId} and id = ${id}`);
    const log = await rows<{ present: boolean; value: string | null; m2: Date | null }>(
      h.db,
      sql`select present, value::text as value, m2 from deal_stats_log
          where org_id = ${orgId} and deal_id = ${id} order by id`,
    );
    // inserted (no row before), then the step row lowered m2 (image before: no minima),
    // then the value changed (image before: 1,234.50 with m2 at 10-02)
    expect(log.map((l) => l.present)).toEqual([false, true, true]);
    expect(log[2].value).toBe("1234.50");
    expect(new Date(log[2].m2!).toISOString()).toBe("2026-10-02T12:00:00.000Z");
  });

  it("fall back to the plain query where no checkpoint applies", async () => {
    expect(await checkpointedDealStats(h.db, query(PERIOD, C))).not.toBeNull();
    // a past as-of, one beyond the reach, another period, another window, a team
    expect(await checkpointedDealStats(h.db, query(PERIOD, at(-1)))).toBeNull();
    expect(await checkpointedDealStats(h.db, query(PERIOD, at(CHECKPOINT_REACH_MS + 1)))).toBeNull();
    expect(await checkpointedDealStats(h.db, query("2026-10", C))).toBeNull();
    expect(await checkpointedDealStats(h.db, query(PERIOD, C, undefined, 180))).toBeNull();
    expect(
      await checkpointedDealStats(h.db, query(PERIOD, C, [...owners, ...FILLER.slice(0, 58)])),
    ).toBeNull();
    expect(
      await checkpointedDealStats(h.db, query(PERIOD, C, [...owners, ...FILLER.slice(0, 59)])),
    ).not.toBeNull();
  });

  it("wait for writers older than logging (PostgreSQL: concurrent transactions)", async () => {
    if (h.kind !== "postgres") return;
    const other = (await makeOrg(h.db, "ck-race", TZ)).id;
    const rep = (await makePerson(h.db, other, { email: "r@x.test", role: "salesperson", team: "T" })).id;
    const k: CheckpointKey = { orgId: other, period: periodRange(PERIOD, TZ), windowDays: WINDOW };
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let wrote!: () => void;
    const written = new Promise<void>((r) => {
      wrote = r;
    });
    // A writer whose trigger ran before logging was on, committing after the checkpoint's try.
    const writer = h.db.transaction(async (tx) => {
      await tx.execute(
        sql`insert into deals (org_id, name, owner_id, value, created_at, status, current_step)
            values (${other}, 'late', ${rep}, 500, ${D("2026-10-10T12:00:00Z")}, 'open', 1)`,
      );
      wrote();
      await held;
    });
    await written;
    await startLogging(h.db, other);
    await markLoggingSince(h.db, other);
    expect(await takeCheckpoint(h.db, k, C)).toBe(false);
    release();
    await writer;
    expect(await takeCheckpoint(h.db, k, C)).toBe(true);
    const ids = [rep, ...FILLER];
    const q = { ...query(PERIOD, C, ids), orgId: other };
    const ck = await checkpointedDealStats(h.db, q);
    expect(ck?.get(rep)?.funnelNow[1].entered).toBe(1);
  });
});

describe("the checkpoint job", () => {
  it("switches logging on, checkpoints an organisation with enough deals, drops a small one's", async () => {
    const org = (await makeOrg(h.db, "ck-job", TZ)).id;
    const rep = (await makePerson(h.db, org, { email: "j@x.test", role: "salesperson", team: "T" })).id;
    await h.db.execute(
      sql`insert into deals (org_id, name, owner_id, value, created_at, status, current_step)
          select ${org}, 'd' || i, ${rep}, 100, ${D("2026-10-10T12:00:00Z")}, 'open', 1 from generate_series(1, 3) i`,
    );
    const now = D("2026-10-20T10:30:00Z");
    // an organisation below the threshold gets no job; at or above it one per hour
    await scheduleCheckpoints(h.db, now, 4);
    expect(await jobsOf(h.db, org, "deal-stats.checkpoint")).toEqual([]);
    await scheduleCheckpoints(h.db, now, 3);
    await scheduleCheckpoints(h.db, new Date(now.getTime() + 600_000), 3);
    const jobs = await jobsOf(h.db, org, "deal-stats.checkpoint");
    expect(jobs.map((j) => [j.status, new Date(j.runAt).toISOString()])).toEqual([
      ["pending", "2026-10-20T10:00:00.000Z"],
    ]);
    const run = (minDeals: number) =>
      h.db.transaction((tx) =>
        checkpointJob(
          tx,
          {
            orgId: org,
            id: jobs[0].id,
            kind: "deal-stats.checkpoint",
            payload: {},
            attempts: 0,
            runAt: now,
            lockedUntil: "",
          },
          now,
          minDeals,
        ),
      );
    // 3 deals ≥ 3: first run switches logging on, the next (a later transaction) checkpoints
    await run(3);
    expect(await loggingState(h.db, org)).not.toBe("off");
    // (on PostgreSQL, other connections' transactions may hold it back a moment)
    const taken = async () =>
      (await rows(h.db, sql`select 1 from deal_stats_checkpoints where org_id = ${org}`)).length > 0;
    for (let i = 0; i < 50 && !(await taken()); i++) await run(3);
    const cks = await rows<{ period: string; asOf: Date }>(
      h.db,
      sql`select period_key as period, as_of as "asOf" from deal_stats_checkpoints where org_id = ${org}`,
    );
    expect(cks.map((c) => [c.period, new Date(c.asOf).toISOString()])).toEqual([
      ["2026-Q4", now.toISOString()],
    ]);
    // the follow-up run it scheduled, and the next hour's
    expect((await jobsOf(h.db, org, "deal-stats.checkpoint")).length).toBeGreaterThan(1);
    // below the threshold: logging off, checkpoints gone
    await run(4);
    expect(await loggingState(h.db, org)).toBe("off");
    const left = await rows(h.db, sql`select 1 from deal_stats_checkpoints where org_id = ${org}`);
    expect(left).toEqual([]);
  });
});
