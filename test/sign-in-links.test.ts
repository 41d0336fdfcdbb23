/**
 * Passwords without a command line: an admin's one-time sign-in link sets a
 * newcomer's password and signs them in; a used, replaced, expired or
 * deactivated link does nothing; a signed-in person changes their own password
 * with the current one. Every refusal leaves the person's password, sessions
 * and links as they were.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one, rows } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createSignInLink } from "../src/services/credentials.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let admin: TestPerson;
let orgId: string;

type Session = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Calls the API as a browser would: with the cookie and CSRF token a sign-in (or a link) gave. */
function browser(res: Response, csrfToken: string): Session {
  const cookie = res.headers.get("set-cookie")!.split(";")[0];
  return async (method, path, body) => {
    const r = await app.request(`/api/v1${path}`, {
      method,
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

async function post(path: string, body: unknown) {
  const r = await app.request(`/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res: r, body: await r.json().catch(() => null) };
}

async function signIn(email: string, password: string) {
  const { res, body } = await post("/auth/sign-in", { email, password });
  return { status: res.status, session: res.status === 200 ? browser(res, body.csrfToken) : undefined };
}

/** The person's password hash, their sessions and their links' states: what a refusal must not change. */
async function state(personId: string) {
  return one<{ hash: string | null; sessions: number; links: string }>(
    h.db,
    sql`select (select password_hash from people where id = ${personId}) as hash,
               (select count(*)::int from sessions where person_id = ${personId}) as sessions,
               (select coalesce(string_agg(
                  case when used_at is not null then 'used' when cancelled_at is not null then 'cancelled'
                       else 'open' end, ',' order by created_at), '')
                from sign_in_links where person_id = ${personId}) as links`,
  );
}

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db }));
  orgId = (await makeOrg(h.db, "links")).id;
  admin = await makePerson(h.db, orgId, { email: "admin@links.test", role: "admin" });
});
afterAll(async () => {
  await h.close();
});

describe("a newcomer added in Settings", () => {
  it("has no password until they open the admin's link, which signs them in once", async () => {
    const adminSession = (await signIn(admin.email, PASSWORD)).session!;
    const created = await adminSession("POST", "/people", {
      email: "nia@links.test",
      name: "Nia New",
      role: "salesperson",
    });
    expect(created.status).toBe(201);
    const nia = created.body.id as string;
    // Nobody can sign in as Nia yet, whatever they type.
    expect((await signIn("nia@links.test", "")).status).toBe(400);
    expect((await signIn("nia@links.test", "anything at all")).status).toBe(401);

    const before = Date.now();
    const link = await adminSession("POST", `/people/${nia}/sign-in-link`);
    expect(link.status).toBe(201);
    expect(link.body.token).toMatch(/^swl_[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(link.body.path).toBe(`/welcome#${link.body.token}`);
    // Valid for 7 days: 7 × 86,400,000 ms after the request, give or take the request's own time.
    const validFor = Date.parse(link.body.expiresAt) - before;
    expect(validFor).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(validFor).toBeLessThan(7 * 86_400_000 + 60_000);

    // A password under 10 characters is refused, naming the field; the link still works.
    const short = await post("/auth/set-password", { token: link.body.token, password: "too short" });
    expect(short.res.status).toBe(400);
    expect(short.body.error.details).toEqual([{ path: "password", message: "at least 10 characters" }]);
    expect(await state(nia)).toEqual({ hash: null, sessions: 0, links: "open" });

    const opened = await post("/auth/set-password", {
      token: link.body.token,
      password: "Nia's own password",
    });
    expect(opened.res.status).toBe(200);
    expect(opened.body.person).toMatchObject({ id: nia, email: "nia@links.test", name: "Nia New" });
    const niaSession = browser(opened.res, opened.body.csrfToken);
    expect((await niaSession("GET", "/auth/me")).body.person.id).toBe(nia);
    expect((await signIn("nia@links.test", "Nia's own password")).status).toBe(200);

    // The same link again: refused, and nothing changes.
    const s = await state(nia);
    const again = await post("/auth/set-password", {
      token: link.body.token,
      password: "someone else's try",
    });
    expect(again.res.status).toBe(400);
    expect(again.body.error.message).toContain("Ask an admin of your organisation for a new one");
    expect(await state(nia)).toEqual(s);
    expect((await signIn("nia@links.test", "Nia's own password")).status).toBe(200);

    // The audit log says who made the link and that Nia used it.
    const audit = await rows(
      h.db,
      sql`select action, actor_id from audit_log where entity = 'person' and entity_id = ${nia}
          and action like '%link%' order by id`,
    );
    expect(audit).toEqual([
      { action: "sign_in_link_created", actor_id: admin.id },
      { action: "password_set_with_link", actor_id: nia },
    ]);
  });
});

describe("a link opened in a browser where someone else is signed in", () => {
  it("works without that session's CSRF token, and the browser is then the newcomer's", async () => {
    const signedIn = await post("/auth/sign-in", { email: admin.email, password: PASSWORD });
    const adminCookie = signedIn.res.headers.get("set-cookie")!.split(";")[0];
    const adminSession = browser(signedIn.res, signedIn.body.csrfToken);
    const ola = await makePerson(h.db, orgId, { email: "ola@links.test", role: "salesperson" });
    const link = await adminSession("POST", `/people/${ola.id}/sign-in-link`);
    // The admin's cookie goes along (same browser), without the admin's CSRF token.
    const r = await app.request("/api/v1/auth/set-password", {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ token: link.body.token, password: "Ola's first password" }),
    });
    expect(r.status).toBe(200);
    expect((await r.json()).person.email).toBe("ola@links.test");
    expect(r.headers.get("set-cookie")).toMatch(/^stepwise_session=sws_/);
    // Other writes with the admin's cookie and no CSRF token are still refused.
    const write = await app.request("/api/v1/accounts", {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "Sneaky" }),
    });
    expect(write.status).toBe(403);
  });
});

