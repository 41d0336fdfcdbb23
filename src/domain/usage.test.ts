import { describe, expect, it } from "vitest";
import { deal, jan } from "../../test/helpers/deals.js";
import { windowEndingAt } from "./periods.js";
import { dealFlow } from "./stepflow.js";
import {
  type ActivityRow,
  activityStatsFromRows,
  isNextStep,
  nextStepCoverageCounts,
  processComplianceCounts,
  shareValue,
  usageScore,
} from "./usage.js";

const H = 3_600_000;

describe("usageScore", () => {
  it.each([
    // (0.5 + 1) / 2 = 0.75: the null part is left out
    [[0.5, null, 1], 0.75],
    [[null, 0.6, null], 0.6],
    // (0.9 + 0.6 + 0.9) / 3 = 0.8
    [[0.9, 0.6, 0.9], 0.8],
  ])("%j → %d", (parts, want) => {
    expect(usageScore(parts)).toBeCloseTo(want, 12);
  });
  it("all parts null → null", () => {
    expect(usageScore([null, null, null])).toBeNull();
  });
  it("a share with nothing to count is null", () => {
    expect(shareValue({ num: 0, den: 0 })).toBeNull();
    expect(shareValue({ num: 3, den: 4 })).toBe(0.75);
  });
});

const row = (over: Partial<ActivityRow>): ActivityRow => ({
  ownerId: "p1",
  step: 1,
  dealId: null,
  contactId: null,
  scheduledFor: null,
  doneAt: null,
  loggedAt: null,
  ...over,
});

describe("activities", () => {
  const asOf = jan(30);
  const w = () => windowEndingAt(asOf, 20); // (Jan 10, Jan 30]
  it("loggingTimeliness counts activities done in W with a logged_at; 48 h exactly is on time", () => {
    const rows = [
      row({ doneAt: jan(11), loggedAt: new Date(jan(11).getTime() + 48 * H) }), // on time (= 48 h)
      row({ doneAt: jan(12), loggedAt: new Date(jan(12).getTime() + 48 * H + 1000) }), // late by 1 s
      row({ doneAt: jan(13), loggedAt: null, step: 2 }), // imported without logged_at: left out
      row({ doneAt: jan(5), loggedAt: jan(5) }), // before W
      row({ doneAt: jan(29), loggedAt: jan(31) }), // logged after asOf: did not exist yet
      row({ scheduledFor: jan(40) }), // not done
    ];
    const s = activityStatsFromRows(rows, w());
    // timeliness: 1 on time of 2 with logged_at in W
    expect(s.timeliness).toEqual({ num: 1, den: 2 });
    // doneByStep: step 1: Jan 11, Jan 12; step 2: Jan 13
    expect(s.doneByStep).toEqual({ 1: 2, 2: 1, 3: 0, 4: 0, 5: 0, 6: 0 });
  });

  it.each([
    ["scheduled at asOf, not done", { scheduledFor: jan(30) }, true],
    ["scheduled later, not done", { scheduledFor: jan(35) }, true],
    ["scheduled later, done after asOf", { scheduledFor: jan(35), doneAt: jan(36) }, true],
    ["scheduled later, already done", { scheduledFor: jan(35), doneAt: jan(29) }, false],
    ["scheduled in the past", { scheduledFor: jan(29) }, false],
    ["not scheduled", {}, false],
  ])("next step: %s", (_label, over, want) => {
    expect(isNextStep(row(over), asOf)).toBe(want);
  });

  it("nextStepCoverage over open deals and active customers", () => {
    // deals d1, d2 open, d1 has a next step; customers: 1 of 2 covered → (1 + 1) / (2 + 2)
    const s = nextStepCoverageCounts(["d1", "d2"], new Set(["d1", "dX"]), { num: 1, den: 2 });
    expect(s).toEqual({ num: 2, den: 4 });
    expect(shareValue(nextStepCoverageCounts([], new Set(), { num: 0, den: 0 }))).toBeNull();
  });
});

describe("processCompliance", () => {
  it("deals that entered a step in W, without a skip", () => {
    const asOf = jan(30);
    const w = windowEndingAt(asOf, 20); // (Jan 10, Jan 30]
    const ds = [
      deal([
        [1, jan(11)],
        [2, jan(12)],
      ]), // clean → compliant
      deal([
        [1, jan(11)],
        [3, jan(12)],
      ]), // skip 1→3 in W → not compliant
      deal([
        [1, jan(1)],
        [3, jan(2)],
        [4, jan(15)],
      ]), // skipped before W, clean in W → compliant
      deal([
        [1, jan(1)],
        [2, jan(2)],
      ]), // nothing in W → not counted
      deal(
        [
          [1, jan(11)],
          [5, jan(12)],
        ],
        { status: "won", closedAt: jan(20) },
      ), // skips → not compliant
    ];
    const flows = ds.map((d) => dealFlow(d, asOf)!);
    // 2 compliant of 4 counted
    expect(processComplianceCounts(flows, w)).toEqual({ num: 2, den: 4 });
  });
});
