/**
 * One-on-one and pipeline reviews with a frozen agenda, and commitments
 * (issue 11; metrics.md "Accountability reviews and commitments").
 *
 * Visibility: a review or commitment is seen by its person, their reporting
 * line (managers above them) and the organisation's executives and admins —
 * anybody else gets not_found. Reviews are opened, notes written and
 * commitments recorded by the person's line (manager, executive, admin), never
 * by the person themselves; both sides sign off.
 *
 * Measurable commitments are checked by a durable job at their due time
 * (jobs.service.ts): `checkCommitment` runs inside the job's transaction.
 */

import type { DbOrTx, Tx } from "../db/client.js";
import { listCoaching } from "../db/coaching.queries.js";
import { allOrganisations, insertJob } from "../db/jobs.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import {
  activeSalespeople,
  directReports,
  type PersonRow,
  peopleNames,
  personById,
} from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import {
  type CommitmentRow,
  commitmentCountSql,
  getCommitment,
  getReview,
  insertCommitment,
  insertReview,
  lastReviewAt,
  listCommitments,
  listReviews,
  openDealsOf,
  previousReviewAt,
  type ReviewRow,
  updateCommitment,
  updateReview,
} from "../db/reviews.queries.js";
import { checkedTitle, commitmentStatus } from "../domain/commitments.js";
import { AppError } from "../domain/errors.js";
import { isReviewOverdue } from "../domain/managers.js";
import { addDays, localDate, periodContaining, periodKey, startOfLocalDay } from "../domain/periods.js";
import { FUNNEL_STEPS } from "../domain/perstep.js";
import { formatInstant } from "../domain/reports.js";
import { type Agenda, type AgendaCommitment, buildAgenda } from "../domain/reviews.js";
import { resolveSettings } from "../domain/settings.js";
import { STEP_KEYS, type StepKey, stepKey, stepNumber } from "../domain/steps.js";
import {
  ACTIVITY_KINDS,
  type ActivityKind,
  type CommitmentStatusValue,
  type ReviewKind,
} from "../domain/vocabulary.js";
import { type Actor, type Ctx, requireRole, requireWrite } from "./context.js";
import { personFigures } from "./metrics.service.js";
import { notify } from "./notifications.service.js";
import { visibleOwnerIds } from "./visibility.js";

const DAY_MS = 86_400_000;

/** The person if the actor may see them, else not_found. */
export async function visiblePersonRow(db: DbOrTx, actor: Actor, personId: string): Promise<PersonRow> {
  const p = /^[0-9a-f-]{36}$/i.test(personId) ? await personById(db, actor.orgId, personId) : undefined;
  const vis = p ? await visibleOwnerIds(db, actor) : [];
  if (!p || (vis !== null && !vis.includes(p.id))) throw new AppError("not_found", `No person ${personId}.`);
  return p;
}

/** The person's line may act on their reviews and commitments: a manager above them, an executive, an admin. */
export async function requireLineOf(ctx: Ctx, personId: string, what: string): Promise<PersonRow> {
  const p = await visiblePersonRow(ctx.db, ctx.actor, personId);
  requireWrite(ctx.actor);
  if (p.id === ctx.actor.personId) {
    throw new AppError("forbidden", `Your own ${what} is kept by your manager.`);
  }
  requireRole(ctx.actor, "manager", "executive", "admin");
  return p;
}

export interface CommitmentJson {
  id: string;
  personId: string;
  personName: string | null;
  reviewId: string | null;
  text: string;
  measure: { step: StepKey } | { activityKind: ActivityKind } | null;
  target: number | null;
  dueDate: string;
  dueAt: string;
  status: CommitmentStatusValue;
  count: number | null;
  checkedAt: string | null;
  /** null with checkedAt: checked automatically (by the job). */
  checkedBy: string | null;
  createdAt: string;
}

function commitmentJson(c: CommitmentRow, names: Map<string, string>): CommitmentJson {
  return {
    id: c.id,
    personId: c.personId,
    personName: names.get(c.personId) ?? null,
    reviewId: c.reviewId,
    text: c.text,
    measure:
      c.measureStep != null
        ? { step: stepKey(c.measureStep) }
        : c.measureActivityKind != null
          ? // Written only from the ACTIVITY_KINDS the API accepts (a text column).
            { activityKind: c.measureActivityKind as ActivityKind }
          : null,
    target: c.target,
    dueDate: c.dueDate,
    dueAt: formatInstant(c.dueAt),
    status: c.status,
    count: c.count,
    checkedAt: c.checkedAt ? formatInstant(c.checkedAt) : null,
    checkedBy: c.checkedBy,
    createdAt: formatInstant(c.createdAt),
  };
}

