import { describe, expect, it } from "vitest";
import {
  isReviewOverdue,
  managerRevenueShare,
  managingShare,
  minutesByCategory,
  reviewCompliance,
} from "./managers.js";
import { periodRange } from "./periods.js";

const D = (s: string) => new Date(s);

describe("manager's time", () => {
  it("minutes per category in the period, and managingShare", () => {
    const m = minutesByCategory(
      [
        { personId: "m", date: "2026-07-01", category: "selling", minutes: 60 },
        { personId: "m", date: "2026-08-15", category: "coaching", minutes: 120 },
        { personId: "m", date: "2026-09-30", category: "admin", minutes: 60 },
        { personId: "m", date: "2026-10-01", category: "selling", minutes: 500 }, // next quarter
      ],
      periodRange("2026-Q3", "UTC"),
    );
    expect(m).toEqual({
      selling: 60,
      accountability: 0,
      coaching: 120,
      motivating: 0,
      recruiting: 0,
      admin: 60,
    });
    // (240 − 60) / 240 = 0.75
    expect(managingShare(m)).toBe(0.75);
  });
  it("no minutes → null", () => {
    const zero = { selling: 0, accountability: 0, coaching: 0, motivating: 0, recruiting: 0, admin: 0 };
    expect(managingShare(zero)).toBeNull();
  });
  it.each([
    // 1000 / 4000
    [1000, 4000, 0.25],
    [0, 4000, 0],
    [0, 0, null],
  ])("managerRevenueShare(%d, %d) = %j", (own, team, want) => {
    expect(managerRevenueShare(own, team)).toBe(want);
  });
});

describe("reviews", () => {
  const asOf = D("2026-09-15T12:00:00Z");
  it.each([
    ["3 days ago", D("2026-09-12T12:00:00Z"), false],
    ["exactly 7 days ago", D("2026-09-08T12:00:00Z"), false],
    ["7 days and 1 s ago", D("2026-09-08T11:59:59Z"), true],
    ["never", null, true],
  ])("last review %s → overdue %j", (_l, last, want) => {
    expect(isReviewOverdue(last, asOf, 7)).toBe(want);
  });
  it("reviewCompliance = share of direct reports not overdue", () => {
    // 2 of 3 not overdue
    expect(
      reviewCompliance([D("2026-09-12T00:00:00Z"), D("2026-09-14T00:00:00Z"), null], asOf, 7),
    ).toBeCloseTo(2 / 3, 12);
    expect(reviewCompliance([], asOf, 7)).toBeNull();
  });
});
