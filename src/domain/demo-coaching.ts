/**
 * The demo's coaching sessions: what a manager running the method records after
 * coaching someone (Coaching screen; product.md "coaching"). A manager who manages
 * coaches each salesperson with a clearly weak step on that step — two to four
 * sessions over the last eight weeks (skill coaching, role play, a joint call),
 * the newest with a follow-up date — and the others now and then on any step; a
 * manager who sells too much coaches rarely. The weak step is the one the
 * generator planted, which is what the scorecard's coaching focus finds, so the
 * sessions and the focus tell the same story.
 *
 * Pure and deterministic: its own random stream per salesperson (seed, "coaching",
 * person), so the rest of the demo draws exactly what it drew before.
 */

import { Rng } from "./demo/random.js";
import { dayOf, isoDate, nextWeekday, weekday } from "./demo.js";
import type { CoachingKind } from "./vocabulary.js";

export interface DemoCoachingSeller {
  personId: string;
  role: "salesperson" | "manager";
  managerId: string | null;
  weakStep: number | null;
  startDay: number;
  sellsTooMuch: boolean;
}

export interface DemoCoachingSession {
  personId: string;
  managerId: string;
  kind: CoachingKind;
  step: number;
  /** YYYY-MM-DD, a weekday, before asOf's day. */
  heldOn: string;
  minutes: number;
  notes: string;
  followUpOn: string | null;
}

/** How far back the sessions go. */
export const DEMO_COACHING_DAYS = 56;

/** Notes per weak step (the generator plants weak steps 2–6 only). */
const NOTES: Record<number, readonly string[]> = {
  2: [
    "Worked on the opening of cold calls: a reason to talk in the first 20 seconds.",
    "Listened to three prospecting calls together; more calls to referrals first.",
    "Rewrote the prospecting email: one line on their business, one question.",
  ],
  3: [
    "Practised the qualifying questions: budget, authority, timing before the demo.",
    "Went through the open deals: two of them were never qualified.",
    "Agreed when to walk away: no decision maker by the second meeting.",
  ],
  4: [
    "Role-played a needs analysis: ask about the cost of the problem, not the product.",
    "Reviewed the discovery notes of last week's meetings; too few follow-up questions.",
    "Joint call: let the customer talk for the first half; summarised their needs back.",
  ],
  5: [
    "Rehearsed the presentation around the customer's top three needs.",
    "Joint visit: shorter demo, more of the customer's own numbers in it.",
    "Built the proposal from the needs analysis instead of the standard deck.",
  ],
  6: [
    "Practised asking for the order and handling the price objection.",
    "Went through the stalled proposals: a next step with a date on each.",
    "Joint call on a large deal: summarised the value, then asked for the decision.",
  ],
};

/** The weekday on or before `day`. */
function weekdayOnOrBefore(day: number): number {
  const w = weekday(day);
  return w === 6 ? day - 1 : w === 0 ? day - 2 : day;
}

/** The sessions of the demo organisation, oldest first per salesperson. */
export function planDemoCoaching(
  sellers: readonly DemoCoachingSeller[],
  asOf: Date,
  seed: number,
): DemoCoachingSession[] {
  const managers = new Map(sellers.filter((s) => s.role === "manager").map((m) => [m.personId, m]));
  const today = dayOf(asOf.getTime());
  const out: DemoCoachingSession[] = [];
  for (const s of sellers) {
    if (s.role !== "salesperson" || !s.managerId) continue;
    const manager = managers.get(s.managerId);
    if (!manager) continue;
    const rng = new Rng(seed, "coaching", s.personId);
    const first = Math.max(s.startDay, today - DEMO_COACHING_DAYS);
    const count = manager.sellsTooMuch
      ? rng.chance(0.3)
        ? 1
        : 0
      : s.weakStep
        ? rng.int(2, 4)
        : rng.chance(0.5)
          ? 1
          : 0;
    // Spread over the window: the k-th session in the k-th part of it.
    const span = today - first;
    if (span < 7 || count === 0) continue;
    const firstNote = rng.int(0, 2);
    for (let k = 0; k < count; k++) {
      const from = first + Math.floor((span * k) / count);
      const to = first + Math.floor((span * (k + 1)) / count) - 1;
      const day = weekdayOnOrBefore(rng.int(from, Math.max(from, to)));
      if (day < first || day >= today) continue;
      const step = s.weakStep ?? rng.int(2, 6);
      const kind: CoachingKind = rng.pick(
        step === 5 || step === 6
          ? (["joint_call", "role_play"] as const)
          : (["skill_coaching", "role_play"] as const),
      );
      const last = k === count - 1;
      out.push({
        personId: s.personId,
        managerId: manager.personId,
        kind,
        step,
        heldOn: isoDate(day),
        minutes: rng.pick([30, 45, 60]),
        // the step's notes in turn: no two sessions in a row say the same
        notes: NOTES[step][(firstNote + k) % NOTES[step].length],
        followUpOn: last ? isoDate(nextWeekday(day + rng.int(7, 12))) : null,
      });
    }
  }
  return out;
}