const agendaCommitment = (c: CommitmentRow): AgendaCommitment => ({
  id: c.id,
  text: c.text,
  dueDate: c.dueDate,
  status: c.status,
  target: c.target,
  count: c.count,
});

export interface ReviewJson {
  id: string;
  kind: ReviewKind;
  personId: string;
  personName: string | null;
  managerId: string;
  managerName: string | null;
  heldAt: string;
  period: string | null;
  notes: string | null;
  managerSignedAt: string | null;
  personSignedAt: string | null;
  /** The agenda as it was when the review was opened. */
  agenda: Agenda | null;
  commitments: CommitmentJson[];
}

async function reviewJson(db: DbOrTx, r: ReviewRow, withDetail: boolean): Promise<ReviewJson> {
  const names = await peopleNames(db, r.orgId, [r.personId, r.managerId]);
  const made = withDetail
    ? await listCommitments(db, r.orgId, { personIds: [r.personId], reviewId: r.id, limit: 200 })
    : [];
  return {
    id: r.id,
    kind: r.kind,
    personId: r.personId,
    personName: names.get(r.personId) ?? null,
    managerId: r.managerId,
    managerName: names.get(r.managerId) ?? null,
    heldAt: formatInstant(r.heldAt),
    period: r.period,
    notes: r.notes,
    managerSignedAt: r.managerSignedAt ? formatInstant(r.managerSignedAt) : null,
    personSignedAt: r.personSignedAt ? formatInstant(r.personSignedAt) : null,
    agenda: withDetail ? ((r.agenda as Agenda | null) ?? null) : null,
    commitments: made.map((c) => commitmentJson(c, names)),
  };
}

/** Builds the agenda of `person` as of `asOf` (figures, deals, commitments since the last review). */
export async function buildAgendaFor(
  ctx: Ctx,
  person: PersonRow,
  period: string,
  asOf: Date,
): Promise<Agenda> {
  const { db, actor } = ctx;
  const f = await personFigures(ctx, person.id, periodKey(period), asOf);
  // The previous review: the latest at or before asOf (this one is not written yet).
  const since = await previousReviewAt(db, actor.orgId, person.id, new Date(asOf.getTime() + 1));
  const all = await listCommitments(db, actor.orgId, { personIds: [person.id], limit: 500 });
  const relevant = all
    .filter((c) => c.status === "pending" || since === null || c.dueAt.getTime() > since.getTime())
    .filter((c) => c.createdAt.getTime() <= asOf.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const deals = await openDealsOf(db, actor.orgId, person.id, asOf);
  // Coaching since the previous review (the last 30 days before a first one), by local day.
  const { timeZone } = await orgOf(db, actor.orgId);
  const fromDay = localDate(since ?? new Date(asOf.getTime() - 30 * DAY_MS), timeZone);
  const toDay = localDate(asOf, timeZone);
  const sessions = (await listCoaching(db, actor.orgId, [person.id])).filter(
    (c) => c.heldOn >= fromDay && c.heldOn <= toDay && c.createdAt.getTime() <= asOf.getTime(),
  );
  const coaches = await peopleNames(
    db,
    actor.orgId,
    sessions.map((c) => c.managerId),
  );
  const x = f.figures;
  return buildAgenda({
    period: f.period,
    asOf: formatInstant(asOf),
    elapsed: f.elapsed,
    figures: x
      ? {
          quota: x.quota,
          plan: x.plan as Record<string, number | null> | null,
          agreedPlan: x.agreedPlan as Record<string, number> | null,
          entered: x.entered as Record<string, number>,
          attainment: x.attainment as Record<string, number> | null,
          effortIndex: x.effortIndex,
          wonRevenue: x.wonRevenue,
          pipelineExpected: x.pipelineExpected,
          resultsIndex: x.resultsIndex,
          quadrant: x.quadrant,
          coachingFocus: x.coachingFocus,
        }
      : null,
    funnelSteps: FUNNEL_STEPS.map((s) => stepKey(s)),
    openDeals: deals.map((d) => ({
      id: d.id,
      name: d.name,
      step: stepKey(d.step),
      value: d.value,
      daysInStep: Math.floor((asOf.getTime() - d.stepEnteredAt.getTime()) / DAY_MS),
      hasNextStep: d.hasNextStep,
    })),
    commitments: relevant.map(agendaCommitment),
    coaching: sessions.map((c) => ({
      id: c.id,
      heldOn: c.heldOn,
      kind: c.kind,
      step: c.step == null ? null : stepKey(c.step),
      minutes: c.minutes,
      coach: coaches.get(c.managerId) ?? null,
      notes: c.notes,
      followUpOn: c.followUpOn,
    })),
  });
}

async function orgOf(db: DbOrTx, orgId: string) {
  const org = await getOrganisation(db, orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  return { timeZone: org.timeZone, settings: resolveSettings(org.settings) };
}

/** Opens a review: builds and freezes the agenda as of now. */
export async function openReview(
  ctx: Ctx,
  input: { personId: string; kind?: ReviewKind; period?: string },
  now: Date = new Date(),
): Promise<ReviewJson> {
  const person = await requireLineOf(ctx, input.personId, "review");
  const org = await orgOf(ctx.db, ctx.actor.orgId);
  const period = input.period?.trim() || periodContaining(now, "quarter", org.timeZone);
  const agenda = await buildAgendaFor(ctx, person, period, now);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await insertReview(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      managerId: ctx.actor.personId || person.managerId || person.id,
      heldAt: now,
      kind: input.kind ?? "one_on_one",
      period: agenda.period,
      agenda,
      createdAt: now,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "review",
      entityId: r.id,
      action: "create",
      after: { personId: person.id, kind: r.kind, period: r.period },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      kind: "review.opened",
      title: `${ctx.actor.name} opened a ${r.kind === "pipeline" ? "pipeline review" : "review"} with you`,
      link: `/reviews/${r.id}`,
      createdAt: now,
    });
    return r;
  });
  return reviewJson(ctx.db, row, true);
}

