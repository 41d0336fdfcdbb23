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
 * period's cohort), which needs per-deal lookups in activities. Both scopes are
 * computed by grouping the deals by a per-deal code (below).
 */
import { type SQL, sql } from "drizzle-orm";
import type { PersonDealStats } from "../domain/dealstats.js";
import { emptyDealStats } from "../domain/dealstats.js";
import type { Period, TimeWindow } from "../domain/periods.js";
import { FUNNEL_STEPS } from "../domain/perstep.js";
import type { Funnel } from "../domain/rates.js";
import type { DbOrTx } from "./client.js";
import { inPieces, rows } from "./sql.js";

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

/**
 * The largest s in 1..7 with m_s ≤ lim, else `otherwise`: since m_1 ≤ m_2 ≤ … ≤ m_7 (each a
 * minimum over a shrinking set of rows; a null — no row with that step or higher — stays
 * null above it and compares as not reached), a binary search of 3 comparisons instead
 * of up to 7 in a row (most deals end at the first steps, which the row checked last).
 * Evaluated several times per deal per report: a third of the Team screen's deal query
 * on the embedded database.
 */
function topStepExpr(lim: string, otherwise: string): string {
  const le = (s: number) => `x.m${s} <= ${lim}`;
  const pick = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = Math.ceil((lo + hi) / 2);
    return `case when ${le(mid)} then ${pick(mid, hi)} else ${pick(lo, mid - 1)} end`;
  };
  return `case when ${le(1)} then ${pick(1, 7)} else ${otherwise} end`;
}

/** The furthest step as of t (0: none). */
function currentExpr(t: string): string {
  return `case when x.status = 'won' and x.closed_at <= ${t} then 7
               else ${topStepExpr(t, `case when x.created_at <= ${t} then 1 else 0 end`)} end`;
}

/** The outcome as of t. */
function outcomeExpr(t: string): string {
  return `case when x.status <> 'open' and x.closed_at <= ${t} then x.status else 'open' end`;
}

/**
 * Whether the deal skipped a step it reached in the rate window ending at asOf
 * (the process-compliance flag), over the columns of a deal's code (`f`): some
 * step s in (cw, ncur] — the reaches in (wnf, asOf] — was reached implicitly.
 * As in `reachExpr`, step s is reached from a row when m_s ≤ asOf and the won
 * close is not earlier (rows win ties against the close: lower step first), and
 * then it is implicit when no row has exactly step s at that time (e_s ≠ m_s);
 * otherwise, from the won close, it is implicit below step 7 (and from creation,
 * step 1, never).
 */
function skipInWindowExpr(): string {
  const parts = STEPS7.map((s) => {
    const k = `case when f.m${s} <= p.a and not coalesce(f.status = 'won' and f.closed_at < f.m${s}, false)
                 then f.e${s} is distinct from f.m${s}
               else ${s < 7 ? `f.status = 'won' and f.closed_at <= p.a` : "false"} end`;
    return `(f.cw < ${s} and f.ncur >= ${s} and ${k})`;
  });
  return `(${parts.join(" or ")})`;
}

/** Up to this many owners, each deal is looked up by its owner (per-owner cost); beyond, one pass over the organisation. */
export const FEW_OWNERS = 64;

/**
 * On the per-owner path the owners are read in pieces of this many, one
 * statement (and transaction) each. The figures are grouped by owner, so the
 * pieces' rows are the whole's. Why: the embedded database cannot interrupt a
 * started statement, and an organisation-wide report of the 40-person demo was
 * one statement of ~0.4 s quiet and seconds on a loaded machine, which every
 * sign-in arriving meanwhile waited for; between pieces its scheduler runs
 * cheaper requests first (src/db/pglite-proxy.ts). On PostgreSQL a piece costs
 * a few round trips more. Beyond FEW_OWNERS one pass over the organisation's
 * rows is cheaper than a pass per piece, so it stays whole.
 */
