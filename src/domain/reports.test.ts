import { describe, expect, it } from "vitest";
import { deal } from "../../test/helpers/deals.js";
import { periodRange } from "./periods.js";
import { perStep } from "./perstep.js";
import {
  computeMetrics,
  forecastReport,
  funnelReport,
  type MetricsFacts,
  managerTimeReport,
  type PersonFacts,
  planReport,
  quadReport,
  scorecardReport,
  teamReport,
} from "./reports.js";
import { DEFAULT_SETTINGS } from "./settings.js";

const D = (s: string) => new Date(s);
const person = (
  id: string,
  role: PersonFacts["role"],
  team: string | null,
  managerId: string | null = null,
) => ({
  id,
  email: `${id}@x.test`,
  name: id.toUpperCase(),
  role,
  team,
  managerId,
});
const noActs = { num: 0, den: 0 };
const stats = (num: number, den: number) => ({
  doneByStep: perStep(() => 0),
  timeliness: { num, den },
});

function facts(over: Partial<MetricsFacts>): MetricsFacts {
  return {
    timeZone: "UTC",
    settings: DEFAULT_SETTINGS,
    people: [],
    deals: [],
    quotas: new Map(),
    activities: new Map(),
    dealsWithNextStep: new Set(),
    ...over,
  };
}

