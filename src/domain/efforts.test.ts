import { describe, expect, it } from "vitest";
import { deal } from "../../test/helpers/deals.js";
import {
  attainment,
  effortIndex,
  enteredInPeriod,
  pipelineExpected,
  quadrant,
  resultsIndex,
  wonInPeriod,
} from "./efforts.js";
import { periodRange } from "./periods.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { type DealFlow, dealFlow } from "./stepflow.js";

const D = (s: string) => new Date(s);
const RATES = { 1: 0.9, 2: 0.3, 3: 0.6, 4: 0.7, 5: 0.6, 6: 0.5 };

describe("attainment and effortIndex", () => {
  const plan = { 1: 10, 2: 5, 3: 0, 4: 2, 5: 2, 6: 2 };
  const entered = { 1: 5, 2: 5, 3: 1, 4: 0, 5: 1, 6: 3 };
  it("half-way through the period", () => {
    // expected = plan · 0.5 = 5, 2.5, –, 1, 1, 1
    // attainment = 5/5 = 1, 5/2.5 = 2, (no plan), 0/1 = 0, 1/1 = 1, 3/1 = 3
    const a = attainment(entered, plan, 0.5);
    expect(a).toEqual({ 1: 1, 2: 2, 3: undefined, 4: 0, 5: 1, 6: 3 });
    // mean of min(a, 1) over the 5 planned steps = (1 + 1 + 0 + 1 + 1) / 5 = 0.8
    expect(effortIndex(a)).toBeCloseTo(0.8, 12);
  });
  it("before the period starts expected is 0 → attainment 1", () => {
    const a = attainment(entered, plan, 0);
    expect(a).toEqual({ 1: 1, 2: 1, 3: undefined, 4: 1, 5: 1, 6: 1 });
    expect(effortIndex(a)).toBe(1);
  });
  it("no planned step → null", () => {
    expect(effortIndex(attainment(entered, { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 }, 0.5))).toBeNull();
  });
});

describe("results", () => {
  it.each([
    // (5000 + 2500) / 10000 = 0.75
    [5000, 2500, 10_000, 0.75],
    [5000, 2500, 0, null],
    [5000, 2500, null, null],
  ])("resultsIndex(%d, %d, %j)", (won, pipe, q, want) => {
    const r = resultsIndex(won, pipe, q);
    if (want === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(want, 12);
  });

  it.each([
    [0.9, 1.0, "Q1"],
    [0.95, 0.99, "Q2"],
    [0.89, 1.2, "Q3"],
    [0.5, 0.5, "Q4"],
    [null, 1.2, null],
    [0.95, null, null],
  ])("quadrant(%j, %j) = %j", (e, r, q) => {
    expect(quadrant(e, r, DEFAULT_SETTINGS)).toBe(q);
  });
});

describe("period figures", () => {
  const q3 = periodRange("2026-Q3", "UTC");
  const flowsAt = (ds: ReturnType<typeof deal>[], asOf: Date) =>
    ds.map((d) => dealFlow(d, asOf)).filter((f): f is DealFlow => !!f);
  const open4 = deal(
    [
      [1, D("2026-06-01T00:00:00Z")],
      [2, D("2026-06-10T00:00:00Z")],
      [4, D("2026-07-10T00:00:00Z")],
    ],
    { value: 10_000, expectedClose: "2026-09-15" },
  );
  const open2Late = deal(
    [
      [1, D("2026-07-05T00:00:00Z")],
      [2, D("2026-07-06T00:00:00Z")],
    ],
    {
      value: 5000,
      expectedClose: "2026-10-01", // Q4: not counted
    },
  );
  const lost = deal([[1, D("2026-07-05T00:00:00Z")]], {
    value: 7000,
    expectedClose: "2026-09-01",
    status: "lost",
    closedAt: D("2026-07-20T00:00:00Z"),
  });
  const won = deal([[6, D("2026-08-01T00:00:00Z")]], {
    value: 3000,
    status: "won",
    closedAt: D("2026-08-05T00:00:00Z"),
  });

  it("pipelineExpected = Σ value · pWin(current step) over open deals closing in the period", () => {
    const asOf = D("2026-09-01T00:00:00Z");
    // only open4: 10000 · pWin(4) = 10000 · 0.7 · 0.6 · 0.5 = 2100
    expect(pipelineExpected(flowsAt([open4, open2Late, lost, won], asOf), q3, asOf, RATES)).toBeCloseTo(
      2100,
      9,
    );
  });

  it("asOf exactly at the period's end: no pipeline (metrics-decisions.md: 0 once asOf ≥ period end)", () => {
    const asOf = D("2026-10-01T00:00:00Z"); // = q3.end
    // open4 is still open with its close on 09-15: one instant earlier it counts 2100 (above)
    expect(pipelineExpected(flowsAt([open4], asOf), periodRange("2026-Q3", "UTC"), asOf, RATES)).toBe(0);
    const before = new Date(asOf.getTime() - 1);
    expect(
      pipelineExpected(flowsAt([open4], before), periodRange("2026-Q3", "UTC"), before, RATES),
    ).toBeCloseTo(2100, 9);
  });

  it("asOf after the period's end: no pipeline, resultsIndex = won / Q", () => {
    const asOf = D("2026-10-15T00:00:00Z");
    const flows = flowsAt([open4, open2Late, lost, won], asOf);
    const pipe = pipelineExpected(flows, q3, asOf, RATES);
    expect(pipe).toBe(0);
    expect(wonInPeriod(flows, q3)).toBe(3000);
    // 3000 / 6000 = 0.5
    expect(resultsIndex(3000, pipe, 6000)).toBe(0.5);
  });

  it("entries in the period count implicit reaches, and only up to asOf", () => {
    const asOf = D("2026-09-01T00:00:00Z");
    const flows = flowsAt([open4, open2Late, lost, won], asOf);
    // step 1: open2Late, lost, won (implicitly on Aug 1); open4 entered 1 in June → 3
    // step 2: open2Late, won(implicit) → 2;  step 3: open4 (implicit Jul 10), won → 2
    // step 4: open4, won → 2;  step 5: won → 1;  step 6: won → 1
    expect(enteredInPeriod(flows, q3)).toEqual({ 1: 3, 2: 2, 3: 2, 4: 2, 5: 1, 6: 1 });
    // as of Jul 7 only open2Late (1, 2) and lost (1) have entered
    const early = flowsAt([open4, open2Late, lost, won], D("2026-07-07T00:00:00Z"));
    expect(enteredInPeriod(early, q3)).toEqual({ 1: 2, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0 });
  });

  it("won revenue follows the organisation's time zone at the boundary", () => {
    // closed Jul 1 03:00 UTC = Jun 30 23:00 in New York
    const d = deal([[6, D("2026-06-20T00:00:00Z")]], {
      value: 800,
      status: "won",
      closedAt: D("2026-07-01T03:00:00Z"),
    });
    const flows = flowsAt([d], D("2026-08-01T00:00:00Z"));
    expect(wonInPeriod(flows, q3)).toBe(800);
    expect(wonInPeriod(flows, periodRange("2026-Q3", "America/New_York"))).toBe(0);
    expect(wonInPeriod(flows, periodRange("2026-Q2", "America/New_York"))).toBe(800);
  });
});
