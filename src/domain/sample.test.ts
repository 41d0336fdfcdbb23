/**
 * The big check: the sample organisation (test/fixtures/samples/generic-2026Q3)
 * against its independently computed expected-reports.json (scorecard, plan,
 * team), figure by figure, relative tolerance 1e-6, team groups as sets.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareReport, SAMPLE_ADDITIONS, TEAM_ADDITIONS } from "../../test/helpers/compare-report.js";
import { SAMPLE_DIR } from "../../test/helpers/sample-dir.js";
import { loadSampleFacts } from "../../test/helpers/sample-facts.js";
import { periodRange } from "./periods.js";
import { computeMetrics, planReport, scorecardReport, teamReport } from "./reports.js";

const DIR = SAMPLE_DIR;
const PERIOD = "2026-Q3";
const AS_OF = new Date("2026-09-01T00:00:00Z");

describe("sample organisation generic-2026Q3", () => {
  const expected = JSON.parse(readFileSync(join(DIR, "expected-reports.json"), "utf8"));
  // Computed inside each test (not while collecting), so that a mutant that breaks
  // them fails a test (npm run mutation).
  const model = () =>
    computeMetrics(loadSampleFacts(DIR, { period: PERIOD, asOf: AS_OF }).facts, {
      period: periodRange(PERIOD, "UTC"),
      asOf: AS_OF,
    });

  it("scorecard matches figure by figure", () => {
    expect(
      compareReport(expected.scorecard, scorecardReport(model()), "scorecard", [], SAMPLE_ADDITIONS),
    ).toEqual([]);
  });

  it("plan matches figure by figure", () => {
    expect(compareReport(expected.plan, planReport(model()), "plan", [], SAMPLE_ADDITIONS)).toEqual([]);
  });

  it("team matches (groups as sets)", () => {
    const actual = teamReport(model());
    const { groups, ...rest } = expected.team;
    expect(compareReport(rest, actual, "team", [], TEAM_ADDITIONS)).toEqual([]);
    for (const g of ["red", "white", "blue"] as const) {
      expect(new Set(actual.groups[g])).toEqual(new Set(groups[g]));
    }
  });
});
