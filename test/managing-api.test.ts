/**
 * The managing API beyond the reports: the organisation's settings, teams,
 * the quota grid (all or nothing), the Managers overview and a person's
 * profile. Figures worked out by hand in the comments.
 *
 * Organisation: admin; manager M (team East) with reps A and B (East).
 * Period 2026-10 (31 days, UTC), asOf 2026-11-01 (after its end: elapsed 1).
 * A's one deal: created 2026-10-05 at step 1, won 2026-10-20 at 20,000.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let admin: TestPerson;
let mgr: TestPerson;
let a: TestPerson;
let b: TestPerson;
const as = (p: TestPerson) => caller(app, p);
const Q = "period=2026-10&asOf=2026-11-01T00:00:00Z";

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "acme");
  admin = await makePerson(h.db, org.id, { email: "admin@acme.test", role: "admin" });
  mgr = await makePerson(h.db, org.id, { email: "m@acme.test", role: "manager", team: "East", name: "Mia" });
  a = await makePerson(h.db, org.id, {
    email: "a@acme.test",
    role: "salesperson",
    managerId: mgr.id,
    team: "East",
  });
  b = await makePerson(h.db, org.id, {
    email: "b@acme.test",
    role: "salesperson",
    managerId: mgr.id,
    team: "East",
  });
  const deal = await as(a)("POST", "/deals", {
    name: "Big",
    value: 20000,
    createdAt: "2026-10-05T00:00:00Z",
  });
  expect(deal.status).toBe(201);
  expect((await as(a)("POST", `/deals/${deal.body.id}/win`, { at: "2026-10-20T00:00:00Z" })).status).toBe(
    200,
  );
});

afterAll(async () => {
  await h.close();
});

describe("the quota grid", () => {
  it("writes nothing when one row is wrong, and names that row", async () => {
    const r = await as(mgr)("PUT", "/quotas/batch", {
      quotas: [
        { personId: a.id, period: "2026-10", amount: 10000 },
        { personId: admin.id, period: "2026-10", amount: 5 },
      ],
    });
    // The admin is not in M's reporting line: row 1 is refused, so row 0 is not written either.
    expect(r.status).toBe(404);
    expect(r.body.error.details[0].path).toBe("quotas.1.personId");
    expect((await as(mgr)("GET", "/quotas?period=2026-10")).body).toEqual([]);
  });
  it("a bad amount is a validation error naming the field", async () => {
    const r = await as(mgr)("PUT", "/quotas/batch", {
      quotas: [{ personId: a.id, period: "2026-10", amount: -1 }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("quotas.0.amount");
  });
  it("sets every row of a block at once", async () => {
    const r = await as(mgr)("PUT", "/quotas/batch", {
      quotas: [
        { personId: a.id, period: "2026-10", amount: 10000 },
        { personId: b.id, period: "2026-10", amount: 30000 },
      ],
    });
    expect(r.status).toBe(200);
    const list = (await as(mgr)("GET", "/quotas?period=2026-10")).body;
    expect(list.map((q: any) => [q.email, q.amount])).toEqual([
      ["a@acme.test", 10000],
      ["b@acme.test", 30000],
    ]);
  });
});

describe("the managers overview", () => {
  it("sums the team's figures for M", async () => {
    const r = await as(admin)("GET", `/managers?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.managingShareTarget).toBe(0.75);
    const m = r.body.managers[0];
    expect(m).toMatchObject({
      email: "m@acme.test",
      name: "Mia",
      team: "East",
      directReports: 2,
      salespeople: 2,
      managingShare: null, // no time entries
      // quotas 10,000 + 30,000; won 20,000 (A); no open deals
      quota: 40000,
      wonRevenue: 20000,
      pipelineExpected: 0,
      wonShareOfQuota: 0.5, // 20,000 / 40,000
      projectedShareOfQuota: 0.5,
      // n = 2: the top ceil(0.4) = 1 person won all of the team's 20,000
      paretoShare: 1,
    });
    // A: resultsIndex 20,000 / 10,000 = 2 (results). The plan (figures at the period's start,
    // nothing won yet: deal size 10,000, default rates) needs 1 win → closing 2, presenting 4,
    // needs 6, qualification 10, prospecting 34, lead 38; A entered each once → effortIndex
    // far below 0.9: Q3. B: no results, no entries: Q4.
    expect(m.quads).toEqual({ Q1: 0, Q2: 0, Q3: 1, Q4: 1, noQuota: 0 });
  });
});

describe("a person's profile", () => {
  it("gives A's funnel against the team, weekly entries and the scorecard row", async () => {
    const r = await as(mgr)("GET", `/people/${a.id}/profile?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ email: "a@acme.test", team: "East" });
    // Every step 1..6 advanced once (won); the team pools A and B (B has nothing): the same.
    // Smoothed: (1 + 5 × 1) / (1 + 5) = 1.
    expect(r.body.funnel.closing).toEqual({
      own: { advanced: 1, exited: 0, rate: 1 },
      team: { advanced: 1, exited: 0, rate: 1 },
      smoothed: 1,
    });
    // 31 days → 5 weeks. Step 1 reached at creation (Oct 5: day 4 → week 0); steps 2..6
    // implicitly at the win (Oct 20: day 19 → week 2).
    expect(r.body.weekly.weeks).toBe(5);
    expect(r.body.weekly.entries.lead).toEqual([1, 0, 0, 0, 0]);
    expect(r.body.weekly.entries.closing).toEqual([0, 0, 1, 0, 0]);
    expect(r.body.weekly.begun).toBe(5); // as of Nov 1, every week of October has begun
    // As of Oct 16 (15 days in): weeks 1–3 have begun (days 0–6, 7–13, 14–20), 4 and 5 not.
    const mid = await as(mgr)("GET", `/people/${a.id}/profile?period=2026-10&asOf=2026-10-16T00:00:00Z`);
    expect(mid.body.weekly.begun).toBe(3);
    expect(mid.body.weekly.entries.lead).toEqual([1, 0, 0, 0, 0]);
    expect(r.body.scorecard).toMatchObject({
      quota: 10000,
      wonRevenue: 20000,
      resultsIndex: 2,
      quadrant: "Q3",
    });
    expect(r.body.coachingFocus).toBeNull(); // 1 trial < minTrials 8
  });
});

describe("the organisation's settings", () => {
  it("refuses an unknown time zone, naming it, and changes nothing", async () => {
    const r = await as(admin)("PATCH", "/organisation", { timeZone: "Mars/Olympus", currency: "EUR" });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("timeZone");
    expect((await as(admin)("GET", "/organisation")).body).toMatchObject({
      timeZone: "UTC",
      currency: "USD",
    });
  });
  it("keeps the settings not given and changes the rest", async () => {
    const r = await as(admin)("PATCH", "/organisation", {
      timeZone: "Europe/Paris",
      currency: "EUR",
      settings: { effortThreshold: 0.8 },
    });
    expect(r.status).toBe(200);
    const org = (await as(a)("GET", "/organisation")).body;
    expect(org).toMatchObject({ timeZone: "Europe/Paris", currency: "EUR" });
    expect(org.settings.effortThreshold).toBe(0.8);
    expect(org.settings.resultsThreshold).toBe(1);
    expect(org.settings.priorWeight).toBe(5);
    const bad = await as(admin)("PATCH", "/organisation", { settings: { defaultRates: [1, 1, 1] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^settings\.defaultRates/);
  });
});

describe("teams", () => {
  it("lists the teams and renames one for everybody in it", async () => {
    expect((await as(b)("GET", "/teams")).body).toEqual([
      { name: "East", members: 3, salespeople: 2, managers: ["Mia"] },
    ]);
    const r = await as(admin)("PATCH", "/teams/East", { name: "North" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: "North", members: 3, salespeople: 2, managers: ["Mia"] });
    expect((await as(admin)("GET", `/people/${a.id}`)).body.team).toBe("North");
    expect((await as(admin)("PATCH", "/teams/Nowhere", { name: "X" })).status).toBe(404);
  });
});
