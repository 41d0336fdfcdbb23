/**
 * Selling through the API: correcting a mistaken step move (audited, the history
 * kept, the reports counting only the rows in force), the board's filters, paging
 * and days-in-step against the owner's usual time, and My week.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let orgId: string;
let rep: TestPerson;
let manager: TestPerson;
let call: ReturnType<typeof caller>;
let boss: ReturnType<typeof caller>;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  h = await createTestDb();
  const { app } = createApp({ db: h.db });
  const org = await makeOrg(h.db, "selling");
  orgId = org.id;
  manager = await makePerson(h.db, org.id, { email: "boss@s.test", role: "manager", name: "Bo Boss" });
  rep = await makePerson(h.db, org.id, {
    email: "rep@s.test",
    role: "salesperson",
    name: "Ria Rep",
    managerId: manager.id,
    team: "East",
  });
  call = caller(app, rep);
  boss = caller(app, manager);
});
afterAll(async () => {
  await h.close();
});

const minima = (dealId: string) =>
  one<Record<string, string | null>>(
    h.db,
    sql`select to_char(m3 at time zone 'UTC', 'MM-DD') as m3, to_char(m4 at time zone 'UTC', 'MM-DD') as m4,
               to_char(m5 at time zone 'UTC', 'MM-DD') as m5
        from deal_step_minima where org_id = ${orgId} and deal_id = ${dealId}`,
  );

describe("correcting a mistaken move", () => {
  it("keeps the mistake in the history, marked, and the reports stop counting it", async () => {
    const d = (await call("POST", "/deals", { name: "Oops", value: 1000, createdAt: "2026-03-01T09:00:00Z" }))
      .body;
    await call("POST", `/deals/${d.id}/move`, { step: 2, at: "2026-03-02T09:00:00Z" });
    await call("POST", `/deals/${d.id}/move`, { step: 5, at: "2026-03-10T09:00:00Z" });
    expect(
      (await boss("PUT", "/quotas", { personId: rep.id, period: "2026-Q1", amount: 50_000 })).status,
    ).toBe(200);
    const plan = async () =>
      (await call("GET", "/metrics/plan?period=2026-Q1&asOf=2026-03-20T00:00:00Z")).body.people[0].entered;
    // Before: the jump to presenting reached qualification, needs analysis and presenting on 03-10.
    expect(await plan()).toMatchObject({ qualification: 1, needs_analysis: 1, presenting: 1 });
    expect(await minima(d.id)).toEqual({ m3: "03-10", m4: "03-10", m5: "03-10" });

    const r = await call("POST", `/deals/${d.id}/correct-step`, {
      step: "qualification",
      reason: "wrong card",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ currentStep: 3, stepEnteredAt: "2026-03-10T09:00:00.000Z" });

    const hist = (await call("GET", `/deals/${d.id}/steps`)).body;
    expect(
      hist.map((x: any) => [x.step, x.enteredAt.slice(0, 10), x.skipped, x.correction?.reason ?? null]),
    ).toEqual([
      ["lead", "2026-03-01", [], null],
      ["prospecting", "2026-03-02", [], null],
      ["presenting", "2026-03-10", ["qualification", "needs_analysis"], "wrong card"],
      ["qualification", "2026-03-10", [], null],
    ]);
    expect(hist[2].correction).toMatchObject({ toStep: "qualification", byName: "Ria Rep" });
    expect(hist[3].replaces).toBe(hist[2].id);
    expect(hist[3].recordedByName).toBe("Ria Rep");
    // After: only qualification was reached on 03-10 (by hand: 1, 0, 0).
    expect(await plan()).toMatchObject({ qualification: 1, needs_analysis: 0, presenting: 0 });
    expect(await minima(d.id)).toEqual({ m3: "03-10", m4: null, m5: null });
    const audit = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${d.id} and action = 'correct_step'`,
    );
    expect(audit?.n).toBe(1);
    // The next move counts from the corrected step: 3 → 5 skips only needs analysis.
    const next = await call("POST", `/deals/${d.id}/move`, { step: 5 });
    expect(next.status).toBe(200);
    expect((await call("GET", `/deals/${d.id}/steps`)).body.at(-1).skipped).toEqual(["needs_analysis"]);
  });

  it("corrects a deal created at the wrong step", async () => {
    const d = (await call("POST", "/deals", { name: "Wrong start", value: 10, step: 4 })).body;
    const r = await call("POST", `/deals/${d.id}/correct-step`, { step: 2, reason: "typo" });
    expect(r.status).toBe(200);
    expect(r.body.currentStep).toBe(2);
    const hist = (await call("GET", `/deals/${d.id}/steps`)).body;
    expect(hist.map((x: any) => [x.step, x.skipped, x.correction === null])).toEqual([
      ["needs_analysis", ["lead", "prospecting", "qualification"], false],
      ["prospecting", ["lead"], true],
    ]);
  });

  it("refuses what it cannot do, naming the field, and changes nothing", async () => {
    const d = (await call("POST", "/deals", { name: "Strict", value: 10, step: 2 })).body;
    await call("POST", `/deals/${d.id}/move`, { step: 4 });
    const same = await call("POST", `/deals/${d.id}/correct-step`, { step: 4, reason: "x" });
    expect([same.status, same.body.error.details[0].path]).toEqual([400, "step"]);
    const below = await call("POST", `/deals/${d.id}/correct-step`, { step: 1, reason: "x" });
    expect([below.status, below.body.error.details[0].path]).toEqual([400, "step"]);
    const noReason = await call("POST", `/deals/${d.id}/correct-step`, { step: 3 });
    expect([noReason.status, noReason.body.error.details[0].path]).toEqual([400, "reason"]);
    const seven = await call("POST", `/deals/${d.id}/correct-step`, { step: 7, reason: "x" });
    expect([seven.status, seven.body.error.details[0].path]).toEqual([400, "step"]);
    expect((await call("GET", `/deals/${d.id}`)).body.currentStep).toBe(4);
    expect((await call("GET", `/deals/${d.id}/steps`)).body.every((x: any) => x.correction === null)).toBe(
      true,
    );
    await call("POST", `/deals/${d.id}/win`, {});
    const closed = await call("POST", `/deals/${d.id}/correct-step`, { step: 3, reason: "x" });
    expect(closed.status).toBe(409);
  });

  it("a backdated move back that fills a skipped step's real date is recorded", async () => {
    const d = (await call("POST", "/deals", { name: "Fill", value: 10, createdAt: "2026-03-01T09:00:00Z" }))
      .body;
    await call("POST", `/deals/${d.id}/move`, { step: 5, at: "2026-03-10T09:00:00Z" });
    const fill = await call("POST", `/deals/${d.id}/move`, { step: 3, at: "2026-03-05T09:00:00Z" });
    expect(fill.status).toBe(200);
    expect(fill.body.currentStep).toBe(5);
    // The same step again, later than it was reached: nothing to record.
    const late = await call("POST", `/deals/${d.id}/move`, { step: 3, at: "2026-03-06T09:00:00Z" });
    expect(late.status).toBe(409);
  });
});

describe("the board", () => {
  let org2: string;
  let r: ReturnType<typeof caller>;
  let m: ReturnType<typeof caller>;
  const now = Date.now();
  beforeAll(async () => {
    const { app } = createApp({ db: h.db });
    const o = await makeOrg(h.db, "board2");
    org2 = o.id;
    const mgr = await makePerson(h.db, o.id, { email: "m@b.test", role: "manager", name: "Max" });
    const a = await makePerson(h.db, o.id, {
      email: "a@b.test",
      role: "salesperson",
      name: "Ann",
      managerId: mgr.id,
      team: "North",
    });
    const b = await makePerson(h.db, o.id, {
      email: "b@b.test",
      role: "salesperson",
      name: "Ben",
      managerId: mgr.id,
      team: "South",
    });
    r = caller(app, a);
    m = caller(app, mgr);
    const ben = caller(app, b);
    const acc = (await r("POST", "/accounts", { name: "Zenith Ltd" })).body;
    // History for Ann's usual time in prospecting: reached 2 at now-30d, 3 at now-20d → 10 days.
    const hist = (await r("POST", "/deals", { name: "History", value: 1, createdAt: iso(now - 40 * DAY) }))
      .body;
    await r("POST", `/deals/${hist.id}/move`, { step: 2, at: iso(now - 30 * DAY) });
    await r("POST", `/deals/${hist.id}/move`, { step: 3, at: iso(now - 20 * DAY) });
    await r("POST", `/deals/${hist.id}/lose`, { reason: "gone" });
    const mk = (c: typeof r, name: string, value: number, days: number, extra = {}) =>
      c("POST", "/deals", { name, value, step: 2, createdAt: iso(now - days * DAY - DAY / 2), ...extra });
    await mk(r, "Slow one", 300, 12, { accountId: acc.id, leadSource: "referral" });
    const quick = (await mk(r, "Quick one", 200, 3, { leadSource: "event" })).body;
    await mk(ben, "Bens deal", 100, 5, { leadSource: "referral" });
    // Quick one has a next step scheduled tomorrow.
    await r("POST", "/activities", { kind: "call", step: 2, dealId: quick.id, scheduledFor: iso(now + DAY) });
  });

  const prospecting = (b: any) => b.steps.find((s: any) => s.step === "prospecting");

  it("marks days in step against the owner's usual time and flags no next step", async () => {
    const col = prospecting((await m("GET", "/board")).body);
    expect(col.deals.map((d: any) => d.name)).toEqual(["Slow one", "Quick one", "Bens deal"]);
    const [slow, quick, ben] = col.deals;
    expect(slow).toMatchObject({
      daysInStep: 12,
      usualDaysInStep: 10,
      overdueInStep: true,
      noNextStep: true,
    });
    expect(quick).toMatchObject({
      daysInStep: 3,
      usualDaysInStep: 10,
      overdueInStep: false,
      noNextStep: false,
    });
    // Ben has no history in the step: nothing to compare with.
    expect(ben).toMatchObject({ usualDaysInStep: null, overdueInStep: false, ownerName: "Ben" });
  });

  it("filters by team, lead source, no next step and search, with counts and totals to match", async () => {
    const get = async (q: string) => prospecting((await m("GET", `/board?${q}`)).body);
    const names = (c: any) => c.deals.map((d: any) => d.name);
    expect(names(await get("team=South"))).toEqual(["Bens deal"]);
    const ref = await get("leadSource=referral");
    expect([names(ref), ref.count, ref.total]).toEqual([["Slow one", "Bens deal"], 2, 400]);
    expect(names(await get("noNextStep=true"))).toEqual(["Slow one", "Bens deal"]);
    expect(names(await get("q=zenith"))).toEqual(["Slow one"]);
    expect(names(await get("q=ben"))).toEqual(["Bens deal"]);
    expect(names(await get("team=North&noNextStep=true"))).toEqual(["Slow one"]);
    const none = await m("GET", "/board?team=Nowhere");
    expect(prospecting(none.body).count).toBe(0);
  });

  it("pages every deal of a column", async () => {
    const first = prospecting((await m("GET", "/board?limit=2")).body);
    expect([first.count, first.deals.length]).toEqual([3, 2]);
    const more = await m("GET", "/board/steps/prospecting?offset=2&limit=2");
    expect(more.status).toBe(200);
    expect(more.body.deals.map((d: any) => d.name)).toEqual(["Bens deal"]);
    const byNumber = await m("GET", "/board/steps/2?offset=0&limit=1&leadSource=event");
    expect(byNumber.body.deals.map((d: any) => d.name)).toEqual(["Quick one"]);
    // Ann sees only her own.
    const mine = await r("GET", "/board/steps/prospecting");
    expect(mine.body.deals.map((d: any) => d.name)).toEqual(["Slow one", "Quick one"]);
    void org2;
  });
});

describe("My week", () => {
  it("lists what is due, what has no next step, pacing and usage — the person's own", async () => {
    const { app } = createApp({ db: h.db });
    const o = await makeOrg(h.db, "week");
    const mgr = await makePerson(h.db, o.id, { email: "m@w.test", role: "manager" });
    const me = await makePerson(h.db, o.id, {
      email: "me@w.test",
      role: "salesperson",
      managerId: mgr.id,
      team: "W",
    });
    const c = caller(app, me);
    const now = Date.now();
    const startOfToday = Math.floor(now / DAY) * DAY; // the organisation's zone is UTC
    const period = `${new Date(now).getUTCFullYear()}-Q${Math.floor(new Date(now).getUTCMonth() / 3) + 1}`;
    await caller(app, mgr)("PUT", "/quotas", { personId: me.id, period, amount: 100_000 });
    const a = (await c("POST", "/deals", { name: "Alpha", value: 5000, step: 3 })).body;
    const b = (await c("POST", "/deals", { name: "Beta", value: 9000, step: 2 })).body;
    await c("POST", "/deals", { name: "Gamma", value: 1000, step: 1 });
    const cust = (await c("POST", "/contacts", { email: "cu@w.test", name: "Cus Tomer", customer: true }))
      .body;
    await c("POST", "/contacts", { email: "lead@w.test", name: "Not a customer" });
    await c("POST", "/activities", {
      kind: "call",
      step: 3,
      dealId: a.id,
      scheduledFor: iso(startOfToday - DAY),
    });
    await c("POST", "/activities", { kind: "email", step: 2, dealId: b.id, scheduledFor: iso(startOfToday) });
    await c("POST", "/activities", {
      kind: "meeting",
      step: 2,
      dealId: b.id,
      scheduledFor: iso(now + 3 * DAY),
    });
    await c("POST", "/activities", {
      kind: "call",
      step: 7,
      contactId: cust.id,
      scheduledFor: iso(now - DAY),
      doneAt: iso(now - DAY),
    });
    // The manager's own week does not show the rep's things.
    expect((await caller(app, mgr)("GET", "/my-week")).body.activities).toEqual([]);

    const w = (await c("GET", "/my-week")).body;
    expect(w.period).toBe(period);
    expect(w.activities.map((x: any) => [x.kind, x.dealName, x.overdue])).toEqual([
      ["call", "Alpha", true],
      ["email", "Beta", false],
    ]);
    expect(w.noNextStep.deals.map((d: any) => d.name)).toEqual(["Alpha", "Gamma"]);
    expect(w.noNextStep.customers.map((x: any) => x.name)).toEqual(["Cus Tomer"]);
    // Pacing: entered this period by hand — lead 3 (all three reached it), prospecting 2, qualification 1.
    const entered = Object.fromEntries(w.pacing.steps.map((s: any) => [s.step, s.entered]));
    expect(entered).toMatchObject({ lead: 3, prospecting: 2, qualification: 1, needs_analysis: 0 });
    for (const s of w.pacing.steps) expect(s.dueByNow).toBeCloseTo(s.plan * w.pacing.elapsed, 6);
    // Next-step coverage: 3 open deals + 1 active customer; only Beta has a next step → 1/4.
    expect(w.usage.nextStepCoverage).toBeCloseTo(0.25, 6);
    // Logging timeliness: the one done activity, done a day ago, is logged now (within 48 h) → 1.
    expect(w.usage.loggingTimeliness).toBe(1);

    // This week: the period's 7-day week containing now. The quarter's start and length by hand.
    const d = new Date(now);
    const q0 = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    const q1 = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3, 1);
    const weekStart = q0 + Math.floor((now - q0) / (7 * DAY)) * 7 * DAY;
    expect(w.pacing.week.start).toBe(iso(weekStart));
    expect(w.pacing.week.end).toBe(iso(Math.min(weekStart + 7 * DAY, q1)));
    // Every deal above reached its steps just now, so this week holds them all.
    const week = Object.fromEntries(w.pacing.steps.map((s: any) => [s.step, s.thisWeek]));
    expect(week).toMatchObject({ lead: 3, prospecting: 2, qualification: 1, needs_analysis: 0 });
    // The plan per week is the plan over the quarter's weeks (days / 7), not rounded.
    for (const s of w.pacing.steps) expect(s.perWeek).toBeCloseTo((s.plan * 7 * DAY) / (q1 - q0), 9);
    // Where the person stands: no deal has an expected close date, nothing is won, so results
    // are 0 (resultsIndex = (won + pipelineExpected) / quota = 0 / 100,000); the place is the
    // one their manager's quad report gives.
    expect(w.quad.resultsIndex).toBe(0);
    const managersView = (await caller(app, mgr)("GET", `/metrics/quad?period=${period}`)).body.people;
    const row = managersView.find((p: any) => p.email === "me@w.test");
    // (Read a moment later: the elapsed share of the period, and so effortIndex, has moved a hair.)
    expect(w.quad.quadrant).toBe(row.quadrant);
    expect(w.quad.effortIndex).toBeCloseTo(row.effortIndex, 6);
    expect(["Q2", "Q4"]).toContain(w.quad.quadrant);
    // A deal opened 8 days ago is never in this week; it counts in the period if the period had begun.
    await c("POST", "/deals", { name: "Delta", value: 1000, createdAt: iso(now - 8 * DAY) });
    const w2 = (await c("GET", "/my-week")).body;
    const lead = w2.pacing.steps.find((s: any) => s.step === "lead");
    expect(lead.thisWeek).toBe(3);
    expect(lead.entered).toBe(now - 8 * DAY >= q0 ? 4 : 3);
  });
});

describe("records carry what a client shows", () => {
  it("deals and activities carry the owner's name; lists sort newest first on request, page by page", async () => {
    const { app } = createApp({ db: h.db });
    const o = await makeOrg(h.db, "records");
    const me = await makePerson(h.db, o.id, { email: "n@r.test", role: "salesperson", name: "Nia Name" });
    const c = caller(app, me);
    for (const [i, day] of ["01", "02", "03"].entries()) {
      await c("POST", "/deals", { name: `D${i + 1}`, value: 1, createdAt: `2026-05-${day}T00:00:00Z` });
    }
    const one = (await c("GET", "/deals?limit=1&sort=-createdAt")).body;
    expect(one.items.map((d: any) => [d.name, d.ownerName])).toEqual([["D3", "Nia Name"]]);
    const rest = (await c("GET", `/deals?limit=5&sort=-createdAt&cursor=${one.nextCursor}`)).body;
    expect(rest.items.map((d: any) => d.name)).toEqual(["D2", "D1"]);
    expect(rest.nextCursor).toBeNull();
    // The default stays oldest first.
    expect((await c("GET", "/deals")).body.items.map((d: any) => d.name)).toEqual(["D1", "D2", "D3"]);
    expect((await c("GET", `/deals/${one.items[0].id}`)).body.ownerName).toBe("Nia Name");
    const bad = await c("GET", "/deals?sort=value");
    expect([bad.status, bad.body.error.details[0].path]).toEqual([400, "sort"]);
  });
});

describe("logging in one form", () => {
  it("records the done activity, the move and the next step together, or nothing at all", async () => {
    const { app } = createApp({ db: h.db });
    const o = await makeOrg(h.db, "logform");
    const me = await makePerson(h.db, o.id, { email: "l@l.test", role: "salesperson" });
    const c = caller(app, me);
    const d = (await c("POST", "/deals", { name: "Logged", value: 10, step: 2 })).body;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const acts = async () => (await c("GET", `/activities?dealId=${d.id}`)).body.items;

    // Refused as a whole: moving back (409) after the done activity was accepted.
    const back = await c("POST", "/activities/log", {
      kind: "call",
      dealId: d.id,
      moveTo: 1,
      next: { kind: "email", scheduledFor: tomorrow },
    });
    expect(back.status).toBe(409);
    expect(await acts()).toEqual([]);
    // A next step in the past: 400 naming it, nothing written.
    const past = await c("POST", "/activities/log", {
      kind: "call",
      dealId: d.id,
      next: { kind: "email", scheduledFor: "2020-01-01T00:00:00Z" },
    });
    expect([past.status, past.body.error.details[0].path]).toEqual([400, "next.scheduledFor"]);
    expect(await acts()).toEqual([]);

    const ok = await c("POST", "/activities/log", {
      kind: "call",
      dealId: d.id,
      notes: "spoke",
      moveTo: "qualification",
      next: { kind: "meeting", scheduledFor: tomorrow, notes: "agenda" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.deal.currentStep).toBe(3);
    // The done call served step 2 (where the deal was); the meeting serves step 3.
    const all = (await acts()).map((a: any) => [a.kind, a.step, a.doneAt !== null, a.notes]);
    expect(all.sort()).toEqual([
      ["call", 2, true, "spoke"],
      ["meeting", 3, false, "agenda"],
    ]);
    // Without a deal, the step must be given.
    const noStep = await c("POST", "/activities/log", {
      kind: "call",
      contactId: (await c("POST", "/contacts", { email: "x@l.test", name: "X" })).body.id,
    });
    expect([noStep.status, noStep.body.error.details[0].path]).toEqual([400, "step"]);
  });
});
