/**
 * A small organisation built through the API (backdated moves with `at`,
 * activities with `doneAt`), whose scorecard is worked out by hand below.
 *
 * Team North: manager M; salespeople A and B. Default settings (K = 5, default
 * deal size 10,000, window 365 days). Period 2026-10 (31 days), asOf
 * 2026-10-16T00:00Z → elapsed = 15/31. A's quota: 30,000; B has none.
 *
 * A's deals                                              as of 10-16
 *   D1 20,000  1 09-01, 2 09-02, 3 09-03, 4 09-04, 5 09-05, 6 09-06, won 09-10
 *   D2  5,000  1 09-05, 2 09-06, lost 09-07 (at 2)
 *   D3  8,000  1 10-02, 2 10-03, 4 10-05 (3 skipped); open, expected close 10-30
 *   D4 12,000  1 10-04; (2 on 10-18, won 10-20: after asOf); expected close 10-31
 * B's deals
 *   E1  1 09-10, 2 09-11; open        E2  1 09-12, lost 09-13 (at 1)
 *
 * Rates as of asOf (window to 10-16), advanced/exited:
 *   A: s1 3/0, s2 2/1, s3 2/0, s4 1/0 (D3 open at 4), s5 1/0, s6 1/0
 *   team (A+B): s1 4/1 → 0.8, s2 2/1 → 2/3, s3..s6 → 1
 *   A: rate1 = (3 + 5·0.8)/8 = 0.875; rate2 = (2 + 5·2/3)/8 = 2/3; rate3..6 = 1
 *   avgDealSize = (20,000 + 5·20,000)/6 = 20,000
 * Plan (as of 10-01: D3, D4 do not exist yet):
 *   A: s1 2/0, s2 1/1, s3..s6 1/0; team: s1 3/1 → 0.75, s2 1/1 → 0.5, else 1
 *   rate1 = (2 + 3.75)/7 = 0.8214…, rate2 = (1 + 2.5)/7 = 0.5, rate3..6 = 1
 *   wins = ceil(30,000/20,000) = 2; need6..3 = 2; need2 = 4; need1 = ceil(4/0.8214) = 5
 * Entered in the period by asOf: lead 2 (D3, D4), prospecting 1, qualification 1
 *   (implicit), needs_analysis 1, presenting 0, closing 0.
 * Attainment = entered / (need · 15/31): lead 62/75, prospecting 31/60,
 *   qualification 31/30, needs_analysis 31/30, presenting 0, closing 0
 *   effortIndex = (62/75 + 31/60 + 1 + 1 + 0 + 0)/6 = 1003/1800
 * pipelineExpected = D3 8,000·pWin(4)=8,000 + D4 12,000·pWin(1)=12,000·0.875·2/3=7,000 → 15,000
 *   resultsIndex = 15,000/30,000 = 0.5 → Q4 (efforts < 0.9, results < 1)
 * Usage: open deals D3 (next step scheduled 10-20), D4 (none), active customer C1
 *   (none) → 1/3; process compliance: 3 of 4 deals without a skip → 0.75; the one
 *   done activity was logged now (after asOf) → timeliness null; usage = 13/24.
 * B: rate1 = (1 + 5·0.8)/7 = 5/7; coverage 0/1, compliance 2/2, usage 0.5.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCliDb } from "../src/cli/db.js";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { runCli } from "./helpers/cli.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let M: TestPerson;
let ADMIN: TestPerson;
let A: TestPerson;
let B: TestPerson;
const as = (p: TestPerson) => caller(app, p);
const close = (x: number | null | undefined, y: number) => {
  expect(x).not.toBeNull();
  expect(Math.abs((x as number) - y)).toBeLessThan(1e-9);
};

async function deal(
  who: TestPerson,
  name: string,
  value: number,
  createdAt: string,
  moves: [number, string][],
  end?: ["win" | "lose", string],
  expectedClose?: string,
) {
  const call = as(who);
  const d = await call("POST", "/deals", {
    name,
    value,
    createdAt,
    ...(expectedClose ? { expectedClose } : {}),
  });
  expect(d.status).toBe(201);
  for (const [step, at] of moves)
    expect((await call("POST", `/deals/${d.body.id}/move`, { step, at })).status).toBe(200);
  if (end?.[0] === "win")
    expect((await call("POST", `/deals/${d.body.id}/win`, { at: end[1] })).status).toBe(200);
  if (end?.[0] === "lose")
    expect((await call("POST", `/deals/${d.body.id}/lose`, { reason: "price", at: end[1] })).status).toBe(
      200,
    );
  return d.body.id as string;
}

const T = (d: string) => `2026-${d}T12:00:00Z`;
const Q = "period=2026-10&asOf=2026-10-16T00:00:00Z";

beforeAll(async () => {
  h = await createTestDb();
  // With the handle: on PostgreSQL the reports below run in the report worker thread.
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "hand");
  const admin = await makePerson(h.db, org.id, { email: "admin@hand.test", role: "admin" });
  M = await makePerson(h.db, org.id, {
    email: "m@hand.test",
    role: "manager",
    team: "North",
    managerId: undefined,
  });
  A = await makePerson(h.db, org.id, {
    email: "a@hand.test",
    role: "salesperson",
    team: "North",
    managerId: M.id,
  });
  B = await makePerson(h.db, org.id, {
    email: "b@hand.test",
    role: "salesperson",
    team: "North",
    managerId: M.id,
  });
  ADMIN = admin;
  await deal(
    A,
    "D1",
    20000,
    T("09-01"),
    [
      [2, T("09-02")],
      [3, T("09-03")],
      [4, T("09-04")],
      [5, T("09-05")],
      [6, T("09-06")],
    ],
    ["win", T("09-10")],
  );
  await deal(A, "D2", 5000, T("09-05"), [[2, T("09-06")]], ["lose", T("09-07")]);
  const d3 = await deal(
    A,
    "D3",
    8000,
    T("10-02"),
    [
      [2, T("10-03")],
      [4, T("10-05")],
    ],
    undefined,
    "2026-10-30",
  );
  await deal(A, "D4", 12000, T("10-04"), [[2, T("10-18")]], ["win", T("10-20")], "2026-10-31");
  await deal(B, "E1", 3000, T("09-10"), [[2, T("09-11")]]);
  await deal(B, "E2", 3000, T("09-12"), [], ["lose", T("09-13")]);
  const a = as(A);
  expect(
    (await a("POST", "/activities", { kind: "call", step: 2, dealId: d3, doneAt: "2026-10-03T10:00:00Z" }))
      .status,
  ).toBe(201);
  expect(
    (
      await a("POST", "/activities", {
        kind: "meeting",
        step: 4,
        dealId: d3,
        scheduledFor: "2026-10-20T09:00:00Z",
      })
    ).status,
  ).toBe(201);
  expect((await a("POST", "/contacts", { email: "c1@cust.test", name: "C1", customer: true })).status).toBe(
    201,
  );
  expect((await as(M)("PUT", "/quotas", { personId: A.id, period: "2026-10", amount: 30000 })).status).toBe(
    200,
  );
});
afterAll(async () => {
  await h.close();
});

describe("a hand-built organisation", () => {
  it("scorecard figures match the hand computation", async () => {
    const r = await as(M)("GET", `/metrics/scorecard?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.period).toBe("2026-10");
    expect(r.body.asOf).toBe("2026-10-16T00:00:00Z");
    expect(r.body.people.map((p: any) => p.email)).toEqual(["a@hand.test", "b@hand.test"]);
    const [a, b] = r.body.people;
    expect(a.quota).toBe(30000);
    expect(a.plan).toEqual({
      lead: 5,
      prospecting: 4,
      qualification: 2,
      needs_analysis: 2,
      presenting: 2,
      closing: 2,
    });
    expect(a.agreedPlan).toBeNull();
    expect(a.entered).toEqual({
      lead: 2,
      prospecting: 1,
      qualification: 1,
      needs_analysis: 1,
      presenting: 0,
      closing: 0,
    });
    close(a.attainment.lead, 62 / 75);
    close(a.attainment.prospecting, 31 / 60);
    close(a.attainment.qualification, 31 / 30);
    close(a.attainment.needs_analysis, 31 / 30);
    close(a.attainment.presenting, 0);
    close(a.attainment.closing, 0);
    close(a.effortIndex, 1003 / 1800);
    expect(a.wonRevenue).toBe(0);
    close(a.pipelineExpected, 15000);
    close(a.resultsIndex, 0.5);
    expect(a.quadrant).toBe("Q4");
    close(a.rates.lead, 0.875);
    close(a.rates.prospecting, 2 / 3);
    for (const s of ["qualification", "needs_analysis", "presenting", "closing"]) close(a.rates[s], 1);
    close(a.avgDealSize, 20000);
    expect(a.coachingFocus).toBeNull();
    close(a.nextStepCoverage, 1 / 3);
    close(a.processCompliance, 0.75);
    expect(a.loggingTimeliness).toBeNull();
    close(a.usageScore, 13 / 24);

    expect(b.quota).toBeNull();
    expect(b.plan).toBeNull();
    expect(b.effortIndex).toBeNull();
    expect(b.quadrant).toBeNull();
    close(b.rates.lead, 5 / 7);
    close(b.nextStepCoverage, 0);
    close(b.processCompliance, 1);
    close(b.usageScore, 0.5);
  });

  it("stepwise report scorecard --json prints the same hand-computed figures", async () => {
    setCliDb(h);
    try {
      const r = await runCli(
        "report",
        "scorecard",
        "--org",
        "hand",
        "--period",
        "2026-10",
        "--as-of",
        "2026-10-16T00:00:00Z",
        "--json",
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.period).toBe("2026-10");
      expect(doc.people.map((p: any) => p.email)).toEqual(["a@hand.test", "b@hand.test"]);
      const a = doc.people[0];
      expect(a.plan).toEqual({
        lead: 5,
        prospecting: 4,
        qualification: 2,
        needs_analysis: 2,
        presenting: 2,
        closing: 2,
      });
      close(a.effortIndex, 1003 / 1800);
      close(a.pipelineExpected, 15000);
      close(a.resultsIndex, 0.5);
      expect(a.quadrant).toBe("Q4");
      close(a.usageScore, 13 / 24);
      close(doc.people[1].rates.lead, 5 / 7);
      // As of 10-25 the CLI sees D4's win on 10-20, like the API.
      const later = await runCli(
        "report",
        "scorecard",
        "--org",
        "hand",
        "--period",
        "2026-10",
        "--as-of",
        "2026-10-25T00:00:00Z",
        "--json",
      );
      expect(JSON.parse(later.stdout).people[0].wonRevenue).toBe(12000);
    } finally {
      setCliDb(undefined);
    }
  });

  it("the plan report paces A through the period and gives the remaining plan", async () => {
    const r = await as(M)("GET", `/metrics/plan?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe("2026-10-16T00:00:00Z");
    close(r.body.elapsed, 15 / 31);
    expect(r.body.people.map((p: any) => p.email)).toEqual(["a@hand.test"]); // B has no quota
    const a = r.body.people[0];
    expect(a.agreed).toBeNull();
    expect(a.entered).toEqual({
      lead: 2,
      prospecting: 1,
      qualification: 1,
      needs_analysis: 1,
      presenting: 0,
      closing: 0,
    });
    // pace = need × 15/31 with need = 5, 4, 2, 2, 2, 2
    close(a.pace.lead, 75 / 31);
    close(a.pace.prospecting, 60 / 31);
    for (const s of ["qualification", "needs_analysis", "presenting", "closing"]) close(a.pace[s], 30 / 31);
    // Remaining: 30,000 − won 0 − pipeline 15,000 = 15,000 → ceil(15,000/20,000) = 1 win with the
    // rates as of asOf (0.875, 2/3, 1, 1, 1, 1): closing..qualification 1, prospecting ceil(1.5) = 2,
    // lead ceil(2/0.875) = 3.
    expect(a.remaining).toEqual({
      lead: 3,
      prospecting: 2,
      qualification: 1,
      needs_analysis: 1,
      presenting: 1,
      closing: 1,
    });
  });

  it("the manager's scorecard (read from their line's people only) equals the admin's", async () => {
    const m = await as(M)("GET", `/metrics/scorecard?${Q}`);
    const a = await as(ADMIN)("GET", `/metrics/scorecard?${Q}`);
    expect(m.status).toBe(200);
    expect(a.status).toBe(200);
    expect(m.body).toEqual(a.body);
    const q = await as(M)("GET", `/metrics/quad?${Q}`);
    expect(q.body.people).toEqual(
      a.body.people.map((p: any) => ({
        email: p.email,
        effortIndex: p.effortIndex,
        resultsIndex: p.resultsIndex,
        quadrant: p.quadrant,
      })),
    );
  });

  it("a salesperson sees only themself, with rates smoothed towards the whole team", async () => {
    const r = await as(A)("GET", `/metrics/scorecard?${Q}`);
    expect(r.body.people.map((p: any) => p.email)).toEqual(["a@hand.test"]);
    close(r.body.people[0].rates.lead, 0.875); // 1 with A's own deals alone: B's exits are in the prior
    const team = await as(A)("GET", `/metrics/team?${Q}`);
    expect([...team.body.groups.red, ...team.body.groups.white, ...team.body.groups.blue]).toEqual([
      "a@hand.test",
    ]);
  });

  it("an asOf in the past ignores later events; a later asOf sees them", async () => {
    const later = await as(M)("GET", "/metrics/scorecard?period=2026-10&asOf=2026-10-25T00:00:00Z");
    const a = later.body.people[0];
    expect(a.wonRevenue).toBe(12000); // D4 won on 10-20
    expect(a.entered).toEqual({
      lead: 2,
      prospecting: 2,
      qualification: 2,
      needs_analysis: 2,
      presenting: 1,
      closing: 1,
    });
    expect(a.plan.lead).toBe(5); // the plan is as of the period's start: unchanged
    const forecast = await as(M)("GET", `/metrics/forecast?${Q}`);
    expect(forecast.body.people[0]).toMatchObject({ email: "a@hand.test", quota: 30000, wonRevenue: 0 });
    close(forecast.body.people[0].projected, 15000);
  });

  it("an agreed plan is versioned, keeps the computed one, and is what attainment uses", async () => {
    const need = { lead: 5, prospecting: 2, qualification: 2, needs_analysis: 2, presenting: 2, closing: 2 };
    const v1 = await as(M)("POST", `/people/${A.id}/plans`, { period: "2026-10" });
    expect(v1.status).toBe(201);
    expect(v1.body.version).toBe(1);
    expect(v1.body.need).toEqual({
      lead: 5,
      prospecting: 4,
      qualification: 2,
      needs_analysis: 2,
      presenting: 2,
      closing: 2,
    });
    const v2 = await as(M)("POST", `/people/${A.id}/plans`, {
      period: "2026-10",
      need,
      note: "fewer prospects",
    });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    const plans = await as(A)("GET", `/people/${A.id}/plans?period=2026-10`);
    expect(plans.status).toBe(200);
    expect(plans.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(plans.body.agreed.need).toEqual(need);
    expect(plans.body.computed.need.prospecting).toBe(4);
    expect(plans.body.agreed.computedNeed.prospecting).toBe(4);
    // A cannot agree their own plan; B has no quota.
    expect((await as(A)("POST", `/people/${A.id}/plans`, { period: "2026-10" })).status).toBe(403);
    expect((await as(M)("POST", `/people/${B.id}/plans`, { period: "2026-10" })).status).toBe(409);

    const r = await as(M)("GET", `/metrics/scorecard?${Q}`);
    const a = r.body.people[0];
    expect(a.plan.prospecting).toBe(4);
    expect(a.agreedPlan).toEqual(need);
    close(a.attainment.prospecting, 31 / 30); // 1 / (2 · 15/31)
    close(a.effortIndex, (62 / 75 + 1 + 1 + 1) / 6);
  });

  it("early warning flags A (effort below 0.9 with half the period left); CSV has one row per person", async () => {
    const w = await as(M)("GET", `/metrics/early-warning?${Q}`);
    expect(w.body.active).toBe(true);
    close(w.body.elapsed, 15 / 31);
    expect(w.body.people.map((p: any) => p.email)).toEqual(["a@hand.test"]);
    expect(w.body.people[0].behind[0].attainment).toBe(0);
    const res = await app.request(`/api/v1/metrics/quad?${Q}&format=csv`, {
      headers: { authorization: `Bearer ${M.token}` },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("period,asOf,email,effortIndex,resultsIndex,quadrant");
    expect(lines.slice(1).map((l) => l.split(",")[2])).toEqual(["a@hand.test", "b@hand.test"]);
    expect(lines[2]).toBe("2026-10,2026-10-16T00:00:00Z,b@hand.test,,,");
  });

  it("logging timeliness counts activities logged by asOf (default asOf: now)", async () => {
    const a = as(A);
    const doneAt = new Date(Date.now() - 3_600_000).toISOString();
    expect((await a("POST", "/activities", { kind: "email", step: 1, doneAt })).status).toBe(201);
    const r = await a("GET", "/metrics/usage?period=2026-10");
    // act1 (done 10-03, logged now: late) and this one (on time), while 10-03 is in the 365-day window.
    const inWindow = Date.now() - Date.parse("2026-10-03T10:00:00Z") < 365 * 86_400_000;
    close(r.body.people[0].loggingTimeliness, inWindow ? 0.5 : 1);
  });
});
