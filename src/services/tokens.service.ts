/** API tokens: created by a user for themselves, shown once, stored hashed, revocable. */
import { insertToken, listTokens, revokeToken, type TokenRow } from "../db/tokens.queries.js";
import { AppError } from "../domain/errors.js";
import { newToken, sha256 } from "./auth.service.js";
import { type Ctx, requireWrite } from "./context.js";

const view = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function createToken(ctx: Ctx, input: { name: string; scope: "read" | "write" }) {
  // A token never has more rights than the credential that made it.
  if (ctx.actor.via === "token")
    throw new AppError("forbidden", "Create API tokens from a signed-in session.");
  const token = newToken("swt_");
  const row = await insertToken(ctx.db, {
    orgId: ctx.actor.orgId,
    personId: ctx.actor.personId,
    name: input.name,
    scope: input.scope,
    tokenHash: sha256(token),
  });
  return { ...view(row), token };
}

export async function myTokens(ctx: Ctx) {
  return (await listTokens(ctx.db, ctx.actor.orgId, ctx.actor.personId)).map(view);
}

export async function revokeMyToken(ctx: Ctx, id: string) {
  requireWrite(ctx.actor);
  const r = await revokeToken(ctx.db, ctx.actor.orgId, ctx.actor.personId, id, new Date());
  if (!r) throw new AppError("not_found", `No active API token ${id}.`);
  return view(r);
}
