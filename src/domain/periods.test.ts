import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  addDays,
  asOfOf,
  dateInPeriod,
  daysBetween,
  elapsed,
  inPeriod,
  inWindow,
  localDate,
  nextPeriod,
  parsePeriodKey,
  periodContaining,
  periodRange,
  periodWeek,
  placeReportTime,
  previousPeriod,
  reportTime,
  startOfLocalDay,
  weeksInPeriod,
  zoneOffsetMs,
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

describe("bad input: the error names the field and the value", () => {
  const caught = (f: () => unknown): AppError => {
    try {
      f();
    } catch (e) {
      return e as AppError;
    }
    throw new Error("did not throw");
  };
  it("a bad period key", () => {
    const e = caught(() => parsePeriodKey("2026-13"));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe('period must be YYYY-MM or YYYY-Qn, got "2026-13"');
    expect(e.details).toEqual([{ path: "period", message: "expected YYYY-MM or YYYY-Qn", value: "2026-13" }]);
  });
  it("an unknown time zone", () => {
    const e = caught(() => periodRange("2026-01", "Mars/Olympus"));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe('unknown time zone "Mars/Olympus"');
    expect(e.details).toEqual([
      { path: "timeZone", message: "unknown IANA time zone", value: "Mars/Olympus" },
    ]);
  });
  it("a bad local date", () => {
    const e = caught(() => addDays("2026-1-5", 1));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe('date must be YYYY-MM-DD, got "2026-1-5"');
  });
});

