/**
 * First-run setup on an empty database (PostgreSQL without demo data): the
 * organisation and its first admin. Refused once any organisation exists, so
 * real data never mixes with demo data and nobody can take over an install.
 */
import { randomInt, timingSafeEqual } from "node:crypto";
import { countOrganisations } from "../db/auth.queries.js";
import type { Db } from "../db/client.js";
import { insertOrganisation, lockOrganisations } from "../db/orgs.queries.js";
import { insertPerson } from "../db/people.queries.js";
import { AppError } from "../domain/errors.js";
import { hashPassword } from "./passwords.js";

export interface SetupInput {
  organisation: { name: string; slug: string; timeZone: string; currency: string };
  admin: { name: string; email: string; password: string };
  /** The one-time code the server printed in its log. */
  setupCode?: string;
}

/** A one-time setup code: 12 digits in groups of 4 (about 40 bits), easy to copy from a log. */
export function newSetupCode(): string {
  const group = () => String(randomInt(0, 10_000)).padStart(4, "0");
  return `${group()}-${group()}-${group()}`;
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.replace(/\s+/g, ""));
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function needsSetup(db: Db): Promise<boolean> {
  return (await countOrganisations(db)) === 0;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * `expectedCode`: the code this server printed; without one, setup is refused
 * (so the installation never belongs to whoever arrives first).
 */
export async function runSetup(db: Db, input: SetupInput, expectedCode: string | undefined) {
  if (!(await needsSetup(db))) throw new AppError("conflict", "Stepwise is set up already.");
  if (expectedCode === undefined) {
    throw new AppError(
      "forbidden",
      "First-run setup is not open on this server: start it with `stepwise serve`.",
    );
  }
  if (!input.setupCode || !sameCode(input.setupCode, expectedCode)) {
    throw new AppError("forbidden", "Wrong or missing setup code: it is printed in the server's log.", [
      { path: "setupCode", message: "not the code in the server's log" },
    ]);
  }
  if (!validTimeZone(input.organisation.timeZone)) {
    throw new AppError("validation_failed", "Unknown time zone.", [
      { path: "organisation.timeZone", message: "not an IANA time zone", value: input.organisation.timeZone },
    ]);
  }
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    // Serialise concurrent first-run attempts: only the first may create.
    await lockOrganisations(tx);
    if ((await countOrganisations(tx)) > 0) throw new AppError("conflict", "Stepwise is set up already.");
    const org = await insertOrganisation(tx, input.organisation);
    const admin = await insertPerson(tx, {
      orgId: org.id,
      email: input.admin.email.toLowerCase(),
      name: input.admin.name,
      role: "admin",
      passwordHash,
    });
    return { orgId: org.id, slug: org.slug, adminId: admin.id };
  });
}
