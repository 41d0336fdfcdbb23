/**
 * Logging from the browser's one form: the activity that was done, the move of
 * the deal it led to, and the next step ("what's next, and when?") — all or
 * nothing, in one transaction, through the same use-cases (and their checks,
 * audit rows and webhooks) as the separate API calls.
 */
import type { Db } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import type { ActivityKind } from "../domain/vocabulary.js";
import type { Ctx } from "./context.js";
import { moveDeal } from "./deals.service.js";
import { createResource, getVisible } from "./records.service.js";
import { activitiesSpec, dealsSpec } from "./resources.js";

export interface LogInput {
  kind: ActivityKind;
  step?: number;
  dealId?: string;
  contactId?: string;
  doneAt?: string;
  outcome?: string;
  notes?: string;
  moveTo?: number;
  next?: { kind: ActivityKind; scheduledFor: string; notes?: string };
}

export async function logActivity(ctx: Ctx, input: LogInput, now = new Date()) {
  if (input.moveTo !== undefined && !input.dealId) {
    throw new AppError("validation_failed", "Only a deal moves.", [
      { path: "moveTo", message: "needs dealId", value: input.moveTo },
    ]);
  }
  if (input.next && Date.parse(input.next.scheduledFor) < now.getTime()) {
    throw new AppError("validation_failed", "The next step is in the future.", [
      { path: "next.scheduledFor", message: "in the past", value: input.next.scheduledFor },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    // The use-cases below open their own transactions: inside this one they are savepoints.
    const inTx: Ctx = { ...ctx, db: tx as unknown as Db };
    const deal = input.dealId ? await getVisible(inTx, dealsSpec, input.dealId) : null;
    const step = input.step ?? (deal?.currentStep as number | undefined);
    if (step === undefined) {
      throw new AppError("validation_failed", "Say which step the activity served.", [
        { path: "step", message: "required without a deal" },
      ]);
    }
    const target = { dealId: input.dealId, contactId: input.contactId };
    const done = await createResource(inTx, activitiesSpec, {
      kind: input.kind,
      step,
      ...target,
      doneAt: input.doneAt ?? now.toISOString(),
      outcome: input.outcome,
      notes: input.notes,
    });
    const moved =
      input.moveTo !== undefined && input.dealId
        ? await moveDeal(inTx, input.dealId, { step: input.moveTo }, now)
        : null;
    const next = input.next
      ? await createResource(inTx, activitiesSpec, {
          kind: input.next.kind,
          step: input.moveTo ?? step,
          ...target,
          scheduledFor: input.next.scheduledFor,
          notes: input.next.notes,
        })
      : null;
    return { done, next, deal: moved };
  });
}
