import { describe, expect, it } from "vitest";
import { deal, jan } from "../../test/helpers/deals.js";
import { commitmentCount, commitmentStatus, type MeasurableCommitment } from "./commitments.js";
import { dealFlow } from "./stepflow.js";

describe("measurable commitments", () => {
  // "2 new prospecting entries between Jan 1 and Jan 10" (due at the end of Jan 10 = Jan 11 00:00)
  const c: MeasurableCommitment = {
    personId: "p1",
    measure: { kind: "step", step: 2 },
    target: 2,
    createdAt: jan(1),
    dueAt: jan(11),
  };
  const ds = [
    deal([
      [1, jan(1)],
      [2, jan(3)],
    ]),
    deal([
      [1, jan(2)],
      [3, jan(9)],
    ]), // reaches 2 implicitly on Jan 9: counts
    deal([
      [1, jan(2)],
      [2, jan(12)],
    ]), // after the due date
    deal([[2, jan(4)]], { ownerId: "p2" }), // somebody else's
  ];
  const count = (asOf: Date) =>
    commitmentCount(c, asOf, ds.map((d) => dealFlow(d, asOf)!).filter(Boolean), []);

  it.each([
    // as of Jan 8 only the Jan 3 entry exists, and it is not due yet
    [jan(8), 1, "pending"],
    // at the due time: Jan 3 + Jan 9 = 2 ≥ 2
    [jan(11), 2, "kept"],
    [jan(20), 2, "kept"],
  ])("as of %s: count %i, %s", (asOf, n, status) => {
    expect(count(asOf)).toBe(n);
    expect(commitmentStatus(c, count(asOf), asOf)).toBe(status);
  });

  it("activities of a kind done between creation and due date", () => {
    const a: MeasurableCommitment = { ...c, measure: { kind: "activity", activityKind: "call" }, target: 3 };
    const acts = [
      { ownerId: "p1", kind: "call", doneAt: jan(2) },
      { ownerId: "p1", kind: "call", doneAt: jan(10, 23) },
      { ownerId: "p1", kind: "email", doneAt: jan(5) }, // other kind
      { ownerId: "p1", kind: "call", doneAt: null }, // not done
      { ownerId: "p1", kind: "call", doneAt: jan(11) }, // at the due time: too late
    ];
    const n = commitmentCount(a, jan(15), [], acts);
    // Jan 2 and Jan 10 23:00 → 2 < 3
    expect(n).toBe(2);
    expect(commitmentStatus(a, n, jan(15))).toBe("missed");
  });
});
