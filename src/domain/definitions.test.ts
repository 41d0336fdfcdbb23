/**
 * Table-driven tests that fill the gaps the audit of the domain tests against
 * metrics.md found (docs/metrics-tests.md maps every definition to its tests).
 * Every expected value is worked out by hand in the comments next to it.
 */
import { describe, expect, it } from "vitest";
import { deal, jan } from "../../test/helpers/deals.js";
import { commitmentCount, commitmentStatus, type MeasurableCommitment } from "./commitments.js";
import { expectedEntries, pipelineExpected } from "./efforts.js";
import { isReviewOverdue } from "./managers.js";
import { addDays, periodRange, startOfLocalDay, windowEndingAt } from "./periods.js";
import { perStep } from "./perstep.js";
import { funnelCounts, pWin } from "./rates.js";
import {
  activityFactsFromRows,
  computeMetrics,
  factsWindowStart,
  type MetricsFacts,
  managerTimeReport,
  type PersonFacts,
  scorecardReport,
} from "./reports.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { type DealFacts, type DealFlow, dealFlow } from "./stepflow.js";
import { paretoShare, type RankEntry, redWhiteBlue } from "./team.js";
import { type ActivityRow, activityStatsFromRows, processComplianceCounts } from "./usage.js";

const D = (s: string) => new Date(s);
const DEFAULT_RATES = { 1: 0.9, 2: 0.3, 3: 0.6, 4: 0.7, 5: 0.6, 6: 0.5 };

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

const flowsAt = (ds: DealFacts[], asOf: Date) =>
  ds.map((d) => dealFlow(d, asOf)).filter((f): f is DealFlow => f !== null);

/** reachedAt as day numbers of January (null: not reached), steps 1..7. */
const days = (reachedAt: (Date | null)[]) =>
  reachedAt.slice(1).map((d) => (d ? (d.getTime() - jan(0).getTime()) / 86_400_000 : null));

describe("step flow: ties and edges", () => {
  it.each([
    {
      name: "same-instant 1→2 is not a skip (equal times: lower step first)",
      d: deal([
        [2, jan(1)],
        [1, jan(1)],
      ]),
      asOf: jan(10),
      reached: [1, 1, null, null, null, null, null],
      implicit: [],
      current: 2,
      outcome: "open",
      exit: null,
    },
    {
      name: "back to 2, then a jump 3→5 from the furthest step reaches 4 implicitly then",
      d: deal([
        [1, jan(1)],
        [2, jan(2)],
        [3, jan(3)],
        [2, jan(4)],
        [5, jan(6)],
      ]),
      asOf: jan(10),
      reached: [1, 2, 3, 6, 6, null, null],
      implicit: [4],
      current: 5,
      outcome: "open",
      exit: null,
    },
    {
      name: "won with step 6 recorded: 7 at the close, no skip",
      d: deal(
        [
          [1, jan(1)],
          [2, jan(2)],
          [3, jan(3)],
          [4, jan(4)],
          [5, jan(5)],
          [6, jan(6)],
        ],
        { status: "won", closedAt: jan(8) },
      ),
      asOf: jan(10),
      reached: [1, 2, 3, 4, 5, 6, 8],
      implicit: [],
      current: 7,
      outcome: "won",
      exit: null,
    },
    {
      name: "disqualified after a skip 1→3 exits at its furthest step 3",
      d: deal(
        [
          [1, jan(1)],
          [3, jan(2)],
        ],
        { status: "disqualified", closedAt: jan(5) },
      ),
      asOf: jan(10),
      reached: [1, 2, 2, null, null, null, null],
      implicit: [2],
      current: 3,
      outcome: "disqualified",
      exit: 3,
    },
    {
      name: "a row and a close exactly at asOf exist (at or before asOf)",
      d: deal(
        [
          [1, jan(1)],
          [2, jan(10)],
        ],
        { status: "lost", closedAt: jan(10) },
      ),
      asOf: jan(10),
      reached: [1, 10, null, null, null, null, null],
      implicit: [],
      current: 2,
      outcome: "lost",
      exit: 2,
    },
    {
      name: "a row and a close 1 ms after asOf do not exist yet",
      d: deal(
        [
          [1, jan(1)],
          [2, new Date(jan(10).getTime() + 1)],
        ],
        { status: "lost", closedAt: new Date(jan(10).getTime() + 1) },
      ),
      asOf: jan(10),
      reached: [1, null, null, null, null, null, null],
      implicit: [],
      current: 1,
      outcome: "open",
      exit: null,
    },
  ])("$name", ({ d, asOf, reached, implicit, current, outcome, exit }) => {
    const f = dealFlow(d, asOf)!;
    expect(days(f.reachedAt)).toEqual(reached);
    expect([1, 2, 3, 4, 5, 6, 7].filter((s) => f.implicit[s])).toEqual(implicit);
    expect(f.currentStep).toBe(current);
    expect(f.outcome).toBe(outcome);
    expect(f.exitStep).toBe(exit);
  });
});

