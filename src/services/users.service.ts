/** Adding a user from the command line (the operator's way in before the web app has an admin). */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { insertPerson, personIdByEmail } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import { ROLES, type Role } from "../domain/vocabulary.js";
import { resolveOrg } from "./orgs.service.js";
import { hashPassword } from "./passwords.js";

export interface AddUserInput {
  org?: string;
  email: string;
  role: string;
  name?: string;
  managerEmail?: string;
  team?: string;
  password?: string;
}

export async function addUser(db: Db, input: AddUserInput) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new AppError("validation_failed", `--email: not an email address: ${input.email}`);
  }
  if (!ROLES.includes(input.role as Role)) {
    throw new AppError(
      "validation_failed",
      `--role: must be one of ${ROLES.join(", ")}, got "${input.role}"`,
    );
  }
  if (input.password !== undefined && input.password.length < 10) {
    throw new AppError("validation_failed", "--password: at least 10 characters");
  }
  const password = input.password ?? randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const org = await resolveOrg(tx, input.org);
    let managerId: string | undefined;
    if (input.managerEmail) {
      managerId = await personIdByEmail(tx, org.id, input.managerEmail.trim().toLowerCase());
      if (!managerId)
        throw new AppError("validation_failed", `--manager: no person ${input.managerEmail} in ${org.slug}`);
    }
    if (await personIdByEmail(tx, org.id, email))
      throw new AppError("conflict", `--email: ${email} is already a user of ${org.slug}`);
    const p = await insertPerson(tx, {
      orgId: org.id,
      email,
      name: input.name ?? email.split("@")[0],
      role: input.role as Role,
      managerId,
      team: input.team,
      passwordHash,
    });
    await writeAudit(tx, {
      orgId: org.id,
      entity: "person",
      entityId: p.id,
      action: "create (cli)",
      after: { email, role: p.role },
    });
    return {
      org: org.slug,
      id: p.id,
      email,
      role: p.role,
      password,
      generated: input.password === undefined,
    };
  });
}
