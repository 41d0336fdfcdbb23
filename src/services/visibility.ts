/**
 * Visibility by reporting line (product.md): a salesperson sees their own
 * records, a manager their reporting line (recursively) and themselves, an
 * executive or admin the whole organisation. Nobody sees another organisation.
 */
import type { DbOrTx } from "../db/client.js";
import { reportingLineIds } from "../db/people.queries.js";
import type { Actor } from "./context.js";

/** null = the whole organisation; otherwise the owner ids the actor may see. */
export async function visibleOwnerIds(db: DbOrTx, actor: Actor): Promise<string[] | null> {
  if (actor.role === "executive" || actor.role === "admin") return null;
  if (actor.role === "manager") return reportingLineIds(db, actor.orgId, actor.personId);
  return [actor.personId];
}
