/**
 * The deal aggregates of src/domain/dealstats.ts (`PersonDealStats`) computed
 * in the database: one set-based query per report, grouped by owner, so an
 * organisation-wide report does not ship ~1 M deals and ~5 M step rows to Node.
 *
 * How it mirrors `dealFlow` (src/domain/stepflow.ts) without replaying events
 * one by one: a deal reaches step s at the earliest event whose step is ≥ s
 * (events in time order, lower step first at equal times; moving back changes
 * nothing). So per deal, from its step rows at or before asOf,
 *   m_s = min(entered_at) over rows with step ≥ s   (s = 1..7)
 *   e_s = min(entered_at) over rows with step = s
 * and as of any instant t ≤ asOf:
 *   reach_t(s) = least(m_s if m_s ≤ t,
 *                      closed_at if won and closed_at ≤ t,          (step 7 at the close)
 *                      created_at if s = 1, no row ≤ t, created ≤ t) (step 1 since creation)
 * (a minimum over a prefix of the events is the full minimum when that one is
 * in the prefix). The reach is implicit (a skip) when it comes from a row
 * and no row has exactly step s at that time (e_s ≠ m_s), or when it comes
 * from the won close and s < 7. The deal exists at t when it reached step 1.
 * The furthest step is the largest s reached. Flows "as of the period's start"
 * use t = min(start, asOf): nothing after asOf exists for a report.
 *
 * `scope` chooses the parts: `lean` leaves out what only the scorecard,
 * usage and funnel reports show (next-step coverage, process compliance, the
 * period's cohort), which needs per-deal lookups in activities.
 */
import { type SQL, sql } from "drizzle-orm";
import type { PersonDealStats } from "../domain/dealstats.js";
import { emptyDealStats } from "../domain/dealstats.js";
import type { Period, TimeWindow } from "../domain/periods.js";
import { FUNNEL_STEPS, type PerStep } from "../domain/perstep.js";
import type { Funnel } from "../domain/rates.js";
import type { DbOrTx } from "./client.js";
import { rows } from "./sql.js";

export type DealStatsScope = "full" | "lean";

export interface DealStatsQuery {
  orgId: string;
  ownerIds: readonly string[];
  period: Period;
  asOf: Date;
  winNow: TimeWindow;
  winStart: TimeWindow;
  scope: DealStatsScope;
}

const STEPS7 = [1, 2, 3, 4, 5, 6, 7] as const;
const raw = (s: string) => sql.raw(s);
const join = (parts: SQL[], sep = ", ") => sql.join(parts, raw(sep));

/** reach_t(s) for t given as a SQL expression over the per-deal columns (`x`). */
function reachExpr(s: number, t: string): string {
  const won = `(x.status = 'won' and x.closed_at <= ${t})`;
  const parts = [`case when x.m${s} <= ${t} then x.m${s} end`, `case when ${won} then x.closed_at end`];
  if (s === 1) {
    parts.push(`case when (x.m1 is null or x.m1 > ${t}) and x.created_at <= ${t} then x.created_at end`);
  }
  return `least(${parts.join(", ")})`;
}

/** The furthest step as of t (0: none). */
function currentExpr(t: string): string {
  const whens = [
    `when x.status = 'won' and x.closed_at <= ${t} then 7`,
    ...[7, 6, 5, 4, 3, 2, 1].map((s) => `when x.m${s} <= ${t} then ${s}`),
    `when x.created_at <= ${t} then 1`,
  ];
  return `case ${whens.join(" ")} else 0 end`;
}

/** The outcome as of t. */
function outcomeExpr(t: string): string {
  return `case when x.status <> 'open' and x.closed_at <= ${t} then x.status else 'open' end`;
}

/**
 * Per-deal derived columns for the instants `now` (asOf) and `st` (the start,
 * capped at asOf): reach times n1..n7 / s1..s7, current step, outcome; for the
 * full scope the skip flags k1..k7 of the reaches as of asOf.
 */
function perDealColumns(scope: DealStatsScope): string {
  const cols: string[] = [];
  for (const s of STEPS7) cols.push(`${reachExpr(s, "p.a")} as n${s}`);
  for (const s of STEPS7) cols.push(`${reachExpr(s, "p.ts")} as s${s}`);
  cols.push(`${currentExpr("p.a")} as ncur`, `${currentExpr("p.ts")} as scur`);
  cols.push(`${outcomeExpr("p.a")} as nout`, `${outcomeExpr("p.ts")} as sout`);
  if (scope === "full") {
    for (const s of STEPS7) {
      // From a row when m_s is the reach (rows win ties against the close: lower step first).
      cols.push(
        `case when x.m${s} is not null and x.m${s} = ${reachExpr(s, "p.a")} then x.e${s} is distinct from x.m${s}
              when x.status = 'won' and x.closed_at <= p.a then ${s < 7 ? "true" : "false"}
              else false end as k${s}`,
      );
    }
  }
  return cols.join(",\n");
}

