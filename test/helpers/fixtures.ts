/** Test fixtures: organisations and people written straight to the database, and API callers. */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../src/db/client.js";
import { insertOrganisation } from "../../src/db/orgs.queries.js";
import { apiTokens, people, type Role } from "../../src/db/schema.js";

export const PASSWORD = "correct horse battery staple";
// One Argon2id hash of PASSWORD, computed once per process (argon2 is slow on purpose).
let hashed: Promise<string> | undefined;
const passwordHash = async () => {
  hashed ??= import("../../src/services/passwords.js").then((m) => m.hashPassword(PASSWORD));
  return hashed;
};

export async function makeOrg(db: Db, slug: string, timeZone = "UTC") {
  return insertOrganisation(db, { slug, name: slug.toUpperCase(), timeZone });
}

export interface TestPerson {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  /** A write-scoped bearer token for this person. */
  token: string;
}

export async function makePerson(
  db: Db,
  orgId: string,
  p: { email: string; role: Role; managerId?: string; team?: string; name?: string },
): Promise<TestPerson> {
  const [row] = await db
    .insert(people)
    .values({
      orgId,
      email: p.email,
      name: p.name ?? p.email.split("@")[0],
      role: p.role,
      managerId: p.managerId,
      team: p.team,
      passwordHash: await passwordHash(),
    })
    .returning();
  const token = `swt_${randomBytes(24).toString("base64url")}`;
  await db.insert(apiTokens).values({
    orgId,
    personId: row.id,
    name: "test",
    scope: "write",
    tokenHash: createHash("sha256").update(token).digest("hex"),
  });
  return { id: row.id, orgId, email: p.email, role: p.role, token };
}

type Fetcher = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** Calls the app as `who` (a bearer token) or anonymously (null). */
export function caller(app: Fetcher, who: TestPerson | null) {
  return async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${who.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Posts a multipart form as `who`: `files` (name → CSV text) under the repeated field `files`, plus text fields. */
export function uploader(app: Fetcher, who: TestPerson | null) {
  return async (path: string, files: Record<string, string>, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [name, body] of Object.entries(files)) {
      form.append("files", new File([body], name, { type: "text/csv" }));
    }
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await app.request(`/api/v1${path}`, {
      method: "POST",
      headers: who ? { authorization: `Bearer ${who.token}` } : {},
      body: form,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}