async function visibleReview(ctx: Ctx, id: string): Promise<ReviewRow> {
  const r = await getReview(ctx.db, ctx.actor.orgId, id);
  const vis = r ? await visibleOwnerIds(ctx.db, ctx.actor) : [];
  if (!r || (vis !== null && !vis.includes(r.personId))) throw new AppError("not_found", `No review ${id}.`);
  return r;
}

export async function getReviewJson(ctx: Ctx, id: string): Promise<ReviewJson> {
  return reviewJson(ctx.db, await visibleReview(ctx, id), true);
}

/** Review history: one person's (if visible), or everybody the actor can see; newest first, without agendas. */
export async function listReviewsJson(
  ctx: Ctx,
  q: { personId?: string; limit?: number },
): Promise<ReviewJson[]> {
  let ids = await visibleOwnerIds(ctx.db, ctx.actor);
  if (q.personId) ids = [(await visiblePersonRow(ctx.db, ctx.actor, q.personId)).id];
  const list = await listReviews(ctx.db, ctx.actor.orgId, ids, q.limit ?? 100);
  return Promise.all(list.map((r) => reviewJson(ctx.db, r, false)));
}

/** Notes are the manager's side: the person's line writes them. */
export async function updateReviewNotes(ctx: Ctx, id: string, notes: string): Promise<ReviewJson> {
  const r = await visibleReview(ctx, id);
  await requireLineOf(ctx, r.personId, "review");
  const out = await ctx.db.transaction(async (tx) => {
    const u = await updateReview(tx, ctx.actor.orgId, id, { notes });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "review",
      entityId: id,
      action: "update",
      before: { notes: r.notes },
      after: { notes },
    });
    return u!;
  });
  return reviewJson(ctx.db, out, true);
}

