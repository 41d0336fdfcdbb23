/** The organisation lookup the CLI commands share (`--org`), and creating one. */
import type { DbOrTx } from "../db/client.js";
import { getOrganisationBySlug, insertOrganisation, listOrganisations } from "../db/orgs.queries.js";
import { AppError, type ErrorDetail } from "../domain/errors.js";
import { validTimeZone } from "./setup.service.js";

/** `--org SLUG`, or the only organisation when none is given (interfaces.md). */
export async function resolveOrg(db: DbOrTx, slug?: string) {
  if (slug) {
    const org = await getOrganisationBySlug(db, slug);
    if (!org) throw new AppError("not_found", `--org: unknown organisation "${slug}".`);
    return org;
  }
  const orgs = await listOrganisations(db);
  if (orgs.length === 0)
    throw new AppError("not_found", "There is no organisation yet (run `stepwise demo` or an import).");
  if (orgs.length > 1) {
    throw new AppError(
      "validation_failed",
      `--org is required: there are several organisations (${orgs.map((o) => o.slug).join(", ")}): choose one with --org SLUG.`,
    );
  }
  return orgs[0];
}

export interface NewOrganisation {
  slug: string;
  name?: string;
  timeZone?: string;
  currency?: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Creates an empty organisation with the 7 steps (`stepwise org create`), so an
 * import can land in the CRM's time zone and currency. Every bad field is named.
 */
export async function createOrganisation(db: DbOrTx, input: NewOrganisation) {
  const timeZone = input.timeZone ?? "UTC";
  const currency = (input.currency ?? "USD").toUpperCase();
  const problems: ErrorDetail[] = [];
  if (!SLUG.test(input.slug))
    problems.push({
      path: "slug",
      message:
        "lower-case letters, digits and hyphens, 1–64 characters, not starting or ending with a hyphen",
      value: input.slug,
    });
  if (!validTimeZone(timeZone))
    problems.push({
      path: "timeZone",
      message: "not an IANA time zone (e.g. Europe/Berlin)",
      value: timeZone,
    });
  if (!Intl.supportedValuesOf("currency").includes(currency))
    problems.push({ path: "currency", message: "not an ISO 4217 currency code (e.g. EUR)", value: currency });
  if (problems.length > 0)
    throw new AppError(
      "validation_failed",
      problems
        .map(
          (p) =>
            `--${p.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${p.message} (got "${p.value}")`,
        )
        .join("; "),
      problems,
    );
  if (await getOrganisationBySlug(db, input.slug))
    throw new AppError("conflict", `An organisation "${input.slug}" exists already.`);
  return insertOrganisation(db, { slug: input.slug, name: input.name ?? input.slug, timeZone, currency });
}
