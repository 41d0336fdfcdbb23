/** Organisation lookups shared by the CLI commands. */
import type { DbOrTx } from "../db/client.js";
import { getOrganisationBySlug, listOrganisations } from "../db/orgs.queries.js";
import { AppError } from "../domain/errors.js";

/** `--org SLUG`, or the only organisation when none is given (interfaces.md). */
export async function resolveOrg(db: DbOrTx, slug?: string) {
  if (slug) {
    const org = await getOrganisationBySlug(db, slug);
    if (!org) throw new AppError("not_found", `--org: no organisation "${slug}".`);
    return org;
  }
  const orgs = await listOrganisations(db);
  if (orgs.length === 0)
    throw new AppError("not_found", "There is no organisation yet (run `stepwise demo` or an import).");
  if (orgs.length > 1) {
    throw new AppError(
      "validation_failed",
      `--org is required: there are ${orgs.length} organisations (${orgs.map((o) => o.slug).join(", ")}).`,
    );
  }
  return orgs[0];
}