/** Sign-off: the person signs their side; their line signs the manager's side. */
export async function signOffReview(ctx: Ctx, id: string, now: Date = new Date()): Promise<ReviewJson> {
  const r = await visibleReview(ctx, id);
  requireWrite(ctx.actor);
  const side = r.personId === ctx.actor.personId ? "person" : "manager";
  if (side === "manager") await requireLineOf(ctx, r.personId, "review");
  const patch = side === "person" ? { personSignedAt: now } : { managerSignedAt: now };
  const out = await ctx.db.transaction(async (tx) => {
    const u = await updateReview(tx, ctx.actor.orgId, id, patch);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "review",
      entityId: id,
      action: `sign_off_${side}`,
      after: { at: now.toISOString() },
    });
    return u!;
  });
  return reviewJson(ctx.db, out, true);
}

export interface CommitmentInput {
  personId: string;
  reviewId?: string;
  text: string;
  /** Measurable: a step (its entries) or an activity kind, with a target count. */
  measure?: { step?: StepKey; activityKind?: string };
  target?: number;
  /** Local date (organisation's time zone): due at the end of that day. */
  dueDate: string;
}

function invalid(path: string, message: string, value?: unknown): AppError {
  return new AppError("validation_failed", `${path}: ${message}`, [{ path, message, value }]);
}

/** Records a commitment; a measurable one gets its check scheduled as a job at its due time. */
export async function createCommitment(
  ctx: Ctx,
  input: CommitmentInput,
  now: Date = new Date(),
): Promise<CommitmentJson> {
  const person = await requireLineOf(ctx, input.personId, "commitment");
  const org = await orgOf(ctx.db, ctx.actor.orgId);
  const text = input.text.trim();
  if (!text) throw invalid("text", "must not be empty");
  let step: number | null = null;
  let activityKind: string | null = null;
  if (input.measure) {
    const m = input.measure;
    if ((m.step === undefined) === (m.activityKind === undefined)) {
      throw invalid("measure", "give either step or activityKind");
    }
    if (m.step !== undefined) {
      if (!STEP_KEYS.includes(m.step)) throw invalid("measure.step", `unknown step "${m.step}"`, m.step);
      step = stepNumber(m.step);
    }
    if (m.activityKind !== undefined) {
      if (!(ACTIVITY_KINDS as readonly string[]).includes(m.activityKind)) {
        throw invalid("measure.activityKind", `expected one of ${ACTIVITY_KINDS.join(", ")}`, m.activityKind);
      }
      activityKind = m.activityKind;
    }
    if (input.target === undefined || !Number.isInteger(input.target) || input.target < 1) {
      throw invalid("target", "a measurable commitment needs a whole number ≥ 1", input.target);
    }
  } else if (input.target !== undefined) {
    throw invalid("target", "only a measurable commitment (with measure) has a target");
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))
    throw invalid("dueDate", "expected YYYY-MM-DD", input.dueDate);
  const dueAt = startOfLocalDay(addDays(input.dueDate, 1), org.timeZone);
  if (input.dueDate < localDate(now, org.timeZone)) {
    throw invalid("dueDate", "must be today or later", input.dueDate);
  }
  if (input.reviewId) {
    const r = await getReview(ctx.db, ctx.actor.orgId, input.reviewId);
    if (!r || r.personId !== person.id) throw invalid("reviewId", "no review of this person with this id");
  }
  const row = await ctx.db.transaction(async (tx) => {
    const c = await insertCommitment(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      reviewId: input.reviewId ?? null,
      createdBy: ctx.actor.personId || person.managerId || person.id,
      text,
      measureStep: step,
      measureActivityKind: activityKind,
      target: step !== null || activityKind !== null ? input.target! : null,
      dueDate: input.dueDate,
      dueAt,
      createdAt: now,
    });
    if (c.target !== null) {
      await insertJob(tx, {
        orgId: c.orgId,
        kind: "commitment.check",
        key: `commitment.check:${c.id}`,
        payload: { commitmentId: c.id },
        runAt: dueAt,
      });
    }
    // On the morning of the due date (its start in the organisation's zone), the person is
    // reminded — unless the commitment was made that day.
    const dueDayStart = startOfLocalDay(input.dueDate, org.timeZone);
    if (dueDayStart > now) {
      await insertJob(tx, {
        orgId: c.orgId,
        kind: "commitment.remind",
        key: `commitment.remind:${c.id}`,
        payload: { commitmentId: c.id },
        runAt: dueDayStart,
      });
    }
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "commitment",
      entityId: c.id,
      action: "create",
      after: { personId: c.personId, text, step, activityKind, target: c.target, dueDate: c.dueDate },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      kind: "commitment.created",
      title: `New commitment, due ${c.dueDate}: ${text}`,
      link: "/reviews",
      createdAt: now,
    });
    return c;
  });
  return commitmentJson(row, await peopleNames(ctx.db, ctx.actor.orgId, [row.personId]));
}

