/**
 * The demo's accountability loop: each salesperson's last reviews end with a
 * measurable commitment, as a manager running the method would set one — a
 * step the person must work, a number a little above what they did in the
 * two weeks before, due two weeks after the review. Whether it was kept is
 * not planted: the writer counts what the person's deals really did
 * (src/db/demo-commitments.queries.ts), exactly as the commitment check does.
 * Pure and deterministic: the choices follow from the review ids (seeded).
 */
import { addDays, localDate, startOfLocalDay } from "./periods.js";

export interface DemoReviewRef {
  id: string;
  personId: string;
  managerId: string;
  heldAt: Date;
}

export interface DemoCommitmentPlan {
  reviewId: string;
  personId: string;
  managerId: string;
  /** Steps 1–4: where a salesperson's own effort decides the count. */
  step: number;
  /** The two weeks before the review, whose count sets the target. */
  baselineFrom: Date;
  createdAt: Date;
  dueDate: string;
  /** The end of the due date in the organisation's zone (exclusive), as createCommitment sets it. */
  dueAt: Date;
}

/** How many reviews per salesperson, newest first, end with a commitment. */
export const DEMO_COMMITMENT_REVIEWS = 3;
const DAYS = 14;

/** A small stable hash of a review id: the step does not depend on anything but the seed. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function planDemoCommitments(
  reviews: readonly DemoReviewRef[],
  timeZone: string,
): DemoCommitmentPlan[] {
  return reviews.map((r) => {
    const dueDate = addDays(localDate(r.heldAt, timeZone), DAYS);
    return {
      reviewId: r.id,
      personId: r.personId,
      managerId: r.managerId,
      step: 1 + (hash(r.id) % 4),
      baselineFrom: new Date(r.heldAt.getTime() - DAYS * 86_400_000),
      createdAt: r.heldAt,
      dueDate,
      dueAt: startOfLocalDay(addDays(dueDate, 1), timeZone),
    };
  });
}

/** A little above what the person did in the two weeks before: 20 % more, at least 2. */
export function demoTarget(baseline: number): number {
  return Math.max(2, Math.ceil(baseline * 1.2));
}

const WORDING: Record<number, (n: number) => string> = {
  1: (n) => `Add ${n} new leads`,
  2: (n) => `Make first contact with ${n} prospects`,
  3: (n) => `Qualify ${n} deals`,
  4: (n) => `Run ${n} needs analyses`,
};

/** The commitment as the manager would write it. */
export function demoCommitmentText(step: number, target: number, dueDate: string): string {
  return `${WORDING[step](target)} by ${dueDate}`;
}
