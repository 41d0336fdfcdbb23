/**
 * Writes the demo's coaching sessions (src/domain/demo-coaching.ts) into the demo's
 * bulk transaction, with their follow-ups as recordCoaching leaves them: a follow-up
 * day still to come has its reminder job; one already come has the coach's inbox
 * line the job sent that day (read a day later when older than two days, as the
 * demo's commitment messages).
 */
import { randomUUID } from "node:crypto";
import { COACHING_FOLLOW_UP_JOB, followUpTitle } from "../domain/coaching.js";
import type { DemoCoachingSession } from "../domain/demo-coaching.js";
import { startOfLocalDay } from "../domain/periods.js";
import { STEP_KEYS, STEP_NAMES } from "../domain/steps.js";
import { type BulkTx, insertDemoJobs, insertDemoNotifications, insertRows } from "./demo.queries.js";

const iso = (d: Date) => d.toISOString();

/**
 * Inserts the sessions; returns how many. They carry no time entry of their own: the
 * demo's managers already log their coaching time day by day (the "coaching" share of
 * their managing time), which a session recorded in the app would add to.
 */
export async function addDemoCoaching(
  tx: BulkTx,
  orgId: string,
  sessions: readonly DemoCoachingSession[],
  names: ReadonlyMap<string, string>,
  timeZone: string,
  asOf: Date,
): Promise<number> {
  const rows: unknown[][] = [];
  const jobs: unknown[][] = [];
  const notifications: unknown[][] = [];
  const readBy = asOf.getTime() - 2 * 86_400_000;
  for (const s of sessions) {
    const id = randomUUID();
    // recorded at the end of the day it was held (never after the demo's asOf)
    const createdAt = new Date(Math.min(Date.parse(`${s.heldOn}T17:00:00Z`), asOf.getTime()));
    rows.push([
      orgId,
      id,
      s.personId,
      s.managerId,
      s.kind,
      s.step,
      s.heldOn,
      s.minutes,
      s.notes,
      s.followUpOn,
      iso(createdAt),
    ]);
    if (!s.followUpOn) continue;
    const day = startOfLocalDay(s.followUpOn, timeZone);
    if (day.getTime() > asOf.getTime()) {
      // the day is still to come: its reminder runs at its start, as recordCoaching schedules it
      const payload = JSON.stringify({ sessionId: id });
      jobs.push([orgId, COACHING_FOLLOW_UP_JOB, `${COACHING_FOLLOW_UP_JOB}:${id}`, payload, iso(day)]);
    } else {
      const title = followUpTitle(
        names.get(s.personId) ?? "someone",
        STEP_NAMES[STEP_KEYS[s.step - 1]],
        s.kind,
        s.heldOn,
      );
      notifications.push([
        randomUUID(),
        orgId,
        s.managerId,
        COACHING_FOLLOW_UP_JOB,
        title,
        `/people/${s.personId}`,
        `${COACHING_FOLLOW_UP_JOB}.${id}`,
        iso(day),
        day.getTime() < readBy ? iso(new Date(day.getTime() + 86_400_000)) : null,
      ]);
    }
  }
  await insertRows(
    tx,
    "coaching_sessions",
    [
      "org_id",
      "id",
      "person_id",
      "manager_id",
      "kind",
      "step",
      "held_on",
      "minutes",
      "notes",
      "follow_up_on",
      "created_at",
    ],
    rows,
  );
  await insertDemoNotifications(tx, notifications);
  await insertDemoJobs(tx, jobs);
  return rows.length;
}
