/**
 * Moving deals through the 7 steps: every change is date-stamped in the
 * append-only step history; a jump forward records the skipped steps; an
 * explicit past time is recorded as a backfill. Winning enters step 7.
 * Also the deal board (open deals by step, with totals and days in step).
 */

import type { Tx } from "../db/client.js";
import {
  type BoardCardRow,
  type BoardFilter,
  boardCards,
  boardTotalsFiltered,
  dealHistoryRows,
  insertDealStep,
  insertDealStepReturningId,
  insertStepCorrection,
  setDealState,
  stepRowsInForce,
  teamMemberIds,
  usualDaysInStep,
} from "../db/deals.queries.js";
import { getOrganisation, orgSteps } from "../db/orgs.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { resolveSettings } from "../domain/settings.js";
import { STEP_KEYS, stepKey } from "../domain/steps.js";
import { type Ctx, requireWrite } from "./context.js";
import { getVisible, getWritable } from "./records.service.js";
import { dealsSpec, serializeRow } from "./resources.js";
import { visibleOwnerIds } from "./visibility.js";
import { emit } from "./webhooks.service.js";

function when(
  at: string | undefined,
  createdAt: Date,
  now: Date,
  path = "at",
): { at: Date; backfilled: boolean } {
  if (!at) return { at: now, backfilled: false };
  const d = new Date(at);
  if (d.getTime() > now.getTime()) {
    throw new AppError("validation_failed", "A step change cannot be in the future.", [
      { path, message: "in the future", value: at },
    ]);
  }
  if (d.getTime() < createdAt.getTime()) {
    throw new AppError("validation_failed", "A step change cannot be before the deal was created.", [
      { path, message: "before the deal's createdAt", value: at },
    ]);
  }
  return { at: d, backfilled: true };
}

