/**
 * The big check: the sample organisation (test/fixtures/samples/generic-2026Q3)
 * against its independently computed expected-reports.json (scorecard, plan,
 * team), figure by figure, relative tolerance 1e-6, team groups as sets.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_DIR } from "../../test/helpers/sample-dir.js";
import { loadSampleFacts } from "../../test/helpers/sample-facts.js";
import { computeMetrics, planReport, scorecardReport, teamReport } from "./reports.js";

const DIR = SAMPLE_DIR;
const PERIOD = "2026-Q3";
const AS_OF = new Date("2026-09-01T00:00:00Z");

/** Every leaf of `expected` must be matched in `actual` (numbers to 1e-6 relative). */
function compare(expected: unknown, actual: unknown, path: string, diffs: string[]): void {
  if (typeof expected === "number") {
    const ok =
      typeof actual === "number" &&
      Math.abs(actual - expected) <= 1e-6 * Math.max(Math.abs(expected), Math.abs(actual), 1e-12);
    if (!ok) diffs.push(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
  } else if (expected === null || typeof expected !== "object") {
    if (actual !== expected)
      diffs.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      diffs.push(`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((e, i) => {
      compare(e, actual[i], `${path}[${i}]`, diffs);
    });
  } else {
    if (actual === null || typeof actual !== "object") {
      diffs.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected)) {
      compare(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, diffs);
    }
  }
}

describe("sample organisation generic-2026Q3", () => {
  const expected = JSON.parse(readFileSync(join(DIR, "expected-reports.json"), "utf8"));
  const { facts } = loadSampleFacts(DIR, { period: PERIOD, asOf: AS_OF });
  const model = computeMetrics(facts, { period: PERIOD, asOf: AS_OF });

  it("scorecard matches figure by figure", () => {
    const diffs: string[] = [];
    compare(expected.scorecard, scorecardReport(model), "scorecard", diffs);
    expect(diffs).toEqual([]);
  });

  it("plan matches figure by figure", () => {
    const diffs: string[] = [];
    compare(expected.plan, planReport(model), "plan", diffs);
    expect(diffs).toEqual([]);
  });

  it("team matches (groups as sets)", () => {
    const actual = teamReport(model);
    const diffs: string[] = [];
    const { groups, ...rest } = expected.team;
    compare(rest, actual, "team", diffs);
    expect(diffs).toEqual([]);
    for (const g of ["red", "white", "blue"] as const) {
      expect(new Set(actual.groups[g])).toEqual(new Set(groups[g]));
    }
  });
});
