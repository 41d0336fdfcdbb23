/**
 * First-run setup on an empty database (PostgreSQL without demo data): the
 * organisation and its first admin. Refused once any organisation exists, so
 * real data never mixes with demo data and nobody can take over an install.
 */
import { sql } from "drizzle-orm";
import { countOrganisations } from "../db/auth.queries.js";
import type { Db } from "../db/client.js";
import { insertOrganisation } from "../db/orgs.queries.js";
import { people } from "../db/schema.js";
import { AppError } from "../domain/errors.js";
import { hashPassword } from "./passwords.js";

export interface SetupInput {
  organisation: { name: string; slug: string; timeZone: string; currency: string };
  admin: { name: string; email: string; password: string };
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

export async function runSetup(db: Db, input: SetupInput) {
  if (!validTimeZone(input.organisation.timeZone)) {
    throw new AppError("validation_failed", "Unknown time zone.", [
      { path: "organisation.timeZone", message: "not an IANA time zone", value: input.organisation.timeZone },
    ]);
  }
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    // Serialise concurrent first-run attempts: only the first may create.
    await tx.execute(sql`lock table organisations in exclusive mode`);
    if ((await countOrganisations(tx)) > 0) throw new AppError("conflict", "Stepwise is set up already.");
    const org = await insertOrganisation(tx, input.organisation);
    const [admin] = await tx
      .insert(people)
      .values({
        orgId: org.id,
        email: input.admin.email.toLowerCase(),
        name: input.admin.name,
        role: "admin",
        passwordHash,
      })
      .returning();
    return { orgId: org.id, slug: org.slug, adminId: admin.id };
  });
}
