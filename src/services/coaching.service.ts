/**
 * Coaching sessions and recognition with the team feed (issue 11, items 5–6).
 *
 * Coaching is recorded by the person's line (not the person); its time counts
 * as `coaching` in the coach's own time, and a follow-up date reminds the coach
 * on that day (inbox). Recognition is given by the person's
 * line and is visible to their team: the feed of a salesperson is their team
 * (same `people.team`), of a manager their reporting line, of an executive or
 * admin the organisation.
 */
import type { DbOrTx } from "../db/client.js";
import {
  type CoachingRow,
  type FeedItem,
  getCoaching,
  insertCoaching,
  insertRecognition,
  listCoaching,
  teamFeed,
  teamMemberIds,
} from "../db/coaching.queries.js";
import { insertJob } from "../db/jobs.queries.js";
import { getOrganisation, orgSteps } from "../db/orgs.queries.js";
import { peopleNames, personById } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { insertTimeEntry } from "../db/time.queries.js";
import { COACHING_FOLLOW_UP_JOB, followUpReminderAt, followUpTitle } from "../domain/coaching.js";
import { AppError } from "../domain/errors.js";
import { formatInstant } from "../domain/reports.js";
import { STEP_KEYS, type StepKey, stepKey, stepNumber } from "../domain/steps.js";
import { COACHING_KINDS, type CoachingKind } from "../domain/vocabulary.js";
import type { Ctx } from "./context.js";

import { notify } from "./notifications.service.js";
import { requireLineOf, visiblePersonRow } from "./reviews.service.js";
import { visibleOwnerIds } from "./visibility.js";

const invalid = (path: string, message: string, value?: unknown) =>
  new AppError("validation_failed", `${path}: ${message}`, [{ path, message, value }]);

export interface CoachingJson {
  id: string;
  personId: string;
  personName: string | null;
  managerId: string;
  managerName: string | null;
  kind: CoachingKind;
  step: StepKey | null;
  heldOn: string;
  minutes: number;
  notes: string | null;
  followUpOn: string | null;
}

const coachingJson = (c: CoachingRow, names: Map<string, string>): CoachingJson => ({
  id: c.id,
  personId: c.personId,
  personName: names.get(c.personId) ?? null,
  managerId: c.managerId,
  managerName: names.get(c.managerId) ?? null,
  kind: c.kind,
  step: c.step == null ? null : stepKey(c.step),
  heldOn: c.heldOn,
  minutes: c.minutes,
  notes: c.notes,
  followUpOn: c.followUpOn,
});

/** The follow-up job's work: a message to the coach, linking to the person's page. */
export async function remindCoachingFollowUp(
  tx: DbOrTx,
  orgId: string,
  id: string,
  now: Date,
): Promise<void> {
  const c = await getCoaching(tx, orgId, id);
  if (!c) return; // the person (and their sessions) removed meanwhile
  const name = (await peopleNames(tx, orgId, [c.personId])).get(c.personId) ?? "someone";
  const step = c.step ? (await orgSteps(tx, orgId)).find((x) => x.step === c.step)?.name : undefined;
  await notify(tx, {
    orgId,
    personId: c.managerId,
    kind: COACHING_FOLLOW_UP_JOB,
    title: followUpTitle(name, step, c.kind, c.heldOn),
    link: `/people/${c.personId}`,
    key: `${COACHING_FOLLOW_UP_JOB}.${c.id}`,
    createdAt: now,
  });
}

