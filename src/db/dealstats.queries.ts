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

/** reach_t(s) for t given as a SQL expression over the per-deal columns (`x`). */
export function reachExpr(s: number, t: string): string {
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
  if (q.scope === "lean") return loadLeanDealStats(db, q);
  const result = await withBigQuerySettings((tx) => rows<Row>(tx, dealStatsSql(q)), db);
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

function withBigQuerySettings<T>(f: (tx: DbOrTx) => Promise<T>, db: DbOrTx): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '96MB', true)`);
    return f(tx);
  });
}

/**
 * The CTE `m` (organisation-wide scopes) and the body of `x`: the deals of the
 * owners that exist as of asOf, with their step minima m1..m7 (e1..e7 for the
 * full scope) over the step rows at or before asOf.
 */
function dealsWithMinima(q: DealStatsQuery, ownersLater = false): { mCte: SQL; x: SQL } {
  const ids = sql`${`{${q.ownerIds.join(",")}}`}::uuid[]`;
  // `= any(array)` compares each row with the array element by element: fine for a team,
  // quadratic for a whole organisation (729 k deals × 5,000 owners), where a hashed
  // semi-join over the unnested array is linear.
  const ownerIn = q.ownerIds.length > 64 ? sql`in (select unnest(${ids}))` : sql`= any(${ids})`;
  // The step minima per deal come from deal_step_minima (kept by triggers on deal_steps
  // and deal_step_corrections: one row per deal, the minima over all its rows in force),
  // cut at asOf — a minimum over all rows is the minimum over the rows up to asOf when
  // it lies at or before asOf, and there is no such row by asOf otherwise. For a few
  // owners (a team): one primary-key probe per deal of theirs (a lateral subquery
  // behind OFFSET 0, so the plan does not depend on the planner's statistics: PGlite
  // has no autovacuum, and tables filled through the API may never be analyzed). It
  // replaced an aggregate over each deal's step rows (~2/3 of a team's report on
  // PGlite). For many: the organisation's rows, hash-joined to the deals.
  const few = q.ownerIds.length <= 64;
  const cut = (c: string) => `case when t.${c} <= p.a then t.${c} end as ${c}`;
  const cutCols = raw(
    [
      ...STEPS7.map((s) => cut(`m${s}`)),
      ...STEPS7.map((s) => (q.scope === "full" ? cut(`e${s}`) : `null::timestamptz as e${s}`)),
    ].join(", "),
  );
  const minima = few
    ? sql`left join lateral (
            select ${cutCols} from deal_step_minima t, p
            where t.org_id = d.org_id and t.deal_id = d.id offset 0) m on true`
    : sql`left join m on m.deal_id = d.id`;
  const mCte = few
    ? sql``
    : sql`m as (
            select t.deal_id, ${cutCols}
            from deal_step_minima t, p
            where t.org_id = ${q.orgId}
          ),`;
  if (!few && q.scope === "lean") {
    // The lean figures compare every minimum with an instant ≤ asOf (m_s ≤ t), so the
    // minima need no cut at asOf, and deal_step_minima's copies of the deal columns
    // spare the join to deals: one scan of a narrow table.
    const x = sql`
          select t.deal_id as id, t.owner_id, t.value, t.created_at, t.expected_close, t.status, t.closed_at,
                 ${raw(STEPS7.map((s) => `t.m${s}`).join(", "))}
          from deal_step_minima t
          where t.org_id = ${q.orgId} ${ownersLater ? sql`` : sql`and t.owner_id ${ownerIn}`}
            and (t.created_at <= ${q.asOf} or t.m1 <= ${q.asOf})
            and ${relevantToLean(q)}`;
    return { mCte: sql``, x };
  }
  const x = sql`
          select d.id, d.owner_id, d.value, d.created_at, d.expected_close, d.status, d.closed_at,
                 m.m1, m.m2, m.m3, m.m4, m.m5, m.m6, m.m7, m.e1, m.e2, m.e3, m.e4, m.e5, m.e6, m.e7
          from deals d ${minima}
          where d.org_id = ${q.orgId} and d.owner_id ${ownerIn}
            -- a deal created after asOf with no step row by then does not exist (metrics-decisions.md)
            and (d.created_at <= ${q.asOf} or m.m1 is not null)`;
  return { mCte, x };
}

/**
 * The deals that can add to a lean figure (for the organisation-wide scan of
 * deal_step_minima). Let lo = the earlier rate window's start: every threshold
 * a lean figure compares an instant with (the windows' starts and ends, the
 * period's bounds, asOf) is ≥ lo. A deal whose every instant (creation, close,
 * step minima: `last_at`) is ≤ lo has, as of any of those thresholds, reached
 * all it ever reaches, so every count of steps reached by a threshold equals its
 * current step (no funnel entry, no step entry in the period), and its close
 * (≤ lo) is in no window nor the period. It adds something only while open
 * (a closed deal has its close instant: deals_closed) with its expected close in
 * the period (the open pipeline). Every other deal is skipped through
 * deal_step_minima_org_last: at 5,000 people ~1/3 of the organisation's deals
 * remain for a quarter as of its middle (docs/performance.md).
 */
function relevantToLean(q: DealStatsQuery): SQL {
  const lo = q.winStart.from.getTime() < q.winNow.from.getTime() ? q.winStart.from : q.winNow.from;
  return sql`(t.last_at > ${lo}::timestamptz
              or (t.status = 'open'
                  and t.expected_close >= ${q.period.startDate}::date
                  and t.expected_close <= ${q.period.endDate}::date))`;
}

/** The instants of a query as one row `p` (ts: the period's start, capped at asOf). */
function paramsRow(q: DealStatsQuery): SQL {
  const ts = q.period.start.getTime() < q.asOf.getTime() ? q.period.start : q.asOf;
  return sql`select ${q.asOf}::timestamptz as a, ${ts}::timestamptz as ts,
                 ${q.winNow.from}::timestamptz as wnf,
                 ${q.winStart.from}::timestamptz as wsf, ${q.winStart.to}::timestamptz as wst,
                 ${q.period.start}::timestamptz as ps, ${q.period.end}::timestamptz as pe,
                 ${q.period.startDate}::date as psd, ${q.period.endDate}::date as ped,
                 least(${q.asOf}::timestamptz, ${q.winNow.from}::timestamptz) as lw,
                 least(${ts}::timestamptz, ${q.winStart.from}::timestamptz) as lws,
                 least(${q.asOf}::timestamptz, ${q.period.start}::timestamptz - interval '1 microsecond') as lps,
                 least(${q.asOf}::timestamptz, ${q.period.end}::timestamptz - interval '1 microsecond') as lpe`;
}

/** The query of `loadDealStats` for the full scope (exported for EXPLAIN in the benchmark). */
export function dealStatsSql(q: DealStatsQuery): SQL {
  const nextStep =
    q.scope === "full"
      ? sql`, (y0.nout = 'open' and exists (
              select 1 from activities a
              where a.org_id = ${q.orgId} and a.deal_id = y0.id
                and a.scheduled_for >= ${q.asOf} and (a.done_at is null or a.done_at > ${q.asOf}))) as nxt`
      : sql``;
  const { mCte, x } = dealsWithMinima(q);
  return sql`with p as (${paramsRow(q)}),
        ${mCte}
        x as (${x}),
        y0 as materialized (
          select x.id, x.owner_id, x.value, x.closed_at, x.expected_close, ${raw(perDealColumns(q.scope))}
          from p, x
        ),
        y as (select y0.* ${nextStep} from y0)
        select y.owner_id as "ownerId", ${raw(ownerAggregates(q.scope))}
        from p, y
        group by y.owner_id`;
}

/*
 * The lean scope, grouped by a per-deal code instead of ~60 filtered aggregates
 * per deal. Reach times are non-decreasing in the step (m_s is a minimum over a
 * shrinking set of rows; the won close and creation add the same or an earlier
 * time to the lower steps), so the steps a deal reached by an instant T whose
 * reach time is ≤ x (or < x) are exactly 1..count_T(x): each figure of the lean
 * scope depends only on a few such counts, the outcomes and four flags.
 *   funnelNow:   steps in (count_a(≤ wnf), cur_a]   with cur_a, outcome as of asOf
 *   funnelStart: steps in (count_ts(≤ wsf), cur_ts] with cur_ts, outcome as of ts
 *   entered:     steps in (count_a(< ps), count_a(< pe)]
 *   flags:       won in each window, won in the period, open with its expected close in the period
 * The database groups the deals by (owner, code) with their count and value; Node
 * adds up each group's contribution (`addLeanGroup`).
 */

/**
 * count_T(x): how many steps (0..7) have a reach time as of T that is ≤ x, given
 * `lim` = least(T, x) (a column of `p`): a minimum counts when it is ≤ T and ≤ x.
 * Creation counts for step 1 when no row is there by T (as in `reachExpr`).
 */
function countExpr(t: string, lim: string): string {
  const whens = [
    `when x.status = 'won' and x.closed_at <= ${lim} then 7`,
    ...[7, 6, 5, 4, 3, 2, 1].map((s) => `when x.m${s} <= ${lim} then ${s}`),
    `when (x.m1 is null or x.m1 > ${t}) and x.created_at <= ${lim} then 1`,
  ];
  return `case ${whens.join(" ")} else 0 end`;
}

const OUTCOMES = ["open", "won", "lost", "disqualified"] as const;
const outcomeCode = (t: string) =>
  `(case ${outcomeExpr(t)} ${OUTCOMES.map((o, i) => `when '${o}' then ${i}`).join(" ")} end)`;

/** The fields of the code, least significant first, with their number of values. */
const LEAN_FIELDS: [name: string, size: number, expr: string][] = [
  ["cw", 8, countExpr("p.a", "p.lw")],
  ["ncur", 8, currentExpr("p.a")],
  ["nout", 4, outcomeCode("p.a")],
  ["cws", 8, countExpr("p.ts", "p.lws")],
  ["scur", 8, currentExpr("p.ts")],
  ["sout", 4, outcomeCode("p.ts")],
  // < ps: ≤ ps − 1 µs (timestamptz counts microseconds)
  ["elo", 8, countExpr("p.a", "p.lps")],
  ["ehi", 8, countExpr("p.a", "p.lpe")],
  ["wn", 2, `(x.status = 'won' and x.closed_at > p.wnf and x.closed_at <= p.a)::int`],
  [
    "ws",
    2,
    `(x.status = 'won' and x.closed_at > p.wsf and x.closed_at <= p.wst and x.closed_at <= p.ts)::int`,
  ],
  ["wr", 2, `(x.status = 'won' and x.closed_at >= p.ps and x.closed_at < p.pe and x.closed_at <= p.a)::int`],
  [
    "op",
    2,
    `(${currentExpr("p.a")} > 0 and not (x.status <> 'open' and x.closed_at <= p.a)
      and x.expected_close >= p.psd and x.expected_close <= p.ped)::int`,
  ],
];

function leanCodeExpr(): string {
  let mult = 1;
  const terms: string[] = [];
  for (const [, size, expr] of LEAN_FIELDS) {
    // a flag over a null (no expected close) is false, not null
    const e = size === 2 ? `coalesce(${expr}, 0)` : `(${expr})`;
    terms.push(mult === 1 ? e : `${e} * ${mult}`);
    mult *= size;
  }
  return terms.join(" + ");
}

function decodeLean(code: number): Record<string, number> {
  const out: Record<string, number> = {};
  let c = code;
  for (const [name, size] of LEAN_FIELDS) {
    out[name] = c % size;
    c = Math.floor(c / size);
  }
  return out;
}

/**
 * The lean query: per owner, the groups of their deals by code as one text
 * `code,n,v;code,n,v;…` (n deals worth v in all) — ~35 groups per salesperson,
 * ~150 k at 5,000 people, which as rows would cost more to send and parse than
 * to compute.
 */
export function leanDealStatsSql(q: DealStatsQuery, ownersLater = false): SQL {
  const { mCte, x } = dealsWithMinima(q, ownersLater);
  // ownersLater: the owners are filtered per owner after grouping instead of per deal
  // (cheaper when they are most of the organisation: 4,443 of 5,000 for an executive's quad).
  const owners = ownersLater
    ? sql`where g.owner_id in (select unnest(${`{${q.ownerIds.join(",")}}`}::uuid[]))`
    : sql``;
  return sql`with p as (${paramsRow(q)}),
        ${mCte}
        x as (${x}),
        g as (
          select x.owner_id, ${raw(leanCodeExpr())} as code, count(*) as n, sum(x.value)::float8 as v
          from p, x
          group by 1, 2
        )
        select g.owner_id as "ownerId", string_agg(g.code || ',' || g.n || ',' || g.v, ';') as groups
        from g ${owners}
        group by g.owner_id`;
}

function addFunnel(f: Funnel, lo: number, cur: number, out: string, n: number) {
  for (const s of FUNNEL_STEPS) {
    if (s <= lo || s > cur) continue;
    f[s].entered += n;
    if (s < 6 ? s + 1 <= cur : out === "won") f[s].advanced += n;
    else if ((out === "lost" || out === "disqualified") && cur === s) f[s].exited += n;
  }
}

/** Adds one (owner, code) group of `n` deals worth `v` to the owner's stats. */
function addLeanGroup(st: PersonDealStats, code: number, n: number, v: number) {
  const c = decodeLean(code);
  addFunnel(st.funnelNow, c.cw, c.ncur, OUTCOMES[c.nout], n);
  addFunnel(st.funnelStart, c.cws, c.scur, OUTCOMES[c.sout], n);
  for (const s of FUNNEL_STEPS) if (s > c.elo && s <= c.ehi) st.entered[s] += n;
  if (c.wn) {
    st.wonNow.sumWon += v;
    st.wonNow.nWon += n;
  }
  if (c.ws) {
    st.wonStart.sumWon += v;
    st.wonStart.nWon += n;
  }
  if (c.wr) st.wonRevenue += v;
  if (c.op) st.openValueByStep[c.ncur] += v;
}

async function loadLeanDealStats(db: DbOrTx, q: DealStatsQuery): Promise<Map<string, PersonDealStats>> {
  const out = new Map<string, PersonDealStats>();
  const owners = await withBigQuerySettings(async (tx) => {
    let later = false;
    if (q.ownerIds.length > 64) {
      const org = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from people where org_id = ${q.orgId}`,
      );
      later = q.ownerIds.length * 2 >= org[0].n;
    }
    return rows<{ ownerId: string; groups: string }>(tx, leanDealStatsSql(q, later));
  }, db);
  for (const o of owners) {
    const st = emptyDealStats();
    for (const g of o.groups.split(";")) {
      const [code, n, v] = g.split(",");
      addLeanGroup(st, Number(code), Number(n), Number(v));
    }
    out.set(o.ownerId, st);
  }
  return out;
}
