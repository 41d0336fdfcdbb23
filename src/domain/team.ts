/**
 * Team figures (metrics.md, "Team figures"): paretoShare, Red / White / Blue,
 * coachingFocus. Pure.
 */

import { FUNNEL_STEPS, type FunnelStep } from "./perstep.js";
import { type Funnel, rawRate } from "./rates.js";
import type { OrgSettings } from "./settings.js";

/**
 * Revenue won by the top `ceil(0.2·n)` salespeople / all revenue won by the n
 * salespeople; null when n = 0 or nobody won anything.
 */
export function paretoShare(revenues: readonly number[]): number | null {
  const n = revenues.length;
  const total = revenues.reduce((a, b) => a + b, 0);
  if (n === 0 || !(total > 0)) return null;
  const top = [...revenues].sort((a, b) => b - a).slice(0, Math.ceil(0.2 * n));
  return top.reduce((a, b) => a + b, 0) / total;
}

export interface RankEntry {
  /** Identifier returned in the groups (e.g. email). */
  id: string;
  name: string;
  wonRevenue: number;
  /** null (no quota) ranks after any number. */
  resultsIndex: number | null;
}

/**
 * Rank by revenue won (desc); ties: higher resultsIndex first (null last), then
 * name (code-point order), then id.
 */
export function rankByResults(entries: readonly RankEntry[]): RankEntry[] {
  const ri = (x: number | null) => (x == null ? Number.NEGATIVE_INFINITY : x);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...entries].sort(
    (a, b) =>
      b.wonRevenue - a.wonRevenue ||
      ri(b.resultsIndex) - ri(a.resultsIndex) ||
      cmp(a.name, b.name) ||
      cmp(a.id, b.id),
  );
}

export interface RedWhiteBlue {
  red: string[];
  white: string[];
  blue: string[];
}

/** Red = top `round(n/3)`, Blue = bottom `round(n/3)`, White = the rest; ids in rank order. */
export function redWhiteBlue(entries: readonly RankEntry[]): RedWhiteBlue {
  const ranked = rankByResults(entries).map((e) => e.id);
  const k = Math.round(ranked.length / 3);
  return {
    red: ranked.slice(0, k),
    white: ranked.slice(k, ranked.length - k),
    blue: ranked.slice(ranked.length - k),
  };
}

export interface CoachingFocus {
  step: FunnelStep;
  /** The salesperson's raw rate and trials (advanced + exited) at the step. */
  rate: number;
  trials: number;
  /** The team's pooled raw rate and trials at the step. */
  teamRate: number;
  teamTrials: number;
  /** rate / teamRate (< 0.8). */
  ratio: number;
}

/**
 * Among steps where the salesperson has ≥ minTrials resolved deals and the
 * team's raw rate is > 0, the step with the lowest `r / teamRate`, if below
 * 0.8 (ties: the earlier step); null otherwise. Both funnels as of asOf.
 */
export function coachingFocus(
  own: Funnel,
  team: Funnel,
  settings: Pick<OrgSettings, "minTrials">,
): CoachingFocus | null {
  let best: CoachingFocus | null = null;
  for (const s of FUNNEL_STEPS) {
    const trials = own[s].advanced + own[s].exited;
    const r = rawRate(own[s]);
    const tr = rawRate(team[s]);
    if (trials < settings.minTrials || r == null || tr == null || !(tr > 0)) continue;
    const ratio = r / tr;
    if (ratio < 0.8 && (best === null || ratio < best.ratio)) {
      best = {
        step: s,
        rate: r,
        trials,
        teamRate: tr,
        teamTrials: team[s].advanced + team[s].exited,
        ratio,
      };
    }
  }
  return best;
}
