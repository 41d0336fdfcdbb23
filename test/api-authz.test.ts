/**
 * Authorisation: every API route, tried by every kind of caller.
 *
 * Organisation A: admin, executive, manager M1 (team East) with reps R1 and R2,
 * manager M2 (team West) with rep R3. Organisation B: an executive and an admin.
 * R1 owns one of each record. Expected statuses are the product's visibility
 * rules (product.md), written out by hand per route.
 *
 * The machinery is test/helpers/authz.ts: the app the rows call records which
 * route each caller requested, fingerprints the database around every write
 * (a refused one must leave every table as it was, the audit log included), and
 * in cookie mode turns the bearer tokens into browser sessions with their CSRF
 * token. This file runs the matrix with bearer tokens; api-authz-cookie.test.ts
 * runs the same rows with cookie sessions.
 *
 * The last test checks that the matrix names every route of the OpenAPI
 * document and that each was requested by every caller, so a new route cannot
 * ship without its authorisation test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { AuthzHarness, authMode } from "./helpers/authz.js";
import { createTestDb } from "./helpers/db.js";
import { changedTables, fingerprint } from "./helpers/fingerprint.js";
import { caller, makeOrg, makePerson, PASSWORD, type TestPerson, uploader } from "./helpers/fixtures.js";

let h: DbHandle;
let app: AuthzHarness;
const P: Record<string, TestPerson> = {};
const ids: Record<string, string> = {};

type Who = "anon" | "r1" | "r2" | "m1" | "m2" | "execA" | "adminA" | "execB" | "adminB";
const WHO: Who[] = ["anon", "r1", "r2", "m1", "m2", "execA", "adminA", "execB", "adminB"];
const call = (who: Who) => caller(app, who === "anon" ? null : P[who]);

beforeAll(async () => {
  h = await createTestDb();
  app = new AuthzHarness(createApp({ db: h.db, handle: h }).app, h.db, authMode());
  const a = await makeOrg(h.db, "org-a");
  const b = await makeOrg(h.db, "org-b");
  P.adminA = await makePerson(h.db, a.id, { email: "admin@a.test", role: "admin" });
  P.execA = await makePerson(h.db, a.id, { email: "exec@a.test", role: "executive" });
  P.m1 = await makePerson(h.db, a.id, {
    email: "m1@a.test",
    role: "manager",
    managerId: P.execA.id,
    team: "East",
  });
  P.m2 = await makePerson(h.db, a.id, {
    email: "m2@a.test",
    role: "manager",
    managerId: P.execA.id,
    team: "West",
  });
  P.r1 = await makePerson(h.db, a.id, {
    email: "r1@a.test",
    role: "salesperson",
    managerId: P.m1.id,
    team: "East",
  });
  P.r2 = await makePerson(h.db, a.id, {
    email: "r2@a.test",
    role: "salesperson",
    managerId: P.m1.id,
    team: "East",
  });
  P.r3 = await makePerson(h.db, a.id, {
    email: "r3@a.test",
    role: "salesperson",
    managerId: P.m2.id,
    team: "West",
  });
  P.execB = await makePerson(h.db, b.id, { email: "exec@b.test", role: "executive" });
  P.adminB = await makePerson(h.db, b.id, { email: "admin@b.test", role: "admin" });
  for (const who of WHO) if (who !== "anon") await app.enrol(who, P[who]);

  const r1 = call("r1");
  const acc = await r1("POST", "/accounts", { name: "Acme" });
  expect(acc.status).toBe(201);
  ids.account = acc.body.id;
  const con = await r1("POST", "/contacts", {
    email: "jo@acme.test",
    name: "Jo",
    accountId: ids.account,
    customer: true,
  });
  expect(con.status).toBe(201);
  ids.contact = con.body.id;
  const deal = await r1("POST", "/deals", { name: "Acme renewal", value: 12000, accountId: ids.account });
  expect(deal.status).toBe(201);
  ids.deal = deal.body.id;
  const act = await r1("POST", "/activities", {
    kind: "call",
    step: "prospecting",
    dealId: ids.deal,
    doneAt: "2026-01-05T10:00:00Z",
  });
  expect(act.status).toBe(201);
  ids.activity = act.body.id;
  const obj = await r1("POST", "/objections", {
    step: "closing",
    objection: "Too expensive",
    dealId: ids.deal,
  });
  expect(obj.status).toBe(201);
  ids.objection = obj.body.id;
  ids.r2token = (await call("r2")("GET", "/tokens")).body[0].id;
  ids.r1token = (await call("r1")("GET", "/tokens")).body[0].id;
});

afterAll(async () => {
  await h.close();
});

// Who may read R1's records (the owner, the owner's manager, the org's executive and admin).
const R1_READERS: Who[] = ["r1", "m1", "execA", "adminA"];
const statusFor = (who: Who, allowed: Who[], ok: number, denied = 404) =>
  who === "anon" ? 401 : allowed.includes(who) ? ok : denied;

const covered = new Set<string>();
const cover = (method: string, path: string) => covered.add(`${method.toUpperCase()} ${path}`);

describe("reading and changing one record of R1", () => {
  for (const [res, key] of [
    ["accounts", "account"],
    ["contacts", "contact"],
    ["deals", "deal"],
    ["activities", "activity"],
  ] as const) {
    cover("GET", `/${res}/{id}`);
    cover("PATCH", `/${res}/{id}`);
    cover("GET", `/${res}`);
    for (const who of WHO) {
      it(`${who} GET /${res}/{id} → ${statusFor(who, R1_READERS, 200)}`, async () => {
        const r = await call(who)("GET", `/${res}/${ids[key]}`);
        expect(r.status).toBe(statusFor(who, R1_READERS, 200));
        if (r.status === 404) expect(r.body.error.code).toBe("not_found");
      });
      it(`${who} lists /${res}: sees R1's record only if allowed`, async () => {
        const r = await call(who)("GET", `/${res}?limit=200`);
        if (who === "anon") return expect(r.status).toBe(401);
        expect(r.status).toBe(200);
        const seen = r.body.items.some((x: any) => x.id === ids[key]);
        expect(seen).toBe(R1_READERS.includes(who));
      });
      it(`${who} PATCH /${res}/{id} → ${statusFor(who, R1_READERS, 200)}`, async () => {
        const patch =
          res === "activities"
            ? { outcome: `by ${who}` }
            : res === "deals"
              ? { product: `p-${who}` }
              : { name: `n-${who}` };
        const r = await call(who)("PATCH", `/${res}/${ids[key]}`, patch);
        expect(r.status).toBe(statusFor(who, R1_READERS, 200));
      });
    }
  }
});

describe("people", () => {
  cover("GET", "/people");
  cover("GET", "/people/{id}");
  cover("POST", "/people");
  cover("PATCH", "/people/{id}");
  const expectedList: Record<Exclude<Who, "anon">, string[]> = {
    r1: ["r1@a.test"],
    r2: ["r2@a.test"],
    m1: ["m1@a.test", "r1@a.test", "r2@a.test"],
    m2: ["m2@a.test", "r3@a.test"],
    execA: ["admin@a.test", "exec@a.test", "m1@a.test", "m2@a.test", "r1@a.test", "r2@a.test", "r3@a.test"],
    adminA: ["admin@a.test", "exec@a.test", "m1@a.test", "m2@a.test", "r1@a.test", "r2@a.test", "r3@a.test"],
    execB: ["admin@b.test", "exec@b.test"],
    adminB: ["admin@b.test", "exec@b.test"],
  };
  for (const who of WHO) {
    it(`${who} lists exactly the people of their reporting line`, async () => {
      const r = await call(who)("GET", "/people?limit=200");
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.body.items.map((x: any) => x.email).sort()).toEqual(expectedList[who]);
      expect(r.body.items.every((x: any) => !("passwordHash" in x))).toBe(true);
    });
    it(`${who} GET /people/{r1}`, async () => {
      const r = await call(who)("GET", `/people/${P.r1.id}`);
      expect(r.status).toBe(statusFor(who, R1_READERS, 200));
    });
    it(`${who} POST /people: only an admin`, async () => {
      const r = await call(who)("POST", "/people", {
        email: `new-${who}@x.test`,
        name: "New",
        role: "salesperson",
      });
      expect(r.status).toBe(who === "anon" ? 401 : who.startsWith("admin") ? 201 : 403);
      if (r.status === 201) expect(r.body.orgId).toBeUndefined();
    });
    it(`${who} PATCH /people/{r1}: only this organisation's admin`, async () => {
      const r = await call(who)("PATCH", `/people/${P.r1.id}`, { team: "East" });
      expect(r.status).toBe(who === "anon" ? 401 : who === "adminA" ? 200 : who === "adminB" ? 404 : 403);
    });
  }
});

describe("objections: the log everybody in the organisation reads", () => {
  cover("GET", "/objections");
  cover("GET", "/objections/{id}");
  cover("PATCH", "/objections/{id}");
  const ORG_A: Who[] = ["r1", "r2", "m1", "m2", "execA", "adminA"];
  for (const who of WHO) {
    it(`${who} GET /objections/{id}`, async () => {
      const r = await call(who)("GET", `/objections/${ids.objection}`);
      expect(r.status).toBe(statusFor(who, ORG_A, 200));
    });
    it(`${who} lists /objections`, async () => {
      const r = await call(who)("GET", "/objections");
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.body.items.some((x: any) => x.id === ids.objection)).toBe(ORG_A.includes(who));
    });
    it(`${who} PATCH /objections/{id}: the author's reporting line`, async () => {
      const r = await call(who)("PATCH", `/objections/${ids.objection}`, { response: `answer by ${who}` });
      const expected =
        who === "anon" ? 401 : R1_READERS.includes(who) ? 200 : ORG_A.includes(who) ? 403 : 404;
      expect(r.status).toBe(expected);
    });
  }
});

describe("creating records", () => {
  for (const res of ["accounts", "contacts", "deals", "activities", "objections"]) cover("POST", `/${res}`);
  for (const who of WHO) {
    it(`${who} creates a deal owned by themselves; R1 as owner only within their line`, async () => {
      const own = await call(who)("POST", "/deals", { name: `own ${who}`, value: 100 });
      expect(own.status).toBe(who === "anon" ? 401 : 201);
      const forR1 = await call(who)("POST", "/deals", {
        name: `for r1 by ${who}`,
        value: 100,
        ownerId: P.r1.id,
      });
      expect(forR1.status).toBe(statusFor(who, R1_READERS, 201, 400));
    });
    it(`${who} cannot attach a record to R1's account unless they see it`, async () => {
      const r = await call(who)("POST", "/contacts", {
        email: `c-${who}@x.test`,
        name: "C",
        accountId: ids.account,
      });
      expect(r.status).toBe(statusFor(who, R1_READERS, 201, 400));
      if (r.status === 400) expect(r.body.error.details[0].path).toBe("accountId");
    });
    it(`${who} logs an activity on R1's deal only if they see it`, async () => {
      const r = await call(who)("POST", "/activities", {
        kind: "email",
        step: 2,
        dealId: ids.deal,
        scheduledFor: "2026-12-01T09:00:00Z",
      });
      expect(r.status).toBe(statusFor(who, R1_READERS, 201, 400));
    });
    it(`${who} adds to the objection log`, async () => {
      const r = await call(who)("POST", "/objections", { step: "qualification", objection: `from ${who}` });
      expect(r.status).toBe(who === "anon" ? 401 : 201);
    });
    it(`${who} creates an account`, async () => {
      const r = await call(who)("POST", "/accounts", { name: `Account of ${who}` });
      expect(r.status).toBe(who === "anon" ? 401 : 201);
    });
  }
});

describe("deal step changes and history", () => {
  for (const p of ["/deals/{id}/move", "/deals/{id}/win", "/deals/{id}/lose"]) cover("POST", p);
  cover("GET", "/deals/{id}/steps");
  cover("GET", "/board");
  for (const who of WHO) {
    it(`${who} moves, wins and loses deals of R1 only within R1's line`, async () => {
      const mk = async () =>
        (
          await call("r1")("POST", "/deals", {
            name: `d for ${who}`,
            value: 500,
            createdAt: "2026-01-01T00:00:00Z",
          })
        ).body.id;
      const [d1, d2, d3] = [await mk(), await mk(), await mk()];
      const expected = statusFor(who, R1_READERS, 200);
      expect((await call(who)("POST", `/deals/${d1}/move`, { step: "qualification" })).status).toBe(expected);
      expect((await call(who)("POST", `/deals/${d2}/win`, {})).status).toBe(expected);
      expect((await call(who)("POST", `/deals/${d3}/lose`, { reason: "price" })).status).toBe(expected);
      expect((await call(who)("GET", `/deals/${d1}/steps`)).status).toBe(expected);
    });
    it(`${who} sees R1's deal on the board only if allowed`, async () => {
      const r = await call(who)("GET", "/board");
      if (who === "anon") return expect(r.status).toBe(401);
      const all = r.body.steps.flatMap((s: any) => s.deals.map((d: any) => d.id));
      expect(all.includes(ids.deal)).toBe(R1_READERS.includes(who));
    });
  }
});

describe("selling: step corrections, board columns, My week", () => {
  cover("POST", "/deals/{id}/correct-step");
  cover("GET", "/board/steps/{step}");
  cover("GET", "/my-week");
  cover("POST", "/activities/log");
  for (const who of WHO) {
    it(`${who} logs on R1's deal only within R1's line, and nothing is written when refused`, async () => {
      const d = (await call("r1")("POST", "/deals", { name: `log for ${who}`, value: 5, step: 2 })).body.id;
      const r = await call(who)("POST", "/activities/log", {
        kind: "call",
        dealId: d,
        moveTo: 3,
        next: { kind: "email", scheduledFor: "2099-01-01T09:00:00Z" },
      });
      expect(r.status).toBe(statusFor(who, R1_READERS, 201));
      // (the admin sees every activity of the organisation, whoever logged it)
      const acts = (await call("adminA")("GET", `/activities?dealId=${d}`)).body.items;
      expect(acts.length).toBe(R1_READERS.includes(who) ? 2 : 0);
      expect((await call("r1")("GET", `/deals/${d}`)).body.currentStep).toBe(
        R1_READERS.includes(who) ? 3 : 2,
      );
    });
    it(`${who} corrects a move of R1's deal only within R1's line`, async () => {
      const d = (await call("r1")("POST", "/deals", { name: `c for ${who}`, value: 5, step: 2 })).body.id;
      expect((await call("r1")("POST", `/deals/${d}/move`, { step: 4 })).status).toBe(200);
      const r = await call(who)("POST", `/deals/${d}/correct-step`, { step: 3, reason: "mistake" });
      expect(r.status).toBe(statusFor(who, R1_READERS, 200));
      // Refused callers changed nothing.
      const after = (await call("r1")("GET", `/deals/${d}`)).body.currentStep;
      expect(after).toBe(R1_READERS.includes(who) ? 3 : 4);
    });
    it(`${who} sees R1's deal in a board column (and by team) only if allowed`, async () => {
      const r = await call(who)("GET", "/board/steps/lead?limit=200");
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.status).toBe(200);
      expect(r.body.deals.some((d: any) => d.id === ids.deal)).toBe(R1_READERS.includes(who));
      const byTeam = await call(who)("GET", "/board?team=East&limit=200");
      const all = byTeam.body.steps.flatMap((s: any) => s.deals.map((d: any) => d.id));
      expect(all.includes(ids.deal)).toBe(R1_READERS.includes(who));
    });
    it(`${who} reads only their own week`, async () => {
      // A fresh deal of R1's with nothing scheduled: on R1's list of deals with no next step only.
      const d = (await call("r1")("POST", "/deals", { name: `week of ${who}`, value: 5 })).body.id;
      const r = await call(who)("GET", "/my-week");
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.status).toBe(200);
      expect(r.body.noNextStep.deals.some((x: any) => x.id === d)).toBe(who === "r1");
    });
  }
});

describe("API tokens, sessions and setup", () => {
  cover("GET", "/tokens");
  cover("POST", "/tokens");
  cover("DELETE", "/tokens/{id}");
  cover("POST", "/auth/sign-in");
  cover("POST", "/auth/sign-out");
  cover("GET", "/auth/me");
  cover("GET", "/setup");
  cover("POST", "/setup");
  cover("GET", "/openapi.json");
  for (const who of WHO) {
    it(`${who} sees only their own tokens and cannot revoke R2's (R2: R1's)`, async () => {
      const list = await call(who)("GET", "/tokens");
      const victim = who === "r2" ? ids.r1token : ids.r2token;
      const revoke = await call(who)("DELETE", `/tokens/${victim}`);
      if (who === "anon") {
        expect(revoke.status).toBe(401);
        return expect(list.status).toBe(401);
      }
      expect(list.body.length).toBe(1);
      expect(revoke.status).toBe(404);
    });
    it(`${who}: /auth/me, /setup and /openapi.json`, async () => {
      expect((await call(who)("GET", "/auth/me")).status).toBe(who === "anon" ? 401 : 200);
      expect((await call(who)("GET", "/setup")).body).toEqual({ needed: false });
      const setup = await call(who)("POST", "/setup", {
        organisation: { name: "Evil", slug: "evil" },
        admin: { name: "E", email: "e@evil.test", password: "0123456789ab" },
      });
      expect(setup.status).toBe(409);
      expect((await call(who)("GET", "/openapi.json")).status).toBe(200);
      const out = await call(who)("POST", "/auth/sign-out");
      // bearer callers have no session; a cookie session ends
      expect(out.status).toBe(who === "anon" || authMode() === "bearer" ? 401 : 204);
    });
    it(`${who} POST /tokens: a session makes tokens, a bearer token does not`, async () => {
      const r = await call(who)("POST", "/tokens", { name: `by ${who}` });
      expect(r.status).toBe(who === "anon" ? 401 : authMode() === "cookie" ? 201 : 403);
      if (r.status !== 201) return;
      expect(r.body.token).toMatch(/^swt_/);
      // the new token is the caller's own: revoke it again, so the lists above stay at one each
      expect((await call(who)("DELETE", `/tokens/${r.body.id}`)).status).toBe(200);
    });
    it(`${who} POST /auth/sign-in: a wrong password is refused and leaves nothing behind`, async () => {
      const email = who === "anon" ? "nobody@a.test" : P[who].email;
      const wrong = await call(who)("POST", "/auth/sign-in", { email, password: "not the password" });
      expect(wrong.status).toBe(401);
      if (who === "anon") return;
      const right = await call(who)("POST", "/auth/sign-in", { email, password: PASSWORD });
      expect(right.status).toBe(200);
      expect(right.body.person.email).toBe(email);
    });
  }
});

describe("passwords: sign-in links (admins, from a session) and changing one's own", () => {
  cover("POST", "/people/{id}/sign-in-link");
  cover("POST", "/auth/set-password");
  cover("POST", "/auth/password");
  for (const who of WHO) {
    it(`${who} POST /people/{r1}/sign-in-link: this organisation's admin, from a session`, async () => {
      const r = await call(who)("POST", `/people/${P.r1.id}/sign-in-link`);
      // An admin of another organisation does not see R1; a bearer token never makes a link.
      const session = authMode() === "cookie";
      const expected =
        who === "anon" ? 401 : session && who === "adminA" ? 201 : session && who === "adminB" ? 404 : 403;
      expect(r.status).toBe(expected);
      if (r.status === 201) expect(r.body.path).toBe(`/welcome#${r.body.token}`);
    });
    it(`${who} POST /auth/set-password with a token that was never issued: 400 naming the token`, async () => {
      const r = await call(who)("POST", "/auth/set-password", {
        token: "swl_not-a-real-token-0123456789abcdef",
        password: "a long enough password",
      });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([{ path: "token", message: "used, replaced or expired" }]);
    });
    it(`${who} POST /auth/password: a session with the wrong current password gets 400, a token 403`, async () => {
      const r = await call(who)("POST", "/auth/password", {
        currentPassword: "not the password",
        newPassword: "another long password",
      });
      expect(r.status).toBe(who === "anon" ? 401 : authMode() === "bearer" ? 403 : 400);
    });
  }
});

describe("the process steps", () => {
  cover("GET", "/steps");
  cover("PATCH", "/steps/{step}");
  for (const who of WHO) {
    it(`${who} PATCH /steps/{step}: only an admin, and only in their own organisation`, async () => {
      const r = await call(who)("PATCH", "/steps/qualification", { name: `Qualify (${who})` });
      expect(r.status).toBe(who === "anon" ? 401 : who.startsWith("admin") ? 200 : 403);
      const steps = await call(who)("GET", "/steps");
      if (who === "anon") return expect(steps.status).toBe(401);
      expect(steps.body.map((s: any) => s.step)).toEqual([
        "lead",
        "prospecting",
        "qualification",
        "needs_analysis",
        "presenting",
        "closing",
        "relationship",
      ]);
    });
  }
  it("each organisation sees its own names", async () => {
    // adminA renamed org A's step and adminB org B's, in the loop above.
    expect((await call("r1")("GET", "/steps")).body[2].name).toBe("Qualify (adminA)");
    expect((await call("execB")("GET", "/steps")).body[2].name).toBe("Qualify (adminB)");
  });
});

describe("metrics: reports, quotas and agreed plans", () => {
  cover("PUT", "/quotas");
  cover("GET", "/quotas");
  cover("GET", "/metrics/{kind}");
  cover("GET", "/people/{id}/plans");
  cover("POST", "/people/{id}/plans");
  // Salespeople shown in reports: yourself, your reporting line, or the organisation
  // (including the salespeople the admins created in "people" above).
  const orgA = ["new-admina@x.test", "r1@a.test", "r2@a.test", "r3@a.test"];
  const shown: Record<Exclude<Who, "anon">, string[]> = {
    r1: ["r1@a.test"],
    r2: ["r2@a.test"],
    m1: ["r1@a.test", "r2@a.test"],
    m2: ["r3@a.test"],
    execA: orgA,
    adminA: orgA,
    execB: ["new-adminb@x.test"],
    adminB: ["new-adminb@x.test"],
  };
  const managersShown: Record<Exclude<Who, "anon">, string[]> = {
    r1: [],
    r2: [],
    m1: ["m1@a.test"],
    m2: ["m2@a.test"],
    execA: ["m1@a.test", "m2@a.test"],
    adminA: ["m1@a.test", "m2@a.test"],
    execB: [],
    adminB: [],
  };
  // Every salesperson shown has a 2026-Q4 quota (R1's is written by the rows below), so
  // the plan report lists exactly the people shown; with nothing entered by 10-15
  // everyone's effortIndex is 0, so the early-warning list does too.
  beforeAll(async () => {
    for (const [admin, emails] of [
      ["adminA", ["new-admina@x.test", "r2@a.test", "r3@a.test"]],
      ["adminB", ["new-adminb@x.test"]],
    ] as const) {
      const people = (await call(admin)("GET", "/people?limit=200")).body.items;
      for (const email of emails) {
        const personId = people.find((x: any) => x.email === email).id;
        const q = await call(admin)("PUT", "/quotas", { personId, period: "2026-Q4", amount: 40000 });
        expect(q.status).toBe(200);
      }
    }
  });
  // Writers of R1's quota and plan: R1's manager line (not R1), 404 for who cannot see R1.
  const writeStatus = (who: Who, ok: number) => (who === "r1" ? 403 : statusFor(who, R1_READERS, ok));
  for (const who of WHO) {
    it(`${who} PUT /quotas for R1 → ${writeStatus(who, 200)}`, async () => {
      const r = await call(who)("PUT", "/quotas", { personId: P.r1.id, period: "2026-Q4", amount: 50000 });
      expect(r.status).toBe(writeStatus(who, 200));
      if (r.status === 200) expect(r.body).toMatchObject({ period: "2026-Q4", amount: 50000 });
    });
  }
  for (const who of WHO) {
    it(`${who} GET /quotas sees R1's quota only if allowed`, async () => {
      const r = await call(who)("GET", "/quotas?period=2026-Q4");
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.status).toBe(200);
      expect(r.body.some((q: any) => q.personId === P.r1.id)).toBe(R1_READERS.includes(who));
    });
    it(`${who} GET /metrics/{kind}: every report covers only the people they can see`, async () => {
      for (const kind of [
        "scorecard",
        "quad",
        "plan",
        "funnel",
        "team",
        "forecast",
        "usage",
        "early-warning",
      ]) {
        const r = await call(who)("GET", `/metrics/${kind}?period=2026-Q4&asOf=2026-10-15T00:00:00Z`);
        if (who === "anon") {
          expect(r.status).toBe(401);
          continue;
        }
        expect(r.status, kind).toBe(200);
        if (kind === "team") {
          const all = [...r.body.groups.red, ...r.body.groups.white, ...r.body.groups.blue].sort();
          expect(all).toEqual(shown[who]);
        } else if (kind === "early-warning") {
          expect(r.body.active).toBe(true);
          expect(r.body.people.map((x: any) => x.email).sort()).toEqual(shown[who]);
          expect(r.body.people.every((x: any) => x.effortIndex === 0)).toBe(true);
        } else {
          expect(
            r.body.people.map((x: any) => x.email),
            kind,
          ).toEqual(shown[who]);
        }
      }
      const mt = await call(who)("GET", "/metrics/manager-time?period=2026-Q4");
      if (who === "anon") return expect(mt.status).toBe(401);
      expect(mt.body.managers.map((x: any) => x.email)).toEqual(managersShown[who]);
    });
    it(`${who} GET /people/{r1}/plans → ${statusFor(who, R1_READERS, 200)}`, async () => {
      const r = await call(who)("GET", `/people/${P.r1.id}/plans?period=2026-Q4`);
      expect(r.status).toBe(statusFor(who, R1_READERS, 200));
    });
    it(`${who} POST /people/{r1}/plans → ${writeStatus(who, 201)}`, async () => {
      const r = await call(who)("POST", `/people/${P.r1.id}/plans`, { period: "2026-Q4" });
      expect(r.status).toBe(writeStatus(who, 201));
    });
  }
});

describe("managing: organisation settings, teams, the quota grid, the managers overview", () => {
  cover("GET", "/organisation");
  cover("PATCH", "/organisation");
  cover("GET", "/teams");
  cover("PATCH", "/teams/{name}");
  cover("PUT", "/quotas/batch");
  cover("GET", "/managers");
  cover("GET", "/people/{id}/profile");
  const orgOf = (who: Who) => (who.endsWith("B") ? "org-b" : "org-a");
  const adminOnly = (who: Who, ok: number) => (who === "anon" ? 401 : who.startsWith("admin") ? ok : 403);
  for (const who of WHO) {
    it(`${who} reads their own organisation; only an admin changes it, and only their own`, async () => {
      const r = await call(who)("GET", "/organisation");
      const p = await call(who)("PATCH", "/organisation", { settings: { reviewCadenceDays: 7 } });
      expect(p.status).toBe(adminOnly(who, 200));
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.status).toBe(200);
      expect(r.body.slug).toBe(orgOf(who));
      if (p.status === 200) expect(p.body.slug).toBe(orgOf(who));
    });
    it(`${who} lists their organisation's teams; only A's admin renames one of A's`, async () => {
      const r = await call(who)("GET", "/teams");
      // Renamed to its own name: allowed for A's admin and changes nothing; B has no team "West".
      const p = await call(who)("PATCH", "/teams/West", { name: "West" });
      expect(p.status).toBe(who === "anon" ? 401 : who === "adminA" ? 200 : who === "adminB" ? 404 : 403);
      if (who === "anon") return expect(r.status).toBe(401);
      expect(r.body.map((t: any) => t.name)).toEqual(orgOf(who) === "org-a" ? ["East", "West"] : []);
    });
    it(`${who} PUT /quotas/batch for R1 → ${who === "r1" ? 403 : statusFor(who, R1_READERS, 200)}`, async () => {
      const r = await call(who)("PUT", "/quotas/batch", {
        quotas: [{ personId: P.r1.id, period: "2026-11", amount: 1000 }],
      });
      expect(r.status).toBe(who === "r1" ? 403 : statusFor(who, R1_READERS, 200));
      if (r.status === 404) expect(r.body.error.details[0].path).toBe("quotas.0.personId");
    });
    it(`${who} GET /people/{r1}/profile → ${statusFor(who, R1_READERS, 200)}`, async () => {
      const r = await call(who)("GET", `/people/${P.r1.id}/profile?period=2026-Q4`);
      expect(r.status).toBe(statusFor(who, R1_READERS, 200));
      if (r.status === 200) expect(r.body.person.email).toBe("r1@a.test");
    });
    it(`${who} GET /managers lists only the managers they can see`, async () => {
      const r = await call(who)("GET", "/managers?period=2026-Q4&asOf=2026-10-15T00:00:00Z");
      if (who === "anon") return expect(r.status).toBe(401);
      const expected: Record<Exclude<Who, "anon">, string[]> = {
        r1: [],
        r2: [],
        m1: ["m1@a.test"],
        m2: ["m2@a.test"],
        execA: ["m1@a.test", "m2@a.test"],
        adminA: ["m1@a.test", "m2@a.test"],
        execB: [],
        adminB: [],
      };
      expect(r.body.managers.map((m: any) => m.email)).toEqual(expected[who]);
    });
  }
});

describe("webhooks: the admins of the organisation only", () => {
  cover("GET", "/webhooks");
  cover("POST", "/webhooks");
  cover("PATCH", "/webhooks/{id}");
  cover("DELETE", "/webhooks/{id}");
  cover("GET", "/webhooks/{id}/deliveries");
  cover("POST", "/webhooks/{id}/deliveries/{deliveryId}/retry");
  // adminA's subscription in organisation A, with one delivery queued by R1 winning a deal.
  const adminOfA = (who: Who, ok: number) =>
    who === "anon" ? 401 : who === "adminA" ? ok : who === "adminB" ? 404 : 403;
  beforeAll(async () => {
    const sub = await call("adminA")("POST", "/webhooks", {
      url: "https://hooks.example.com/a",
      events: ["deal.won"],
    });
    expect(sub.status).toBe(201);
    ids.webhook = sub.body.id;
    const deal = await call("r1")("POST", "/deals", { name: "hooked", value: 1 });
    expect((await call("r1")("POST", `/deals/${deal.body.id}/win`, {})).status).toBe(200);
    ids.delivery = (await call("adminA")("GET", `/webhooks/${ids.webhook}/deliveries`)).body[0].id;
  });
  for (const who of WHO) {
    it(`${who} lists and creates webhooks: admins, each in their own organisation`, async () => {
      const list = await call(who)("GET", "/webhooks");
      expect(list.status).toBe(who === "anon" ? 401 : who.startsWith("admin") ? 200 : 403);
      if (list.status === 200) {
        expect(list.body.some((w: any) => w.id === ids.webhook)).toBe(who === "adminA");
        expect(list.body.every((w: any) => !("secret" in w))).toBe(true);
      }
      const made = await call(who)("POST", "/webhooks", {
        url: "https://example.test/h",
        events: ["deal.lost"],
      });
      expect(made.status).toBe(who === "anon" ? 401 : who.startsWith("admin") ? 201 : 403);
    });
    it(`${who} reads the delivery log, changes and retries A's webhook only as A's admin`, async () => {
      const log = await call(who)("GET", `/webhooks/${ids.webhook}/deliveries`);
      expect(log.status).toBe(adminOfA(who, 200));
      const patch = await call(who)("PATCH", `/webhooks/${ids.webhook}`, { active: true });
      expect(patch.status).toBe(adminOfA(who, 200));
      const retry = await call(who)("POST", `/webhooks/${ids.webhook}/deliveries/${ids.delivery}/retry`);
      expect(retry.status).toBe(adminOfA(who, 200));
    });
    it(`${who} deletes A's webhook only as A's admin`, async () => {
      const victim = await call("adminA")("POST", "/webhooks", {
        url: "https://example.test/d",
        events: ["deal.won"],
      });
      const r = await call(who)("DELETE", `/webhooks/${victim.body.id}`);
      expect(r.status).toBe(adminOfA(who, 200));
    });
  }
});

describe("imports: the admins of an organisation, into their own organisation only", () => {
  cover("POST", "/imports/preview");
  cover("POST", "/imports");
  const files = { "people.csv": "email,name,role\nnew-import@x.test,Imported,salesperson\n" };
  const adminStatus = (who: Who) => (who === "anon" ? 401 : who.startsWith("admin") ? 200 : 403);
  const ownOrg = (who: Who) => (who === "adminA" ? "org-a" : "org-b");
  for (const who of WHO) {
    it(`${who} POST /imports/preview → ${adminStatus(who)}`, async () => {
      const r = await uploader(app, who === "anon" ? null : P[who])("/imports/preview", files, {
        format: "generic",
      });
      expect(r.status).toBe(adminStatus(who));
      if (r.status === 200) expect(r.body.organisation.slug).toBe(ownOrg(who));
    });
    it(`${who} POST /imports (dry run) → ${adminStatus(who)}`, async () => {
      const r = await uploader(app, who === "anon" ? null : P[who])("/imports", files, {
        format: "generic",
        dryRun: "true",
      });
      expect(r.status).toBe(adminStatus(who));
      if (r.status === 200) {
        expect(r.body.org).toEqual({ slug: ownOrg(who), created: false });
        expect(r.body.tables.people).toEqual({ rows: 1, inserted: 1, updated: 0, unchanged: 0 });
      }
    });
  }
});

describe("export: one file of the whole organisation, admins only", () => {
  cover("GET", "/export/{file}");
  const get = async (who: Who, file: string) => {
    const headers: Record<string, string> = who === "anon" ? {} : { authorization: `Bearer ${P[who].token}` };
    const res = await app.request(`/api/v1/export/${file}`, { headers });
    return { status: res.status, text: await res.text() };
  };
  const expected = (who: Who) => (who === "anon" ? 401 : who.startsWith("admin") ? 200 : 403);
  for (const who of WHO) {
    it(`${who} GET /export/{file} → ${expected(who)}, only their own organisation's rows`, async () => {
      const people = await get(who, "people");
      expect(people.status).toBe(expected(who));
      const deals = await get(who, "deals");
      expect(deals.status).toBe(expected(who));
      if (who === "adminA") {
        expect(people.text).toContain("\nr1@a.test,");
        expect(people.text).not.toContain("@b.test");
        expect(deals.text).toContain(`${ids.deal},Acme renewal,r1@a.test,12000.00,`);
      }
      if (who === "adminB") {
        expect(people.text).toContain("\nadmin@b.test,");
        expect(people.text).not.toContain("@a.test");
        expect(deals.text).not.toContain("Acme renewal");
        expect(deals.text).not.toContain("@a.test");
      }
    });
  }
});

// Cookie mode only (a describe that is not there in bearer mode, rather than a skipped one).
if (authMode() === "cookie")
  describe("cookie sessions: a write without the session's CSRF token", () => {
    for (const who of WHO.filter((w) => w !== "anon")) {
      it(`${who}: is refused (403) and leaves nothing behind`, async () => {
        const s = app.session(who)!;
        for (const csrf of [undefined, "wrong"]) {
          const headers: Record<string, string> = { cookie: s.cookie, "content-type": "application/json" };
          if (csrf) headers["x-csrf-token"] = csrf;
          // Straight to the app: the harness would add the right token (and fingerprint around it).
          const before = await fingerprint(h.db);
          const r = await app.unrecorded(`/api/v1/deals`, {
            method: "POST",
            headers,
            body: JSON.stringify({ name: `csrf ${who}`, value: 1 }),
          });
          expect(r.status).toBe(403);
          expect((await r.json()).error.code).toBe("forbidden");
          expect(changedTables(before, await fingerprint(h.db))).toEqual([]);
        }
      });
    }
  });
describe("reviews, commitments and the inbox (issue 11)", () => {
  for (const p of ["/reviews", "/commitments"]) {
    cover("GET", p);
    cover("POST", p);
  }
  cover("GET", "/reviews/{id}");
  cover("PATCH", "/reviews/{id}");
  cover("POST", "/reviews/{id}/sign-off");
  cover("GET", "/reviews/cadence");
  cover("PATCH", "/commitments/{id}");
  cover("GET", "/inbox");
  cover("POST", "/inbox/{id}/read");
  // R1's line writes (not R1 themself: 403); who cannot see R1 gets 404.
  const lineWrite = (who: Who, ok: number) => (who === "r1" ? 403 : statusFor(who, R1_READERS, ok));
  beforeAll(async () => {
    const rv = await call("m1")("POST", "/reviews", { personId: P.r1.id });
    expect(rv.status).toBe(201);
    ids.review = rv.body.id;
    expect(
      (await call("m1")("PATCH", `/reviews/${ids.review}`, { notes: "private notes on R1" })).status,
    ).toBe(200);
    const cm = await call("m1")("POST", "/commitments", {
      personId: P.r1.id,
      text: "Update the CRM daily",
      dueDate: "2099-01-01",
    });
    expect(cm.status).toBe(201);
    ids.commitment = cm.body.id;
    ids.message = (await call("r1")("GET", "/inbox")).body[0].id;
  });
  for (const who of WHO) {
    it(`${who} reads R1's reviews, notes and commitments only if allowed`, async () => {
      const one = await call(who)("GET", `/reviews/${ids.review}`);
      expect(one.status).toBe(statusFor(who, R1_READERS, 200));
      if (one.status === 200) expect(one.body.notes).toBe("private notes on R1");
      else expect(JSON.stringify(one.body)).not.toContain("private notes");
      const hist = await call(who)("GET", `/reviews?personId=${P.r1.id}`);
      expect(hist.status).toBe(statusFor(who, R1_READERS, 200));
      const cms = await call(who)("GET", `/commitments?personId=${P.r1.id}`);
      expect(cms.status).toBe(statusFor(who, R1_READERS, 200));
      const all = await call(who)("GET", "/reviews");
      const allC = await call(who)("GET", "/commitments");
      if (who === "anon") return expect([all.status, allC.status]).toEqual([401, 401]);
      expect(all.body.some((r: any) => r.id === ids.review)).toBe(R1_READERS.includes(who));
      expect(allC.body.some((c: any) => c.id === ids.commitment)).toBe(R1_READERS.includes(who));
    });
    it(`${who} opens reviews and records commitments for R1 only as R1's line`, async () => {
      const rv = await call(who)("POST", "/reviews", { personId: P.r1.id });
      expect(rv.status).toBe(lineWrite(who, 201));
      const cm = await call(who)("POST", "/commitments", {
        personId: P.r1.id,
        text: `by ${who}`,
        dueDate: "2099-01-01",
      });
      expect(cm.status).toBe(lineWrite(who, 201));
      const notes = await call(who)("PATCH", `/reviews/${ids.review}`, { notes: "private notes on R1" });
      expect(notes.status).toBe(lineWrite(who, 200));
      const mark = await call(who)("PATCH", `/commitments/${ids.commitment}`, { status: "kept" });
      expect(mark.status).toBe(lineWrite(who, 200));
    });
    it(`${who} signs R1's review off: R1 their side, R1's line the other`, async () => {
      const r = await call(who)("POST", `/reviews/${ids.review}/sign-off`);
      expect(r.status).toBe(statusFor(who, R1_READERS, 200));
      if (who === "r1") expect(r.body.personSignedAt).not.toBeNull();
    });
    it(`${who} sees the review cadence of their own line only`, async () => {
      const r = await call(who)("GET", "/reviews/cadence");
      if (who === "anon") return expect(r.status).toBe(401);
      const names = r.body.map((x: any) => x.personId);
      expect(names.includes(P.r1.id)).toBe(["r1", "m1", "execA", "adminA"].includes(who));
      expect(names.includes(P.r3.id)).toBe(["m2", "execA", "adminA"].includes(who));
    });
    it(`${who} reads and marks only their own inbox`, async () => {
      const list = await call(who)("GET", "/inbox");
      const read = await call(who)("POST", `/inbox/${ids.message}/read`);
      if (who === "anon") return expect([list.status, read.status]).toEqual([401, 401]);
      expect(list.body.some((n: any) => n.id === ids.message)).toBe(who === "r1");
      expect(read.status).toBe(who === "r1" ? 200 : 404);
    });
  }
});

describe("the manager's time (issue 11)", () => {
  cover("GET", "/time-entries");
  cover("POST", "/time-entries");
  cover("DELETE", "/time-entries/{id}");
  cover("POST", "/time-entries/import-ics");
  cover("GET", "/timesheet");
  cover("GET", "/time-rules");
  cover("POST", "/time-rules");
  cover("DELETE", "/time-rules/{id}");
  // M1's time: M1, and above M1 the executive and admin of organisation A.
  const M1_READERS: Who[] = ["m1", "execA", "adminA"];
  const ICS =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@t\r\nSUMMARY:Call\r\nDTSTART:20261102T100000Z\r\nDTEND:20261102T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  for (const who of WHO) {
    it(`${who} records and reads their own time; M1's only if above M1`, async () => {
      const add = await call(who)("POST", "/time-entries", {
        date: "2026-11-02",
        category: "coaching",
        minutes: 30,
      });
      expect(add.status).toBe(who === "anon" ? 401 : 201);
      const own = await call(who)("GET", "/time-entries?from=2026-11-01&to=2026-11-30");
      expect(own.status).toBe(who === "anon" ? 401 : 200);
      const m1 = await call(who)("GET", `/time-entries?personId=${P.m1.id}&from=2026-11-01&to=2026-11-30`);
      expect(m1.status).toBe(statusFor(who, M1_READERS, 200));
      const ts = await call(who)("GET", `/timesheet?personId=${P.m1.id}&from=2026-11-01&to=2026-11-30`);
      expect(ts.status).toBe(statusFor(who, M1_READERS, 200));
      const ics = await call(who)("POST", "/time-entries/import-ics", {
        ics: ICS,
        from: "2026-11-02",
        to: "2026-11-02",
        dryRun: true,
      });
      expect(ics.status).toBe(who === "anon" ? 401 : 200);
    });
    it(`${who} deletes only their own time entries and rules`, async () => {
      const entry = await call("m1")("POST", "/time-entries", {
        date: "2026-11-03",
        category: "admin",
        minutes: 10,
      });
      const rule = await call("m1")("POST", "/time-rules", { keyword: `kw-${who}`, category: "admin" });
      expect((await call(who)("DELETE", `/time-entries/${entry.body.id}`)).status).toBe(
        who === "anon" ? 401 : who === "m1" ? 200 : 404,
      );
      expect((await call(who)("DELETE", `/time-rules/${rule.body.id}`)).status).toBe(
        who === "anon" ? 401 : who === "m1" ? 200 : 404,
      );
      const mine = await call(who)("GET", "/time-rules");
      if (who === "anon") {
        const add = await call(who)("POST", "/time-rules", { keyword: "lunch", category: "admin" });
        return expect([mine.status, add.status]).toEqual([401, 401]);
      }
      expect(mine.body.some((r: any) => r.id === rule.body.id)).toBe(false);
      expect((await call(who)("POST", "/time-rules", { keyword: "lunch", category: "admin" })).status).toBe(
        201,
      );
    });
  }
});

describe("coaching, recognition, performance plans (issue 11)", () => {
  cover("GET", "/coaching");
  cover("POST", "/coaching");
  cover("POST", "/recognitions");
  cover("GET", "/team-feed");
  cover("GET", "/performance-plans");
  cover("POST", "/performance-plans");
  cover("GET", "/performance-plans/suggestions");
  cover("GET", "/performance-plans/{id}");
  cover("POST", "/performance-plans/{id}/acknowledge");
  cover("POST", "/performance-plans/{id}/close");
  const lineWrite = (who: Who, ok: number) => (who === "r1" ? 403 : statusFor(who, R1_READERS, ok));
  const plan = {
    targets: "20 prospecting entries a week",
    consequences: "We part ways",
    startsOn: "2026-11-02",
    endsOn: "2026-12-18",
  };
  beforeAll(async () => {
    const c = await call("m1")("POST", "/coaching", {
      personId: P.r1.id,
      kind: "skill_coaching",
      heldOn: "2026-11-03",
      minutes: 30,
      notes: "coaching notes on R1",
    });
    expect(c.status).toBe(201);
    const p = await call("m1")("POST", "/performance-plans", { personId: P.r1.id, ...plan });
    expect(p.status).toBe(201);
    ids.plan = p.body.id;
  });
  for (const who of WHO) {
    it(`${who} reads R1's coaching and plan only if allowed`, async () => {
      const coaching = await call(who)("GET", `/coaching?personId=${P.r1.id}`);
      expect(coaching.status).toBe(statusFor(who, R1_READERS, 200));
      const all = await call(who)("GET", "/coaching");
      if (who !== "anon")
        expect(JSON.stringify(all.body).includes("coaching notes on R1")).toBe(R1_READERS.includes(who));
      expect((await call(who)("GET", `/performance-plans/${ids.plan}`)).status).toBe(
        statusFor(who, R1_READERS, 200),
      );
      const plans = await call(who)("GET", "/performance-plans");
      if (who === "anon") {
        const suggestions = await call(who)("GET", "/performance-plans/suggestions");
        const feed = await call(who)("GET", "/team-feed");
        return expect([plans.status, suggestions.status, feed.status]).toEqual([401, 401, 401]);
      }
      expect(plans.body.some((x: any) => x.id === ids.plan)).toBe(R1_READERS.includes(who));
      expect((await call(who)("GET", "/performance-plans/suggestions")).status).toBe(200);
      expect((await call(who)("GET", "/team-feed")).status).toBe(200);
    });
    it(`${who} coaches, recognises and writes plans for R1 only as R1's line`, async () => {
      const c = await call(who)("POST", "/coaching", {
        personId: P.r1.id,
        kind: "joint_call",
        heldOn: "2026-11-04",
        minutes: 20,
      });
      expect(c.status).toBe(lineWrite(who, 201));
      const r = await call(who)("POST", "/recognitions", { personId: P.r1.id, achievement: `from ${who}` });
      expect(r.status).toBe(lineWrite(who, 201));
      const p = await call(who)("POST", "/performance-plans", { personId: P.r1.id, ...plan });
      expect(p.status).toBe(lineWrite(who, 201));
    });
    it(`${who} acknowledges (R1 only) and closes (R1's line only) R1's plan`, async () => {
      const fresh = await call("m1")("POST", "/performance-plans", { personId: P.r1.id, ...plan });
      const ack = await call(who)("POST", `/performance-plans/${fresh.body.id}/acknowledge`);
      expect(ack.status).toBe(who === "r1" ? 200 : statusFor(who, R1_READERS, 403));
      const close = await call(who)("POST", `/performance-plans/${fresh.body.id}/close`, { outcome: "met" });
      expect(close.status).toBe(lineWrite(who, 200));
    });
  }
});

describe("coverage of the matrix", () => {
  const routes = async () => {
    const doc = (await call("anon")("GET", "/openapi.json")).body;
    const list = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    list.push("GET /openapi.json");
    return [...new Set(list)].sort();
  };
  it("names every route of the OpenAPI document", async () => {
    expect([...covered].sort()).toEqual(await routes());
  });
  it("requested every route with every kind of caller", async () => {
    expect(app.uncovered(await routes(), WHO)).toEqual([]);
  });
  it("checked the refused writes for leftovers (none)", () => {
    // Every write of the matrix refused with a 4xx was fingerprinted before and after.
    expect(app.leftovers).toEqual([]);
    expect(app.refusedWrites).toBeGreaterThan(100);
  });
});
