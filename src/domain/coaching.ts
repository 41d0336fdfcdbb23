/** Coaching follow-ups: when the coach is reminded (pure; the job in services/jobs.service.ts). */
import { localDate, startOfLocalDay } from "./periods.js";
import type { CoachingKind } from "./vocabulary.js";

/** The job kind that reminds the coach of a session's follow-up, on its day. */
export const COACHING_FOLLOW_UP_JOB = "coaching.follow_up";

/**
 * When the coach hears of a follow-up on `followUpOn`: the start of that day in the
 * organisation's zone, or now when the day has begun; never for a day already gone.
 */
export function followUpReminderAt(followUpOn: string, timeZone: string, now: Date): Date | null {
  if (followUpOn < localDate(now, timeZone)) return null;
  const start = startOfLocalDay(followUpOn, timeZone);
  return start > now ? start : now;
}

const KIND_WORDS: Record<CoachingKind, string> = {
  joint_call: "joint call",
  role_play: "role-play",
  skill_coaching: "skill coaching",
};

/** The coach's inbox line on the follow-up day. */
export function followUpTitle(
  personName: string,
  stepName: string | undefined,
  kind: CoachingKind,
  heldOn: string,
): string {
  return `Follow up today with ${personName}${stepName ? ` on ${stepName}` : ""}: ${KIND_WORDS[kind]} on ${heldOn}`;
}
