/**
 * Performance plans (issue 11, item 7; domain.md: Q4 → a plan with clear
 * consequences, "being let go should never surprise anybody"). Stepwise
 * suggests one when a salesperson sat in Q4 in each of the last two completed
 * quarters; the person's line writes it; the person acknowledges it (and
 * always sees their own); it ends with an outcome. Every change is audited
 * and the other side is told in the inbox.
 */
import { getPlanRow, insertPlan, listPlans, type PlanRow, updatePlan } from "../db/coaching.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { activeSalespeople, peopleNames } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import type { Quadrant } from "../domain/efforts.js";
import { AppError } from "../domain/errors.js";
import { periodContaining, periodRange, previousPeriod, reportTime } from "../domain/periods.js";
import { formatInstant } from "../domain/reports.js";
import { suggestsPerformancePlan } from "../domain/reviews.js";
import type { PLAN_OUTCOMES } from "../domain/vocabulary.js";
import type { Ctx } from "./context.js";
import { report } from "./metrics.service.js";
import { notify } from "./notifications.service.js";
import { requireLineOf, visiblePersonRow } from "./reviews.service.js";
import { visibleOwnerIds } from "./visibility.js";

const invalid = (path: string, message: string, value?: unknown) =>
  new AppError("validation_failed", `${path}: ${message}`, [{ path, message, value }]);

export interface PlanJson {
  id: string;
  personId: string;
  personName: string | null;
  managerId: string;
  managerName: string | null;
  targets: string;
  consequences: string;
  startsOn: string;
  endsOn: string;
  status: "open" | "acknowledged" | "closed";
  acknowledgedAt: string | null;
  outcome: (typeof PLAN_OUTCOMES)[number] | null;
  outcomeNote: string | null;
  closedAt: string | null;
  createdAt: string;
}

const planJson = (p: PlanRow, names: Map<string, string>): PlanJson => ({
  id: p.id,
  personId: p.personId,
  personName: names.get(p.personId) ?? null,
  managerId: p.managerId,
  managerName: names.get(p.managerId) ?? null,
  targets: p.targets,
  consequences: p.consequences,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  status: p.status,
  acknowledgedAt: p.acknowledgedAt ? formatInstant(p.acknowledgedAt) : null,
  outcome: p.outcome ?? null,
  outcomeNote: p.outcomeNote,
  closedAt: p.closedAt ? formatInstant(p.closedAt) : null,
  createdAt: formatInstant(p.createdAt),
});

async function json(ctx: Ctx, p: PlanRow) {
  return planJson(p, await peopleNames(ctx.db, ctx.actor.orgId, [p.personId, p.managerId]));
}

async function visiblePlan(ctx: Ctx, id: string): Promise<PlanRow> {
  const p = await getPlanRow(ctx.db, ctx.actor.orgId, id);
  const vis = p ? await visibleOwnerIds(ctx.db, ctx.actor) : [];
  if (!p || (vis !== null && !vis.includes(p.personId)))
    throw new AppError("not_found", `No performance plan ${id}.`);
  return p;
}

export async function createPlan(
  ctx: Ctx,
  input: { personId: string; targets: string; consequences: string; startsOn: string; endsOn: string },
  now: Date = new Date(),
): Promise<PlanJson> {
  const person = await requireLineOf(ctx, input.personId, "performance plan");
  if (!input.targets.trim()) throw invalid("targets", "must not be empty");
  if (!input.consequences.trim()) throw invalid("consequences", "must not be empty");
  if (input.endsOn < input.startsOn) throw invalid("endsOn", "must not be before startsOn", input.endsOn);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await insertPlan(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      managerId: ctx.actor.personId || person.managerId || person.id,
      targets: input.targets.trim(),
      consequences: input.consequences.trim(),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      createdAt: now,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "performance_plan",
      entityId: p.id,
      action: "create",
      after: {
        personId: p.personId,
        targets: p.targets,
        consequences: p.consequences,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      kind: "plan.created",
      title: `A performance plan was written for you (${p.startsOn} to ${p.endsOn}): please read and acknowledge it`,
      link: `/performance-plans/${p.id}`,
      createdAt: now,
    });
    return p;
  });
  return json(ctx, row);
}

export async function getPlanJson(ctx: Ctx, id: string): Promise<PlanJson> {
  return json(ctx, await visiblePlan(ctx, id));
}

