/**
 * Issue 12, item 6: a read-scope token cannot write (not even revoke a token),
 * and deactivating a person ends their sessions and revokes their tokens for
 * good: reactivation does not bring them back.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, PASSWORD, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let rep: TestPerson;

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db }));
  const org = await makeOrg(h.db, "cred");
  rep = await makePerson(h.db, org.id, { email: "rep@cred.test", role: "salesperson" });
});
afterAll(async () => {
  await h.close();
});

async function signIn(email: string) {
  const r = await app.request("/api/v1/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  const cookie = r.headers.get("set-cookie")!.split(";")[0];
  const { csrfToken } = await r.json();
  const session = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return session;
}

const bearer = (token: string) => caller(app, { token } as TestPerson);

describe("a read-scope token only reads", () => {
  it("cannot revoke a token (its own or another), nor write anything; it can read", async () => {
    const session = await signIn("rep@cred.test");
    const read = await session("POST", "/tokens", { name: "reader", scope: "read" });
    const write = await session("POST", "/tokens", { name: "writer", scope: "write" });
    expect(read.status).toBe(201);
    expect(write.status).toBe(201);
    const asReader = bearer(read.body.token);

    for (const id of [write.body.id, read.body.id]) {
      const r = await asReader("DELETE", `/tokens/${id}`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    const list = await session("GET", "/tokens");
    const revoked = list.body.filter((t: any) => t.revokedAt !== null).map((t: any) => t.name);
    expect(revoked).toEqual([]);

    expect((await asReader("POST", "/accounts", { name: "By a reader" })).status).toBe(403);
    expect((await asReader("PATCH", `/people/${rep.id}`, { name: "x" })).status).toBe(403);
    expect((await asReader("GET", "/accounts")).status).toBe(200);
    // The write token may revoke the read token.
    expect((await bearer(write.body.token)("DELETE", `/tokens/${read.body.id}`)).status).toBe(200);
    expect((await asReader("GET", "/accounts")).status).toBe(401);
  });
});

describe("deactivation ends sessions and tokens", () => {
  it("a deactivated person's session and tokens stop, and reactivation does not revive them", async () => {
    const org = await makeOrg(h.db, "cred2");
    const boss = await makePerson(h.db, org.id, { email: "boss@cred2.test", role: "admin" });
    const leaver = await makePerson(h.db, org.id, { email: "leaver@cred2.test", role: "salesperson" });
    const session = await signIn("leaver@cred2.test");
    const made = await session("POST", "/tokens", { name: "script", scope: "write" });
    expect(made.status).toBe(201);
    const asBoss = caller(app, boss);
    const fixtureToken = caller(app, leaver);
    const scriptToken = bearer(made.body.token);
    expect((await session("GET", "/auth/me")).status).toBe(200);
    expect((await scriptToken("GET", "/accounts")).status).toBe(200);

    expect((await asBoss("PATCH", `/people/${leaver.id}`, { active: false })).status).toBe(200);
    expect((await session("GET", "/auth/me")).status).toBe(401);
    expect((await scriptToken("GET", "/accounts")).status).toBe(401);
    expect((await fixtureToken("GET", "/accounts")).status).toBe(401);
    const left = await one<{ sessions: number; live: number }>(
      h.db,
      sql`select (select count(*)::int from sessions where person_id = ${leaver.id}) as sessions,
                 (select count(*)::int from api_tokens where person_id = ${leaver.id} and revoked_at is null) as live`,
    );
    expect(left).toEqual({ sessions: 0, live: 0 });

    expect((await asBoss("PATCH", `/people/${leaver.id}`, { active: true })).status).toBe(200);
    expect((await session("GET", "/auth/me")).status).toBe(401);
    expect((await scriptToken("GET", "/accounts")).status).toBe(401);
    expect((await fixtureToken("GET", "/accounts")).status).toBe(401);
    // Back in with the password: a new session works.
    const again = await signIn("leaver@cred2.test");
    expect((await again("GET", "/auth/me")).status).toBe(200);
  });
});
