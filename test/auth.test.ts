/** Sign-in, cookie sessions with CSRF protection, rate limiting, API token scopes, first-run setup. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson, PASSWORD } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, setupCode: SETUP_CODE }));
});
const SETUP_CODE = "1234-5678-9012";
afterAll(async () => {
  await h.close();
});

describe("first-run setup", () => {
  it("is needed on an empty database, creates the organisation and admin once, then refuses", async () => {
    expect(await (await app.request("/api/v1/setup")).json()).toEqual({ needed: true });
    const body = {
      organisation: { name: "Acme Sales", slug: "acme", timeZone: "Europe/Paris", currency: "EUR" },
      admin: { name: "Ada Admin", email: "Ada@Acme.test", password: "a long enough password" },
    };
    // Without the code printed in the server's log, or with a wrong one: 403, nothing created.
    const none = await post("/setup", body);
    expect(none.status).toBe(403);
    expect((await none.json()).error.details[0].path).toBe("setupCode");
    expect((await post("/setup", { ...body, setupCode: "1234-5678-9013" })).status).toBe(403);
    expect(await (await app.request("/api/v1/setup")).json()).toEqual({ needed: true });
    const r = await post("/setup", { ...body, setupCode: SETUP_CODE });
    expect(r.status).toBe(201);
    expect((await post("/setup", body)).status).toBe(409);
    expect(await (await app.request("/api/v1/setup")).json()).toEqual({ needed: false });
    const s = await post("/auth/sign-in", { email: "ada@acme.test", password: "a long enough password" });
    expect(s.status).toBe(200);
    expect((await s.json()).person).toMatchObject({ role: "admin", email: "ada@acme.test" });
  });
});

describe("cookie sessions", () => {
  it("sign-in sets an httpOnly SameSite cookie; writes need the CSRF token", async () => {
    const org = await makeOrg(h.db, "s");
    await makePerson(h.db, org.id, { email: "rep@s.test", role: "salesperson" });
    const r = await post("/auth/sign-in", { email: "rep@s.test", password: PASSWORD });
    expect(r.status).toBe(200);
    const setCookie = r.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/stepwise_session=sws_/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const { csrfToken } = await r.json();
    const cookie = setCookie.split(";")[0];

    const me = await app.request("/api/v1/auth/me", { headers: { cookie } });
    expect((await me.json()).person.email).toBe("rep@s.test");

    const noCsrf = await post("/accounts", { name: "A" }, { cookie });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await post("/accounts", { name: "A" }, { cookie, "x-csrf-token": csrfToken });
    expect(withCsrf.status).toBe(201);

    const out = await post("/auth/sign-out", {}, { cookie, "x-csrf-token": csrfToken });
    expect(out.status).toBe(204);
    expect((await app.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("a wrong password is 401 and the same message as an unknown email", async () => {
    const a = await post("/auth/sign-in", { email: "rep@s.test", password: "wrong" });
    const b = await post("/auth/sign-in", { email: "nobody@s.test", password: "wrong" });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect((await a.json()).error.message).toBe((await b.json()).error.message);
  });

  it("limits failed sign-ins per email: the 11th attempt in 15 minutes is refused even with the right password", async () => {
    const org = await makeOrg(h.db, "rl");
    await makePerson(h.db, org.id, { email: "target@rl.test", role: "salesperson" });
    for (let i = 0; i < 10; i++) {
      expect((await post("/auth/sign-in", { email: "target@rl.test", password: `guess${i}` })).status).toBe(
        401,
      );
    }
    const r = await post("/auth/sign-in", { email: "target@rl.test", password: PASSWORD });
    expect(r.status).toBe(429);
    expect((await r.json()).error.code).toBe("rate_limited");
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, record last use, can be read-only and revoked", async () => {
    const org = await makeOrg(h.db, "t");
    const p = await makePerson(h.db, org.id, { email: "t@t.test", role: "salesperson" });
    const s = await post("/auth/sign-in", { email: "t@t.test", password: PASSWORD });
    const cookie = s.headers.get("set-cookie")!.split(";")[0];
    const { csrfToken } = await s.json();
    const created = await post(
      "/tokens",
      { name: "script", scope: "read" },
      { cookie, "x-csrf-token": csrfToken },
    );
    expect(created.status).toBe(201);
    const t = await created.json();
    expect(t.token).toMatch(/^swt_/);
    const bearer = { authorization: `Bearer ${t.token}` };
    expect((await app.request("/api/v1/deals", { headers: bearer })).status).toBe(200);
    const write = await post("/deals", { name: "x", value: 1 }, bearer);
    expect(write.status).toBe(403);
    const list = await (await app.request("/api/v1/tokens", { headers: { cookie } })).json();
    const mine = list.find((x: any) => x.id === t.id);
    expect(mine.token).toBeUndefined();
    expect(mine.lastUsedAt).not.toBeNull();
    const del = await app.request(`/api/v1/tokens/${t.id}`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrfToken },
    });
    expect(del.status).toBe(200);
    expect((await app.request("/api/v1/deals", { headers: bearer })).status).toBe(401);
    void p;
  });
});