describe("no history → priors", () => {
  const f = facts({ people: [person("s3", "salesperson", "Solo")], quotas: new Map([["s3", 25_000]]) });
  const m = () =>
    computeMetrics(f, { period: periodRange("2026-Q3", "UTC"), asOf: D("2026-08-15T00:00:00Z") });

  it("refuses a period placed in another zone than the facts' (it would shift every boundary)", () => {
    expect(() =>
      computeMetrics(f, { period: periodRange("2026-Q3", "Europe/Paris"), asOf: D("2026-08-15T00:00:00Z") }),
    ).toThrow("period 2026-Q3 is placed in Europe/Paris, the facts in UTC");
  });

  it("plan from the default rates and deal size", () => {
    // wins = ceil(25000/10000) = 3; need6 = 6, need5 = 10, need4 = ceil(14.29) = 15,
    // need3 = 25, need2 = ceil(83.3) = 84, need1 = ceil(93.3) = 94; weeks = 92/7
    const p = planReport(m());
    expect(p.people).toHaveLength(1);
    const x = p.people[0];
    expect(x).toMatchObject({ email: "s3@x.test", quota: 25_000, avgDealSize: 10_000, wins: 3 });
    expect(x.need).toEqual({
      lead: 94,
      prospecting: 84,
      qualification: 25,
      needs_analysis: 15,
      presenting: 10,
      closing: 6,
    });
    expect(x.perWeek.lead).toBeCloseTo(94 / (92 / 7), 12);
    expect(x.activities).toBeNull();
  });

  it("scorecard: default rates, nothing done, usage all null", () => {
    const s = scorecardReport(m()).people[0];
    expect(s.rates).toEqual({
      lead: 0.9,
      prospecting: 0.3,
      qualification: 0.6,
      needs_analysis: 0.7,
      presenting: 0.6,
      closing: 0.5,
    });
    expect(s.avgDealSize).toBe(10_000);
    // entered 0 everywhere with elapsed > 0 → attainment 0 → effortIndex 0; results 0 → Q4
    expect(s.effortIndex).toBe(0);
    expect(s.resultsIndex).toBe(0);
    expect(s.quadrant).toBe("Q4");
    expect(s.coachingFocus).toBeNull();
    expect([s.nextStepCoverage, s.processCompliance, s.loggingTimeliness, s.usageScore]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("a small team, asOf after the period's end", () => {
  const asOf = D("2026-10-15T00:00:00Z");
  const won = deal(
    [
      [1, D("2026-07-02T00:00:00Z")],
      [2, D("2026-07-03T00:00:00Z")],
      [3, D("2026-07-05T00:00:00Z")],
      [4, D("2026-07-10T00:00:00Z")],
      [5, D("2026-07-15T00:00:00Z")],
      [6, D("2026-07-20T00:00:00Z")],
    ],
    { id: "W1", ownerId: "s1", value: 5000, status: "won", closedAt: D("2026-08-01T00:00:00Z") },
  );
  const open = deal(
    [
      [1, D("2026-07-02T00:00:00Z")],
      [2, D("2026-07-04T00:00:00Z")],
    ],
    { id: "O1", ownerId: "s1", value: 8000, expectedClose: "2026-09-20" },
  );
  const mgrDeal = deal([], {
    id: "M1",
    ownerId: "m",
    value: 1000,
    createdAt: D("2026-08-01T00:00:00Z"),
    status: "won",
    closedAt: D("2026-08-10T00:00:00Z"),
  });
  const f = facts({
    people: [
      person("m", "manager", "T"),
      person("s1", "salesperson", "T", "m"),
      person("s2", "salesperson", "T", "m"),
      person("o1", "salesperson", "Other"),
    ],
    deals: [won, open, mgrDeal],
    quotas: new Map([
      ["s1", 20_000],
      ["s2", 0],
    ]),
    activities: new Map([
      ["s1", { atAsOf: stats(3, 4), atPeriodStart: stats(0, 0), activeCustomers: noActs }],
    ]),
    dealsWithNextStep: new Set(["O1"]),
    timeEntries: [
      { personId: "m", date: "2026-07-10", category: "selling", minutes: 60 },
      { personId: "m", date: "2026-08-01", category: "coaching", minutes: 120 },
      { personId: "m", date: "2026-09-30", category: "admin", minutes: 60 },
      { personId: "m", date: "2026-10-01", category: "selling", minutes: 500 },
    ],
    lastReviewAt: new Map([
      ["s1", D("2026-10-12T00:00:00Z")],
      ["s2", D("2026-10-05T00:00:00Z")],
    ]),
  });
  const m = () => computeMetrics(f, { period: periodRange("2026-Q3", "UTC"), asOf, team: "T" });

  it("scorecard of s1", () => {
    const s = scorecardReport(m()).people.find((p) => p.email === "s1@x.test")!;
    expect(scorecardReport(m()).asOf).toBe("2026-10-15T00:00:00Z");
    // plan at the period's start: no history → defaults; Q 20000 → wins 2;
    // need6 = 4, need5 = ceil(6.67) = 7, need4 = ceil(7/0.7 = 10) = 10, need3 = ceil(16.7) = 17,
    // need2 = ceil(56.7) = 57, need1 = ceil(63.3) = 64
    expect(s.plan).toEqual({
      lead: 64,
      prospecting: 57,
      qualification: 17,
      needs_analysis: 10,
      presenting: 7,
      closing: 4,
    });
    expect(s.entered).toEqual({
      lead: 2,
      prospecting: 2,
      qualification: 1,
      needs_analysis: 1,
      presenting: 1,
      closing: 1,
    });
    // elapsed = 1 → attainment = entered / plan
    expect(s.attainment?.lead).toBeCloseTo(2 / 64, 12);
    expect(s.effortIndex).toBeCloseTo((2 / 64 + 2 / 57 + 1 / 17 + 1 / 10 + 1 / 7 + 1 / 4) / 6, 12);
    // after the period's end no open deal counts: 5000 / 20000
    expect(s.wonRevenue).toBe(5000);
    expect(s.pipelineExpected).toBe(0);
    expect(s.resultsIndex).toBe(0.25);
    expect(s.quadrant).toBe("Q4");
    // rates as of asOf: every resolved deal advanced, team (s1 + s2) raw rate 1 → (a + 5·1)/(a + 5) = 1
    expect(Object.values(s.rates)).toEqual([1, 1, 1, 1, 1, 1]);
    // deal size: own 5000/1, team avg 5000 → (5000 + 5·5000)/(1 + 5) = 5000
    expect(s.avgDealSize).toBe(5000);
    // usage: coverage 1/1 (O1 has a next step), compliance 2/2, timeliness 3/4
    expect(s.nextStepCoverage).toBe(1);
    expect(s.processCompliance).toBe(1);
    expect(s.loggingTimeliness).toBe(0.75);
    // (1 + 1 + 0.75) / 3
    expect(s.usageScore).toBeCloseTo(2.75 / 3, 12);
  });

  it("zero quota → no plan and null indexes", () => {
    const s = scorecardReport(m()).people.find((p) => p.email === "s2@x.test")!;
    expect(s).toMatchObject({
      quota: 0,
      plan: null,
      agreedPlan: null,
      attainment: null,
      effortIndex: null,
      resultsIndex: null,
      quadrant: null,
      usageScore: null,
    });
    expect(planReport(m()).people.map((p) => p.email)).toEqual(["s1@x.test"]);
    expect(quadReport(m()).people).toEqual([
      { email: "s1@x.test", effortIndex: expect.any(Number), resultsIndex: 0.25, quadrant: "Q4" },
      { email: "s2@x.test", effortIndex: null, resultsIndex: null, quadrant: null },
    ]);
  });

  it("team, forecast and funnel are limited to the team", () => {
    // n = 2: top ceil(0.4) = 1 → 5000 / 5000; red = round(2/3) = 1
    expect(teamReport(m())).toEqual({
      period: "2026-Q3",
      asOf: "2026-10-15T00:00:00Z",
      paretoShare: 1,
      groups: { red: ["s1@x.test"], white: [], blue: ["s2@x.test"] },
    });
    expect(forecastReport(m()).people[0]).toEqual({
      email: "s1@x.test",
      quota: 20_000,
      wonRevenue: 5000,
      pipelineExpected: 0,
      projected: 5000,
    });
    const fr = funnelReport(m());
    // period cohort: step 1: W1, O1 entered and both advanced; step 2: W1 advanced, O1 still open
    expect(fr.team.lead).toEqual({ entered: 2, advanced: 2, exited: 0, rate: 1 });
    expect(fr.team.prospecting).toEqual({ entered: 2, advanced: 1, exited: 0, rate: 1 });
    expect(fr.people.map((p) => p.email)).toEqual(["s1@x.test", "s2@x.test"]);
    expect(fr.people[1].steps.lead).toEqual({ entered: 0, advanced: 0, exited: 0, rate: null });
  });

  it("manager-time", () => {
    const r = managerTimeReport(m());
    expect(r.managers).toEqual([
      {
        email: "m@x.test",
        directReports: 2,
        minutes: { selling: 60, accountability: 0, coaching: 120, motivating: 0, recruiting: 0, admin: 60 },
        // (240 − 60) / 240
        managingShare: 0.75,
        // 1000 / (1000 + 5000 + 0)
        managerRevenueShare: 1000 / 6000,
        // s1 reviewed 3 days ago, s2 10 days ago → 1 of 2
        reviewCompliance: 0.5,
      },
    ]);
  });
});
