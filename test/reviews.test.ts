/**
 * Reviews and commitments on a real database: the agenda is frozen with the
 * review; measurable commitments are checked by the jobs queue at their due
 * time (kept at 12 of 12, missed at 11 of 12), exactly once; bad input names the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { jobsOf } from "../src/db/jobs.queries.js";
import { createApp } from "../src/http/app.js";
import { recordCoaching } from "../src/services/coaching.service.js";
import type { Ctx } from "../src/services/context.js";
import { JOB_HANDLERS } from "../src/services/jobs.service.js";
import { runDueJobs } from "../src/services/jobs.worker.js";
import { inbox } from "../src/services/notifications.service.js";
import { createCommitment, getReviewJson, openReview } from "../src/services/reviews.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let orgId: string;
const P: Record<string, TestPerson> = {};
const ctxOf = (p: TestPerson, name = p.email): Ctx => ({
  db: h.db,
  actor: { orgId, personId: p.id, email: p.email, name, role: p.role, scope: "write", via: "token" },
});
const run = (now: string) => runDueJobs(h.db, new Date(now), { handlers: JOB_HANDLERS });

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "loop");
  orgId = org.id;
  P.m = await makePerson(h.db, orgId, { email: "m@loop.test", role: "manager", team: "East" });
  P.a = await makePerson(h.db, orgId, {
    email: "a@loop.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
  P.b = await makePerson(h.db, orgId, {
    email: "b@loop.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
});

afterAll(async () => {
  await h.close();
});

describe("the frozen agenda", () => {
  it("re-opening a past review shows its agenda as it was, after later work changed the live figures", async () => {
    const a = caller(app, P.a);
    // Two deals entered prospecting in 2026-Q4 before the review (1 Oct … 10 Oct).
    for (const d of ["One", "Two"]) {
      const r = await a("POST", "/deals", {
        name: d,
        value: 1000,
        step: "prospecting",
        createdAt: "2026-10-02T09:00:00Z",
      });
      expect(r.status).toBe(201);
    }
    const stale = await a("POST", "/deals", {
      name: "Stale",
      value: 5000,
      step: "qualification",
      createdAt: "2026-08-01T09:00:00Z",
    });
    const first = await openReview(
      ctxOf(P.m),
      { personId: P.a.id, period: "2026-Q4" },
      new Date("2026-10-10T12:00:00Z"),
    );
    const step = (rv: typeof first, k: string) => rv.agenda!.steps.find((s) => s.step === k)!;
    expect(step(first, "prospecting").entered).toBe(2);
    expect(step(first, "qualification").entered).toBe(0);
    // "Stale" entered qualification on 1 Aug: 70 days before 10 Oct (31 Aug + 30 Sep + 9 days = 70) > 30 → stuck.
    expect(first.agenda!.stuckDeals.map((d) => [d.name, d.daysInStep])).toEqual([["Stale", 70]]);
    // No deal has a scheduled activity: all three lack a next step.
    expect(first.agenda!.dealsWithoutNextStep.map((d) => d.name).sort()).toEqual(["One", "Stale", "Two"]);

    // After the review: one more prospecting deal, and the stale deal gets a next step.
    await a("POST", "/deals", {
      name: "Three",
      value: 1000,
      step: "prospecting",
      createdAt: "2026-10-12T09:00:00Z",
    });
    await a("POST", "/activities", {
      kind: "call",
      step: "qualification",
      dealId: stale.body.id,
      scheduledFor: "2026-10-20T09:00:00Z",
    });
    const second = await openReview(
      ctxOf(P.m),
      { personId: P.a.id, period: "2026-Q4" },
      new Date("2026-10-14T12:00:00Z"),
    );
    expect(step(second, "prospecting").entered).toBe(3);
    expect(second.agenda!.dealsWithoutNextStep.map((d) => d.name).sort()).toEqual(["One", "Three", "Two"]);

    const again = await getReviewJson(ctxOf(P.m), first.id);
    expect(again.agenda).toEqual(first.agenda);
    expect(step(again, "prospecting").entered).toBe(2);
    // Through the API, the person reads their own review too.
    const own = await a("GET", `/reviews/${first.id}`);
    expect(own.status).toBe(200);
    expect(own.body.agenda.steps[1]).toMatchObject({ step: "prospecting", entered: 2 });
    const history = await a("GET", `/reviews?personId=${P.a.id}`);
    expect(history.body.map((r: any) => r.id)).toEqual([second.id, first.id]);
  });
});

describe("coaching on the agenda", () => {
  it("lists the sessions since the last review (the last 30 days before a first one), newest first", async () => {
    const c = await makePerson(h.db, orgId, {
      email: "c@loop.test",
      role: "salesperson",
      managerId: P.m.id,
      team: "East",
    });
    const coach = (heldOn: string, step: "prospecting" | "qualification" | "closing") =>
      recordCoaching(
        ctxOf(P.m),
        { personId: c.id, kind: "role_play", step, heldOn, minutes: 30 },
        new Date(`${heldOn}T17:00:00Z`),
      );
    await coach("2026-10-10", "prospecting"); // before 30 days back from the first review: not listed
    await coach("2026-10-12", "qualification");
    await coach("2026-10-30", "closing");
    // first review Nov 10 12:00 UTC: 30 days back is Oct 11 12:00, so from the day 2026-10-11
    const first = await openReview(
      ctxOf(P.m),
      { personId: c.id, period: "2026-Q4" },
      new Date("2026-11-10T12:00:00Z"),
    );
    expect(first.agenda!.coaching!.map((x) => [x.heldOn, x.kind, x.step, x.coach])).toEqual([
      ["2026-10-30", "role_play", "closing", "m"],
      ["2026-10-12", "role_play", "qualification", "m"],
    ]);
    await coach("2026-11-17", "closing");
    const second = await openReview(
      ctxOf(P.m),
      { personId: c.id, period: "2026-Q4" },
      new Date("2026-11-24T12:00:00Z"),
    );
    // since the review of Nov 10: only the session of Nov 17
    expect(second.agenda!.coaching!.map((x) => x.heldOn)).toEqual(["2026-11-17"]);
    // the first agenda stays as it was frozen
    expect((await getReviewJson(ctxOf(P.m), first.id)).agenda!.coaching!.map((x) => x.heldOn)).toEqual([
      "2026-10-30",
      "2026-10-12",
    ]);
  });
});

describe("measurable commitments checked by the jobs queue", () => {
  it("12 calls of 12 → kept, 11 of 12 → missed, at the end of the due date and only once", async () => {
    const created = new Date("2026-11-02T09:00:00Z"); // a Monday
    const mk = (p: TestPerson) =>
      createCommitment(
        ctxOf(P.m),
        {
          personId: p.id,
          text: "12 prospecting calls by Friday",
          measure: { activityKind: "call" },
          target: 12,
          dueDate: "2026-11-06",
        },
        created,
      );
    const ca = await mk(P.a);
    const cb = await mk(P.b);
    expect(ca.dueAt).toBe("2026-11-07T00:00:00Z"); // end of Friday in UTC
    const log = async (p: TestPerson, n: number, at: string) => {
      for (let i = 0; i < n; i++) {
        const r = await caller(app, p)("POST", "/activities", {
          kind: "call",
          step: "prospecting",
          doneAt: at,
        });
        expect(r.status).toBe(201);
      }
    };
    await log(P.a, 12, "2026-11-04T10:00:00Z");
    await log(P.b, 11, "2026-11-04T10:00:00Z");
    // Calls outside the window do not count: one before the commitment, one after the due time.
    await log(P.b, 1, "2026-11-01T10:00:00Z");
    await log(P.b, 1, "2026-11-07T00:00:00Z");

    // Friday 23:59: only the two reminders of the due date's morning (Friday 00:00 UTC) have run;
    // the checks are not due yet.
    expect(await run("2026-11-06T23:59:00Z")).toEqual({ claimed: 2, done: 2, retrying: 0, failed: 0 });
    expect(
      (await jobsOf(h.db, orgId, "commitment.remind")).map((j) => [
        new Date(j.runAt).toISOString(),
        j.status,
      ]),
    ).toEqual([
      ["2026-11-06T00:00:00.000Z", "done"],
      ["2026-11-06T00:00:00.000Z", "done"],
    ]);
    // So far (created Monday 09:00 … now): A 12 calls; B 11 (the call of 1 Nov was before the
    // commitment, the one at Saturday 00:00 is in the future).
    expect((await inbox(ctxOf(P.a), {})).map((n) => n.title)).toContain(
      "Due today (12 of 12 so far): 12 prospecting calls by Friday",
    );
    expect((await inbox(ctxOf(P.b), {})).map((n) => n.title)).toContain(
      "Due today (11 of 12 so far): 12 prospecting calls by Friday",
    );
    expect((await caller(app, P.a)("GET", "/commitments")).body[0].status).toBe("pending");

    const round = await run("2026-11-07T00:00:01Z");
    expect(round).toEqual({ claimed: 2, done: 2, retrying: 0, failed: 0 });
    const a = (await caller(app, P.a)("GET", "/commitments")).body.find((c: any) => c.id === ca.id);
    const b = (await caller(app, P.b)("GET", "/commitments")).body.find((c: any) => c.id === cb.id);
    expect([a.status, a.count, a.checkedBy]).toEqual(["kept", 12, null]);
    expect([b.status, b.count]).toEqual(["missed", 11]);

    // Again later: nothing left, and each commitment was checked once.
    expect((await run("2026-11-08T00:00:00Z")).claimed).toBe(0);
    const audits = (await h.db.execute(
      `select entity_id as id, count(*)::int as n from audit_log where entity = 'commitment' and action = 'check' group by entity_id order by 1`,
    )) as unknown as { rows: { id: string; n: number }[] };
    expect(audits.rows.map((r) => r.n)).toEqual([1, 1]);
    expect((await jobsOf(h.db, orgId, "commitment.check")).map((j) => j.status)).toEqual(["done", "done"]);

    // The inbox: the person and their manager hear about it.
    expect((await inbox(ctxOf(P.b), {})).map((n) => n.title)).toContain(
      "Commitment missed (11 of 12): 12 prospecting calls by Friday",
    );
    expect((await inbox(ctxOf(P.m), {})).some((n) => n.kind === "commitment.kept")).toBe(true);
  });

  it("a lease held by a dead worker: the job comes back after the lease and runs once", async () => {
    const c = await createCommitment(
      ctxOf(P.m),
      {
        personId: P.a.id,
        text: "2 demos",
        measure: { activityKind: "demo" },
        target: 2,
        dueDate: "2026-11-10",
      },
      new Date("2026-11-09T09:00:00Z"),
    );
    const { claimDueJobs } = await import("../src/db/jobs.queries.js");
    // A worker claims it at 00:00:05 with a 60 s lease and dies.
    const dead = await claimDueJobs(
      h.db,
      new Date("2026-11-11T00:00:05Z"),
      new Date("2026-11-11T00:01:05Z"),
      10,
    );
    // The reminder (Tuesday 00:00) and the check (Wednesday 00:00) were both due.
    expect(dead.map((j) => j.kind).sort()).toEqual(["commitment.check", "commitment.remind"]);
    expect((await run("2026-11-11T00:00:30Z")).claimed).toBe(0); // still leased
    expect((await run("2026-11-11T00:01:06Z")).done).toBe(2);
    // The dead worker's late finish is refused: its lease is gone.
    const { finishJob } = await import("../src/db/jobs.queries.js");
    for (const job of dead) expect(await finishJob(h.db, job, new Date("2026-11-11T00:02:00Z"))).toBe(false);
    const got = (await caller(app, P.m)("GET", `/commitments?personId=${P.a.id}`)).body.find(
      (x: any) => x.id === c.id,
    );
    expect([got.status, got.count]).toEqual(["missed", 0]);
  });
});

describe("reminders of overdue reviews", () => {
  it("each manager hears once per overdue spell, from the daily job", async () => {
    const org = await makeOrg(h.db, "remind");
    const m = await makePerson(h.db, org.id, { email: "m@remind.test", role: "manager", name: "Mo" });
    const x = await makePerson(h.db, org.id, {
      email: "x@remind.test",
      role: "salesperson",
      name: "Xia",
      managerId: m.id,
    });
    await makePerson(h.db, org.id, {
      email: "y@remind.test",
      role: "salesperson",
      name: "Yan",
      managerId: m.id,
    });
    // Nobody to tell about Zed: no manager.
    await makePerson(h.db, org.id, { email: "z@remind.test", role: "salesperson", name: "Zed" });
    const ctxM: Ctx = {
      db: h.db,
      actor: {
        orgId: org.id,
        personId: m.id,
        email: m.email,
        name: "Mo",
        role: "manager",
        scope: "write",
        via: "token",
      },
    };
    await openReview(ctxM, { personId: x.id, period: "2026-Q4" }, new Date("2026-11-20T10:00:00Z"));
    const titles = async () =>
      (await inbox(ctxM, {}))
        .filter((n) => n.kind === "review.due")
        .map((n) => n.title)
        .sort();
    const { scheduleReviewReminders } = await import("../src/services/reviews.service.js");

    // 25 Nov (UTC organisation): Xia's review was 5 days ago (cadence 7 days: fine); Yan never had one.
    await scheduleReviewReminders(h.db, new Date("2026-11-25T08:00:00Z"));
    await run("2026-11-25T08:00:00Z");
    expect(await titles()).toEqual(["A one-on-one review with Yan is due (none held yet)"]);

    // 28 Nov: Xia's last review is 7 days 14 hours old (> 7 days): due. Yan is not repeated.
    await scheduleReviewReminders(h.db, new Date("2026-11-28T00:30:00Z"));
    await run("2026-11-28T00:30:00Z");
    expect(await titles()).toEqual([
      "A one-on-one review with Xia is due (last one 7 days ago; due every 7 days)",
      "A one-on-one review with Yan is due (none held yet)",
    ]);

    // Scheduling again the same day adds no job; the next day's job repeats nobody.
    await scheduleReviewReminders(h.db, new Date("2026-11-28T09:00:00Z"));
    expect((await run("2026-11-28T09:00:00Z")).claimed).toBe(0);
    await scheduleReviewReminders(h.db, new Date("2026-11-29T00:10:00Z"));
    await run("2026-11-29T00:10:00Z");
    expect((await jobsOf(h.db, org.id, "reviews.due")).map((j) => [j.key, j.status])).toEqual([
      ["reviews.due:2026-11-25", "done"],
      ["reviews.due:2026-11-28", "done"],
      ["reviews.due:2026-11-29", "done"],
    ]);
    expect((await titles()).length).toBe(2);
  });
});

describe("bad input", () => {
  it("names the field", async () => {
    const m = caller(app, P.m);
    const r1 = await m("POST", "/commitments", {
      personId: P.a.id,
      text: "x",
      measure: { activityKind: "call" },
      dueDate: "2099-01-01",
    });
    expect(r1.status).toBe(400);
    expect(r1.body.error.details[0].path).toBe("target");
    const r2 = await m("POST", "/commitments", { personId: P.a.id, text: "x", dueDate: "2001-01-01" });
    expect(r2.status).toBe(400);
    expect(r2.body.error.details[0].path).toBe("dueDate");
    const r3 = await m("POST", "/commitments", {
      personId: P.a.id,
      text: "x",
      measure: { step: "prospecting", activityKind: "call" },
      target: 2,
      dueDate: "2099-01-01",
    });
    expect(r3.body.error.details[0].path).toBe("measure");
    const r4 = await m("POST", "/commitments", {
      personId: P.a.id,
      text: "x",
      dueDate: "2099-01-01",
      target: 3,
    });
    expect(r4.body.error.details[0].path).toBe("target");
    // Nothing was written by the refused requests.
    const list = await m("GET", `/commitments?personId=${P.a.id}`);
    expect(list.body.some((c: any) => c.text === "x")).toBe(false);
  });
  it("a free-text commitment is marked by the manager; a measurable one cannot be", async () => {
    const m = caller(app, P.m);
    const free = await m("POST", "/commitments", {
      personId: P.a.id,
      text: "Update the CRM daily",
      dueDate: "2099-01-01",
    });
    expect(free.status).toBe(201);
    expect((await caller(app, P.a)("PATCH", `/commitments/${free.body.id}`, { status: "kept" })).status).toBe(
      403,
    );
    const marked = await m("PATCH", `/commitments/${free.body.id}`, { status: "kept" });
    expect(marked.body).toMatchObject({ status: "kept", checkedBy: P.m.id });
    const meas = await m("POST", "/commitments", {
      personId: P.a.id,
      text: "3 demos",
      measure: { activityKind: "demo" },
      target: 3,
      dueDate: "2099-01-01",
    });
    expect((await m("PATCH", `/commitments/${meas.body.id}`, { status: "kept" })).status).toBe(409);
  });
});