/** Marks a commitment that is not measurable as kept or missed (the person's line, at the next review). */
export async function markCommitment(
  ctx: Ctx,
  id: string,
  status: "kept" | "missed",
  now: Date = new Date(),
): Promise<CommitmentJson> {
  const c = await getCommitment(ctx.db, ctx.actor.orgId, id);
  const vis = c ? await visibleOwnerIds(ctx.db, ctx.actor) : [];
  if (!c || (vis !== null && !vis.includes(c.personId)))
    throw new AppError("not_found", `No commitment ${id}.`);
  await requireLineOf(ctx, c.personId, "commitment");
  if (c.target !== null) {
    throw new AppError("conflict", "A measurable commitment is checked automatically at its due date.");
  }
  const out = await ctx.db.transaction(async (tx) => {
    const u = await updateCommitment(tx, ctx.actor.orgId, id, {
      status,
      checkedAt: now,
      checkedBy: ctx.actor.personId || null,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "commitment",
      entityId: id,
      action: "mark",
      before: { status: c.status },
      after: { status },
    });
    return u!;
  });
  return commitmentJson(out, await peopleNames(ctx.db, ctx.actor.orgId, [out.personId]));
}

/** Commitments of one person (if visible) or of everybody the actor can see. */
export async function listCommitmentsJson(
  ctx: Ctx,
  q: { personId?: string; status?: CommitmentStatusValue; limit?: number },
): Promise<CommitmentJson[]> {
  let ids = await visibleOwnerIds(ctx.db, ctx.actor);
  if (q.personId) ids = [(await visiblePersonRow(ctx.db, ctx.actor, q.personId)).id];
  const list = await listCommitments(ctx.db, ctx.actor.orgId, {
    personIds: ids,
    status: q.status,
    limit: q.limit ?? 200,
  });
  const names = await peopleNames(
    ctx.db,
    ctx.actor.orgId,
    list.map((c) => c.personId),
  );
  return list.map((c) => commitmentJson(c, names));
}

/**
 * The job `commitment.check`: counts the work between creation and the due
 * time and records kept/missed, once (a commitment no longer pending is left
 * alone). Runs in the job's transaction, so the result commits with the job.
 */
/**
 * The daily job "reviews.due": each manager hears once that a review with one of their
 * salespeople is overdue (the cadence passed since the last review, or none yet) — once per
 * overdue spell: the message's key names the last review, so the next spell brings a new one.
 */
export async function remindOverdueReviews(tx: Tx, orgId: string, now: Date): Promise<void> {
  const people = (await activeSalespeople(tx, orgId)).filter((p) => p.managerId);
  for (const c of await cadenceOf(tx, orgId, people, now)) {
    if (!c.overdue) continue;
    const since = c.at
      ? `last one ${c.daysSince} days ago; due every ${c.cadenceDays} days`
      : "none held yet";
    await notify(tx, {
      orgId,
      personId: c.person.managerId!,
      kind: "review.due",
      title: `A one-on-one review with ${c.person.name} is due (${since})`,
      link: "/reviews",
      key: `review.due.${c.person.id}.${c.at ? c.at.toISOString() : "never"}`,
      createdAt: now,
    });
  }
}

/** Puts today's "reviews.due" job of every organisation in the queue (its key makes this idempotent). */
export async function scheduleReviewReminders(db: DbOrTx, now: Date): Promise<void> {
  for (const org of await allOrganisations(db)) {
    const today = localDate(now, org.timeZone);
    await insertJob(db, {
      orgId: org.id,
      kind: "reviews.due",
      key: `reviews.due:${today}`,
      payload: { date: today },
      runAt: startOfLocalDay(today, org.timeZone),
    });
  }
}

/**
 * The job on the morning of a commitment's due date: "due today", with the count so far for a
 * measurable one. Nothing when it is no longer pending (a free-text one marked early).
 */