/** Aggregates per owner over the per-deal rows (`y`). */
function ownerAggregates(scope: DealStatsScope): string {
  const out: string[] = [];
  const funnel = (prefix: string, cur: string, outc: string, inside: (r: string) => string, name: string) => {
    for (const s of FUNNEL_STEPS) {
      const r = `y.${prefix}${s}`;
      const adv = s === 6 ? `y.${outc} = 'won'` : `y.${prefix}${s + 1} is not null`;
      const exited = `y.${outc} in ('lost', 'disqualified') and y.${cur} = ${s}`;
      out.push(`(count(*) filter (where ${inside(r)}))::int as ${name}e${s}`);
      out.push(`(count(*) filter (where ${inside(r)} and ${adv}))::int as ${name}a${s}`);
      out.push(`(count(*) filter (where ${inside(r)} and not (${adv}) and ${exited}))::int as ${name}x${s}`);
    }
  };
  const inWin = (from: string, to: string) => (r: string) => `${r} > ${from} and ${r} <= ${to}`;
  const inPer = (r: string) => `${r} >= p.ps and ${r} < p.pe`;
  funnel("n", "ncur", "nout", inWin("p.wnf", "p.a"), "fn");
  funnel("s", "scur", "sout", inWin("p.wsf", "p.wst"), "fs");
  const wonIn = (outc: string, from: string, to: string) =>
    `y.${outc} = 'won' and y.closed_at > ${from} and y.closed_at <= ${to}`;
  out.push(`coalesce(sum(y.value) filter (where ${wonIn("nout", "p.wnf", "p.a")}), 0)::float8 as wnsum`);
  out.push(`(count(*) filter (where ${wonIn("nout", "p.wnf", "p.a")}))::int as wnn`);
  out.push(`coalesce(sum(y.value) filter (where ${wonIn("sout", "p.wsf", "p.wst")}), 0)::float8 as wssum`);
  out.push(`(count(*) filter (where ${wonIn("sout", "p.wsf", "p.wst")}))::int as wsn`);
  for (const s of FUNNEL_STEPS) out.push(`(count(*) filter (where ${inPer(`y.n${s}`)}))::int as ent${s}`);
  out.push(
    `coalesce(sum(y.value) filter (where y.nout = 'won' and ${inPer("y.closed_at")}), 0)::float8 as wonrev`,
  );
  const openInPeriod = `y.n1 is not null and y.nout = 'open' and y.expected_close >= p.psd and y.expected_close <= p.ped`;
  for (const s of [0, ...STEPS7])
    out.push(`coalesce(sum(y.value) filter (where ${openInPeriod} and y.ncur = ${s}), 0)::float8 as ov${s}`);
  if (scope === "full") {
    out.push(`(count(*) filter (where y.n1 is not null and y.nout = 'open'))::int as oden`);
    out.push(`(count(*) filter (where y.n1 is not null and y.nout = 'open' and y.nxt))::int as onum`);
    const anyIn = STEPS7.map((s) => `(y.n${s} > p.wnf and y.n${s} <= p.a)`).join(" or ");
    const skipIn = STEPS7.map((s) => `(y.n${s} > p.wnf and y.n${s} <= p.a and y.k${s})`).join(" or ");
    out.push(`(count(*) filter (where ${anyIn}))::int as cden`);
    out.push(`(count(*) filter (where (${anyIn}) and not (${skipIn})))::int as cnum`);
    funnel("n", "ncur", "nout", inPer, "pf");
  }
  return out.join(",\n");
}

type Row = Record<string, number> & { ownerId: string };

function funnelFrom(r: Row, name: string): Funnel {
  const f = {} as Funnel;
  for (const s of FUNNEL_STEPS) {
    f[s] = { entered: r[`${name}e${s}`], advanced: r[`${name}a${s}`], exited: r[`${name}x${s}`] };
  }
  return f;
}

/**
 * Per owner (of `ownerIds` with at least one deal): the `PersonDealStats` as of
 * asOf. Owners without deals are absent (their stats are empty).
 */
