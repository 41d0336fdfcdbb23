/**
 * The manager's time: the .ics import (a daily recurrence with a moved and an
 * excluded occurrence, a weekly one across the end of daylight saving, events
 * in two time zones dated in the organisation's zone) classified by the rules,
 * managingShare by hand; the weekly timesheet; and manager-time (API and
 * `stepwise report manager-time --json`) from the recorded time, reviews and wins.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCliDb } from "../src/cli/db.js";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { openReview } from "../src/services/reviews.service.js";
import { runCli } from "./helpers/cli.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

const ICS = readFileSync(new URL("./fixtures/calendars/manager-week.ics", import.meta.url), "utf8");

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let orgId: string;
const P: Record<string, TestPerson> = {};

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "timely", "America/New_York");
  orgId = org.id;
  P.m = await makePerson(h.db, orgId, { email: "m@t.test", role: "manager", team: "East" });
  P.a = await makePerson(h.db, orgId, {
    email: "a@t.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
  P.b = await makePerson(h.db, orgId, {
    email: "b@t.test",
    role: "salesperson",
    managerId: P.m.id,
    team: "East",
  });
  P.x = await makePerson(h.db, orgId, { email: "x@t.test", role: "manager" });
});

afterAll(async () => {
  setCliDb(undefined);
  await h.close();
});

describe(".ics import", () => {
  it("expands, dates and classifies each occurrence as the rules say; managingShare by hand", async () => {
    const m = caller(app, P.m);
    expect((await m("POST", "/time-rules", { keyword: "Interview", category: "recruiting" })).status).toBe(
      201,
    );
    const r = await m("POST", "/time-entries/import-ics", { ics: ICS, from: "2026-11-02", to: "2026-11-08" });
    expect(r.status).toBe(200);
    const got = r.body.events.map((e: any) => [e.date, e.title, e.minutes, e.category]);
    // Dates are New York local dates (the organisation's zone):
    // stand-up 15:00 Berlin (CET, +1) = 14:00 UTC = 09:00 New York (EST, −5) on Mon, Tue, Thu (Fri is an EXDATE);
    // Wed's stand-up moved to 16:00 Berlin as a 45-minute role-play with a report → coaching;
    // Acme 10:00 New York with an external attendee → selling, 90 min;
    // the pipeline review (weekly from 27 Oct, 10:00 New York) falls on Tue 3 Nov once in the window → accountability;
    // the interview (rule "interview") → recruiting; expenses 01:30 Berlin on 9 Nov = 19:30 New York on 8 Nov → admin.
    expect(got).toEqual([
      ["2026-11-02", "Team stand-up", 15, "accountability"],
      ["2026-11-03", "Team stand-up", 15, "accountability"],
      // Both at 10:00 New York: by UID (acme@… before pipeline@…).
      ["2026-11-03", "Acme renewal meeting", 90, "selling"],
      ["2026-11-03", "Pipeline review with Bo", 30, "accountability"],
      ["2026-11-04", "Role-play: price objections", 45, "coaching"],
      ["2026-11-05", "Team stand-up", 15, "accountability"],
      ["2026-11-05", "Interview: AE candidate", 60, "recruiting"],
      ["2026-11-08", "Expense reports", 30, "admin"],
    ]);
    // accountability 15+15+30+15 = 75, coaching 45, selling 90, recruiting 60, admin 30: total 300;
    // managingShare = (300 − 90) / 300 = 0.7.
    expect(r.body.minutes).toEqual({
      selling: 90,
      accountability: 75,
      coaching: 45,
      motivating: 0,
      recruiting: 60,
      admin: 30,
    });
    expect(r.body.managingShare).toBeCloseTo(0.7, 12);
    expect(r.body.added).toBe(8);
    // The same calendar again changes nothing.
    const again = await m("POST", "/time-entries/import-ics", {
      ics: ICS,
      from: "2026-11-02",
      to: "2026-11-08",
    });
    expect(again.body.added).toBe(0);
    const ts = await m("GET", "/timesheet?from=2026-10-26&to=2026-11-08");
    expect(ts.body.weeks.map((w: any) => [w.week, w.total])).toEqual([
      ["2026-10-26", 0],
      ["2026-11-02", 300],
    ]);
    expect(ts.body.managingShare).toBeCloseTo(0.7, 12);
    expect(ts.body.directReports).toBe(2);
    expect(ts.body.target).toBe(0.75);
  });

  it("bad input names the field and writes nothing", async () => {
    const m = caller(app, P.m);
    const bad = await m("POST", "/time-entries/import-ics", {
      ics: "not a calendar",
      from: "2026-11-02",
      to: "2026-11-08",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("ics");
    const range = await m("POST", "/time-entries/import-ics", {
      ics: ICS,
      from: "2026-11-09",
      to: "2026-11-08",
    });
    expect(range.body.error.details[0].path).toBe("from");
    const entry = await m("POST", "/time-entries", { date: "2026-11-02", category: "golf", minutes: 30 });
    expect(entry.status).toBe(400);
    expect(entry.body.error.details[0].path).toBe("category");
    expect((await m("GET", "/time-entries?from=2026-11-01&to=2026-11-30")).body.length).toBe(8);
  });

  it("time is read along the reporting line only", async () => {
    expect((await caller(app, P.a)("GET", `/timesheet?personId=${P.m.id}`)).status).toBe(404);
    expect((await caller(app, P.x)("GET", `/time-entries?personId=${P.m.id}`)).status).toBe(404);
  });
});

describe("manager-time from recorded time, reviews and wins", () => {
  it("API and CLI give minutes, managingShare, managerRevenueShare and reviewCompliance", async () => {
    const m = caller(app, P.m);
    const a = caller(app, P.a);
    const mine = await m("POST", "/deals", {
      name: "Own",
      value: 10_000,
      step: "closing",
      createdAt: "2026-10-01T12:00:00Z",
    });
    expect((await m("POST", `/deals/${mine.body.id}/win`, { at: "2026-11-04T15:00:00Z" })).status).toBe(200);
    const rep = await a("POST", "/deals", {
      name: "Rep's",
      value: 30_000,
      step: "closing",
      createdAt: "2026-10-01T12:00:00Z",
    });
    expect((await a("POST", `/deals/${rep.body.id}/win`, { at: "2026-11-04T15:00:00Z" })).status).toBe(200);
    await openReview(
      {
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
      },
      { personId: P.a.id, period: "2026-11" },
      new Date("2026-11-05T12:00:00Z"),
    );
    const asOf = "2026-11-08T23:00:00-05:00";
    // managerRevenueShare = 10,000 / (10,000 + 30,000) = 0.25;
    // reviewCompliance: A reviewed 5 Nov (3.7 days before asOf, cadence 7: not overdue), B never: 1 / 2 = 0.5.
    const expected = {
      email: "m@t.test",
      directReports: 2,
      minutes: { selling: 90, accountability: 75, coaching: 45, motivating: 0, recruiting: 60, admin: 30 },
      managingShare: 0.7,
      managerRevenueShare: 0.25,
      reviewCompliance: 0.5,
    };
    const api = await m("GET", `/metrics/manager-time?period=2026-11&asOf=${encodeURIComponent(asOf)}`);
    expect(api.status).toBe(200);
    expect(api.body.managers).toEqual([expected]);
    setCliDb(h);
    const cli = await runCli(
      "report",
      "manager-time",
      "--period",
      "2026-11",
      "--as-of",
      asOf,
      "--json",
      "--org",
      "timely",
    );
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json.managers.find((x: any) => x.email === "m@t.test")).toEqual(expected);
  });
});
