/**
 * The organisation's own settings (Settings → Organisation): name, time zone,
 * currency, and the figures' thresholds and priors (src/domain/settings.ts).
 * Everybody in the organisation reads them (the screens explain figures with
 * them); only an admin changes them, with an audit row.
 */
import { getOrganisation, updateOrganisation } from "../db/orgs.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { type OrgSettings, resolveSettings } from "../domain/settings.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";
import { validTimeZone } from "./setup.service.js";

export interface OrganisationJson {
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
  /** Every setting, the organisation's value or the default. */
  settings: OrgSettings;
}

export interface OrganisationPatch {
  name?: string;
  timeZone?: string;
  currency?: string;
  settings?: Partial<OrgSettings>;
}

function view(org: { name: string; slug: string; timeZone: string; currency: string; settings: unknown }) {
  return {
    name: org.name,
    slug: org.slug,
    timeZone: org.timeZone,
    currency: org.currency,
    settings: resolveSettings(org.settings),
  };
}

export async function getOrganisationSettings(ctx: Ctx): Promise<OrganisationJson> {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  return view(org);
}

function validCurrency(code: string): boolean {
  try {
    new Intl.NumberFormat("en", { style: "currency", currency: code });
    return /^[A-Z]{3}$/.test(code);
  } catch {
    return false;
  }
}

export async function changeOrganisation(ctx: Ctx, patch: OrganisationPatch): Promise<OrganisationJson> {
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "admin");
  if (patch.timeZone !== undefined && !validTimeZone(patch.timeZone)) {
    throw new AppError("validation_failed", `Unknown time zone "${patch.timeZone}".`, [
      { path: "timeZone", message: "not an IANA time zone (e.g. Europe/Paris)", value: patch.timeZone },
    ]);
  }
  if (patch.currency !== undefined && !validCurrency(patch.currency)) {
    throw new AppError("validation_failed", `Unknown currency "${patch.currency}".`, [
      { path: "currency", message: "not an ISO 4217 code (e.g. EUR)", value: patch.currency },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const before = await getOrganisation(tx, ctx.actor.orgId);
    if (!before) throw new AppError("not_found", "No such organisation.");
    const stored = (before.settings && typeof before.settings === "object" ? before.settings : {}) as Record<
      string,
      unknown
    >;
    const after = await updateOrganisation(tx, ctx.actor.orgId, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined ? { timeZone: patch.timeZone } : {}),
      ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
      ...(patch.settings !== undefined ? { settings: { ...stored, ...patch.settings } } : {}),
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "organisation",
      entityId: ctx.actor.orgId,
      action: "update",
      before: view(before),
      after: view(after),
    });
    return view(after);
  });
}