describe("raw rates: window boundaries, a skip, open deals left out", () => {
  const asOf = jan(30);
  const w = () => windowEndingAt(asOf, 20); // W = (Jan 10, Jan 30]: from exclusive, to inclusive
  // P: step 1 exactly at W.from (outside W), step 2 in W, lost at 2
  const P = deal(
    [
      [1, jan(10)],
      [2, jan(11)],
    ],
    { status: "lost", closedAt: jan(12) },
  );
  // Q: step 1 exactly at asOf (inside W), open
  const Q = deal([[1, jan(30)]]);
  // R: 1 → 3 (skip 2, reached implicitly Jan 12), lost at 3
  const R = deal(
    [
      [1, jan(11)],
      [3, jan(12)],
    ],
    { status: "lost", closedAt: jan(13) },
  );
  // S: 1 → 2, then won on Jan 20 with no rows for 3..6: 3..6 reached implicitly at the close
  const S = deal(
    [
      [1, jan(11)],
      [2, jan(12)],
    ],
    { status: "won", closedAt: jan(20) },
  );
  const f = () => funnelCounts(flowsAt([P, Q, R, S], asOf), w());

  it.each([
    // step 1: entered Q, R, S (P at W.from is outside); advanced R, S; Q open → left out: 2 / 2
    [1, { entered: 3, advanced: 2, exited: 0 }],
    // step 2: entered P (Jan 11), R (implicit, Jan 12), S (Jan 12); advanced R, S; P lost at 2: 2 / 3
    [2, { entered: 3, advanced: 2, exited: 1 }],
    // step 3: R (lost at 3), S (implicit, advanced): 1 / 2
    [3, { entered: 2, advanced: 1, exited: 1 }],
    // steps 4, 5: S only (implicit), advanced
    [4, { entered: 1, advanced: 1, exited: 0 }],
    [5, { entered: 1, advanced: 1, exited: 0 }],
    // step 6: S won
    [6, { entered: 1, advanced: 1, exited: 0 }],
  ] as const)("step %i", (s, counts) => {
    expect(f()[s]).toEqual(counts);
  });
});

