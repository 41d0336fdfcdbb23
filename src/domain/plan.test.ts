import { describe, expect, it } from "vitest";
import { activitiesPerEntry, effortPlan, needFromWins, remainingPlan } from "./plan.js";
import { emptyFunnel } from "./rates.js";

const DEFAULT_RATES = { 1: 0.9, 2: 0.3, 3: 0.6, 4: 0.7, 5: 0.6, 6: 0.5 };

describe("effortPlan", () => {
  it("no history → default rates and deal size", () => {
    // wins = ceil(25000 / 10000) = ceil(2.5) = 3
    // need6 = ceil(3 / 0.5) = 6;  need5 = ceil(6 / 0.6) = 10 (not 11: 6/0.6 is 10.000000000000002 in floats)
    // need4 = ceil(10 / 0.7 = 14.29) = 15;  need3 = ceil(15 / 0.6 = 25) = 25
    // need2 = ceil(25 / 0.3 = 83.33) = 84;  need1 = ceil(84 / 0.9 = 93.33) = 94
    const p = effortPlan({ quota: 25_000, rates: DEFAULT_RATES, avgDealSize: 10_000, weeksInPeriod: 13 })!;
    expect(p.wins).toBe(3);
    expect(p.need).toEqual({ 1: 94, 2: 84, 3: 25, 4: 15, 5: 10, 6: 6 });
    // perWeek = need / 13 (a 91-day quarter), not rounded
    expect(p.perWeek[1]).toBeCloseTo(94 / 13, 12);
    expect(p.perWeek[6]).toBeCloseTo(6 / 13, 12);
    expect(p.activities).toBeNull();
  });

  it.each([null, 0, -5])("no plan for quota %j", (quota) => {
    expect(effortPlan({ quota, rates: DEFAULT_RATES, avgDealSize: 10_000, weeksInPeriod: 13 })).toBeNull();
  });

  it("a zero rate makes the earlier steps unplannable (null)", () => {
    // wins 1 → need6 = ceil(1/0.5) = 2, need5 = ceil(2/0.6) = 4, rate4 = 0 → null from step 4 down
    expect(needFromWins(1, { ...DEFAULT_RATES, 4: 0 })).toEqual({
      1: null,
      2: null,
      3: null,
      4: null,
      5: 4,
      6: 2,
    });
  });

  it("a zero rate: perWeek and activities are unplannable (null / undefined) where need is", () => {
    // wins = ceil(25000 / 10000) = 3; need6 = 6, need5 = 10, rate 4 = 0 → need 4..1 null
    const f = emptyFunnel();
    f[1].entered = 10; // 3 activities per entry at step 1, but need(1) is null
    f[5].entered = 2; // 2 per entry at step 5: 2 · 10 = 20
    const p = effortPlan({
      quota: 25_000,
      rates: { ...DEFAULT_RATES, 4: 0 },
      avgDealSize: 10_000,
      weeksInPeriod: 13,
      activitiesPerEntry: activitiesPerEntry({ 1: 30, 2: 0, 3: 0, 4: 0, 5: 4, 6: 0 }, f),
    })!;
    expect(p.need).toEqual({ 1: null, 2: null, 3: null, 4: null, 5: 10, 6: 6 });
    expect(p.perWeek[4]).toBeNull();
    expect(p.perWeek[1]).toBeNull();
    expect(p.perWeek[5]).toBeCloseTo(10 / 13, 12);
    expect(p.activities).toEqual({
      1: undefined,
      2: undefined,
      3: undefined,
      4: undefined,
      5: 20,
      6: undefined,
    });
  });

  it("an average deal size of 0: no wins needed, a plan of zeros (even past a zero rate)", () => {
    const p = effortPlan({
      quota: 25_000,
      rates: { ...DEFAULT_RATES, 3: 0 },
      avgDealSize: 0,
      weeksInPeriod: 13,
    })!;
    expect(p.wins).toBe(0);
    expect(p.need).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 });
  });

  it("activity counts where the salesperson has history", () => {
    const f = emptyFunnel();
    f[1].entered = 10; // 30 activities at step 1 / 10 entries = 3 per entry
    f[2].entered = 4; // 10 / 4 = 2.5 per entry
    const ape = activitiesPerEntry({ 1: 30, 2: 10, 3: 7, 4: 0, 5: 0, 6: 0 }, f);
    // step 3: 7 activities but no deal entered step 3 → no figure
    expect(ape).toEqual({ 1: 3, 2: 2.5, 3: undefined, 4: undefined, 5: undefined, 6: undefined });
    const p = effortPlan({
      quota: 25_000,
      rates: DEFAULT_RATES,
      avgDealSize: 10_000,
      weeksInPeriod: 13,
      activitiesPerEntry: ape,
    })!;
    // 3 · 94 = 282;  2.5 · 84 = 210
    expect(p.activities).toEqual({ 1: 282, 2: 210, 3: undefined, 4: undefined, 5: undefined, 6: undefined });
  });
});

describe("remainingPlan", () => {
  it("plans the remaining quota max(0, Q − won − pipelineExpected)", () => {
    // remaining = 25000 − 10000 − 5000 = 10000 → wins 1
    // need6 = 2, need5 = ceil(3.33) = 4, need4 = ceil(5.71) = 6, need3 = ceil(10.0) = 10,
    // need2 = ceil(33.33) = 34, need1 = ceil(37.78) = 38
    const p = remainingPlan({
      quota: 25_000,
      wonRevenue: 10_000,
      pipelineExpected: 5_000,
      rates: DEFAULT_RATES,
      avgDealSize: 10_000,
      weeksInPeriod: 13,
    })!;
    expect(p.quota).toBe(10_000);
    expect(p.need).toEqual({ 1: 38, 2: 34, 3: 10, 4: 6, 5: 4, 6: 2 });
  });
  it.each([null, 0, -5])("no remaining plan without a quota (%j), whatever was won", (quota) => {
    const p = remainingPlan({
      quota,
      wonRevenue: 0,
      pipelineExpected: 0,
      rates: DEFAULT_RATES,
      avgDealSize: 10_000,
      weeksInPeriod: 13,
    });
    expect(p).toBeNull();
  });
  it("nothing remains → zeros", () => {
    const p = remainingPlan({
      quota: 25_000,
      wonRevenue: 20_000,
      pipelineExpected: 6_000,
      rates: DEFAULT_RATES,
      avgDealSize: 10_000,
      weeksInPeriod: 13,
    })!;
    expect(p.need).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 });
  });
});