describe("a person who forgot their password", () => {
  it("gets a new link that cancels the older one; opening it ends their other sessions", async () => {
    const sam = await makePerson(h.db, orgId, { email: "sam@links.test", role: "salesperson" });
    const oldSession = (await signIn(sam.email, PASSWORD)).session!;
    const adminSession = (await signIn(admin.email, PASSWORD)).session!;
    const first = await adminSession("POST", `/people/${sam.id}/sign-in-link`);
    const second = await adminSession("POST", `/people/${sam.id}/sign-in-link`);
    expect(await state(sam.id)).toMatchObject({ sessions: 1, links: "cancelled,open" });

    const stale = await post("/auth/set-password", {
      token: first.body.token,
      password: "a brand new password",
    });
    expect(stale.res.status).toBe(400);
    expect((await oldSession("GET", "/auth/me")).status).toBe(200);

    const ok = await post("/auth/set-password", {
      token: second.body.token,
      password: "a brand new password",
    });
    expect(ok.res.status).toBe(200);
    // The session from before the reset is over; the one the link opened is the only one.
    expect((await oldSession("GET", "/auth/me")).status).toBe(401);
    expect(await state(sam.id)).toMatchObject({ sessions: 1, links: "cancelled,used" });
    expect((await signIn(sam.email, PASSWORD)).status).toBe(401);
    expect((await signIn(sam.email, "a brand new password")).status).toBe(200);
  });

  it("cannot use an expired link, nor a link of someone deactivated since", async () => {
    const kim = await makePerson(h.db, orgId, { email: "kim@links.test", role: "salesperson" });
    const ctx = {
      db: h.db,
      actor: {
        ...admin,
        orgId,
        personId: admin.id,
        name: "Admin",
        scope: "write" as const,
        via: "session" as const,
      },
    };
    // Made 7 days and 1 minute ago: it expired a minute ago.
    const expired = await createSignInLink(ctx, kim.id, new Date(Date.now() - 7 * 86_400_000 - 60_000));
    const before = await state(kim.id);
    const r = await post("/auth/set-password", { token: expired.token, password: "a brand new password" });
    expect(r.res.status).toBe(400);
    expect(await state(kim.id)).toEqual(before);

    const adminSession = (await signIn(admin.email, PASSWORD)).session!;
    const fresh = await adminSession("POST", `/people/${kim.id}/sign-in-link`);
    expect((await adminSession("PATCH", `/people/${kim.id}`, { active: false })).status).toBe(200);
    const deactivated = await post("/auth/set-password", {
      token: fresh.body.token,
      password: "a brand new password",
    });
    expect(deactivated.res.status).toBe(400);
    const refused = await adminSession("POST", `/people/${kim.id}/sign-in-link`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("is deactivated");
  });
});

describe("changing one's own password", () => {
  it("needs the current one, keeps this session and ends the others", async () => {
    const lee = await makePerson(h.db, orgId, { email: "lee@links.test", role: "manager" });
    const phone = (await signIn(lee.email, PASSWORD)).session!;
    const laptop = (await signIn(lee.email, PASSWORD)).session!;

    const wrong = await laptop("POST", "/auth/password", {
      currentPassword: "not it",
      newPassword: "a new password for Lee",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      { path: "currentPassword", message: "not your current password" },
    ]);
    const short = await laptop("POST", "/auth/password", { currentPassword: PASSWORD, newPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ path: "newPassword", message: "at least 10 characters" }]);
    expect((await phone("GET", "/auth/me")).status).toBe(200);

    const ok = await laptop("POST", "/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "a new password for Lee",
    });
    expect(ok.status).toBe(204);
    expect((await laptop("GET", "/auth/me")).status).toBe(200);
    expect((await phone("GET", "/auth/me")).status).toBe(401);
    expect((await signIn(lee.email, "a new password for Lee")).status).toBe(200);
    // An API token acts as Lee but cannot change Lee's password.
    const token = await laptop("POST", "/tokens", { name: "script", scope: "write" });
    const viaToken = await app.request("/api/v1/auth/password", {
      method: "POST",
      headers: { authorization: `Bearer ${token.body.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        currentPassword: "a new password for Lee",
        newPassword: "taken over by a script",
      }),
    });
    expect(viaToken.status).toBe(403);
  });

  it("stops guessing after 10 wrong current passwords in 15 minutes", async () => {
    const jo = await makePerson(h.db, orgId, { email: "jo@links.test", role: "salesperson" });
    const jos = (await signIn(jo.email, PASSWORD)).session!;
    for (let i = 1; i <= 10; i++) {
      const r = await jos("POST", "/auth/password", {
        currentPassword: `guess ${i}`,
        newPassword: "whatever it is",
      });
      expect(r.status).toBe(400);
    }
    // The 11th try is refused before the password is even checked: the right one too.
    const eleventh = await jos("POST", "/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "a new password for Jo",
    });
    expect(eleventh.status).toBe(429);
    expect((await signIn(jo.email, PASSWORD)).status).toBe(200);
  });
});
