import { describe, expect, it } from "vitest";
import { buildAgenda, suggestsPerformancePlan } from "./reviews.js";

const deal = (name: string, step: string, daysInStep: number, hasNextStep: boolean) => ({
  id: name,
  name,
  step,
  value: 1000,
  daysInStep,
  hasNextStep,
});

describe("buildAgenda", () => {
  const agenda = buildAgenda({
    period: "2026-Q4",
    asOf: "2026-11-15T00:00:00Z",
    elapsed: 0.5,
    figures: {
      quota: 60_000,
      plan: { lead: 40, prospecting: 20 },
      agreedPlan: { lead: 30, prospecting: 24 },
      entered: { lead: 16, prospecting: 11 },
      attainment: { lead: 16 / 15, prospecting: 11 / 12 },
      effortIndex: 0.95,
      wonRevenue: 10_000,
      pipelineExpected: 5_000,
      resultsIndex: 0.25,
      quadrant: "Q2",
      coachingFocus: "closing",
    },
    funnelSteps: ["lead", "prospecting"],
    openDeals: [
      deal("Old", "prospecting", 45, true),
      deal("New", "lead", 2, false),
      deal("Mid", "prospecting", 10, false),
    ],
    commitments: [],
  });
  it("paces efforts against the agreed plan (plan × elapsed)", () => {
    // lead: agreed 30 × 0.5 = 15 expected, 16 entered → on pace; prospecting: 24 × 0.5 = 12, 11 → behind.
    expect(agenda.steps).toEqual([
      { step: "lead", plan: 30, expected: 15, entered: 16, attainment: 16 / 15, onPace: true },
      { step: "prospecting", plan: 24, expected: 12, entered: 11, attainment: 11 / 12, onPace: false },
    ]);
    expect(agenda.forecast).toBe(15_000); // 10,000 won + 5,000 expected
    expect(agenda.action).toMatch(/^Keep and invest/);
  });
  it("lists deals without a next step, stuck deals (> 30 days) and the pipeline by step", () => {
    expect(agenda.dealsWithoutNextStep.map((d) => d.name)).toEqual(["Mid", "New"]);
    expect(agenda.stuckDeals.map((d) => d.name)).toEqual(["Old"]);
    expect(agenda.pipeline.map((p) => [p.step, p.deals.map((d) => d.name)])).toEqual([
      ["lead", ["New"]],
      ["prospecting", ["Old", "Mid"]],
    ]);
  });
});

describe("suggestsPerformancePlan", () => {
  it("after two consecutive periods in Q4 only", () => {
    expect(suggestsPerformancePlan(["Q4", "Q4"])).toBe(true);
    expect(suggestsPerformancePlan(["Q3", "Q4"])).toBe(false);
    expect(suggestsPerformancePlan(["Q4", null])).toBe(false);
    expect(suggestsPerformancePlan(["Q4"])).toBe(false);
  });
});