async function openDealForChange(ctx: Ctx, tx: Tx, dealId: string) {
  requireWrite(ctx.actor);
  const deal = await getWritable(ctx, dealsSpec, dealId, tx);
  if (deal.status !== "open") throw new AppError("conflict", `This deal is ${deal.status} already.`);
  return deal;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** When the deal reached `step` (its earliest entry there or above, explicit or implicit), if it did. */
function reachedAt(rows: { step: number; enteredAt: Date }[], step: number): Date | null {
  let t: Date | null = null;
  for (const r of rows) if (r.step >= step && (t === null || r.enteredAt < t)) t = r.enteredAt;
  return t;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function moveDeal(
  ctx: Ctx,
  dealId: string,
  input: { step: number; at?: string },
  now = new Date(),
) {
  if (input.step > 6) {
    throw new AppError("validation_failed", "Step 7 is entered by winning the deal.", [
      { path: "step", message: "use /win to enter relationship management", value: input.step },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const deal = await openDealForChange(ctx, tx, dealId);
    const { at, backfilled } = when(input.at, deal.createdAt, now);
    const furthest = deal.currentStep as number;
    if (input.step <= furthest) {
      // A move to a step reached already changes nothing (the furthest step counts, metrics.md),
      // unless it backfills an earlier entry there (a skipped step's real date).
      const reached = reachedAt(await stepRowsInForce(tx, ctx.actor.orgId, dealId), input.step);
      if (reached !== null && at.getTime() >= reached.getTime()) {
        throw new AppError(
          "conflict",
          `This deal reached ${stepKey(input.step)} on ${day(reached)} already: a move back changes nothing, ` +
            "because the furthest step reached counts. If a move was a mistake, correct it " +
            `(POST /deals/${dealId}/correct-step with the step it is really at and a reason).`,
          [{ path: "step", message: "reached already", value: input.step }],
        );
      }
    }
    const skipped = range(furthest + 1, input.step - 1);
    await insertDealStep(tx, {
      orgId: ctx.actor.orgId,
      dealId,
      step: input.step,
      enteredAt: at,
      recordedBy: ctx.actor.personId,
      skipped,
      backfilled,
    });
    // The current step is the furthest reached (metrics.md): moving back does not lower it.
    const patch = input.step > furthest ? { currentStep: input.step, stepEnteredAt: at } : {};
    const row = await setDealState(tx, ctx.actor.orgId, dealId, patch);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "deal",
      entityId: dealId,
      action: "move",
      before: { currentStep: furthest },
      after: { step: input.step, at: at.toISOString(), skipped, backfilled },
    });
    const out = serializeRow(row, ["value"]);
    await emit(tx, ctx.actor.orgId, "deal.step_changed", {
      deal: out,
      step: stepKey(input.step),
      previousStep: stepKey(furthest),
      at: at.toISOString(),
      skipped: skipped.map((s) => stepKey(s)),
      backfilled,
    });
    return out;
  });
}

export async function winDeal(ctx: Ctx, dealId: string, input: { at?: string }, now = new Date()) {
  return ctx.db.transaction(async (tx) => {
    const deal = await openDealForChange(ctx, tx, dealId);
    const { at, backfilled } = when(input.at, deal.createdAt, now);
    const skipped = range((deal.currentStep as number) + 1, 6);
    await insertDealStep(tx, {
      orgId: ctx.actor.orgId,
      dealId,
      step: 7,
      enteredAt: at,
      recordedBy: ctx.actor.personId,
      skipped,
      backfilled,
    });
    const row = await setDealState(tx, ctx.actor.orgId, dealId, {
      status: "won",
      closedAt: at,
      currentStep: 7,
      stepEnteredAt: at,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "deal",
      entityId: dealId,
      action: "win",
      before: { status: "open", currentStep: deal.currentStep },
      after: { status: "won", closedAt: at.toISOString(), skipped },
    });
    const out = serializeRow(row, ["value"]);
    await emit(tx, ctx.actor.orgId, "deal.won", { deal: out });
    return out;
  });
}

export async function loseDeal(
  ctx: Ctx,
  dealId: string,
  input: { status: "lost" | "disqualified"; reason: string; at?: string },
  now = new Date(),
) {
  return ctx.db.transaction(async (tx) => {
    const deal = await openDealForChange(ctx, tx, dealId);
    const { at } = when(input.at, deal.createdAt, now);
    const row = await setDealState(tx, ctx.actor.orgId, dealId, {
      status: input.status,
      closedAt: at,
      lostReason: input.reason,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "deal",
      entityId: dealId,
      action: input.status,
      before: { status: "open" },
      after: { status: input.status, closedAt: at.toISOString(), reason: input.reason },
    });
    const out = serializeRow(row, ["value"]);
    await emit(tx, ctx.actor.orgId, "deal.lost", { deal: out, status: input.status, reason: input.reason });
    return out;
  });
}

/**
 * Corrects the deal's latest step move, recorded by mistake (docs/step-corrections.md):
 * the row stays in the history, a correction row names it with the reason, and where
 * the deal really is at a step it had not reached otherwise, a step row is recorded
 * for it at the mistaken row's time. The reports read the rows in force only.
 */
export async function correctStep(ctx: Ctx, dealId: string, input: { step: number; reason: string }) {
  if (input.step > 6) {
    throw new AppError("validation_failed", "A correction puts an open deal at a step 1–6.", [
      { path: "step", message: "expected lead … closing", value: input.step },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const deal = await openDealForChange(ctx, tx, dealId);
    const inForce = await stepRowsInForce(tx, ctx.actor.orgId, dealId);
    const last = inForce.at(-1);
    if (!last) throw new AppError("conflict", "This deal has no step move to correct.");
    if (input.step === last.step) {
      throw new AppError(
        "validation_failed",
        `The latest move put the deal at ${stepKey(last.step)} already.`,
        [{ path: "step", message: "same as the move being corrected", value: input.step }],
      );
    }
    const before = inForce.slice(0, -1);
    const otherFurthest = before.reduce((m, r) => Math.max(m, r.step), 0);
    if (input.step < otherFurthest) {
      throw new AppError(
        "validation_failed",
        `Before the move being corrected the deal had reached ${stepKey(otherFurthest)}; ` +
          "correct that move too, one at a time, latest first.",
        [{ path: "step", message: `below ${stepKey(otherFurthest)}`, value: input.step }],
      );
    }
    let replacementStepId: number | null = null;
    if (input.step > otherFurthest) {
      replacementStepId = await insertDealStepReturningId(tx, {
        orgId: ctx.actor.orgId,
        dealId,
        step: input.step,
        enteredAt: last.enteredAt,
        recordedBy: ctx.actor.personId,
        skipped: range(otherFurthest + 1, input.step - 1),
        backfilled: last.backfilled,
      });
    }
    await insertStepCorrection(tx, {
      orgId: ctx.actor.orgId,
      dealId,
      dealStepId: last.id,
      toStep: input.step,
      replacementStepId,
      reason: input.reason,
      recordedBy: ctx.actor.personId,
    });
    const enteredAt =
      replacementStepId !== null
        ? last.enteredAt
        : (before
            .filter((r) => r.step === input.step)
            .map((r) => r.enteredAt)
            .sort((a, b) => +a - +b)[0] ?? last.enteredAt);
    const row = await setDealState(tx, ctx.actor.orgId, dealId, {
      currentStep: input.step,
      stepEnteredAt: enteredAt,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "deal",
      entityId: dealId,
      action: "correct_step",
      before: { currentStep: deal.currentStep, stepRowId: last.id, step: last.step },
      after: { currentStep: input.step, reason: input.reason, replacementStepId },
    });
    const out = serializeRow(row, ["value"]);
    await emit(tx, ctx.actor.orgId, "deal.step_changed", {
      deal: out,
      step: stepKey(input.step),
      previousStep: stepKey(deal.currentStep as number),
      at: enteredAt.toISOString(),
      skipped: [],
      backfilled: false,
      correction: { reason: input.reason },
    });
    return out;
  });
}

export async function dealHistory(ctx: Ctx, dealId: string) {
  await getVisible(ctx, dealsSpec, dealId);
  const rows = await dealHistoryRows(ctx.db, ctx.actor.orgId, dealId);
  return rows.map((r) => ({
    id: r.id,
    step: stepKey(r.step),
    stepNumber: r.step,
    enteredAt: r.enteredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: r.recordedBy,
    recordedByName: r.recordedByName,
    skipped: r.skipped.map((s) => stepKey(s)),
    backfilled: r.backfilled,
    source: r.source,
    correction:
      r.correctedAt === null
        ? null
        : {
            at: r.correctedAt.toISOString(),
            by: r.correctedBy,
            byName: r.correctedByName,
            reason: r.correctionReason as string,
            toStep: stepKey(r.correctedTo as number),
          },
    replaces: r.replaces,
  }));
}

const DAY = 86_400_000;

export interface BoardOptions {
  ownerId?: string;
  team?: string;
  leadSource?: string;
  noNextStep?: boolean;
  q?: string;
  /** Cards per column (default 50). */
  limit?: number;
}

/** The owners a board shows: what the actor may see, narrowed by owner and team. */
async function boardFilter(ctx: Ctx, opts: BoardOptions): Promise<BoardFilter> {
  let owners = await visibleOwnerIds(ctx.db, ctx.actor);
  if (opts.ownerId) {
    if (owners !== null && !owners.includes(opts.ownerId)) throw new AppError("not_found", "No such person.");
    owners = [opts.ownerId];
  }
  if (opts.team) {
    const team = new Set(await teamMemberIds(ctx.db, ctx.actor.orgId, opts.team));
    owners = (owners ?? [...team]).filter((id) => team.has(id));
  }
  return {
    ownerIds: owners,
    leadSource: opts.leadSource,
    noNextStep: opts.noNextStep,
    q: opts.q?.trim() || undefined,
  };
}

async function toCards(ctx: Ctx, cards: BoardCardRow[], now: Date) {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const settings = resolveSettings(org?.settings);
  const usual = await usualDaysInStep(
    ctx.db,
    ctx.actor.orgId,
    [...new Set(cards.map((c) => c.ownerId))],
    now,
    settings.rateWindowDays,
  );
  const usualOf = new Map(usual.map((u) => [`${u.ownerId}:${u.step}`, u.days]));
  return cards.map((c) => {
    const daysInStep = Math.max(0, Math.floor((now.getTime() - new Date(c.stepEnteredAt).getTime()) / DAY));
    const u = usualOf.get(`${c.ownerId}:${c.step}`);
    const usualDays = u === undefined ? null : Math.round(u * 10) / 10;
    return {
      id: c.id,
      name: c.name,
      value: c.value,
      stepNumber: c.step,
      ownerId: c.ownerId,
      ownerName: c.ownerName,
      accountName: c.accountName,
      leadSource: c.leadSource,
      expectedClose: c.expectedClose,
      daysInStep,
      usualDaysInStep: usualDays,
      overdueInStep: usualDays !== null && daysInStep > usualDays,
      noNextStep: c.noNextStep,
    };
  });
}

/** Open deals by step 1–6: count, total value, weighted value, and cards with days in step. */
export async function dealBoard(ctx: Ctx, opts: BoardOptions = {}, now = new Date()) {
  const filter = await boardFilter(ctx, opts);
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const settings = resolveSettings(org?.settings);
  const [rows, totals, names] = await Promise.all([
    boardCards(ctx.db, ctx.actor.orgId, filter, null, 0, opts.limit ?? 50, now),
    boardTotalsFiltered(ctx.db, ctx.actor.orgId, filter, now),
    orgSteps(ctx.db, ctx.actor.orgId),
  ]);
  const cards = await toCards(ctx, rows, now);
  return {
    currency: org?.currency ?? "USD",
    steps: STEP_KEYS.slice(0, 6).map((key, i) => {
      const step = i + 1;
      const t = totals.find((x) => x.step === step);
      // Until the metrics engine supplies per-person rates, weight by the organisation's default rates.
      const pWin = settings.defaultRates.slice(i).reduce((a, b) => a * b, 1);
      return {
        step: key,
        stepNumber: step,
        name: names.find((n) => n.step === step)?.name ?? key,
        count: t?.count ?? 0,
        total: t?.total ?? 0,
        weighted: Math.round((t?.total ?? 0) * pWin * 100) / 100,
        deals: cards.filter((c) => c.stepNumber === step),
      };
    }),
  };
}

/** More cards of one column (the board's "show more"), with the board's filters. */
export async function boardColumn(
  ctx: Ctx,
  step: number,
  opts: BoardOptions & { offset?: number },
  now = new Date(),
) {
  const filter = await boardFilter(ctx, opts);
  const rows = await boardCards(
    ctx.db,
    ctx.actor.orgId,
    filter,
    step,
    opts.offset ?? 0,
    opts.limit ?? 50,
    now,
  );
  return {
    step: stepKey(step),
    stepNumber: step,
    offset: opts.offset ?? 0,
    deals: await toCards(ctx, rows, now),
  };
}
