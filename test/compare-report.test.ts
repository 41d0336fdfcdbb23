/** The report comparison of the sample tests fails on what it must not ignore. */
import { describe, expect, it } from "vitest";
import { compareReport } from "./helpers/compare-report.js";

describe("compareReport", () => {
  it("a key of the expected document missing from the report is a difference, even when null", () => {
    expect(compareReport({ a: null, b: 1 }, { b: 1 }, "r")).toEqual(["r.a: missing (expected null)"]);
    expect(compareReport({ p: [{ x: 2 }] }, { p: [{}] }, "r")).toEqual(["r.p[0].x: missing (expected 2)"]);
  });
  it("a key of the report the expected document does not have is a difference unless allowed", () => {
    expect(compareReport({ a: 1 }, { a: 1, z: 0 }, "r")).toEqual(["r.z: not in the expected document (0)"]);
    expect(compareReport({ a: 1 }, { a: 1, z: 0 }, "r", [], { extra: ["z"] })).toEqual([]);
  });
  it("a key allowed to be absent when null must be null", () => {
    const allow = { nullWhenAbsent: ["plan"] };
    expect(compareReport({ a: 1 }, { a: 1, plan: null }, "r", [], allow)).toEqual([]);
    expect(compareReport({ a: 1 }, { a: 1, plan: 5 }, "r", [], allow)).toEqual([
      "r.plan: not in the expected document (5)",
    ]);
  });
  it("numbers match to 1e-6 relative; arrays by length and item", () => {
    // 1e-6 relative of 1000 is 0.001: 1000.0009 passes, 1000.002 does not
    expect(compareReport({ v: 1000 }, { v: 1000.0009 }, "r")).toEqual([]);
    expect(compareReport({ v: 1000 }, { v: 1000.002 }, "r")).toEqual(["r.v: expected 1000, got 1000.002"]);
    expect(compareReport([1, 2], [1], "r")).toEqual(["r: expected 2 items, got [1]"]);
    expect(compareReport({ o: {} }, { o: [] }, "r")).toEqual(["r.o: expected an object, got []"]);
  });
});