export async function recordCoaching(
  ctx: Ctx,
  input: {
    personId: string;
    kind: CoachingKind;
    step?: StepKey;
    heldOn: string;
    minutes: number;
    notes?: string;
    followUpOn?: string;
  },
  now: Date = new Date(),
): Promise<CoachingJson> {
  const person = await requireLineOf(ctx, input.personId, "coaching");
  if (!COACHING_KINDS.includes(input.kind))
    throw invalid("kind", `expected one of ${COACHING_KINDS.join(", ")}`);
  if (input.step !== undefined && !STEP_KEYS.includes(input.step))
    throw invalid("step", "unknown step", input.step);
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 1440) {
    throw invalid("minutes", "expected 1 to 1440", input.minutes);
  }
  if (input.followUpOn && input.followUpOn < input.heldOn) {
    throw invalid("followUpOn", "must not be before heldOn", input.followUpOn);
  }
  const coach = ctx.actor.personId || person.managerId || person.id;
  const row = await ctx.db.transaction(async (tx) => {
    // The coach's time: the session counts as coaching (metrics.md).
    const time = ctx.actor.personId
      ? await insertTimeEntry(tx, {
          orgId: ctx.actor.orgId,
          personId: ctx.actor.personId,
          date: input.heldOn,
          category: "coaching",
          minutes: input.minutes,
          title: `Coaching ${person.name}`,
          source: "coaching",
        })
      : null;
    const c = await insertCoaching(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      managerId: coach,
      kind: input.kind,
      step: input.step ? stepNumber(input.step) : null,
      heldOn: input.heldOn,
      minutes: input.minutes,
      notes: input.notes?.trim() || null,
      followUpOn: input.followUpOn ?? null,
      timeEntryId: time?.id ?? null,
      createdAt: now,
    });
    // The coach hears of the follow-up on its day (a durable job: jobs.service.ts).
    if (c.followUpOn) {
      const org = await getOrganisation(tx, ctx.actor.orgId);
      const at = org ? followUpReminderAt(c.followUpOn, org.timeZone, now) : null;
      if (at)
        await insertJob(tx, {
          orgId: ctx.actor.orgId,
          kind: COACHING_FOLLOW_UP_JOB,
          key: `${COACHING_FOLLOW_UP_JOB}:${c.id}`,
          payload: { sessionId: c.id },
          runAt: at,
        });
    }
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "coaching_session",
      entityId: c.id,
      action: "create",
      after: { personId: person.id, kind: c.kind, step: c.step, heldOn: c.heldOn, minutes: c.minutes },
    });
    return c;
  });
  return coachingJson(row, await peopleNames(ctx.db, ctx.actor.orgId, [row.personId, row.managerId]));
}

export async function listCoachingJson(ctx: Ctx, q: { personId?: string }): Promise<CoachingJson[]> {
  let ids = await visibleOwnerIds(ctx.db, ctx.actor);
  if (q.personId) ids = [(await visiblePersonRow(ctx.db, ctx.actor, q.personId)).id];
  const list = await listCoaching(ctx.db, ctx.actor.orgId, ids);
  const names = await peopleNames(
    ctx.db,
    ctx.actor.orgId,
    list.flatMap((c) => [c.personId, c.managerId]),
  );
  return list.map((c) => coachingJson(c, names));
}

export async function recognise(
  ctx: Ctx,
  input: { personId: string; achievement: string; note?: string },
  now: Date = new Date(),
): Promise<{ id: string; personId: string; achievement: string; note: string | null; createdAt: string }> {
  const person = await requireLineOf(ctx, input.personId, "recognition");
  const achievement = input.achievement.trim();
  if (!achievement) throw invalid("achievement", "must not be empty");
  const r = await ctx.db.transaction(async (tx) => {
    const row = await insertRecognition(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      givenBy: ctx.actor.personId || person.managerId || person.id,
      achievement,
      note: input.note?.trim() || null,
      createdAt: now,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "recognition",
      entityId: row.id,
      action: "create",
      after: { personId: person.id, achievement },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      kind: "recognition",
      title: `${ctx.actor.name} recognised you: ${achievement}`,
      link: "/recognition",
      createdAt: now,
    });
    return row;
  });
  return {
    id: r.id,
    personId: r.personId,
    achievement: r.achievement,
    note: r.note,
    createdAt: formatInstant(r.createdAt),
  };
}

export interface FeedJson {
  kind: FeedItem["kind"];
  at: string;
  personId: string;
  personName: string;
  text: string;
}

/** The team feed of the last `days` days (default 30): wins, kept commitments, recognitions. */
export async function feed(ctx: Ctx, q: { days?: number }, now: Date = new Date()): Promise<FeedJson[]> {
  const { db, actor } = ctx;
  let ids = await visibleOwnerIds(db, actor);
  if (actor.role === "salesperson") {
    const me = await personById(db, actor.orgId, actor.personId);
    ids = me?.team ? await teamMemberIds(db, actor.orgId, me.team) : [actor.personId];
  }
  const since = new Date(now.getTime() - (q.days ?? 30) * 86_400_000);
  return (await teamFeed(db, actor.orgId, ids, since, 200)).map((x) => ({ ...x, at: formatInstant(x.at) }));
}
