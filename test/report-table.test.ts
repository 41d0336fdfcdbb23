/**
 * The CLI's report tables: people in natural order (rep2 before rep10), every
 * line within 120 columns however many people, a legend for numbered step
 * columns, and a note where the remaining plan exceeds the original.
 */
import { describe, expect, it } from "vitest";
import { reportTable } from "../src/cli/report-table.js";
import { STEP_KEYS, STEP_NAMES } from "../src/domain/steps.js";

const STEPS = STEP_KEYS.slice(0, 6);
const perStep = (n: number) => Object.fromEntries(STEPS.map((s) => [s, n]));

function planReport(people: number, remaining: number) {
  return {
    period: "2026-Q4",
    asOf: "2026-11-15T00:00:00Z",
    elapsed: 0.5,
    // Given in the domain's order (by email as text): rep1, rep10, rep11, rep12, rep2, …
    people: Array.from({ length: people }, (_, i) => `salesperson-number-${i + 1}@a-long-company-name.test`)
      .sort()
      .map((email) => ({
        email,
        quota: 120_000,
        avgDealSize: 10_000,
        wins: 12,
        need: perStep(100),
        perWeek: perStep(7.7),
        entered: perStep(40),
        pace: perStep(50),
        remaining: perStep(remaining),
      })),
  };
}

const lines = (t: string) => t.split("\n");

describe("report tables", () => {
  it("the organisation-wide plan table fits 120 columns, in natural order, with a legend", () => {
    const out = reportTable("plan", planReport(40, 60), STEP_NAMES);
    expect(Math.max(...lines(out).map((l) => l.length))).toBeLessThanOrEqual(120);
    const order = lines(out)
      .map((l) => /^salesperson-number-(\d+)@/.exec(l)?.[1])
      .filter(Boolean);
    // Three tables (plan, pacing, remaining), each rep 1 … rep 40 in numeric order.
    const oneToForty = Array.from({ length: 40 }, (_, i) => String(i + 1));
    expect(order).toEqual([...oneToForty, ...oneToForty, ...oneToForty, ...oneToForty]);
    expect(out).toContain("Steps: 1 Lead management · 2 Prospecting");
    expect(out).not.toContain("*"); // remaining 60 < need 100: nothing to explain
  });

  it("marks and explains a remaining plan above the original", () => {
    const out = reportTable("plan", planReport(2, 130), STEP_NAMES);
    expect(Math.max(...lines(out).map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(out).toContain("130*");
    expect(out).toContain("* more than the original plan for the whole period");
  });

  it("a few people with long addresses: steps become the columns when the table would be too wide", () => {
    const out = reportTable("plan", planReport(5, 60), STEP_NAMES);
    expect(Math.max(...lines(out).map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(out).toContain("Steps: 1 Lead management");
  });

  it("manager time: short category headers named in a legend, within 120 columns", () => {
    const minutes = {
      selling: 600,
      accountability: 300,
      coaching: 200,
      motivating: 100,
      recruiting: 50,
      admin: 50,
    };
    const out = reportTable(
      "manager-time",
      {
        period: "2026-Q4",
        managers: ["manager10@a-long-company-name.test", "manager2@a-long-company-name.test"].map(
          (email) => ({
            email,
            directReports: 8,
            minutes,
            managingShare: 0.54, // 700 / 1300 not selling
            managerRevenueShare: 0.4,
            reviewCompliance: 0.875,
          }),
        ),
      },
      STEP_NAMES,
    );
    expect(Math.max(...lines(out).map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(out).toContain("Selli = selling, Accou = accountability");
    const rows = lines(out).filter((l) => l.startsWith("manager") && l.includes("@"));
    expect(rows.map((l) => l.split(" ")[0])).toEqual([
      "manager2@a-long-company-name.test",
      "manager10@a-long-company-name.test",
    ]);
    expect(rows[0]).toContain("54.0%");
  });
});