describe("smoothed rates pooled over the team; a salesperson without a team is a team of one", () => {
  // asOf Aug 15; every deal below lies in the 365-day window.
  const t = (d: string) => D(`2026-08-${d}T00:00:00Z`);
  const advancedTo2 = (owner: string) =>
    deal(
      [
        [1, t("01")],
        [2, t("02")],
      ],
      { ownerId: owner },
    ); // advanced at 1, open at 2 (left out of step 2)
  const lostAt1 = (owner: string) =>
    deal([[1, t("01")]], { ownerId: owner, status: "lost", closedAt: t("03") });
  const m = () =>
    computeMetrics(
      facts({
        people: [
          person("solo", "salesperson", null),
          person("t1", "salesperson", "T"),
          person("t2", "salesperson", "T"),
        ],
        deals: [
          // solo and t1: 3 advanced, 1 exited at step 1
          ...["solo", "t1"].flatMap((o) => [advancedTo2(o), advancedTo2(o), advancedTo2(o), lostAt1(o)]),
          // t2: 4 exited at step 1
          lostAt1("t2"),
          lostAt1("t2"),
          lostAt1("t2"),
          lostAt1("t2"),
        ],
      }),
      { period: periodRange("2026-Q3", "UTC"), asOf: D("2026-08-15T00:00:00Z") },
    );
  const rates = (id: string) => m().people.find((x) => x.person.id === id)!.rates;

  it.each([
    // solo: team = self, 3 / 4 = 0.75 → (3 + 5·0.75) / (4 + 5) = 6.75 / 9 = 0.75
    ["solo", 1, 0.75],
    // step 2: nothing resolved anywhere → default 0.3 → (0 + 5·0.3) / 5 = 0.3
    ["solo", 2, 0.3],
    // t1: team T pooled = (3 + 0) / (4 + 4) = 0.375 → (3 + 5·0.375) / (4 + 5) = 4.875 / 9
    ["t1", 1, 4.875 / 9],
    // t2: (0 + 5·0.375) / (4 + 5) = 1.875 / 9
    ["t2", 1, 1.875 / 9],
    ["t2", 6, 0.5],
  ] as const)("%s, step %i", (id, s, want) => {
    expect(rates(id)[s]).toBeCloseTo(want, 12);
  });

  it("no wins → average deal size is defaultDealSize", () => {
    expect(m().people.map((x) => x.avgDealSize)).toEqual([10_000, 10_000, 10_000]);
  });
});

describe("plan as of the period's start, remaining plan and agreed plan mid-period", () => {
  // One salesperson p (team P alone), quota 20,000 for 2026-Q3 (UTC), asOf Aug 15.
  // Before the period: 4 deals enter step 1 on Jun 1; 2 advance to 2 (open), 2 are lost at 1.
  // In the period: 4 more enter step 1 on Jul 10 and are lost at 1 on Jul 11.
  const jun = (d: string) => D(`2026-06-${d}T00:00:00Z`);
  const jul = (d: string) => D(`2026-07-${d}T00:00:00Z`);
  const deals = [
    ...[0, 1].map(() =>
      deal(
        [
          [1, jun("01")],
          [2, jun("02")],
        ],
        { ownerId: "p" },
      ),
    ),
    ...[0, 1].map(() => deal([[1, jun("01")]], { ownerId: "p", status: "lost", closedAt: jun("03") })),
    ...[0, 1, 2, 3].map(() => deal([[1, jul("10")]], { ownerId: "p", status: "lost", closedAt: jul("11") })),
  ];
  const asOf = D("2026-08-15T00:00:00Z");
  const base = {
    people: [person("p", "salesperson", "P")],
    deals,
    quotas: new Map([["p", 20_000]]),
  };
  const m = () => computeMetrics(facts(base), { period: periodRange("2026-Q3", "UTC"), asOf });
  const x = () => m().people[0];
  // elapsed: Jul 1..Aug 14 = 31 + 14 = 45 whole days of 92

  it("the plan uses the rates as of the period's start (it does not drift)", () => {
    // at Jul 1: step 1 own 2 advanced / 2 exited, team = self → 0.5 → (2 + 2.5) / (4 + 5) = 0.5;
    // other steps: defaults; deal size: no win → 10,000. wins = ceil(20000 / 10000) = 2
    // need6 = 2 / 0.5 = 4; need5 = ceil(6.67) = 7; need4 = 7 / 0.7 = 10; need3 = ceil(16.67) = 17;
    // need2 = ceil(56.67) = 57; need1 = 57 / 0.5 = 114
    expect(x().plan?.need).toEqual({ 1: 114, 2: 57, 3: 17, 4: 10, 5: 7, 6: 4 });
    // as of Aug 15 step 1 is 2 / (2 + 6) = 0.25 → (2 + 5·0.25) / (8 + 5) = 3.25 / 13 = 0.25
    expect(x().rates[1]).toBeCloseTo(0.25, 12);
  });

  it("attainment and effortIndex against the computed plan", () => {
    // entered in the period by asOf: step 1: the 4 July deals; nothing else
    expect(x().entered).toEqual({ 1: 4, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 });
    // attainment(1) = 4 / (114 · 45/92) = 368 / 5130; steps 2..6: 0
    expect(x().attainment?.[1]).toBeCloseTo(368 / 5130, 12);
    expect(x().attainment?.[2]).toBe(0);
    expect(x().effortIndex).toBeCloseTo(368 / 5130 / 6, 12);
    // nothing won, no pipeline (the open deals have no expected close): 0 / 20000 → Q4
    expect(x().resultsIndex).toBe(0);
    expect(x().quadrant).toBe("Q4");
  });

  it("the remaining plan mid-period uses the rates as of asOf", () => {
    // remaining = max(0, 20000 − 0 − 0) = 20000; wins 2; steps 6..2 as above; need1 = 57 / 0.25 = 228
    expect(x().remainingPlan?.need).toEqual({ 1: 228, 2: 57, 3: 17, 4: 10, 5: 7, 6: 4 });
  });

  it("an agreed plan is what efforts are measured against (the computed one is kept)", () => {
    const agreed = perStep((s) => (s === 1 ? 8 : 0));
    const a = computeMetrics(facts({ ...base, agreedPlans: new Map([["p", agreed]]) }), {
      period: periodRange("2026-Q3", "UTC"),
      asOf,
    });
    const s = scorecardReport(a).people[0];
    expect(s.plan?.lead).toBe(114);
    expect(s.agreedPlan).toEqual({
      lead: 8,
      prospecting: 0,
      qualification: 0,
      needs_analysis: 0,
      presenting: 0,
      closing: 0,
    });
    // only step 1 is planned: 4 / (8 · 45/92) = 368 / 360 → capped at 1 in the effortIndex
    expect(s.attainment).toEqual({ lead: expect.closeTo(368 / 360, 12) });
    expect(s.effortIndex).toBe(1);
  });
});