export async function listPlansJson(ctx: Ctx, q: { personId?: string }): Promise<PlanJson[]> {
  let ids = await visibleOwnerIds(ctx.db, ctx.actor);
  if (q.personId) ids = [(await visiblePersonRow(ctx.db, ctx.actor, q.personId)).id];
  const list = await listPlans(ctx.db, ctx.actor.orgId, ids);
  const names = await peopleNames(
    ctx.db,
    ctx.actor.orgId,
    list.flatMap((p) => [p.personId, p.managerId]),
  );
  return list.map((p) => planJson(p, names));
}

/** The person acknowledges their own plan. */
export async function acknowledgePlan(ctx: Ctx, id: string, now: Date = new Date()): Promise<PlanJson> {
  const p = await visiblePlan(ctx, id);
  if (p.personId !== ctx.actor.personId)
    throw new AppError("forbidden", "Only the person acknowledges their plan.");
  if (p.status !== "open") throw new AppError("conflict", `This plan is ${p.status} already.`);
  const row = await ctx.db.transaction(async (tx) => {
    const u = await updatePlan(tx, ctx.actor.orgId, id, { status: "acknowledged", acknowledgedAt: now });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "performance_plan",
      entityId: id,
      action: "acknowledge",
      before: { status: p.status },
      after: { status: "acknowledged" },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: p.managerId,
      kind: "plan.acknowledged",
      title: `${ctx.actor.name} acknowledged their performance plan`,
      link: `/performance-plans/${id}`,
      createdAt: now,
    });
    return u!;
  });
  return json(ctx, row);
}

/** The person's line closes the plan with an outcome. */
export async function closePlan(
  ctx: Ctx,
  id: string,
  input: { outcome: (typeof PLAN_OUTCOMES)[number]; note?: string },
  now: Date = new Date(),
): Promise<PlanJson> {
  const p = await visiblePlan(ctx, id);
  await requireLineOf(ctx, p.personId, "performance plan");
  if (p.status === "closed") throw new AppError("conflict", "This plan is closed already.");
  const row = await ctx.db.transaction(async (tx) => {
    const u = await updatePlan(tx, ctx.actor.orgId, id, {
      status: "closed",
      outcome: input.outcome,
      outcomeNote: input.note?.trim() || null,
      closedAt: now,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "performance_plan",
      entityId: id,
      action: "close",
      before: { status: p.status },
      after: { status: "closed", outcome: input.outcome, note: input.note ?? null },
    });
    await notify(tx, {
      orgId: ctx.actor.orgId,
      personId: p.personId,
      kind: "plan.closed",
      title: `Your performance plan was closed: ${input.outcome.replace("_", " ")}`,
      link: `/performance-plans/${id}`,
      createdAt: now,
    });
    return u!;
  });
  return json(ctx, row);
}

/**
 * Salespeople the actor can see who sat in Q4 in each of the last two
 * completed quarters (each quarter's quad as of its end) and have no open plan.
 */
export async function planSuggestions(
  ctx: Ctx,
  now: Date = new Date(),
): Promise<{ email: string; name: string; quarters: string[] }[]> {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  const q1 = previousPeriod(periodContaining(now, "quarter", org.timeZone));
  const q0 = previousPeriod(q1);
  const quad = async (p: string) => {
    const end = periodRange(p, org.timeZone).end;
    const r = (await report(ctx, "quad", reportTime(p, new Date(end.getTime() - 1)))) as {
      people: { email: string; quadrant: string | null }[];
    };
    return new Map(r.people.map((x) => [x.email, x.quadrant]));
  };
  const [a, b] = [await quad(q0), await quad(q1)];
  const open = new Set(
    (await listPlansJson(ctx, {})).filter((p) => p.status !== "closed").map((p) => p.personId),
  );
  const vis = await visibleOwnerIds(ctx.db, ctx.actor);
  const people = await activeSalespeople(ctx.db, ctx.actor.orgId);
  const quadOf = (m: Map<string, string | null>, email: string) => (m.get(email) ?? null) as Quadrant | null;
  return people
    .filter((p) => (vis === null || vis.includes(p.id)) && !open.has(p.id))
    .filter((p) => suggestsPerformancePlan([quadOf(a, p.email), quadOf(b, p.email)]))
    .map((p) => ({ email: p.email, name: p.name, quarters: [q0, q1] }));
}