describe("keys, defaults and the edges of a window and a period", () => {
  it("keys are canonical; surrounding spaces are ignored, anything else around a key is refused", () => {
    expect(parsePeriodKey(" 2026-Q3 ")).toEqual({ kind: "quarter", year: 2026, index: 3 });
    for (const bad of ["x2026-07", "2026-07x", "2026-Q3x"])
      expect(() => parsePeriodKey(bad)).toThrow(AppError);
    for (const bad of ["x2026-01-05", "2026-01-05x"]) expect(() => addDays(bad, 1)).toThrow(AppError);
    expect(periodRange("2026-07").key).toBe("2026-07");
    expect(periodRange("2026-Q3").key).toBe("2026-Q3");
  });
  it("the default time zone is UTC", () => {
    expect(periodRange("2026-07").start.toISOString()).toBe("2026-07-01T00:00:00.000Z");
    expect(periodRange("2026-07").timeZone).toBe("UTC");
    // 2026-07-31 23:30Z is still July in UTC
    expect(periodContaining(new Date("2026-07-31T23:30:00Z"), "month")).toBe("2026-07");
  });
  it("November ends on Dec 1 of the same year; December on Jan 1 of the next", () => {
    expect(periodRange("2026-11").end.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodRange("2026-11").endDate).toBe("2026-11-30");
    expect(periodRange("2026-12").end.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
  it("a period's end is outside it; a window's end inside, just after it outside", () => {
    const p = periodRange("2026-07");
    expect(inPeriod(p.end, p)).toBe(false);
    expect(inPeriod(new Date(p.end.getTime() - 1), p)).toBe(true);
    const w = { from: new Date("2026-01-10T00:00:00Z"), to: new Date("2026-01-30T00:00:00Z") };
    expect(inWindow(w.to, w)).toBe(true);
    expect(inWindow(new Date(w.to.getTime() + 1), w)).toBe(false);
    expect(inWindow(w.from, w)).toBe(false);
  });
});

describe("calendar arithmetic", () => {
  it("addDays and daysBetween across a month, a year and a leap day", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    // Jul 1 → Oct 1 = 31 + 31 + 30 = 92
    expect(daysBetween("2026-07-01", "2026-10-01")).toBe(92);
    expect(daysBetween("2026-10-01", "2026-07-01")).toBe(-92);
  });
  it("zoneOffsetMs and localDate in New York either side of the DST change", () => {
    // 2026-03-08 07:00Z = 03:00 EDT (−4 h); 06:59Z = 01:59 EST (−5 h)
    expect(zoneOffsetMs(new Date("2026-03-08T07:00:00Z"), "America/New_York")).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(new Date("2026-03-08T06:59:00Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(new Date("2026-03-08T06:59:59.999Z"), "America/New_York")).toBe(-5 * 3_600_000);
    expect(localDate(new Date("2026-03-08T04:59:59Z"), "America/New_York")).toBe("2026-03-07");
    expect(localDate(new Date("2026-03-08T05:00:00Z"), "America/New_York")).toBe("2026-03-08");
  });
  it("startOfLocalDay where midnight is skipped (Santiago, September 2026: 00:00 → 01:00)", () => {
    // Chile moves from −4 to −3 at local midnight on 2026-09-06: the day starts at 01:00 −03 = 04:00Z
    expect(startOfLocalDay("2026-09-06", "America/Santiago").toISOString()).toBe("2026-09-06T04:00:00.000Z");
    // the day before starts at 00:00 −04 = 04:00Z
    expect(startOfLocalDay("2026-09-05", "America/Santiago").toISOString()).toBe("2026-09-05T04:00:00.000Z");
  });
  it("startOfLocalDay around the other DST changes at midnight (tzdata, as `zdump -v` shows them)", () => {
    // Havana, 2026-03-08 05:00Z: 00:00 CST → 01:00 CDT, midnight skipped → the day starts at 05:00Z
    expect(startOfLocalDay("2026-03-08", "America/Havana").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    // Havana, 2026-11-01 05:00Z: 01:00 CDT → 00:00 CST, midnight twice (04:00Z and 05:00Z) → the first
    expect(startOfLocalDay("2026-11-01", "America/Havana").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-02", "America/Havana").toISOString()).toBe("2026-11-02T05:00:00.000Z");
    // Santiago, 2026-04-05 03:00Z: 00:00 −03 → 23:00 −04 on Apr 4 → Apr 5 starts at 00:00 −04 = 04:00Z
    expect(startOfLocalDay("2026-04-04", "America/Santiago").toISOString()).toBe("2026-04-04T03:00:00.000Z");
    expect(startOfLocalDay("2026-04-05", "America/Santiago").toISOString()).toBe("2026-04-05T04:00:00.000Z");
    // east of UTC: Auckland 2026-04-04 14:00Z (Apr 5 03:00 NZDT → 02:00 NZST); Apr 5 starts 00:00 +13 = Apr 4 11:00Z
    expect(startOfLocalDay("2026-04-05", "Pacific/Auckland").toISOString()).toBe("2026-04-04T11:00:00.000Z");
    expect(startOfLocalDay("2026-04-06", "Pacific/Auckland").toISOString()).toBe("2026-04-05T12:00:00.000Z");
  });
});

describe("a report's time: parsed once at the edge, placed in the organisation's zone once", () => {
  const now = new Date("2026-05-20T12:00:00Z");
  it.each([
    // absent → the clock given
    [undefined, "UTC", "2026-05-20T12:00:00.000Z"],
    ["", "UTC", "2026-05-20T12:00:00.000Z"],
    // an instant with an offset is taken as it is: 09:30 at +02:00 = 07:30 UTC
    ["2026-03-01T09:30:00+02:00", "UTC", "2026-03-01T07:30:00.000Z"],
    // a date is the start of that day in the organisation's zone: Berlin is UTC+1 in March → 23:00 the day before
    ["2026-03-01", "Europe/Berlin", "2026-02-28T23:00:00.000Z"],
  ])("%s in %s → %s", (v, zone, expected) => {
    expect(placeReportTime(reportTime("2026-Q1", v), zone, now).asOf.toISOString()).toBe(expected);
  });
  it.each([["2026-02-30"], ["2026-03-01T09:30:00"], ["yesterday"]])(
    "refuses %s, naming the field asOf",
    (v) => {
      try {
        asOfOf(v);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).details?.[0]).toMatchObject({ path: "asOf", value: v });
      }
    },
  );
  it("the period's key is parsed at the edge (canonical, spaces ignored) and placed in the zone given", () => {
    const t = reportTime(" 2026-Q3 ", "2026-08-15");
    expect(t.period).toEqual({ key: "2026-Q3", kind: "quarter", year: 2026, index: 3 });
    // a date stays a date until the zone is known
    expect(t.asOf).toEqual({ date: "2026-08-15" });
    const placed = placeReportTime(t, "America/New_York", now);
    // Q3 in New York: Jul 1 00:00 EDT (−4 h) = 04:00Z to Oct 1 00:00 EDT = 04:00Z
    expect(placed.period.start.toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(placed.period.end.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    expect(placed.period.timeZone).toBe("America/New_York");
    // Aug 15 00:00 EDT = 04:00Z
    expect(placed.asOf.toISOString()).toBe("2026-08-15T04:00:00.000Z");
    expect(() => reportTime("2026-Q5")).toThrow(AppError);
  });
});

describe("periodWeek", () => {
  const q4 = periodRange("2026-Q4", "UTC"); // Oct 1 – Dec 31: 92 days
  it("counts 7-day weeks from the period's start", () => {
    // Dec 1 12:00 is 61.5 days in: week 8 (0-based), Oct 1 + 56 days = Nov 26 to Dec 3.
    expect(periodWeek(q4, new Date("2026-12-01T12:00:00Z"))).toEqual({
      index: 8,
      start: new Date("2026-11-26T00:00:00Z"),
      end: new Date("2026-12-03T00:00:00Z"),
    });
  });
  it("cuts the last week at the period's end, and is negative before the start", () => {
    // Dec 31 is day 91: week 13, which has one day left in the quarter.
    expect(periodWeek(q4, new Date("2026-12-31T08:00:00Z"))).toEqual({
      index: 13,
      start: new Date("2026-12-31T00:00:00Z"),
      end: new Date("2027-01-01T00:00:00Z"),
    });
    expect(periodWeek(q4, new Date("2026-09-30T23:00:00Z")).index).toBe(-1);
  });
});