describe("a period boundary in non-UTC time zones (and asOf after the period's end)", () => {
  // W: steps 1..6 in June, won Jun 30 16:00 UTC (= Jul 1 01:00 in Tokyo, Jun 30 12:00 in New York), 4,000.
  // E: enters step 1 Oct 1 02:00 UTC (= Sep 30 22:00 in New York, Oct 1 11:00 in Tokyo), 2,000,
  //    expected close 2026-09-30 (a local date: in Q3 everywhere).
  // asOf Oct 1 03:00 UTC: after Q3's end in UTC (Oct 1 00:00Z) and Tokyo (Sep 30 15:00Z),
  // before it in New York (Oct 1 04:00Z), where it is Sep 30 23:00.
  const W = deal(
    [1, 2, 3, 4, 5, 6].map((s) => [s, D(`2026-06-${20 + s}T00:00:00Z`)] as [number, Date]),
    { ownerId: "p", value: 4000, status: "won", closedAt: D("2026-06-30T16:00:00Z") },
  );
  const E = deal([[1, D("2026-10-01T02:00:00Z")]], {
    ownerId: "p",
    value: 2000,
    expectedClose: "2026-09-30",
  });
  const asOf = D("2026-10-01T03:00:00Z");
  const run = (timeZone: string) =>
    computeMetrics(
      facts({
        timeZone,
        people: [person("p", "salesperson", "T")],
        deals: [W, E],
        quotas: new Map([["p", 8000]]),
      }),
      { period: periodRange("2026-Q3", timeZone), asOf },
    ).people[0];

  // New York: elapsed = (91 whole days + 23/24 of Sep 30) / 92 = 2207 / 2208.
  // Rates as of asOf: W advanced at every step, team = self → (1 + 5·1) / (1 + 5) = 1, so pWin(1) = 1.
  // Plans (as of each zone's Jul 1): UTC and New York: W already won → rates 1, deal size
  // (4000 + 5·4000) / 6 = 4000 → wins 2 → need 2 at every step. Tokyo: W not yet won at Jul 1
  // (Jun 30 15:00Z) → open at 6: rate(6) default 0.5, size 10,000 → wins 1 → need6 = 2, rest 2.
  it.each([
    // UTC: W won in Q2, E entered in Q4; asOf after the end: no pipeline → 0 / 8000; attainment 0
    { tz: "UTC", won: 0, enteredLead: 0, pipeline: 0, resultsIndex: 0, effortIndex: 0 },
    // Tokyo: W won on Jul 1 (Q3); asOf after the end → 4000 / 8000
    { tz: "Asia/Tokyo", won: 4000, enteredLead: 0, pipeline: 0, resultsIndex: 0.5, effortIndex: 0 },
    // New York: W won in Q2; E entered on Sep 30 (Q3) and is open with close 09-30: 2000 · 1;
    // (0 + 2000) / 8000 = 0.25; attainment(1) = 1 / (2 · 2207/2208) = 2208 / 4414, other steps 0
    {
      tz: "America/New_York",
      won: 0,
      enteredLead: 1,
      pipeline: 2000,
      resultsIndex: 0.25,
      effortIndex: 2208 / 4414 / 6,
    },
  ])("$tz", ({ tz, won, enteredLead, pipeline, resultsIndex, effortIndex }) => {
    const x = run(tz);
    expect(x.plan?.need).toEqual({ 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2 });
    expect(x.wonRevenue).toBe(won);
    expect(x.entered[1]).toBe(enteredLead);
    expect(x.pipelineExpected).toBeCloseTo(pipeline, 9);
    expect(x.resultsIndex).toBeCloseTo(resultsIndex, 12);
    expect(x.effortIndex).toBeCloseTo(effortIndex, 12);
  });
});

