/**
 * Efforts, results and the Decision Quad (metrics.md). Pure.
 */
import { dateInPeriod, inPeriod, type Period } from "./periods.js";
import { FUNNEL_STEPS, type PerStep, perStep } from "./perstep.js";
import { pWin } from "./rates.js";
import type { OrgSettings } from "./settings.js";
import type { DealFlow } from "./stepflow.js";

export type Quadrant = "Q1" | "Q2" | "Q3" | "Q4";

/** `expected(s) = plan(s) · elapsed`. */
export function expectedEntries(
  plan: PerStep<number | null>,
  elapsedFraction: number,
): PerStep<number | null> {
  return perStep((s) => (plan[s] == null ? null : (plan[s] as number) * elapsedFraction));
}

/**
 * Step entries in the period by asOf: deals whose reach time of s (explicit or
 * implicit) lies in [period.start, period.end) and at or before asOf. The
 * flows must be computed as of asOf.
 */
export function enteredInPeriod(flows: Iterable<DealFlow>, period: Period): PerStep<number> {
  const out = perStep(() => 0);
  for (const f of flows) {
    for (const s of FUNNEL_STEPS) {
      const at = f.reachedAt[s];
      if (at && inPeriod(at, period)) out[s]++;
    }
  }
  return out;
}

/**
 * `attainment(s) = entered(s) / expected(s)` for every step with plan(s) > 0;
 * 1 where expected(s) is 0 (period not started). Steps with no plan (0 or
 * null) are undefined (left out).
 */
export function attainment(
  entered: PerStep<number>,
  plan: PerStep<number | null>,
  elapsedFraction: number,
): PerStep<number | undefined> {
  return perStep((s) => {
    const p = plan[s];
    if (p == null || !(p > 0)) return undefined;
    const expected = p * elapsedFraction;
    return expected > 0 ? entered[s] / expected : 1;
  });
}

/** Mean over the planned steps of `min(attainment, 1)`; null when no step is planned. */
export function effortIndex(att: PerStep<number | undefined>): number | null {
  let sum = 0;
  let n = 0;
  for (const s of FUNNEL_STEPS) {
    const a = att[s];
    if (a === undefined) continue;
    sum += Math.min(a, 1);
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Revenue of deals won in the period at or before asOf (flows as of asOf). */
export function wonInPeriod(flows: Iterable<DealFlow>, period: Period): number {
  let sum = 0;
  for (const f of flows) {
    if (f.outcome === "won" && f.closedAt && inPeriod(f.closedAt, period)) sum += f.deal.value;
  }
  return sum;
}

/**
 * Σ over deals open as of asOf whose expected close date is in the period of
 * `value · pWin(current step)`; 0 once asOf is at or after the period's end.
 */
export function pipelineExpected(
  flows: Iterable<DealFlow>,
  period: Period,
  asOf: Date,
  rates: PerStep<number>,
): number {
  if (asOf.getTime() >= period.end.getTime()) return 0;
  let sum = 0;
  for (const f of flows) {
    if (f.outcome !== "open" || !f.deal.expectedClose) continue;
    if (!dateInPeriod(f.deal.expectedClose, period)) continue;
    sum += f.deal.value * pWin(rates, f.currentStep);
  }
  return sum;
}

/** `(won + pipelineExpected) / Q`; null without a quota (null or 0). */
export function resultsIndex(won: number, pipeline: number, quota: number | null): number | null {
  if (quota == null || !(quota > 0)) return null;
  return (won + pipeline) / quota;
}

/** Q1 efforts & results, Q2 efforts only, Q3 results only, Q4 neither; null if either index is null. */
export function quadrant(
  effort: number | null,
  results: number | null,
  settings: Pick<OrgSettings, "effortThreshold" | "resultsThreshold">,
): Quadrant | null {
  if (effort == null || results == null) return null;
  const e = effort >= settings.effortThreshold;
  const r = results >= settings.resultsThreshold;
  return e ? (r ? "Q1" : "Q2") : r ? "Q3" : "Q4";
}
