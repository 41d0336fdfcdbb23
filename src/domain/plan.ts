/**
 * The effort plan: revenue target → required step entries (metrics.md, "The
 * effort plan"). Pure.
 */
import { ceilTol, FUNNEL_STEPS, type FunnelStep, type PerStep, perStep } from "./perstep.js";
import type { Funnel } from "./rates.js";

export interface EffortPlan {
  quota: number;
  avgDealSize: number;
  /** `ceil(quota / avgDealSize)`. */
  wins: number;
  /**
   * Step entries needed in the period. null for a step (and all earlier steps)
   * when a rate on the way is 0, so that no finite number of entries suffices.
   */
  need: PerStep<number | null>;
  /** `need / weeksInPeriod`, not rounded. */
  perWeek: PerStep<number | null>;
  /** `activitiesPerEntry(s) · need(s)` where the salesperson has history at s; else undefined. */
  activities: PerStep<number | undefined> | null;
}

/**
 * `activitiesPerEntry(s)` = activities done at step s in W / deals that
 * entered s in W; undefined for a step where no deal entered it in W.
 */
export function activitiesPerEntry(
  activitiesByStep: PerStep<number>,
  funnel: Funnel,
): PerStep<number | undefined> {
  return perStep((s) => (funnel[s].entered > 0 ? activitiesByStep[s] / funnel[s].entered : undefined));
}

/**
 * The plan for quota Q (> 0): `wins = ceil(Q / avgDealSize)`, `need(6) =
 * ceil(wins / rate(6))`, `need(s) = ceil(need(s+1) / rate(s))`. Ceilings
 * ignore floating-point noise (6 / 0.6 is 10, not 11).
 * Returns null when there is no quota (null, 0 or negative).
 */
export function effortPlan(args: {
  quota: number | null;
  rates: PerStep<number>;
  avgDealSize: number;
  weeksInPeriod: number;
  activitiesPerEntry?: PerStep<number | undefined> | null;
}): EffortPlan | null {
  const { quota, rates, avgDealSize, weeksInPeriod } = args;
  if (quota == null || !(quota > 0)) return null;
  const wins = avgDealSize > 0 ? ceilTol(quota / avgDealSize) : 0;
  const need = needFromWins(wins, rates);
  const perWeek = perStep((s) => (need[s] == null ? null : (need[s] as number) / weeksInPeriod));
  const ape = args.activitiesPerEntry;
  let activities: PerStep<number | undefined> | null = null;
  if (ape && FUNNEL_STEPS.some((s) => ape[s] !== undefined)) {
    activities = perStep((s) => {
      const a = ape[s];
      const n = need[s];
      return a === undefined || n == null ? undefined : a * n;
    });
  }
  return { quota, avgDealSize, wins, need, perWeek, activities };
}

/** need(6..1) for a number of wins. */
export function needFromWins(wins: number, rates: PerStep<number>): PerStep<number | null> {
  const need = perStep<number | null>(() => null);
  let next: number | null = wins;
  for (let s = 6; s >= 1; s--) {
    const r = rates[s as FunnelStep];
    if (next === null) break;
    next = next === 0 ? 0 : r > 0 ? ceilTol(next / r) : null;
    need[s as FunnelStep] = next;
  }
  return need;
}

/**
 * The remaining plan (mid-period): the same arithmetic, with rates and deal
 * size as of asOf, on `max(0, Q − won − pipelineExpected)`. A remaining quota
 * of 0 gives a plan of zeros (nothing more is needed); no quota gives null.
 */
export function remainingPlan(args: {
  quota: number | null;
  wonRevenue: number;
  pipelineExpected: number;
  rates: PerStep<number>;
  avgDealSize: number;
  weeksInPeriod: number;
}): EffortPlan | null {
  const { quota } = args;
  if (quota == null || !(quota > 0)) return null;
  const remaining = Math.max(0, quota - args.wonRevenue - args.pipelineExpected);
  if (remaining === 0) {
    const zero = perStep(() => 0);
    return { quota: 0, avgDealSize: args.avgDealSize, wins: 0, need: zero, perWeek: zero, activities: null };
  }
  return effortPlan({ ...args, quota: remaining });
}
