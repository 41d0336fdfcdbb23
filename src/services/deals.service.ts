/**
 * Moving deals through the 7 steps: every change is date-stamped in the
 * append-only step history; a jump forward records the skipped steps; an
 * explicit past time is recorded as a backfill. Winning enters step 7.
 * Also the deal board (open deals by step, with totals and days in step).
 */

import {
  boardTotals,
  dealStepHistory,
  insertDealStep,
  openDealsForBoard,
  setDealState,
} from "../db/deals.queries.js";
import { getOrganisation, orgSteps } from "../db/orgs.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { resolveSettings } from "../domain/settings.js";
import { STEP_KEYS, stepKey } from "../domain/steps.js";
import { type Ctx, requireWrite } from "./context.js";
import { assertCanWrite, getVisible } from "./records.service.js";
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

async function openDealForChange(ctx: Ctx, tx: any, dealId: string) {
  requireWrite(ctx.actor);
  const deal = await getVisible(ctx, dealsSpec, dealId, tx);
  await assertCanWrite(ctx, tx, dealsSpec, deal);
  if (deal.status !== "open") throw new AppError("conflict", `This deal is ${deal.status} already.`);
  return deal;
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

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

export async function dealHistory(ctx: Ctx, dealId: string) {
  await getVisible(ctx, dealsSpec, dealId);
  const rows = await dealStepHistory(ctx.db, ctx.actor.orgId, dealId);
  return rows.map((r) => ({
    step: stepKey(r.step),
    stepNumber: r.step,
    enteredAt: r.enteredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: r.recordedBy,
    skipped: r.skipped.map((s) => stepKey(s)),
    backfilled: r.backfilled,
    source: r.source,
  }));
}

const DAY = 86_400_000;

/** Open deals by step 1–6: count, total value, weighted value, and cards with days in step. */
export async function dealBoard(
  ctx: Ctx,
  opts: { ownerId?: string; cardsPerStep?: number } = {},
  now = new Date(),
) {
  let owners = await visibleOwnerIds(ctx.db, ctx.actor);
  if (opts.ownerId) {
    if (owners !== null && !owners.includes(opts.ownerId)) throw new AppError("not_found", "No such person.");
    owners = [opts.ownerId];
  }
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const settings = resolveSettings(org?.settings);
  const [cards, totals, names] = await Promise.all([
    openDealsForBoard(ctx.db, ctx.actor.orgId, owners, opts.cardsPerStep ?? 50),
    boardTotals(ctx.db, ctx.actor.orgId, owners),
    orgSteps(ctx.db, ctx.actor.orgId),
  ]);
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
        deals: cards
          .filter((c) => c.step === step)
          .map((c) => ({
            id: c.id,
            name: c.name,
            value: c.value,
            ownerId: c.ownerId,
            ownerName: c.ownerName,
            accountName: c.accountName,
            expectedClose: c.expectedClose,
            daysInStep: Math.max(0, Math.floor((now.getTime() - new Date(c.stepEnteredAt).getTime()) / DAY)),
          })),
      };
    }),
  };
}
