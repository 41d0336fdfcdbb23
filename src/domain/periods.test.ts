import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  dateInPeriod,
  elapsed,
  inPeriod,
  nextPeriod,
  parsePeriodKey,
  periodContaining,
  periodRange,
  previousPeriod,
  weeksInPeriod,
} from "./periods.js";

describe("parsePeriodKey", () => {
  it.each([
    ["2026-11", { kind: "month", year: 2026, index: 11 }],
    ["2026-01", { kind: "month", year: 2026, index: 1 }],
    ["2026-Q4", { kind: "quarter", year: 2026, index: 4 }],
  ])("%s", (key, want) => {
    expect(parsePeriodKey(key)).toEqual(want);
  });
  it.each(["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-01", "2026-1", "2026Q1", ""])(
    "rejects %j",
    (key) => {
      expect(() => parsePeriodKey(key)).toThrow(AppError);
    },
  );
});

describe("periodRange", () => {
  it.each([
    // Q3 = Jul 31 + Aug 31 + Sep 30 = 92 days
    ["2026-Q3", "UTC", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z", 92],
    // February 2028 is a leap month: 29 days
    ["2028-02", "UTC", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z", 29],
    // New York: March starts in EST (UTC−5) and ends in EDT (UTC−4)
    ["2026-03", "America/New_York", "2026-03-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z", 31],
    // New York Q4: Oct 1 EDT (−4) to Jan 1 EST (−5); 31 + 30 + 31 = 92 days
    ["2026-Q4", "America/New_York", "2026-10-01T04:00:00.000Z", "2027-01-01T05:00:00.000Z", 92],
    // Kolkata is UTC+5:30: local midnight Jan 1 = Dec 31 18:30 UTC
    ["2026-01", "Asia/Kolkata", "2025-12-31T18:30:00.000Z", "2026-01-31T18:30:00.000Z", 31],
  ])("%s in %s", (key, tz, start, end, days) => {
    const p = periodRange(key, tz);
    expect(p.start.toISOString()).toBe(start);
    expect(p.end.toISOString()).toBe(end);
    expect(p.days).toBe(days);
  });

  it("rejects an unknown time zone", () => {
    expect(() => periodRange("2026-01", "Mars/Olympus")).toThrow(AppError);
  });

  it("puts an instant on the right side of a New York quarter boundary", () => {
    const q3 = periodRange("2026-Q3", "America/New_York");
    const q4 = periodRange("2026-Q4", "America/New_York");
    // 2026-10-01T03:59:59Z is Sep 30, 23:59:59 EDT: still Q3 in New York (but Q4 in UTC)
    const t = new Date("2026-10-01T03:59:59Z");
    expect(inPeriod(t, q3)).toBe(true);
    expect(inPeriod(t, q4)).toBe(false);
    expect(inPeriod(t, periodRange("2026-Q4", "UTC"))).toBe(true);
    expect(inPeriod(new Date("2026-10-01T04:00:00Z"), q4)).toBe(true);
    expect(periodContaining(t, "quarter", "America/New_York")).toBe("2026-Q3");
    expect(periodContaining(t, "quarter", "UTC")).toBe("2026-Q4");
    expect(periodContaining(t, "month", "America/New_York")).toBe("2026-09");
  });

  it("dateInPeriod compares local dates", () => {
    const q3 = periodRange("2026-Q3", "America/New_York");
    expect(dateInPeriod("2026-07-01", q3)).toBe(true);
    expect(dateInPeriod("2026-09-30", q3)).toBe(true);
    expect(dateInPeriod("2026-10-01", q3)).toBe(false);
    expect(dateInPeriod("2026-06-30", q3)).toBe(false);
  });
});

describe("elapsed and weeksInPeriod", () => {
  const q3 = () => periodRange("2026-Q3", "UTC");
  const mar = () => periodRange("2026-03", "America/New_York");
  it.each([
    ["before the start", q3, "2026-06-15T00:00:00Z", 0],
    ["at the start", q3, "2026-07-01T00:00:00Z", 0],
    // Jul 31 + Aug 31 = 62 whole days of 92
    ["Sep 1", q3, "2026-09-01T00:00:00Z", 62 / 92],
    // half of the first day
    ["Jul 1 noon", q3, "2026-07-01T12:00:00Z", 0.5 / 92],
    ["at the end", q3, "2026-10-01T00:00:00Z", 1],
    ["after the end", q3, "2027-01-01T00:00:00Z", 1],
    // Mar 9 00:00 EDT = 04:00Z: 8 whole local days (Mar 1..8) of 31
    ["NY after DST", mar, "2026-03-09T04:00:00Z", 8 / 31],
    // Mar 8 (DST day) is 23 h long: 05:00Z..04:00Z(+1); 16:00Z is 11 h in → 7 + 11/23 days
    ["NY on the DST day", mar, "2026-03-08T16:00:00Z", (7 + 11 / 23) / 31],
    // Mar 1 00:00 EST = 05:00Z, so 04:59Z is still February
    ["NY before local midnight", mar, "2026-03-01T04:59:00Z", 0],
  ])("%s", (_label, p, asOf, want) => {
    expect(elapsed(p(), new Date(asOf))).toBeCloseTo(want, 12);
  });

  it("weeksInPeriod = days / 7", () => {
    expect(weeksInPeriod(q3())).toBe(92 / 7);
    expect(weeksInPeriod(periodRange("2026-02", "UTC"))).toBe(4);
  });
});

describe("previous / next period", () => {
  it.each([
    ["2026-01", "2025-12", "2026-02"],
    ["2026-12", "2026-11", "2027-01"],
    ["2026-Q1", "2025-Q4", "2026-Q2"],
    ["2026-Q4", "2026-Q3", "2027-Q1"],
  ])("%s", (key, prev, next) => {
    expect(previousPeriod(key)).toBe(prev);
    expect(nextPeriod(key)).toBe(next);
  });
});
