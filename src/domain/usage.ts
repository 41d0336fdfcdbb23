/**
 * Using the system, the "90 %" rule (metrics.md): nextStepCoverage,
 * processCompliance, loggingTimeliness, usageScore. Pure.
 *
 * Activities can be given pre-aggregated (`ActivityStats`, `CoverageCounts`),
 * which is what a database layer should compute with bounded queries; the
 * `*FromRows` helpers define the same aggregation over raw rows.
 */
import { inWindow, type TimeWindow } from "./periods.js";
import { type FunnelStep, type PerStep, perStep } from "./perstep.js";
import type { DealFlow } from "./stepflow.js";

/** A share: numerator / denominator (null when the denominator is 0). */
export interface Share {
  num: number;
  den: number;
}

export function shareValue(s: Share): number | null {
  return s.den > 0 ? s.num / s.den : null;
}

/**
 * One person's activities done in a window W = (from, to], aggregated.
 * SQL equivalent: `done_at > from AND done_at <= to` (and `logged_at <= to`
 * or null), grouped by owner and step.
 */
export interface ActivityStats {
  /** Activities done in W per step 1..6 (for activitiesPerEntry). */
  doneByStep: PerStep<number>;
  /** loggingTimeliness: done in W with a recorded logged_at (num: within 48 h). */
  timeliness: Share;
}

export function emptyActivityStats(): ActivityStats {
  return { doneByStep: perStep(() => 0), timeliness: { num: 0, den: 0 } };
}

/** A raw activity row (the columns the metrics use). */
export interface ActivityRow {
  ownerId: string;
  step: number;
  dealId: string | null;
  contactId: string | null;
  scheduledFor: Date | null;
  doneAt: Date | null;
  loggedAt: Date | null;
}

const H48 = 48 * 3_600_000;

/**
 * Aggregates one person's activity rows for window `w` (as of `w.to`): an
 * activity counts when done in W; one logged after `w.to` did not exist yet
 * then and is left out; an activity without `loggedAt` counts for
 * `doneByStep` but is left out of timeliness.
 */
export function activityStatsFromRows(rows: Iterable<ActivityRow>, w: TimeWindow): ActivityStats {
  const out = emptyActivityStats();
  for (const a of rows) {
    if (!a.doneAt || !inWindow(a.doneAt, w)) continue;
    if (a.loggedAt && a.loggedAt.getTime() > w.to.getTime()) continue;
    if (a.step >= 1 && a.step <= 6) out.doneByStep[a.step as FunnelStep]++;
    if (a.loggedAt) {
      out.timeliness.den++;
      if (a.loggedAt.getTime() - a.doneAt.getTime() <= H48) out.timeliness.num++;
    }
  }
  return out;
}

/**
 * Whether an activity is a "what's next" as of asOf: scheduled at or after
 * asOf and not done as of asOf.
 */
export function isNextStep(a: Pick<ActivityRow, "scheduledFor" | "doneAt">, asOf: Date): boolean {
  if (!a.scheduledFor || a.scheduledFor.getTime() < asOf.getTime()) return false;
  return !a.doneAt || a.doneAt.getTime() > asOf.getTime();
}

/** Ids of deals and of contacts that have a next step as of asOf (any owner's activity counts). */
export function nextStepTargetsFromRows(
  rows: Iterable<ActivityRow>,
  asOf: Date,
): { dealIds: Set<string>; contactIds: Set<string> } {
  const dealIds = new Set<string>();
  const contactIds = new Set<string>();
  for (const a of rows) {
    if (!isNextStep(a, asOf)) continue;
    if (a.dealId) dealIds.add(a.dealId);
    if (a.contactId) contactIds.add(a.contactId);
  }
  return { dealIds, contactIds };
}

/**
 * nextStepCoverage counts: the salesperson's open deals (as of asOf) and active
 * customers, and how many of them have a next step.
 */
export function nextStepCoverageCounts(
  openDealIds: Iterable<string>,
  dealsWithNextStep: ReadonlySet<string>,
  activeCustomers: Share,
): Share {
  let num = activeCustomers.num;
  let den = activeCustomers.den;
  for (const id of openDealIds) {
    den++;
    if (dealsWithNextStep.has(id)) num++;
  }
  return { num, den };
}

/**
 * processCompliance counts: deals that entered any step 1..7 in W (reach time
 * in W, explicit or implicit); compliant when none of those reaches in W was
 * implicit (a skip).
 */
export function processComplianceCounts(flows: Iterable<DealFlow>, w: TimeWindow): Share {
  let num = 0;
  let den = 0;
  for (const f of flows) {
    let entered = false;
    let skipped = false;
    for (let s = 1; s <= 7; s++) {
      const at = f.reachedAt[s];
      if (!at || !inWindow(at, w)) continue;
      entered = true;
      if (f.implicit[s]) skipped = true;
    }
    if (!entered) continue;
    den++;
    if (!skipped) num++;
  }
  return { num, den };
}

/** The mean of the parts that are not null; null when all are null. */
export function usageScore(parts: readonly (number | null)[]): number | null {
  const xs = parts.filter((x): x is number => x != null);
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
