/**
 * Per-person aggregates of deal flows: everything the reports need from a
 * salesperson's (or manager's) deals, as counts and sums. Pure.
 *
 * `dealStatsFromDeals` is the definition (it runs `dealFlow` on each deal); the
 * SQL in src/db/dealstats.queries.ts computes the same aggregates in the
 * database for large scopes (an organisation-wide quad at 5,000 people reads
 * ~1 M deals: aggregating in SQL avoids shipping every deal and step row to
 * Node). A test checks both agree row for row on tricky histories.
 */
import { dateInPeriod, inPeriod, type Period, type TimeWindow } from "./periods.js";
import { FUNNEL_STEPS, type PerStep, perStep } from "./perstep.js";
import { emptyFunnel, type Funnel, funnelCounts, pWin, type WonStats, wonStats } from "./rates.js";
import { type DealFacts, type DealFlow, dealFlow } from "./stepflow.js";
import { processComplianceCounts, type Share } from "./usage.js";

export interface PersonDealStats {
  /** Funnel over the rate window ending at asOf (flows as of asOf). */
  funnelNow: Funnel;
  /** Funnel over the rate window ending at the period's start (flows as of the start). */
  funnelStart: Funnel;
  wonNow: WonStats;
  wonStart: WonStats;
  /** Step entries in the period by asOf (steps 1..6). */
  entered: PerStep<number>;
  /** Revenue won in the period by asOf. */
  wonRevenue: number;
  /**
   * Deals open as of asOf whose expected close lies in the period: Σ value by
   * current step (index 0..7; 0 = no step yet). For pipelineExpected.
   */
  openValueByStep: number[];
  /** Deals open as of asOf, and how many of them have a next step. */
  openDeals: Share;
  /** processCompliance counts over the rate window ending at asOf. */
  compliance: Share;
  /** The period's cohort: entries in the period by asOf and their outcome. */
  periodFunnel: Funnel;
}

export function emptyDealStats(): PersonDealStats {
  return {
    funnelNow: emptyFunnel(),
    funnelStart: emptyFunnel(),
    wonNow: { sumWon: 0, nWon: 0 },
    wonStart: { sumWon: 0, nWon: 0 },
    entered: perStep(() => 0),
    wonRevenue: 0,
    openValueByStep: [0, 0, 0, 0, 0, 0, 0, 0],
    openDeals: { num: 0, den: 0 },
    compliance: { num: 0, den: 0 },
    periodFunnel: emptyFunnel(),
  };
}

export interface DealStatsArgs {
  period: Period;
  asOf: Date;
  /** Rate window ending at asOf. */
  winNow: TimeWindow;
  /** Rate window ending at the period's start (the plan's). */
  winStart: TimeWindow;
  /** Ids of deals with a next step as of asOf. */
  dealsWithNextStep: ReadonlySet<string>;
}

/** The stats of one owner's deals (the definition the SQL mirrors). */
export function dealStatsOf(deals: readonly DealFacts[], a: DealStatsArgs): PersonDealStats {
  const flow = (at: Date) => deals.map((d) => dealFlow(d, at)).filter((f): f is DealFlow => f !== null);
  const flowsNow = flow(a.asOf);
  const flowsStart = flow(a.winStart.to);
  const s = emptyDealStats();
  s.funnelNow = funnelCounts(flowsNow, a.winNow);
  s.funnelStart = funnelCounts(flowsStart, a.winStart);
  s.wonNow = wonStats(flowsNow, a.winNow);
  s.wonStart = wonStats(flowsStart, a.winStart);
  const asOfMs = a.asOf.getTime();
  for (const f of flowsNow) {
    for (const st of FUNNEL_STEPS) {
      const at = f.reachedAt[st];
      if (at && inPeriod(at, a.period)) s.entered[st]++;
    }
    if (f.outcome === "won" && f.closedAt && inPeriod(f.closedAt, a.period)) s.wonRevenue += f.deal.value;
    if (f.outcome === "open") {
      s.openDeals.den++;
      if (a.dealsWithNextStep.has(f.deal.id)) s.openDeals.num++;
      if (f.deal.expectedClose && dateInPeriod(f.deal.expectedClose, a.period))
        s.openValueByStep[f.currentStep] += f.deal.value;
    }
  }
  s.compliance = processComplianceCounts(flowsNow, a.winNow);
  s.periodFunnel = funnelCounts(flowsNow, (d) => inPeriod(d, a.period) && d.getTime() <= asOfMs);
  return s;
}