describe("pipelineExpected: which open deals count", () => {
  const q3 = periodRange("2026-Q3", "UTC");
  const asOf = D("2026-08-15T00:00:00Z");
  const at6 = (over: Partial<DealFacts>) =>
    deal(
      [
        [1, D("2026-06-01T00:00:00Z")],
        [6, D("2026-06-02T00:00:00Z")],
      ],
      { value: 1000, ...over },
    );
  // default rates: pWin(6) = 0.5; pWin(3) = 0.6 · 0.7 · 0.6 · 0.5 = 0.126
  it.each([
    ["expected close on the period's first day", at6({ expectedClose: "2026-07-01" }), 500],
    ["expected close on the period's last day", at6({ expectedClose: "2026-09-30" }), 500],
    ["expected close the day after the period", at6({ expectedClose: "2026-10-01" }), 0],
    ["past due before the period", at6({ expectedClose: "2026-06-30" }), 0],
    ["no expected close", at6({ expectedClose: null }), 0],
    [
      "won after asOf: still open as of asOf",
      at6({ expectedClose: "2026-08-20", status: "won", closedAt: D("2026-09-01T00:00:00Z") }),
      500,
    ],
    [
      "lost before asOf",
      at6({ expectedClose: "2026-08-20", status: "lost", closedAt: D("2026-08-01T00:00:00Z") }),
      0,
    ],
    [
      "open at step 3: 1000 · 0.126",
      deal([[3, D("2026-07-02T00:00:00Z")]], { value: 1000, expectedClose: "2026-08-20" }),
      126,
    ],
  ] as const)("%s", (_label, d, want) => {
    expect(pipelineExpected(flowsAt([d], asOf), q3, asOf, DEFAULT_RATES)).toBeCloseTo(want, 9);
  });

  it("pWin(0) (a deal with no step yet) is pWin(1)", () => {
    // 0.9 · 0.3 · 0.6 · 0.7 · 0.6 · 0.5 = 0.03402
    expect(pWin(DEFAULT_RATES, 0)).toBeCloseTo(0.03402, 12);
  });
});

