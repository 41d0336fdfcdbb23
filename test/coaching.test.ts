/**
 * Coaching (counts as the coach's coaching time), recognition and the team
 * feed (visible to the team, not to another team), and performance plans
 * (suggested after two quarters in Q4; acknowledged by the person; closed with
 * an outcome; every change audited).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { jobsOf } from "../src/db/jobs.queries.js";
import { followUpReminderAt } from "../src/domain/coaching.js";
import { createApp } from "../src/http/app.js";
import { recordCoaching } from "../src/services/coaching.service.js";
import type { Ctx } from "../src/services/context.js";
import { JOB_HANDLERS } from "../src/services/jobs.service.js";
import { runDueJobs } from "../src/services/jobs.worker.js";
import { planSuggestions } from "../src/services/plans.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let orgId: string;
const P: Record<string, TestPerson> = {};
const as = (p: TestPerson) => caller(app, p);

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  orgId = (await makeOrg(h.db, "coach")).id;
  P.m = await makePerson(h.db, orgId, { email: "m@c.test", role: "manager", team: "East" });
  P.a = await makePerson(h.db, orgId, {
    email: "a@c.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
  P.b = await makePerson(h.db, orgId, {
    email: "b@c.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
  P.w = await makePerson(h.db, orgId, { email: "w@c.test", role: "salesperson", team: "West" });
});

afterAll(async () => {
  await h.close();
});

describe("coaching and recognition", () => {
  it("a coaching session is the coach's coaching time; the person cannot record their own", async () => {
    const r = await as(P.m)("POST", "/coaching", {
      personId: P.a.id,
      kind: "role_play",
      step: "qualification",
      heldOn: "2026-11-03",
      minutes: 45,
      notes: "Disqualify earlier",
      followUpOn: "2026-11-10",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: "role_play", step: "qualification", minutes: 45, personName: "a" });
    const ts = await as(P.m)("GET", "/timesheet?from=2026-11-02&to=2026-11-08");
    expect(ts.body.minutes.coaching).toBe(45);
    expect(
      (
        await as(P.a)("POST", "/coaching", {
          personId: P.a.id,
          kind: "role_play",
          heldOn: "2026-11-03",
          minutes: 5,
        })
      ).status,
    ).toBe(403);
    const bad = await as(P.m)("POST", "/coaching", {
      personId: P.a.id,
      kind: "role_play",
      heldOn: "2026-11-03",
      minutes: 5,
      followUpOn: "2026-11-01",
    });
    expect(bad.body.error.details[0].path).toBe("followUpOn");
    expect((await as(P.a)("GET", "/coaching")).body.map((c: any) => c.notes)).toEqual(["Disqualify earlier"]);
    expect((await as(P.b)("GET", "/coaching")).body).toEqual([]);
  });

  it("recognition reaches the person's inbox and the team feed, not another team's", async () => {
    const r = await as(P.m)("POST", "/recognitions", {
      personId: P.a.id,
      achievement: "First six-figure deal",
      note: "Great qualification",
    });
    expect(r.status).toBe(201);
    const deal = await as(P.b)("POST", "/deals", { name: "Big one", value: 5000, step: "closing" });
    expect((await as(P.b)("POST", `/deals/${deal.body.id}/win`, {})).status).toBe(200);
    const teammate = (await as(P.b)("GET", "/team-feed")).body.map((x: any) => [
      x.kind,
      x.personName,
      x.text,
    ]);
    expect(teammate).toContainEqual(["recognition", "a", "First six-figure deal — Great qualification"]);
    expect(teammate).toContainEqual(["win", "b", "Won Big one"]);
    expect((await as(P.w)("GET", "/team-feed")).body).toEqual([]);
    expect((await as(P.a)("GET", "/inbox")).body.map((x: any) => x.title)).toContain(
      "m recognised you: First six-figure deal",
    );
  });
});

describe("coaching follow-ups", () => {
  const ctxOf = (p: TestPerson): Ctx => ({
    db: h.db,
    actor: { orgId, personId: p.id, email: p.email, name: "m", role: p.role, scope: "write", via: "token" },
  });
  const run = (at: string) => runDueJobs(h.db, new Date(at), { handlers: JOB_HANDLERS });
  const followUps = async (p: TestPerson) =>
    ((await as(p)("GET", "/inbox")).body as { kind: string; title: string; link: string }[]).filter(
      (x) => x.kind === "coaching.follow_up",
    );

  it("remind the coach on the follow-up day, once, with a link to the person; a day gone gets none", async () => {
    const now = new Date("2026-12-02T15:00:00Z"); // the organisation's zone is UTC
    const s = await recordCoaching(
      ctxOf(P.m),
      {
        personId: P.b.id,
        kind: "joint_call",
        step: "closing",
        heldOn: "2026-12-02",
        minutes: 60,
        followUpOn: "2026-12-09",
      },
      now,
    );
    // held before, its follow-up day already gone: nothing to remind
    await recordCoaching(
      ctxOf(P.m),
      { personId: P.b.id, kind: "role_play", heldOn: "2026-11-20", minutes: 30, followUpOn: "2026-12-01" },
      now,
    );
    const jobs = await jobsOf(h.db, orgId, "coaching.follow_up");
    expect(jobs.map((j) => [j.key, new Date(j.runAt).toISOString()])).toEqual([
      [`coaching.follow_up:${s.id}`, "2026-12-09T00:00:00.000Z"],
    ]);
    expect((await run("2026-12-08T23:59:59Z")).claimed).toBe(0);
    expect(await followUps(P.m)).toEqual([]);
    expect((await run("2026-12-09T00:00:01Z")).done).toBe(1);
    const got = await followUps(P.m);
    expect(got.map((x) => [x.title, x.link])).toEqual([
      ["Follow up today with b on Closing: joint call on 2026-12-02", `/people/${P.b.id}`],
    ]);
    // the person coached is not the one reminded; the job ran once
    expect(await followUps(P.b)).toEqual([]);
    expect((await run("2026-12-10T00:00:00Z")).claimed).toBe(0);
    expect(await followUps(P.m)).toHaveLength(1);
  });

  it("fall due at the start of the day in the organisation's zone, at once on the day itself", () => {
    const NY = "America/New_York"; // UTC−5 in December
    const at = (day: string, now: string) =>
      followUpReminderAt(day, NY, new Date(now))?.toISOString() ?? null;
    expect(at("2026-12-10", "2026-12-02T12:00:00Z")).toBe("2026-12-10T05:00:00.000Z");
    expect(at("2026-12-02", "2026-12-02T12:00:00Z")).toBe("2026-12-02T12:00:00.000Z"); // 07:00 there: now
    expect(at("2026-12-01", "2026-12-02T12:00:00Z")).toBeNull();
    // 03:00 UTC is still 22:00 on Dec 1 in New York: Dec 1 is today there, Nov 30 is gone
    expect(at("2026-12-01", "2026-12-02T03:00:00Z")).toBe("2026-12-02T03:00:00.000Z");
    expect(at("2026-11-30", "2026-12-02T03:00:00Z")).toBeNull();
    expect(at("2026-12-02", "2026-12-02T03:00:00Z")).toBe("2026-12-02T05:00:00.000Z");
  });
});

describe("performance plans", () => {
  it("suggested after two quarters in Q4; acknowledged by the person; closed with an outcome; audited", async () => {
    const m = as(P.m);
    // A has quotas in Q2 and Q3 and no deals: effortIndex 0 and resultsIndex 0 → Q4 twice. B only in Q3 → Q4 once.
    for (const [p, period] of [
      [P.a, "2026-Q2"],
      [P.a, "2026-Q3"],
      [P.b, "2026-Q3"],
    ] as const) {
      expect((await m("PUT", "/quotas", { personId: p.id, period, amount: 50_000 })).status).toBe(200);
    }
    const ctx: Ctx = {
      db: h.db,
      actor: {
        orgId,
        personId: P.m.id,
        email: P.m.email,
        name: "M",
        role: "manager",
        scope: "write",
        via: "token",
      },
    };
    const sugg = await planSuggestions(ctx, new Date("2026-10-15T00:00:00Z"));
    expect(sugg).toEqual([{ email: "a@c.test", name: "a", quarters: ["2026-Q2", "2026-Q3"] }]);

    const made = await m("POST", "/performance-plans", {
      personId: P.a.id,
      targets: "Agreed plan efforts every week: 20 prospecting entries",
      consequences: "Below 80 % of the plan by the end date: we part ways",
      startsOn: "2026-10-19",
      endsOn: "2026-12-18",
    });
    expect(made.status).toBe(201);
    const id = made.body.id;
    expect((await m("POST", `/performance-plans/${id}/acknowledge`)).status).toBe(403);
    expect((await as(P.b)("GET", `/performance-plans/${id}`)).status).toBe(404);
    const ack = await as(P.a)("POST", `/performance-plans/${id}/acknowledge`);
    expect(ack.body.status).toBe("acknowledged");
    expect((await as(P.a)("POST", `/performance-plans/${id}/close`, { outcome: "met" })).status).toBe(403);
    const closed = await m("POST", `/performance-plans/${id}/close`, {
      outcome: "met",
      note: "Back on plan",
    });
    expect(closed.body).toMatchObject({ status: "closed", outcome: "met", outcomeNote: "Back on plan" });
    const audit = (await h.db.execute(
      `select action from audit_log where entity = 'performance_plan' and entity_id = '${id}' order by id`,
    )) as unknown as { rows: { action: string }[] };
    expect(audit.rows.map((r) => r.action)).toEqual(["create", "acknowledge", "close"]);
    expect((await as(P.a)("GET", "/performance-plans")).body.map((p: any) => p.id)).toEqual([id]);
  });
});