export async function loadDealStats(db: DbOrTx, q: DealStatsQuery): Promise<Map<string, PersonDealStats>> {
  const out = new Map<string, PersonDealStats>();
  if (q.ownerIds.length === 0) return out;
  // One big expression-heavy query: PostgreSQL's JIT would spend ~0.7 s compiling it
  // (more than the query takes for a team), and hashing a whole organisation's deals
  // needs more than the default 4 MB of work_mem (96 MB: the hash of ~730 k deals' step minima fits). Both settings last for this transaction only.
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '96MB', true)`);
    return rows<Row>(tx, dealStatsSql(q));
  });
  for (const x of result) {
    const s = emptyDealStats();
    s.funnelNow = funnelFrom(x, "fn");
    s.funnelStart = funnelFrom(x, "fs");
    s.wonNow = { sumWon: Number(x.wnsum), nWon: x.wnn };
    s.wonStart = { sumWon: Number(x.wssum), nWon: x.wsn };
    s.entered = Object.fromEntries(FUNNEL_STEPS.map((st) => [st, x[`ent${st}`]])) as PerStep<number>;
    s.wonRevenue = Number(x.wonrev);
    s.openValueByStep = [0, 1, 2, 3, 4, 5, 6, 7].map((st) => Number(x[`ov${st}`]));
    if (q.scope === "full") {
      s.openDeals = { num: x.onum, den: x.oden };
      s.compliance = { num: x.cnum, den: x.cden };
      s.periodFunnel = funnelFrom(x, "pf");
    }
    out.set(x.ownerId, s);
  }
  return out;
}

/** The query of `loadDealStats` (exported for EXPLAIN in the benchmark). */
export function dealStatsSql(q: DealStatsQuery): SQL {
  const ids = sql`${`{${q.ownerIds.join(",")}}`}::uuid[]`;
  // `= any(array)` compares each row with the array element by element: fine for a team,
  // quadratic for a whole organisation (729 k deals × 5,000 owners), where a hashed
  // semi-join over the unnested array is linear.
  const ownerIn = q.ownerIds.length > 64 ? sql`in (select unnest(${ids}))` : sql`= any(${ids})`;
  const ts = q.period.start.getTime() < q.asOf.getTime() ? q.period.start : q.asOf;
  const mins = join([
    raw("min(s.entered_at) as m1"),
    ...STEPS7.slice(1).map((s) => raw(`min(s.entered_at) filter (where s.step >= ${s}) as m${s}`)),
    // e_s (an explicit row at s) only matters for the skip flags of the full scope.
    ...STEPS7.map((s) =>
      raw(
        q.scope === "full"
          ? `min(s.entered_at) filter (where s.step = ${s}) as e${s}`
          : `null::timestamptz as e${s}`,
      ),
    ),
  ]);
  const nextStep =
    q.scope === "full"
      ? sql`, (y0.nout = 'open' and exists (
              select 1 from activities a
              where a.org_id = ${q.orgId} and a.deal_id = y0.id
                and a.scheduled_for >= ${q.asOf} and (a.done_at is null or a.done_at > ${q.asOf}))) as nxt`
      : sql``;
  // The step minima per deal. For a few owners (a team): per deal, from its own step
  // rows (index deal_steps_org_deal) — robust whatever the planner's statistics say
  // (PGlite has no autovacuum, so tables filled through the API may never be analyzed).
  // For many: one grouped pass over the organisation's step rows, materialized once,
  // hash-joined to the deals (cheaper than probing an owner filter for ~2 M rows).
  const few = q.ownerIds.length <= 64;
  const minima = few
    ? sql`cross join lateral (
            select ${mins} from deal_steps s
            where s.org_id = d.org_id and s.deal_id = d.id and s.entered_at <= ${q.asOf}) m`
    : sql`left join m on m.deal_id = d.id`;
  const mCte = few
    ? sql``
    : sql`m as materialized (
            select s.deal_id, ${mins}
            from deal_steps s
            where s.org_id = ${q.orgId} and s.entered_at <= ${q.asOf}
            group by s.deal_id
          ),`;
  return sql`with p as (
          select ${q.asOf}::timestamptz as a, ${ts}::timestamptz as ts,
                 ${q.winNow.from}::timestamptz as wnf,
                 ${q.winStart.from}::timestamptz as wsf, ${q.winStart.to}::timestamptz as wst,
                 ${q.period.start}::timestamptz as ps, ${q.period.end}::timestamptz as pe,
                 ${q.period.startDate}::date as psd, ${q.period.endDate}::date as ped
        ),
        ${mCte}
        x as (
          select d.id, d.owner_id, d.value, d.created_at, d.expected_close, d.status, d.closed_at,
                 m.m1, m.m2, m.m3, m.m4, m.m5, m.m6, m.m7, m.e1, m.e2, m.e3, m.e4, m.e5, m.e6, m.e7
          from deals d ${minima}
          where d.org_id = ${q.orgId} and d.owner_id ${ownerIn}
            -- a deal created after asOf with no step row by then does not exist (metrics-decisions.md)
            and (d.created_at <= ${q.asOf} or m.m1 is not null)
        ),
        y0 as materialized (
          select x.id, x.owner_id, x.value, x.closed_at, x.expected_close, ${raw(perDealColumns(q.scope))}
          from p, x
        ),
        y as (select y0.* ${nextStep} from y0)
        select y.owner_id as "ownerId", ${raw(ownerAggregates(q.scope))}
        from p, y
        group by y.owner_id`;
}