describe("Red / White / Blue group sizes and paretoShare ties", () => {
  const e = (i: number): RankEntry => ({
    id: `p${i}`,
    name: `P${i}`,
    wonRevenue: 100 * i,
    resultsIndex: null,
  });
  it.each([
    // k = round(n/3): red = blue = k, white = n − 2k
    [1, 0, 1, 0],
    [2, 1, 0, 1],
    [3, 1, 1, 1],
    [4, 1, 2, 1],
    [5, 2, 1, 2], // round(1.67) = 2
    [6, 2, 2, 2],
    [7, 2, 3, 2], // round(2.33) = 2
    [8, 3, 2, 3], // round(2.67) = 3
    [9, 3, 3, 3],
    [10, 3, 4, 3],
  ])("n = %i → %i red, %i white, %i blue", (n, red, white, blue) => {
    const g = redWhiteBlue(Array.from({ length: n }, (_, i) => e(i + 1)));
    expect([g.red.length, g.white.length, g.blue.length]).toEqual([red, white, blue]);
    // red holds the top earners: p(n), p(n−1), …
    expect(g.red).toEqual(Array.from({ length: red }, (_, i) => `p${n - i}`));
  });

  it.each([
    // n = 10: top ceil(2) = 2; three tie at 50 → any two of them: 100 / 150
    [[50, 50, 50, 0, 0, 0, 0, 0, 0, 0], 2 / 3],
    // n = 3: top ceil(0.6) = 1 → 40 / 100
    [[30, 40, 30], 0.4],
    // n = 11: top ceil(2.2) = 3 → (10 + 10 + 10) / 110
    [[10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10], 30 / 110],
  ])("paretoShare(%j) = %d", (revenues, want) => {
    expect(paretoShare(revenues)).toBeCloseTo(want, 12);
  });
});

describe("usage: window boundaries and what counts", () => {
  const asOf = jan(30);
  const w = () => windowEndingAt(asOf, 20); // (Jan 10, Jan 30]

  it("processCompliance: only reaches inside W decide", () => {
    const ds = [
      // skip 1→3 exactly at W.from (outside W), then a clean 3→4 in W → counted, compliant
      deal([
        [1, jan(5)],
        [3, jan(10)],
        [4, jan(11)],
      ]),
      // skip 1→3 exactly at asOf (inside W) → counted, not compliant
      deal([
        [1, jan(5)],
        [3, jan(30)],
      ]),
      // won on Jan 12 from step 1: 2..6 implicit at the close → not compliant
      deal([[1, jan(11)]], { status: "won", closedAt: jan(12) }),
      // no rows, created Jan 20: step 1 explicit since creation → compliant
      deal([], { createdAt: jan(20) }),
      // everything before W → not counted
      deal([
        [1, jan(1)],
        [3, jan(2)],
      ]),
    ];
    // 2 compliant of 4 counted
    expect(processComplianceCounts(flowsAt(ds, asOf), w())).toEqual({ num: 2, den: 4 });
  });

  it("loggingTimeliness: done in (from, to], logged by asOf", () => {
    const r = (doneAt: Date, loggedAt: Date | null): ActivityRow => ({
      ownerId: "p",
      step: 3,
      dealId: null,
      contactId: null,
      scheduledFor: null,
      doneAt,
      loggedAt,
    });
    const rows = [
      r(jan(10), jan(10)), // done exactly at W.from: outside
      r(jan(30), jan(30)), // done and logged at asOf: on time
      r(jan(20), jan(23)), // 72 h late
      r(jan(25), jan(25, 12)), // on time
    ];
    const s = activityStatsFromRows(rows, w());
    // 2 on time of 3
    expect(s.timeliness).toEqual({ num: 2, den: 3 });
    expect(s.doneByStep[3]).toBe(3);
  });

  it("nextStepCoverage counts deals open as of asOf (closed later included) and active customers", () => {
    const asOf2 = D("2026-08-15T00:00:00Z");
    const t = (s: string) => D(`${s}T00:00:00Z`);
    const ds = [
      deal([[1, t("2026-08-01")]], { id: "O1", ownerId: "p" }), // open, has a next step
      deal([[1, t("2026-08-01")]], { id: "O2", ownerId: "p" }), // open, none
      deal([[6, t("2026-08-01")]], { id: "W", ownerId: "p", status: "won", closedAt: t("2026-08-05") }), // closed
      deal([[1, t("2026-08-01")]], { id: "L", ownerId: "p", status: "lost", closedAt: t("2026-08-20") }), // open at asOf
    ];
    const m = computeMetrics(
      facts({
        people: [person("p", "salesperson", "T")],
        deals: ds,
        dealsWithNextStep: new Set(["O1", "W"]),
        activities: new Map([
          [
            "p",
            {
              atAsOf: { doneByStep: perStep(() => 0), timeliness: { num: 0, den: 0 } },
              atPeriodStart: { doneByStep: perStep(() => 0), timeliness: { num: 0, den: 0 } },
              activeCustomers: { num: 1, den: 3 },
            },
          ],
        ]),
      }),
      { period: periodRange("2026-Q3", "UTC"), asOf: asOf2 },
    );
    const x = m.people[0];
    // deals O1, O2, L (W is closed): 1 covered; customers 1 of 3 → (1 + 1) / (3 + 3) = 1/3
    expect(x.nextStepCoverage).toBeCloseTo(1 / 3, 12);
    // timeliness: nothing to count → null; compliance: O1, O2, L clean, W skipped 1..5 → 3/4
    expect(x.loggingTimeliness).toBeNull();
    expect(x.processCompliance).toBe(0.75);
    // usageScore = mean of the non-null parts = (1/3 + 3/4) / 2 = 13/24
    expect(x.usageScore).toBeCloseTo(13 / 24, 12);
  });
});

