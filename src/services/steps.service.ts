/** The organisation's names and exit criteria for the 7 fixed steps (keys never change). */
import { orgSteps, updateOrgStep } from "../db/orgs.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";

const view = (s: { step: number; key: string; name: string; exitCriteria: string }) => ({
  step: s.key,
  stepNumber: s.step,
  name: s.name,
  exitCriteria: s.exitCriteria,
});

export async function listSteps(ctx: Ctx) {
  return (await orgSteps(ctx.db, ctx.actor.orgId)).map(view);
}

export async function updateStep(ctx: Ctx, step: number, patch: { name?: string; exitCriteria?: string }) {
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "admin");
  return ctx.db.transaction(async (tx) => {
    const before = (await orgSteps(tx, ctx.actor.orgId)).find((s) => s.step === step);
    if (!before) throw new AppError("not_found", `No step ${step}.`);
    const after = await updateOrgStep(tx, ctx.actor.orgId, step, patch);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "process_step",
      entityId: String(step),
      action: "update",
      before: view(before),
      after: view(after),
    });
    return view(after);
  });
}
