/** Writes the demo's coaching sessions (src/domain/demo-coaching.ts) into the demo's bulk transaction. */
import { randomUUID } from "node:crypto";
import type { DemoCoachingSession } from "../domain/demo-coaching.js";
import { type BulkTx, insertRows } from "./demo.queries.js";

/**
 * Inserts the sessions; returns how many. They carry no time entry of their own: the
 * demo's managers already log their coaching time day by day (the "coaching" share of
 * their managing time), which a session recorded in the app would add to.
 */
export async function addDemoCoaching(
  tx: BulkTx,
  orgId: string,
  sessions: readonly DemoCoachingSession[],
  createdAt: Date,
): Promise<number> {
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
    sessions.map((s) => [
      orgId,
      randomUUID(),
      s.personId,
      s.managerId,
      s.kind,
      s.step,
      s.heldOn,
      s.minutes,
      s.notes,
      s.followUpOn,
      // recorded at the end of the day it was held (never after the demo's asOf)
      new Date(Math.min(Date.parse(`${s.heldOn}T17:00:00Z`), createdAt.getTime())).toISOString(),
    ]),
  );
  return sessions.length;
}