describe("manager's time and reviews: edges", () => {
  it("managerRevenueShare of a manager without a team name: own / (own + direct salespeople)", () => {
    const won = (owner: string, value: number) =>
      deal([[6, D("2026-07-01T00:00:00Z")]], {
        ownerId: owner,
        value,
        status: "won",
        closedAt: D("2026-07-10T00:00:00Z"),
      });
    const m = computeMetrics(
      facts({
        people: [
          person("m", "manager", null),
          person("s1", "salesperson", "A", "m"),
          person("s2", "salesperson", "A", "other"), // same team name, another manager: not counted
        ],
        deals: [won("m", 1000), won("s1", 3000), won("s2", 5000)],
      }),
      { period: periodRange("2026-Q3", "UTC"), asOf: D("2026-08-01T00:00:00Z") },
    );
    const r = managerTimeReport(m).managers[0];
    // 1000 / (1000 + 3000) = 0.25; one direct report, no review → overdue → 0
    expect(r).toMatchObject({ email: "m@x.test", directReports: 1, managerRevenueShare: 0.25 });
    expect(r.reviewCompliance).toBe(0);
    // no time entries → managingShare null
    expect(r.managingShare).toBeNull();
  });

  it.each([
    // a "last review" after asOf does not exist yet → overdue
    [D("2026-09-16T00:00:00Z"), true],
    // exactly at asOf → 0 days old → not overdue
    [D("2026-09-15T12:00:00Z"), false],
  ])("isReviewOverdue(last = %s) = %j", (last, want) => {
    expect(isReviewOverdue(last, D("2026-09-15T12:00:00Z"), 7)).toBe(want);
  });
});

describe("measurable commitments: edges", () => {
  // due 2026-01-10 in New York: due at the end of that local day = Jan 11 00:00 EST = Jan 11 05:00 UTC
  const dueAt = startOfLocalDay(addDays("2026-01-10", 1), "America/New_York");
  const c: MeasurableCommitment = {
    personId: "p1",
    measure: { kind: "step", step: 3 },
    target: 2,
    createdAt: jan(5),
    dueAt,
  };
  const ds = [
    deal([
      [1, jan(1)],
      [3, jan(4)],
    ]), // reached 3 before the commitment was made: not counted
    deal([
      [1, jan(5)],
      [3, jan(5)],
    ]), // reached 3 exactly at creation: counts
    deal([
      [1, jan(6)],
      [3, jan(11, 4)],
    ]), // Jan 11 04:00 UTC = Jan 10 23:00 in New York: before the due time, counts
    deal([
      [1, jan(6)],
      [3, jan(11, 5)],
    ]), // exactly at the due time: too late
  ];
  it("counts entries in [createdAt, dueAt) in the organisation's time zone", () => {
    expect(dueAt.toISOString()).toBe("2026-01-11T05:00:00.000Z");
    const asOf = jan(20);
    const n = commitmentCount(c, asOf, flowsAt(ds, asOf), []);
    // Jan 5 + Jan 11 04:00Z → 2 ≥ 2
    expect(n).toBe(2);
    expect(commitmentStatus(c, n, asOf)).toBe("kept");
  });
  it.each([
    // as of Jan 11 04:30Z: 2 counted so far, but not due yet → pending
    [D("2026-01-11T04:30:00Z"), 2, "pending"],
    // with a target of 3 the same 2 are missed once due
    [jan(20), 2, "missed"],
  ] as const)("as of %s: count %i → %s (target 3 after the due time)", (asOf, n, status) => {
    const c3 = { ...c, target: 3 };
    const got = commitmentCount(c3, asOf, flowsAt(ds, asOf), []);
    expect(got).toBe(n);
    expect(commitmentStatus(c3, got, asOf)).toBe(status);
  });
});

