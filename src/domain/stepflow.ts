/**
 * The step flow of one deal (metrics.md, "Step flow of one deal"). Pure.
 *
 * Input: the deal's explicit step rows `(step, enteredAt)` plus its status and
 * close time. Output, as of an instant `asOf` (later events do not exist yet):
 * when the deal reached each step 1..7 (earliest entry, explicit or implicit),
 * which reaches were implicit (skips), its current (= furthest) step, its
 * outcome and, for lost/disqualified deals, the step it exited at.
 */
import type { StepNumber } from "./steps.js";
import type { DealStatus } from "./vocabulary.js";

export type { DealStatus } from "./vocabulary.js";

/** One explicit entry into a step (a `deal_steps` row). */
export interface StepRow {
  step: StepNumber;
  enteredAt: Date;
}

/**
 * What the metrics need to know about one deal. A database layer feeds one of
 * these per deal owned by a person in scope, with all its step rows.
 */
export interface DealFacts {
  id: string;
  ownerId: string;
  /** Value in currency units (not minor units). */
  value: number;
  createdAt: Date;
  /** Expected close as a local date `YYYY-MM-DD`, or null. */
  expectedClose: string | null;
  /** The stored status (possibly reached after `asOf`; see `dealFlow`). */
  status: DealStatus;
  /** Close time for won/lost/disqualified deals, else null. */
  closedAt: Date | null;
  /** Explicit step rows, in any order. */
  steps: readonly StepRow[];
}

export interface DealFlow {
  deal: DealFacts;
  /** `reachedAt[s]` for s in 1..7 (index 0 unused): earliest entry, or null if not reached by asOf. */
  reachedAt: (Date | null)[];
  /** `implicit[s]`: step s was reached implicitly (jumped over, or before the first recorded step). */
  implicit: boolean[];
  /** The furthest step reached by asOf (0 when the deal has no step yet). */
  currentStep: number;
  /** The outcome as of asOf (a close after asOf is still `open`). */
  outcome: DealStatus;
  /** Close time when the outcome is not `open`. */
  closedAt: Date | null;
  /** For lost/disqualified deals: the step they left at (their current step). */
  exitStep: number | null;
}

/**
 * The deal's flow as of `asOf`; null when the deal did not exist yet
 * (created after asOf and with no step entry at or before asOf).
 *
 * - Rows after asOf are ignored; a close after asOf leaves the deal open.
 * - A deal with no step row at or before asOf (but created by then) is at step
 *   1 since `createdAt` (an explicit entry, not a skip).
 * - A won deal reaches 7 at `closedAt`; steps it never recorded below 7 are
 *   reached implicitly then.
 * - Moving back never undoes a reach.
 */
export function dealFlow(deal: DealFacts, asOf: Date): DealFlow | null {
  const t = asOf.getTime();
  const closed = deal.status !== "open" && deal.closedAt !== null && deal.closedAt.getTime() <= t;
  const outcome: DealStatus = closed ? deal.status : "open";
  const events: StepRow[] = deal.steps.filter((r) => r.enteredAt.getTime() <= t);
  if (events.length === 0) {
    if (deal.createdAt.getTime() > t && !(outcome === "won")) return null;
    if (deal.createdAt.getTime() <= t) events.push({ step: 1, enteredAt: deal.createdAt });
  }
  if (outcome === "won" && deal.closedAt) events.push({ step: 7, enteredAt: deal.closedAt });
  // Time order; at equal times the lower step first (so a same-instant 1→2 is not a skip).
  events.sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.step - b.step);

  const reachedAt: (Date | null)[] = [null, null, null, null, null, null, null, null];
  const implicit: boolean[] = [false, false, false, false, false, false, false, false];
  let furthest = 0;
  for (const e of events) {
    if (e.step <= furthest) continue; // moving back (or repeating) changes no reach
    for (let k = furthest + 1; k < e.step; k++) {
      reachedAt[k] = e.enteredAt;
      implicit[k] = true;
    }
    reachedAt[e.step] = e.enteredAt;
    furthest = e.step;
  }
  const lostLike = outcome === "lost" || outcome === "disqualified";
  return {
    deal,
    reachedAt,
    implicit,
    currentStep: furthest,
    outcome,
    closedAt: closed ? deal.closedAt : null,
    exitStep: lostLike && furthest > 0 ? furthest : null,
  };
}

/** Whether the flow reached step s (1..7). */
export function reached(flow: DealFlow, s: number): boolean {
  return flow.reachedAt[s] != null;
}

/** Whether any reach of the deal was implicit (a skip). */
export function hasSkip(flow: DealFlow): boolean {
  return flow.implicit.some(Boolean);
}
