/**
 * Conversion rates, average deal size and win probability (metrics.md,
 * "Conversion rates"). Pure; works on `DealFlow`s computed as of the same
 * instant that ends the window.
 */

import { inWindow, type TimeWindow } from "./periods.js";
import { FUNNEL_STEPS, type FunnelStep, type PerStep, perStep } from "./perstep.js";
import type { OrgSettings } from "./settings.js";
import type { DealFlow } from "./stepflow.js";

/** Counts of one step over the deals that entered it in a window. */
export interface StepCounts {
  /** Deals that entered the step in the window (open ones included). */
  entered: number;
  /** …of which reached the next step by asOf (for step 6: won). */
  advanced: number;
  /** …of which were lost or disqualified while at the step. */
  exited: number;
}

export type Funnel = PerStep<StepCounts>;

export function emptyFunnel(): Funnel {
  return perStep(() => ({ entered: 0, advanced: 0, exited: 0 }));
}

/**
 * Entered/advanced/exited per step 1..6 over the deals that entered the step
 * in `window` (reach time, explicit or implicit, in (from, to]; or any
 * predicate on the reach time). The flows must be computed as of the window's
 * end (or later events would leak in).
 */
export function funnelCounts(
  flows: Iterable<DealFlow>,
  window: TimeWindow | ((reachedAt: Date) => boolean),
): Funnel {
  const inside = typeof window === "function" ? window : (d: Date) => inWindow(d, window);
  const f = emptyFunnel();
  for (const flow of flows) {
    for (const s of FUNNEL_STEPS) {
      const at = flow.reachedAt[s];
      if (!at || !inside(at)) continue;
      f[s].entered++;
      const advanced = s === 6 ? flow.outcome === "won" : flow.reachedAt[s + 1] != null;
      if (advanced) f[s].advanced++;
      else if (flow.exitStep === s) f[s].exited++;
    }
  }
  return f;
}

/** Adds funnels up ("pooled over the team"). */
export function poolFunnels(funnels: Iterable<Funnel>): Funnel {
  const out = emptyFunnel();
  for (const f of funnels) {
    for (const s of FUNNEL_STEPS) {
      out[s].entered += f[s].entered;
      out[s].advanced += f[s].advanced;
      out[s].exited += f[s].exited;
    }
  }
  return out;
}

/** Raw rate `advanced / (advanced + exited)`; null when nothing resolved. */
export function rawRate(c: StepCounts): number | null {
  const n = c.advanced + c.exited;
  return n > 0 ? c.advanced / n : null;
}

/** Raw rates per step (null where nothing resolved). */
export function rawRates(f: Funnel): PerStep<number | null> {
  return perStep((s) => rawRate(f[s]));
}

/**
 * The team rate used as the prior: the team's pooled raw rate, or the
 * organisation's default rate where the team has no resolved deal at s.
 */
export function teamPriorRates(team: Funnel, settings: OrgSettings): PerStep<number> {
  return perStep((s) => rawRate(team[s]) ?? settings.defaultRates[s - 1]);
}

/**
 * Mass-customised rates: `(advanced + K·teamRate) / (advanced + exited + K)`.
 * With no history of one's own (and K > 0) this is the team rate.
 */
export function smoothedRates(own: Funnel, team: Funnel, settings: OrgSettings): PerStep<number> {
  const prior = teamPriorRates(team, settings);
  const K = settings.priorWeight;
  return perStep((s) => {
    const n = own[s].advanced + own[s].exited + K;
    return n > 0 ? (own[s].advanced + K * prior[s]) / n : prior[s];
  });
}

/** Won deals closed in a window: sum of values and count. */
export interface WonStats {
  sumWon: number;
  nWon: number;
}

/** Won deals whose close time lies in `window` (flows as of `window.to`). */
export function wonStats(flows: Iterable<DealFlow>, window: TimeWindow): WonStats {
  let sumWon = 0;
  let nWon = 0;
  for (const f of flows) {
    if (f.outcome === "won" && f.closedAt && inWindow(f.closedAt, window)) {
      sumWon += f.deal.value;
      nWon++;
    }
  }
  return { sumWon, nWon };
}

export function poolWonStats(list: Iterable<WonStats>): WonStats {
  let sumWon = 0;
  let nWon = 0;
  for (const w of list) {
    sumWon += w.sumWon;
    nWon += w.nWon;
  }
  return { sumWon, nWon };
}

/**
 * `(sumWon + K·teamAvg) / (nWon + K)`; teamAvg is the pooled team average, or
 * `defaultDealSize` where the team has no won deal in the window.
 */
export function smoothedDealSize(own: WonStats, team: WonStats, settings: OrgSettings): number {
  const teamAvg = team.nWon > 0 ? team.sumWon / team.nWon : settings.defaultDealSize;
  const K = settings.priorWeight;
  const n = own.nWon + K;
  return n > 0 ? (own.sumWon + K * teamAvg) / n : teamAvg;
}

/** `pWin(s) = rate(s) · … · rate(6)`; 1 for step 7, and for 0 (no step) the same as step 1. */
export function pWin(rates: PerStep<number>, step: number): number {
  let p = 1;
  for (let s = Math.max(1, step); s <= 6; s++) p *= rates[s as FunnelStep];
  return p;
}