describe("the facts a database layer must supply", () => {
  it.each([
    // min(Jul 1, Aug 15) − 365 days = 2025-07-01 (2026 is not a leap year: 365 days back is the same date)
    ["2026-Q3", "2026-08-15T00:00:00Z", "UTC", "2025-07-01T00:00:00.000Z"],
    // asOf before the period: min(Jul 1, Jun 1) − 365 days
    ["2026-Q3", "2026-06-01T00:00:00Z", "UTC", "2025-06-01T00:00:00.000Z"],
    // New York: Q3 starts Jul 1 00:00 EDT = 04:00Z; 365 × 24 h earlier
    ["2026-Q3", "2026-08-15T00:00:00Z", "America/New_York", "2025-07-01T04:00:00.000Z"],
  ])("factsWindowStart(%s, %s, %s)", (period, asOf, tz, want) => {
    expect(factsWindowStart(periodRange(period, tz), D(asOf), { rateWindowDays: 365 }).toISOString()).toBe(
      want,
    );
  });

  it("activityFactsFromRows: both windows, and active customers covered by anyone's next step", () => {
    const row = (over: Partial<ActivityRow>): ActivityRow => ({
      ownerId: "p",
      step: 1,
      dealId: null,
      contactId: null,
      scheduledFor: null,
      doneAt: null,
      loggedAt: null,
      ...over,
    });
    const own = [
      row({ step: 2, doneAt: jan(20), loggedAt: jan(20) }), // in W at asOf, on time
      row({ step: 1, doneAt: jan(5), loggedAt: jan(9) }), // before W at asOf; logged after the period's start
      row({ step: 1, doneAt: jan(3), loggedAt: jan(3) }), // in W at the period's start, on time
    ];
    const others = [
      row({ ownerId: "q", contactId: "c1", scheduledFor: jan(31) }), // c1: next step (another owner's)
      row({ ownerId: "q", contactId: "c2", scheduledFor: jan(29) }), // c2: in the past
      row({ ownerId: "q", contactId: "c3", scheduledFor: jan(32), doneAt: jan(28) }), // c3: already done
    ];
    const f = activityFactsFromRows({
      ownRows: own,
      allRows: [...own, ...others],
      customerContactIds: ["c1", "c2", "c3"],
      asOf: jan(30),
      periodStart: jan(8),
      rateWindowDays: 20,
    });
    // W at asOf = (Jan 10, Jan 30]: only the Jan 20 activity (step 2), on time
    expect(f.atAsOf).toEqual({
      doneByStep: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0 },
      timeliness: { num: 1, den: 1 },
    });
    // W at the period's start = (Dec 19, Jan 8]: Jan 3 counts; Jan 5 was logged on Jan 9, after it → left out
    expect(f.atPeriodStart).toEqual({
      doneByStep: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 },
      timeliness: { num: 1, den: 1 },
    });
    // customers: c1 covered of c1, c2, c3
    expect(f.activeCustomers).toEqual({ num: 1, den: 3 });
  });

  it("expected(s) = plan(s) · elapsed; unplannable steps stay null", () => {
    // 10 · 0.25 = 2.5; 4 · 0.25 = 1; 0 · 0.25 = 0
    expect(expectedEntries({ 1: 10, 2: 4, 3: 0, 4: null, 5: null, 6: 2 }, 0.25)).toEqual({
      1: 2.5,
      2: 1,
      3: 0,
      4: null,
      5: null,
      6: 0.5,
    });
  });
});
