/**
 * The manager's time and reviews (metrics.md, "The manager's time",
 * "Accountability reviews"). Pure.
 */
import { dateInPeriod, type Period } from "./periods.js";

import { TIME_CATEGORIES, type TimeCategory } from "./vocabulary.js";

export { TIME_CATEGORIES, type TimeCategory };

/** One time entry (`time_entries` row): a local date and minutes. */
export interface TimeEntryFacts {
  personId: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  category: TimeCategory;
  minutes: number;
}

/** Minutes per category of one person's entries dated in the period (all categories present, 0 if none). */
export function minutesByCategory(
  entries: Iterable<TimeEntryFacts>,
  period: Period,
): Record<TimeCategory, number> {
  const out = Object.fromEntries(TIME_CATEGORIES.map((c) => [c, 0])) as Record<TimeCategory, number>;
  for (const e of entries) if (dateInPeriod(e.date, period)) out[e.category] += e.minutes;
  return out;
}

/** Minutes not `selling` / all minutes; null when no minutes. */
export function managingShare(minutes: Record<TimeCategory, number>): number | null {
  const total = TIME_CATEGORIES.reduce((a, c) => a + minutes[c], 0);
  return total > 0 ? (total - minutes.selling) / total : null;
}

/** Revenue won on the manager's own deals / revenue won by the team including the manager; null if 0. */
export function managerRevenueShare(managerWon: number, teamWonIncludingManager: number): number | null {
  return teamWonIncludingManager > 0 ? managerWon / teamWonIncludingManager : null;
}

const DAY_MS = 86_400_000;

/**
 * Overdue: no review at or before asOf, or the last one is older than
 * `cadenceDays` × 24 h at asOf (exactly `cadenceDays` old is not overdue).
 */
export function isReviewOverdue(lastReviewAt: Date | null, asOf: Date, cadenceDays: number): boolean {
  if (!lastReviewAt || lastReviewAt.getTime() > asOf.getTime()) return true;
  return asOf.getTime() - lastReviewAt.getTime() > cadenceDays * DAY_MS;
}

/**
 * Share of the direct reports not overdue; null without direct reports.
 * `lastReviewAt` holds each report's latest review at or before asOf (null: none).
 */
export function reviewCompliance(
  lastReviewAt: readonly (Date | null)[],
  asOf: Date,
  cadenceDays: number,
): number | null {
  if (lastReviewAt.length === 0) return null;
  const ok = lastReviewAt.filter((d) => !isReviewOverdue(d, asOf, cadenceDays)).length;
  return ok / lastReviewAt.length;
}
