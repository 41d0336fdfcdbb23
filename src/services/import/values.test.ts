import { describe, expect, it } from "vitest";
import { moneyCurrency, readDate, readDuration, readMoney, readTime, slashOrderEvidence } from "./values.js";

const F = "formats";
describe("vendor values", () => {
  it.each([
    ["2026-01-05 09:00:00", "MDY", "2026-01-05 09:00:00"],
    ["2026-01-05 09:00", "MDY", "2026-01-05 09:00:00"],
    ["2026-01-05", "MDY", "2026-01-05 00:00:00"],
    ["2026-01-05T09:00:00.000Z", "MDY", "2026-01-05 09:00:00.000Z"],
    ["2026-01-05T09:00:00+02:00", "MDY", "2026-01-05 09:00:00+02:00"],
    ["3/4/2026", "MDY", "2026-03-04 00:00:00"],
    ["3/4/2026", "DMY", "2026-04-03 00:00:00"],
    ["1/13/2026 2:30 PM", "MDY", "2026-01-13 14:30:00"],
    ["1/13/2026 12:05 AM", "MDY", "2026-01-13 00:05:00"],
    ["12/1/26 12:00 pm", "MDY", "2026-12-01 12:00:00"],
    ["31.12.2026 18:00", "MDY", "2026-12-31 18:00:00"],
  ] as const)("reads the time %s (%s) as %s", (v, order, out) => {
    expect(readTime(v, order, F)).toEqual({ ok: true, value: out });
  });

  it.each([
    "2026-02-30 09:00:00",
    "13/05/2026",
    "1/13/2026 13:00 PM",
    "2026-01-05 24:00",
    "yesterday",
    "45631",
  ])("refuses the time %s", (v) => {
    expect(readTime(v, "MDY", F)).toEqual({ ok: false, reason: `not a date/time (${F})` });
  });

  it("reads a date and drops the time", () => {
    expect(readDate("3/31/2026 5:00 PM", "MDY", F)).toEqual({ ok: true, value: "2026-03-31" });
  });

  it.each([
    ["1500", "1500.00"],
    ["1500.5", "1500.50"],
    ["1,500.00", "1500.00"],
    ["USD 12,500.00", "12500.00"],
    ["$1,234,567.891", "1234567.89"],
    ["0.005", "0.01"],
    ["99.995 EUR", "100.00"],
  ])("reads the amount %s as %s", (v, out) => {
    expect(readMoney(v)).toEqual({ ok: true, value: out });
  });

  it.each(["12,34", "-5", "1.234,56", "abc", "1 500"])("refuses the amount %s", (v) => {
    expect(readMoney(v).ok).toBe(false);
  });

  it.each([
    ["00:30", "minutes", 30],
    ["01:30:00", "minutes", 90],
    ["45", "minutes", 45],
    ["900", "seconds", 15],
    ["300000", "milliseconds", 5],
  ] as const)("reads the duration %s (%s) as %i minutes", (v, unit, n) => {
    expect(readDuration(v, unit)).toEqual({ ok: true, value: n });
  });

  it.each([
    ["13/5/2026", "DMY"],
    ["5/13/2026", "MDY"],
    ["5/6/2026", "ambiguous"],
    ["31.12.2026", undefined],
    ["2026-01-05", undefined],
  ])("tells the day/month order of %s: %s", (v, out) => {
    expect(slashOrderEvidence(v)).toBe(out);
  });

  it.each([
    ["EUR 1,500.00", "EUR"],
    // Without a space too: readMoney drops the code either way, so it must be seen either way.
    ["EUR1500", "EUR"],
    ["1500 USD", "USD"],
    ["1500GBP", "GBP"],
    ["$1,500.00", ""],
    ["1500", ""],
  ])("names the currency code written with %s: %s", (v, out) => {
    expect(moneyCurrency(v)).toBe(out);
  });
});
