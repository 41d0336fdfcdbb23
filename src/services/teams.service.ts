/**
 * Teams (Settings → Teams). A team is the name people share in `people.team`
 * (metrics.md pools rates over it); it exists while somebody carries it.
 * Everybody in the organisation may list the teams (names and counts only);
 * an admin renames one, which moves everybody carrying it in one statement.
 */
import { listTeams, renameTeam, type TeamRow } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";

export async function teams(ctx: Ctx): Promise<TeamRow[]> {
  return listTeams(ctx.db, ctx.actor.orgId);
}

export async function renameTeamAs(ctx: Ctx, from: string, to: string): Promise<TeamRow> {
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "admin");
  return ctx.db.transaction(async (tx) => {
    const all = await listTeams(tx, ctx.actor.orgId);
    if (!all.some((t) => t.name === from)) throw new AppError("not_found", `No team "${from}".`);
    if (from !== to && all.some((t) => t.name === to)) {
      throw new AppError("conflict", `A team "${to}" exists already.`, [
        { path: "name", message: "taken by another team", value: to },
      ]);
    }
    const moved = await renameTeam(tx, ctx.actor.orgId, from, to);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "team",
      entityId: to,
      action: "update",
      before: { name: from },
      after: { name: to, people: moved },
    });
    return (await listTeams(tx, ctx.actor.orgId)).find((t) => t.name === to)!;
  });
}
