/**
 * Hiring over the API on a real database (issue 15): candidates by team,
 * the guide seeded from the book, interviews scored 1–4 with evidence, the
 * scorecard side by side with the disagreements, the bench, the hire that
 * makes the salesperson once, and the Managers page's recruiting column.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
const P: Record<string, TestPerson> = {};
const as = (p: TestPerson) => caller(app, p);
let cand = "";

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const orgId = (await makeOrg(h.db, "hire")).id;
  P.exec = await makePerson(h.db, orgId, { email: "exec@h.test", role: "executive" });
  P.m = await makePerson(h.db, orgId, {
    email: "m@h.test",
    role: "manager",
    team: "East",
    managerId: P.exec.id,
  });
  P.w = await makePerson(h.db, orgId, {
    email: "w@h.test",
    role: "manager",
    team: "West",
    managerId: P.exec.id,
  });
  P.r = await makePerson(h.db, orgId, {
    email: "r@h.test",
    role: "salesperson",
    team: "East",
    managerId: P.m.id,
  });
});

afterAll(async () => {
  await h.close();
});

describe("candidates", () => {
  it("a manager adds a candidate for their own team, with the non-predictors apart", async () => {
    const r = await as(P.m)("POST", "/candidates", {
      name: "Dana Diaz",
      email: "Dana@Mail.test",
      source: "referral",
      team: "East",
      experience: "8 years in software sales",
      claimedBook: "40 accounts",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "Dana Diaz",
      email: "dana@mail.test",
      status: "sourced",
      team: "East",
      role: "Salesperson",
      nonPredictors: { experience: "8 years in software sales", degree: null, claimedBook: "40 accounts" },
    });
    cand = r.body.id;
  });
  it("refuses a team outside the manager's line, an unknown team and a bad email, naming the field", async () => {
    const west = await as(P.m)("POST", "/candidates", { name: "X", team: "West" });
    expect(west.status).toBe(400);
    expect(west.body.error.details[0]).toMatchObject({
      path: "team",
      message: "not a team of your reporting line",
    });
    const none = await as(P.exec)("POST", "/candidates", { name: "X", team: "Nowhere" });
    expect(none.body.error.details[0]).toMatchObject({
      path: "team",
      message: "no person carries this team",
    });
    const mail = await as(P.m)("POST", "/candidates", { name: "X", team: "East", email: "not-mail" });
    expect(mail.status).toBe(400);
    expect(mail.body.error.details[0].path).toBe("email");
    // nothing half-written: only Dana exists
    expect((await as(P.exec)("GET", "/candidates")).body.map((c: any) => c.name)).toEqual(["Dana Diaz"]);
  });
  it("the other team's manager and a salesperson do not see it (404)", async () => {
    expect((await as(P.w)("GET", `/candidates/${cand}`)).status).toBe(404);
    expect((await as(P.w)("GET", "/candidates")).body).toEqual([]);
    for (const path of [`/candidates/${cand}`, "/candidates", "/candidates/bench", "/interview-guide"])
      expect((await as(P.r)("GET", path)).status).toBe(404);
  });
});

describe("the guide, interviews and the scorecard", () => {
  it("the guide is seeded from the book: 4 attributes and 7 steps, 12 questions", async () => {
    const g = await as(P.m)("GET", "/interview-guide");
    expect(g.status).toBe(200);
    expect(g.body).toHaveLength(12);
    expect(g.body.filter((q: any) => q.kind === "attribute")).toHaveLength(5);
    expect(g.body.map((q: any) => q.text)).toContain("How did you qualify? Give an example where it failed.");
    // reading again seeds nothing more
    expect((await as(P.exec)("GET", "/interview-guide")).body).toHaveLength(12);
  });
  it("only an admin edits the guide", async () => {
    const r = await as(P.m)("POST", "/interview-guide/questions", { subject: "closing", text: "Close me." });
    expect(r.status).toBe(403);
  });
  it("two interviewers score; the scorecard shows both side by side and marks spreads of 2+", async () => {
    const guide = (await as(P.m)("GET", "/interview-guide")).body;
    const q = guide.find((x: any) => x.subject === "positive_attitude");
    const one = await as(P.m)("POST", `/candidates/${cand}/interviews`, {
      heldOn: "2026-11-20",
      answers: [{ questionId: q.id, answer: "Kept calling after 40 noes" }],
      scores: [
        { subject: "positive_attitude", score: 4, evidence: "40 noes, kept going" },
        { subject: "qualification", score: 3, evidence: "budget first" },
      ],
    });
    expect(one.status).toBe(201);
    const two = await as(P.exec)("POST", `/candidates/${cand}/interviews`, {
      heldOn: "2026-11-21",
      scores: [
        { subject: "positive_attitude", score: 2, evidence: "blamed the territory" },
        { subject: "qualification", score: 2, evidence: "vague" },
      ],
    });
    expect(two.status).toBe(201);
    const d = (await as(P.m)("GET", `/candidates/${cand}`)).body;
    // the first interview moved the candidate from sourced to interviewed
    expect(d.status).toBe("interviewed");
    expect(d.history.map((x: any) => x.status)).toEqual(["sourced", "interviewed"]);
    expect(d.scorecard.interviewers.map((i: any) => i.name)).toEqual(["m", "exec"]);
    const row = (s: string) => d.scorecard.rows.find((r: any) => r.subject === s);
    // attitude 4 vs 2: spread 2 → disagreement, mean 3; qualification 3 vs 2: spread 1, mean 2.5
    expect(row("positive_attitude")).toMatchObject({ mean: 3, spread: 2, disagreement: true });
    expect(row("qualification")).toMatchObject({ mean: 2.5, spread: 1, disagreement: false });
    expect(d.scorecard.disagreements).toBe(1);
    expect(d.interviews[0].answers).toEqual([
      { questionId: q.id, question: q.text, answer: "Kept calling after 40 noes" },
    ]);
    // East has one salesperson with no deals: no coaching focus, no weak step to line up
    expect(d.fit).toEqual([]);
    // East's manager hears of the executive's interview, not of their own; nobody else hears.
    const hiring = async (who: typeof P.m) =>
      ((await as(who)("GET", "/inbox")).body as any[])
        .filter((n) => n.kind.startsWith("hiring."))
        .map((n) => [n.title, n.link]);
    expect(await hiring(P.m)).toEqual([
      ["exec interviewed Dana Diaz for team East: their scores are on the scorecard.", `/candidates/${cand}`],
    ]);
    expect(await hiring(P.exec)).toEqual([]);
    expect(await hiring(P.w)).toEqual([]);
  });
  it("refuses a score off the scale or without evidence, naming the field, and writes nothing", async () => {
    const bad = await as(P.m)("POST", `/candidates/${cand}/interviews`, {
      heldOn: "2026-11-22",
      scores: [{ subject: "closing", score: 5, evidence: "x" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("scores.0.score");
    const noEvidence = await as(P.m)("POST", `/candidates/${cand}/interviews`, {
      heldOn: "2026-11-22",
      scores: [{ subject: "closing", score: 3, evidence: " " }],
    });
    expect(noEvidence.body.error.details[0].path).toBe("scores.0.evidence");
    expect((await as(P.m)("GET", `/candidates/${cand}`)).body.interviews).toHaveLength(2);
  });
});

describe("status, bench, hire", () => {
  it("refuses a backward move and records the forward ones with dates", async () => {
    const back = await as(P.m)("POST", `/candidates/${cand}/status`, { status: "screened" });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toBe("status: cannot move from interviewed to screened");
    const offer = await as(P.m)("POST", `/candidates/${cand}/status`, {
      status: "offered",
      note: "60k base",
    });
    expect(offer.body.status).toBe("offered");
  });
  it("the bench counts by team and status", async () => {
    const other = await as(P.w)("POST", "/candidates", { name: "Wes", team: "West" });
    expect(other.status).toBe(201);
    const b = (await as(P.exec)("GET", "/candidates/bench")).body;
    const east = b.teams.find((t: any) => t.team === "East");
    const west = b.teams.find((t: any) => t.team === "West");
    // both entered today (the test's clock): 0 days since the last
    expect(east).toMatchObject({ inPipeline: 1, daysSinceLast: 0, byStatus: { offered: 1, sourced: 0 } });
    expect(west).toMatchObject({ inPipeline: 1, daysSinceLast: 0, byStatus: { sourced: 1 } });
    // the East manager sees East only
    expect((await as(P.m)("GET", "/candidates/bench")).body.teams.map((t: any) => t.team)).toEqual(["East"]);
  });
  it("the Managers page gains the recruiting column", async () => {
    const r = await as(P.exec)("GET", "/managers?period=2026-11");
    expect(r.status).toBe(200);
    const byEmail = Object.fromEntries(r.body.managers.map((m: any) => [m.email, m.recruiting]));
    expect(byEmail["m@h.test"]).toEqual({ inPipeline: 1, daysSinceLast: 0 });
    expect(byEmail["w@h.test"]).toEqual({ inPipeline: 1, daysSinceLast: 0 });
  });
  it("hire refuses a taken email (nothing written), then makes the salesperson once", async () => {
    const taken = await as(P.m)("POST", `/candidates/${cand}/hire`, { email: "r@h.test" });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0].path).toBe("email");
    expect((await as(P.m)("GET", `/candidates/${cand}`)).body.status).toBe("offered");
    const r = await as(P.m)("POST", `/candidates/${cand}/hire`, {});
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("hired");
    const person = (await as(P.m)("GET", `/people/${r.body.personId}`)).body;
    expect(person).toMatchObject({
      email: "dana@mail.test",
      name: "Dana Diaz",
      role: "salesperson",
      team: "East",
      managerId: P.m.id,
    });
    const again = await as(P.m)("POST", `/candidates/${cand}/hire`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("Dana Diaz is hired already.");
  });
  it("a hire by someone else tells the new person's manager, with a link to the new person", async () => {
    const c = (await as(P.exec)("POST", "/candidates", { name: "Wes Walker", team: "West" })).body;
    const iv = await as(P.exec)("POST", `/candidates/${c.id}/interviews`, {
      heldOn: "2026-11-23",
      scores: [{ subject: "trainability", score: 3, evidence: "took the feedback" }],
    });
    expect(iv.status).toBe(201);
    const r = await as(P.exec)("POST", `/candidates/${c.id}/hire`, { email: "wes@h.test" });
    expect(r.status).toBe(200);
    const titles = ((await as(P.w)("GET", "/inbox")).body as any[])
      .filter((n) => n.kind.startsWith("hiring."))
      .map((n) => [n.kind, n.title, n.link]);
    // Newest first: the hire, then the interview.
    expect(titles).toEqual([
      [
        "hiring.hired",
        "exec hired Wes Walker into your team West; Wes Walker reports to you.",
        `/people/${r.body.personId}`,
      ],
      [
        "hiring.interview",
        "exec interviewed Wes Walker for team West: their scores are on the scorecard.",
        `/candidates/${c.id}`,
      ],
    ]);
  });
  it("finds the candidate a person was hired from (the Person page's link), for those who see hiring", async () => {
    const hired = (await as(P.m)("GET", `/candidates/${cand}`)).body.personId as string;
    const of = (who: typeof P.m, id: string) => as(who)("GET", `/candidates?personId=${id}`);
    // The hiring manager and the executive: the one candidate, Dana Diaz.
    expect((await of(P.m, hired)).body.map((c: any) => [c.id, c.name])).toEqual([[cand, "Dana Diaz"]]);
    expect((await of(P.exec, hired)).body.map((c: any) => c.id)).toEqual([cand]);
    // Another team's manager sees nothing, a salesperson has no hiring at all (404, as for
    // the whole list), and nobody was hired as the existing salesperson r.
    expect((await of(P.w, hired)).body).toEqual([]);
    expect((await of(P.r, hired)).status).toBe(404);
    expect((await of(P.m, P.r.id)).body).toEqual([]);
    const bad = await of(P.m, "nope");
    expect([bad.status, bad.body.error.details[0].path]).toEqual([400, "personId"]);
  });
  it("a sourced candidate cannot be hired; a candidate without email needs one", async () => {
    const c = await as(P.m)("POST", "/candidates", { name: "No Mail", team: "East" });
    const early = await as(P.m)("POST", `/candidates/${c.body.id}/hire`, {});
    expect(early.status).toBe(400);
    expect(early.body.error.details[0].path).toBe("status");
    await as(P.m)("POST", `/candidates/${c.body.id}/status`, { status: "interviewed" });
    const noMail = await as(P.m)("POST", `/candidates/${c.body.id}/hire`, {});
    expect(noMail.body.error.details[0].path).toBe("email");
  });
});

describe("the demo organisation's bench", () => {
  it("holds five candidates for the one team of a 12-person demo, one interviewed by two", async () => {
    const summary = await createDemoOrg(h, {
      people: 12,
      seed: 3,
      asOf: new Date("2026-11-15T12:00:00Z"),
      passwordHash: "x",
    });
    expect(summary.rows.candidates).toBe(5);
    const count = async (table: string) =>
      (await one<{ n: number }>(
        h.db,
        sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${summary.orgId}`,
      ))!.n;
    // candidates: 5; interviews: interviewed 1 + offered 2 (manager and executive) + declined 1 = 4
    expect([
      await count("candidates"),
      await count("interviews"),
      await count("interview_questions"),
    ]).toEqual([5, 4, 12]);
  });
});

describe("fit against the team's weak steps", () => {
  it("lines the candidate's step scores up with the coaching focus of the team's salespeople", async () => {
    const orgId = (await makeOrg(h.db, "fit")).id;
    const admin = await makePerson(h.db, orgId, { email: "a@fit.test", role: "admin" });
    const mgr = await makePerson(h.db, orgId, { email: "m@fit.test", role: "manager", team: "North" });
    const weak = await makePerson(h.db, orgId, {
      email: "weak@fit.test",
      role: "salesperson",
      team: "North",
      managerId: mgr.id,
    });
    const strong = await makePerson(h.db, orgId, {
      email: "strong@fit.test",
      role: "salesperson",
      team: "North",
      managerId: mgr.id,
    });
    expect((await as(admin)("PATCH", "/organisation", { settings: { minTrials: 2 } })).status).toBe(200);
    // Two deals each reach closing; weak loses both (closing rate 0/2), strong wins both (2/2).
    // Team closing rate (0 + 2) / 4 = 0.5; weak: 0 / 0.5 = 0 < 0.8 → coaching focus closing.
    // strong: 1 / 0.5 = 2, and every earlier step is 100 % for both: no other focus.
    for (const [who, end] of [
      [weak, "lose"],
      [strong, "win"],
    ] as const) {
      for (const n of [1, 2]) {
        const d = await as(who)("POST", "/deals", { name: `${who.email} ${n}`, value: 1000 });
        expect((await as(who)("POST", `/deals/${d.body.id}/move`, { step: "closing" })).status).toBe(200);
        const closed = await as(who)(
          "POST",
          `/deals/${d.body.id}/${end}`,
          end === "lose" ? { reason: "price" } : {},
        );
        expect(closed.status).toBe(200);
      }
    }
    const c = await as(mgr)("POST", "/candidates", { name: "Cleo Closer", team: "North" });
    await as(mgr)("POST", `/candidates/${c.body.id}/interviews`, {
      heldOn: "2026-11-20",
      scores: [
        { subject: "closing", score: 4, evidence: "asked for the order twice" },
        { subject: "prospecting", score: 1, evidence: "no example" },
      ],
    });
    const d = (await as(mgr)("GET", `/candidates/${c.body.id}`)).body;
    // One weak step (closing, the focus of 1 salesperson); the candidate's 4 ≥ 3 strengthens it.
    expect(d.fit).toEqual([{ step: "closing", weakFor: 1, candidateScore: 4, strengthens: true }]);
  });
});