export async function remindCommitment(tx: Tx, orgId: string, id: string, now: Date): Promise<void> {
  const c = await getCommitment(tx, orgId, id);
  if (c?.status !== "pending") return;
  let progress = "";
  if (c.target !== null) {
    const count = await commitmentCountSql(tx, orgId, {
      personId: c.personId,
      step: c.measureStep,
      activityKind: c.measureActivityKind,
      from: c.createdAt,
      to: now < c.dueAt ? now : c.dueAt,
    });
    progress = ` (${count} of ${c.target} so far)`;
  }
  await notify(tx, {
    orgId,
    personId: c.personId,
    kind: "commitment.due",
    title: `Due today${progress}: ${c.text}`,
    link: "/reviews",
    key: `commitment.due.${id}`,
    createdAt: now,
  });
}

export async function checkCommitment(tx: Tx, orgId: string, id: string, now: Date): Promise<void> {
  const c = await getCommitment(tx, orgId, id, true);
  if (c?.status !== "pending" || c.target === null) return;
  const count = await commitmentCountSql(tx, orgId, {
    personId: c.personId,
    step: c.measureStep,
    activityKind: c.measureActivityKind,
    from: c.createdAt,
    to: c.dueAt,
  });
  const measure =
    c.measureStep !== null
      ? { kind: "step" as const, step: c.measureStep }
      : { kind: "activity" as const, activityKind: c.measureActivityKind! };
  const status = commitmentStatus(
    { personId: c.personId, measure, target: c.target, createdAt: c.createdAt, dueAt: c.dueAt },
    count,
    now,
  );
  if (status === "pending") throw new Error(`commitment ${id} checked before its due time`);
  await updateCommitment(tx, orgId, id, { status, count, checkedAt: now, checkedBy: null });
  await writeAudit(tx, {
    orgId,
    actorId: null,
    entity: "commitment",
    entityId: id,
    action: "check",
    before: { status: "pending" },
    after: { status, count, target: c.target },
  });
  const person = await personById(tx, orgId, c.personId);
  const title = checkedTitle(status, count, c.target, c.text);
  for (const to of new Set([c.personId, person?.managerId ?? c.createdBy])) {
    await notify(tx, {
      orgId,
      personId: to,
      kind: `commitment.${status}`,
      title: to === c.personId ? title : `${person?.name ?? "Your report"}: ${title}`,
      link: "/reviews",
      key: `commitment.${id}`,
      createdAt: now,
    });
  }
}

export interface OverdueJson {
  personId: string;
  name: string;
  managerId: string | null;
  lastReviewAt: string | null;
  overdue: boolean;
  /** Days since the last review (null: never reviewed). */
  daysSince: number | null;
  cadenceDays: number;
}

/**
 * Review cadence: for a manager their direct reports, for an executive or admin
 * every salesperson; each with their last review and whether it is overdue
 * (metrics.md: older than reviewCadenceDays).
 */
export async function reviewCadence(ctx: Ctx, asOf: Date = new Date()): Promise<OverdueJson[]> {
  const { db, actor } = ctx;
  const all =
    actor.role === "manager"
      ? (await directReports(db, actor.orgId, actor.personId)).filter((p) => p.role === "salesperson")
      : actor.role === "salesperson"
        ? [(await personById(db, actor.orgId, actor.personId))!]
        : await activeSalespeople(db, actor.orgId);
  return (await cadenceOf(db, actor.orgId, all, asOf)).map((c) => ({
    personId: c.person.id,
    name: c.person.name,
    managerId: c.person.managerId,
    lastReviewAt: c.at ? formatInstant(c.at) : null,
    overdue: c.overdue,
    daysSince: c.daysSince,
    cadenceDays: c.cadenceDays,
  }));
}

/** Each person's last review at or before asOf, whether a review is overdue, and the days since. */
async function cadenceOf<P extends { id: string }>(db: DbOrTx, orgId: string, people: P[], asOf: Date) {
  const cadenceDays = (await orgOf(db, orgId)).settings.reviewCadenceDays;
  const last = await lastReviewAt(
    db,
    orgId,
    people.map((p) => p.id),
    asOf,
  );
  return people.map((person) => {
    const at = last.get(person.id) ?? null;
    return {
      person,
      at,
      overdue: isReviewOverdue(at, asOf, cadenceDays),
      daysSince: at ? Math.floor((asOf.getTime() - at.getTime()) / DAY_MS) : null,
      cadenceDays,
    };
  });
}