export const OWNERS_PER_PIECE = 8;

/**
 * Per owner (of `ownerIds` with at least one deal): the `PersonDealStats` as of
 * asOf. Owners without deals are absent (their stats are empty). The `lean`
 * scope leaves openDeals, compliance and periodFunnel empty.
 */
export async function loadDealStats(db: DbOrTx, q: DealStatsQuery): Promise<Map<string, PersonDealStats>> {
  if (q.ownerIds.length === 0) return new Map();
  if (q.ownerIds.length > OWNERS_PER_PIECE && q.ownerIds.length <= FEW_OWNERS) {
    // In pieces of a few owners, one statement each (see OWNERS_PER_PIECE and inPieces).
    const pieces = await inPieces(db, q.ownerIds, OWNERS_PER_PIECE, (ownerIds) =>
      loadDealStats(db, { ...q, ownerIds }),
    );
    const out = new Map<string, PersonDealStats>();
    for (const piece of pieces) for (const [id, st] of piece) out.set(id, st);
    return out;
  }
  return loadCodedDealStats(db, q);
}

export function withBigQuerySettings<T>(
  f: (tx: DbOrTx) => Promise<T>,
  db: DbOrTx,
  fewOwners: boolean,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('jit', 'off', true), set_config('work_mem', '96MB', true),
                 set_config('enable_seqscan', ${fewOwners ? "off" : "on"}, true)`,
    );
    return f(tx);
  });
}

/**
 * The body of `x`: the deals of the owners that exist as of asOf, with their
 * step minima m1..m7 (e1..e7 for the full scope) over all their step rows in
 * force, from deal_step_minima (kept by triggers on deal_steps and
 * deal_step_corrections: one row per deal).
 *
 * The minima need no cut at asOf: every figure compares a minimum with an
 * instant t ≤ asOf (m_s ≤ t; m_1 > t for creation's step 1), and a minimum
 * over all rows is the minimum over the rows up to t when it lies at or before
 * t, and there is no such row by t otherwise; a skip compares e_s with m_s only
 * when m_s is the reach (≤ asOf), and e_s ≥ m_s, so an e_s after asOf is
 * "distinct" cut or not.
 */
function dealsWithMinima(q: DealStatsQuery, ownersLater = false): SQL {
  const ids = sql`${`{${q.ownerIds.join(",")}}`}::uuid[]`;
  // `= any(array)` compares each row with the array element by element: fine for a team,
  // quadratic for a whole organisation (729 k deals × 5,000 owners), where a hashed
  // semi-join over the unnested array is linear.
  const ownerIn = q.ownerIds.length > FEW_OWNERS ? sql`in (select unnest(${ids}))` : sql`= any(${ids})`;
  const e = raw(
    STEPS7.map((s) => (q.scope === "full" ? `t.e${s}` : `null::timestamptz as e${s}`)).join(", "),
  );
  const m = raw(STEPS7.map((s) => `t.m${s}`).join(", "));
  // One read of deal_step_minima, whose copies of the deal columns spare the join to
  // deals: for a few owners (a team) by its owner index (the transaction turns sequential
  // scans off for them, so the plan does not depend on statistics: PGlite has no
  // autovacuum, and tables filled through the API may never be analyzed); for many, a
  // scan of the organisation's rows. It replaced, for a team, a primary-key probe into
  // deal_step_minima per deal of theirs (~1/3 of the full query on PGlite), and before
  // that an aggregate over each deal's step rows.
  return sql`
          select t.deal_id as id, t.owner_id, t.value, t.created_at, t.expected_close, t.status, t.closed_at,
                 ${m}, ${e}
          from deal_step_minima t
          where t.org_id = ${q.orgId} ${ownersLater ? sql`` : sql`and t.owner_id ${ownerIn}`}
            and (t.created_at <= ${q.asOf} or t.m1 <= ${q.asOf})
            ${q.scope === "lean" ? sql`and ${relevantToLean(q)}` : sql``}`;
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
  return sql`select ${q.orgId}::uuid as org, ${q.asOf}::timestamptz as a, ${ts}::timestamptz as ts,
                 ${q.winNow.from}::timestamptz as wnf,
                 ${q.winStart.from}::timestamptz as wsf, ${q.winStart.to}::timestamptz as wst,
                 ${q.period.start}::timestamptz as ps, ${q.period.end}::timestamptz as pe,
                 ${q.period.startDate}::date as psd, ${q.period.endDate}::date as ped,
                 least(${q.asOf}::timestamptz, ${q.winNow.from}::timestamptz) as lw,
                 least(${ts}::timestamptz, ${q.winStart.from}::timestamptz) as lws,
                 least(${q.asOf}::timestamptz, ${q.period.start}::timestamptz - interval '1 microsecond') as lps,
                 least(${q.asOf}::timestamptz, ${q.period.end}::timestamptz - interval '1 microsecond') as lpe`;
}

/*
 * Grouped by a per-deal code instead of filtered aggregates per deal (~60 for the
 * lean scope, ~110 for the full one). Reach times are non-decreasing in the step
 * (m_s is a minimum over a shrinking set of rows; the won close and creation add the same or an earlier
 * time to the lower steps), so the steps a deal reached by an instant T whose
 * reach time is ≤ x (or < x) are exactly 1..count_T(x): each figure depends
 * only on a few such counts, the outcomes and a few flags.
 *   funnelNow:   steps in (count_a(≤ wnf), cur_a]   with cur_a, outcome as of asOf
 *   funnelStart: steps in (count_ts(≤ wsf), cur_ts] with cur_ts, outcome as of ts
 *   entered:     steps in (count_a(< ps), count_a(< pe)]
 *   flags:       won in each window, won in the period, open with its expected close in the period
 * and for the full scope
 *   periodFunnel: steps in (count_a(< ps), count_a(< pe)], advanced/exited by cur_a and the outcome
 *   openDeals:    open as of asOf (cur_a > 0), with a next-step flag
 *   compliance:   steps in (count_a(≤ wnf), cur_a] not empty, with a skip flag over them
 * The database groups the deals by (owner, code) with their count and value; Node
 * adds up each group's contribution (`addGroup`).
 */

/**
 * count_T(x): how many steps (0..7) have a reach time as of T that is ≤ x, given
 * `lim` = least(T, x) (a column of `p`): a minimum counts when it is ≤ T and ≤ x.
 * Creation counts for step 1 when no row is there by T (as in `reachExpr`).
 */
function countExpr(t: string, lim: string): string {
  const creation = `case when (x.m1 is null or x.m1 > ${t}) and x.created_at <= ${lim} then 1 else 0 end`;
  return `case when x.status = 'won' and x.closed_at <= ${lim} then 7 else ${topStepExpr(lim, creation)} end`;
}

const OUTCOMES = ["open", "won", "lost", "disqualified"] as const;
const outcomeCode = (t: string) =>
  `(case ${outcomeExpr(t)} ${OUTCOMES.map((o, i) => `when '${o}' then ${i}`).join(" ")} end)`;

/**
 * A field of the code: its values are 0..size−1. `derived` fields are computed
 * from the others (as columns of `f`, each evaluated once per deal).
 */
type CodeField = [name: string, size: number, expr: string, derived?: boolean];

/** The fields of the code, least significant first, with their number of values. */
const LEAN_FIELDS: CodeField[] = [
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
    `(f.ncur > 0 and f.nout = 0 and f.expected_close >= p.psd and f.expected_close <= p.ped)::int`,
    true,
  ],
];

/**
 * The full scope's fields after the lean ones (2^26 · 4 codes: still an int4).
 * nx: open as of asOf with an activity scheduled at or after asOf and not done by
 * then (any owner's; probed only for the deals open as of asOf).
 */
function fullFields(): CodeField[] {
  return [
    [
      "nx",
      2,
      `(case when f.nout = 0 then exists (
          select 1 from activities ac
          where ac.org_id = p.org and ac.deal_id = f.id
            and ac.scheduled_for >= p.a and (ac.done_at is null or ac.done_at > p.a)) else false end)::int`,
      true,
    ],
    ["sk", 2, `${skipInWindowExpr()}::int`, true],
  ];
}

function codeFields(q: DealStatsQuery): CodeField[] {
  return q.scope === "full" ? [...LEAN_FIELDS, ...fullFields()] : LEAN_FIELDS;
}

// a flag over a null (no expected close) is false, not null
const fieldValue = ([, size, expr]: CodeField) => (size === 2 ? `coalesce(${expr}, 0)` : `(${expr})`);

/** The per-deal columns of `f`: the fields that are not derived. */
function fieldColumns(fields: CodeField[]): string {
  return fields
    .filter((f) => !f[3])
    .map((f) => `${fieldValue(f)} as ${f[0]}`)
    .join(",\n");
}

/** The code over `f`: Σ value × (product of the sizes before). */
function codeExpr(fields: CodeField[]): string {
  let mult = 1;
  const terms: string[] = [];
  for (const f of fields) {
    const e = f[3] ? fieldValue(f) : `f.${f[0]}`;
    terms.push(mult === 1 ? e : `${e} * ${mult}`);
    mult *= f[1];
  }
  return terms.join(" + ");
}

function decode(fields: CodeField[], code: number): Record<string, number> {
  const out: Record<string, number> = {};
  let c = code;
  for (const [name, size] of fields) {
    out[name] = c % size;
    c = Math.floor(c / size);
  }
  return out;
}

/**
 * The query: per owner, the groups of their deals by code as one text
 * `code,n,v;code,n,v;…` (n deals worth v in all) — ~35 groups per salesperson,
 * ~150 k at 5,000 people, which as rows would cost more to send and parse than
 * to compute.
 */
export function dealStatsSql(q: DealStatsQuery, ownersLater = false): SQL {
  // ownersLater: the owners are filtered per owner after grouping instead of per deal
  // (cheaper when they are most of the organisation: 4,443 of 5,000 for an executive's quad).
  const owners = ownersLater
    ? sql`where g.owner_id in (select unnest(${`{${q.ownerIds.join(",")}}`}::uuid[]))`
    : sql``;
  return groupsSql(q, dealsWithMinima(q, ownersLater), owners, false);
}

/**
 * The lean groups of every deal of the organisation (`dealStatsSql` without an owner
 * filter), the money in cents: what a checkpoint sums (src/db/checkpoints.queries.ts).
 */
export function orgLeanGroupsSql(q: DealStatsQuery): SQL {
  return groupsSql({ ...q, scope: "lean" }, dealsWithMinima({ ...q, scope: "lean" }, true), sql``, true);
}

/**
 * The lean groups, money in cents, of the deals of `source`: rows with the columns of
 * deal_step_minima the lean figures read (deal_id, owner_id, value, created_at,
 * expected_close, status, closed_at, m1..m7), e.g. the old images of deal_stats_log.
 * As in `dealsWithMinima`, only the deals that exist as of asOf count.
 */
export function leanGroupsOfSql(q: DealStatsQuery, source: SQL): SQL {
  const m = raw(STEPS7.map((s) => `t.m${s}`).join(", "));
  const e = raw(STEPS7.map((s) => `null::timestamptz as e${s}`).join(", "));
  const x = sql`select t.deal_id as id, t.owner_id, t.value, t.created_at, t.expected_close, t.status, t.closed_at,
                       ${m}, ${e}
                from (${source}) t
                where t.created_at <= ${q.asOf} or t.m1 <= ${q.asOf}`;
  return groupsSql({ ...q, scope: "lean" }, x, sql``, true);
}

function groupsSql(q: DealStatsQuery, x: SQL, owners: SQL, cents: boolean): SQL {
  const fields = codeFields(q);
  const v = cents ? sql`sum(f.value * 100)::bigint` : sql`sum(f.value)::float8`;
  return sql`with p as (${paramsRow(q)}),
        x as (${x}),
        g as (
          select f.owner_id, ${raw(codeExpr(fields))} as code, count(*) as n, ${v} as v
          from p, (select x.*, ${raw(fieldColumns(fields))} from p, x offset 0) f
          group by 1, 2
        )
        select g.owner_id as "ownerId", string_agg(g.code || ',' || g.n || ',' || g.v, ';') as groups
        from g ${owners}
        group by g.owner_id`;
}

/** Adds n deals entering steps (lo, hi] with current step cur and outcome out (hi ≤ cur). */
function addFunnel(f: Funnel, lo: number, hi: number, cur: number, out: string, n: number) {
  for (const s of FUNNEL_STEPS) {
    if (s <= lo || s > hi) continue;
    f[s].entered += n;
    if (s < 6 ? s + 1 <= cur : out === "won") f[s].advanced += n;
    else if ((out === "lost" || out === "disqualified") && cur === s) f[s].exited += n;
  }
}

/** Adds one (owner, code) group of `n` deals worth `v` to the owner's stats. */
function addGroup(st: PersonDealStats, c: Record<string, number>, n: number, v: number, full: boolean) {
  const nout = OUTCOMES[c.nout];
  addFunnel(st.funnelNow, c.cw, c.ncur, c.ncur, nout, n);
  addFunnel(st.funnelStart, c.cws, c.scur, c.scur, OUTCOMES[c.sout], n);
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
  if (!full) return;
  addFunnel(st.periodFunnel, c.elo, c.ehi, c.ncur, nout, n);
  if (c.ncur > 0 && nout === "open") {
    st.openDeals.den += n;
    if (c.nx) st.openDeals.num += n;
  }
  if (c.ncur > c.cw) {
    st.compliance.den += n;
    if (!c.sk) st.compliance.num += n;
  }
}

async function loadCodedDealStats(db: DbOrTx, q: DealStatsQuery): Promise<Map<string, PersonDealStats>> {
  // One big expression-heavy query: PostgreSQL's JIT would spend ~0.7 s compiling it
  // (more than the query takes for a team), and hashing a whole organisation's deals
  // needs more than the default 4 MB of work_mem (96 MB: the hash of ~730 k deals' step
  // minima fits). A team's rows are read by index whatever the statistics say (no
  // sequential scans). The settings last for this transaction only.
  const owners = await withBigQuerySettings(
    async (tx) => {
      let later = false;
      if (q.scope === "lean" && q.ownerIds.length > FEW_OWNERS) {
        const org = await rows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from people where org_id = ${q.orgId}`,
        );
        later = q.ownerIds.length * 2 >= org[0].n;
      }
      return rows<{ ownerId: string; groups: string }>(tx, dealStatsSql(q, later));
    },
    db,
    q.ownerIds.length <= FEW_OWNERS,
  );
  return statsOfGroups(owners, q.scope);
}

/**
 * Per owner, the stats of the groups a query returned (`ownerId`, `groups`: the text of
 * `dealStatsSql`); money in whatever unit the query summed it in.
 */
export function statsOfGroups(
  owners: readonly { ownerId: string; groups: string }[],
  scope: DealStatsScope,
): Map<string, PersonDealStats> {
  const out = new Map<string, PersonDealStats>();
  const fields = scope === "full" ? [...LEAN_FIELDS, ...fullFields()] : LEAN_FIELDS;
  const full = scope === "full";
  for (const o of owners) {
    const st = emptyDealStats();
    for (const g of o.groups.split(";")) {
      const [code, n, v] = g.split(",");
      addGroup(st, decode(fields, Number(code)), Number(n), Number(v), full);
    }
    out.set(o.ownerId, st);
  }
  return out;
}