/** Stats per owner of the given deals (owners without deals are absent). */
export function dealStatsFromDeals(
  deals: readonly DealFacts[],
  a: DealStatsArgs,
): Map<string, PersonDealStats> {
  const byOwner = new Map<string, DealFacts[]>();
  for (const d of deals) {
    const l = byOwner.get(d.ownerId);
    if (l) l.push(d);
    else byOwner.set(d.ownerId, [d]);
  }
  const out = new Map<string, PersonDealStats>();
  for (const [owner, list] of byOwner) out.set(owner, dealStatsOf(list, a));
  return out;
}

/**
 * Σ over deals open as of asOf with expected close in the period of
 * `value · pWin(current step)`; 0 once asOf is at or after the period's end.
 */
export function pipelineFromStats(
  s: PersonDealStats,
  period: Period,
  asOf: Date,
  rates: PerStep<number>,
): number {
  if (asOf.getTime() >= period.end.getTime()) return 0;
  let sum = 0;
  for (let step = 0; step <= 7; step++) {
    const v = s.openValueByStep[step];
    if (v) sum += v * pWin(rates, step);
  }
  return sum;
}

/**
 * The lean figures of `PersonDealStats` (those a checkpoint keeps: the funnels,
 * wins, step entries in the period, revenue and open pipeline) as one vector,
 * so that checkpoints can be stored, subtracted and added as plain sums.
 * Money is in cents (integers: sums and differences stay exact).
 * Layout: funnelNow and funnelStart (steps 1..6 × entered, advanced, exited),
 * wonNow and wonStart (n, cents), entered (steps 1..6), wonRevenue (cents),
 * openValueByStep (steps 0..7, cents): 55 numbers.
 */
export const LEAN_VECTOR_LENGTH = 55;

const FUNNEL_KEYS = ["entered", "advanced", "exited"] as const;

/** The lean vector of stats whose money fields are in cents. */
export function leanVector(st: PersonDealStats): number[] {
  const v: number[] = [];
  for (const f of [st.funnelNow, st.funnelStart])
    for (const s of FUNNEL_STEPS) for (const k of FUNNEL_KEYS) v.push(f[s][k]);
  v.push(st.wonNow.nWon, st.wonNow.sumWon, st.wonStart.nWon, st.wonStart.sumWon);
  for (const s of FUNNEL_STEPS) v.push(st.entered[s]);
  v.push(st.wonRevenue, ...st.openValueByStep);
  return v;
}

/** Lean stats (money in currency units) from a lean vector (money in cents); the other figures empty. */
export function fromLeanVector(v: readonly number[]): PersonDealStats {
  const st = emptyDealStats();
  let i = 0;
  for (const f of [st.funnelNow, st.funnelStart])
    for (const s of FUNNEL_STEPS) for (const k of FUNNEL_KEYS) f[s][k] = v[i++];
  const money = () => v[i++] / 100;
  st.wonNow.nWon = v[i++];
  st.wonNow.sumWon = money();
  st.wonStart.nWon = v[i++];
  st.wonStart.sumWon = money();
  for (const s of FUNNEL_STEPS) st.entered[s] = v[i++];
  st.wonRevenue = money();
  for (let s = 0; s <= 7; s++) st.openValueByStep[s] = money();
  return st;
}

/** acc += sign · v, element by element. */
export function addLeanVector(acc: number[], v: readonly number[], sign: 1 | -1): void {
  for (let i = 0; i < LEAN_VECTOR_LENGTH; i++) acc[i] += sign * v[i];
}
