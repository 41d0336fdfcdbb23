/**
 * Measurable commitments (metrics.md, "Accountability reviews and
 * commitments"). Pure.
 *
 * A measurable commitment counts either step entries (the person's deals
 * reaching a step, explicit or implicit) or activities of a kind done, between
 * its creation and its due date. The due date is a local date; the commitment
 * is due at the end of that day (local midnight after it), computed by the
 * caller with `startOfLocalDay(addDays(due, 1), tz)`.
 */
import type { DealFlow } from "./stepflow.js";
import type { CommitmentStatusValue } from "./vocabulary.js";

export type CommitmentMeasure = { kind: "step"; step: number } | { kind: "activity"; activityKind: string };

export interface MeasurableCommitment {
  personId: string;
  measure: CommitmentMeasure;
  target: number;
  createdAt: Date;
  /** End of the due date (exclusive). */
  dueAt: Date;
}

export type CommitmentStatus = CommitmentStatusValue;

/** An activity as far as commitments are concerned. */
export interface CommitmentActivity {
  ownerId: string;
  kind: string;
  doneAt: Date | null;
}

/**
 * The count made in [createdAt, min(dueAt, asOf)): step entries of the
 * person's deals (flows as of asOf) or their activities of the kind done.
 */
export function commitmentCount(
  c: MeasurableCommitment,
  asOf: Date,
  flows: Iterable<DealFlow>,
  activities: Iterable<CommitmentActivity>,
): number {
  const from = c.createdAt.getTime();
  const to = Math.min(c.dueAt.getTime(), asOf.getTime() + 1);
  const inRange = (d: Date | null) => d != null && d.getTime() >= from && d.getTime() < to;
  let n = 0;
  if (c.measure.kind === "step") {
    const s = c.measure.step;
    for (const f of flows) if (f.deal.ownerId === c.personId && inRange(f.reachedAt[s] ?? null)) n++;
  } else {
    const k = c.measure.activityKind;
    for (const a of activities) if (a.ownerId === c.personId && a.kind === k && inRange(a.doneAt)) n++;
  }
  return n;
}

/** `pending` before the due time; then `kept` when count ≥ target, else `missed`. */
export function commitmentStatus(c: MeasurableCommitment, count: number, asOf: Date): CommitmentStatus {
  if (asOf.getTime() < c.dueAt.getTime()) return "pending";
  return count >= c.target ? "kept" : "missed";
}

/** The inbox line a checked commitment sends (to the person; their manager's has the name in front). */
export function checkedTitle(status: CommitmentStatus, count: number, target: number, text: string): string {
  return `Commitment ${status} (${count} of ${target}): ${text}`;
}
