/**
 * Coaching (counts as the coach's coaching time), recognition and the team
 * feed (visible to the team, not to another team), and performance plans
 * (suggested after two quarters in Q4; acknowledged by the person; closed with
 * an outcome; every change audited).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import type { Ctx } from "../src/services/context.js";
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
