import { describe, expect, it } from "vitest";
import { deal, jan } from "../../test/helpers/deals.js";
import { dealFlow, hasSkip, reached } from "./stepflow.js";

/** reachedAt as day numbers of January (null: not reached), steps 1..7. */
function days(reachedAt: (Date | null)[]): (number | null)[] {
  return reachedAt.slice(1).map((d) => (d ? (d.getTime() - jan(0).getTime()) / 86_400_000 : null));
}

describe("dealFlow", () => {
  it.each([
    {
      name: "plain 1→2→3, open",
      d: deal([
        [1, jan(1)],
        [2, jan(2)],
        [3, jan(3)],
      ]),
      asOf: jan(10),
      reached: [1, 2, 3, null, null, null, null],
      implicit: [],
      current: 3,
      outcome: "open",
      exit: null,
    },
    {
      name: "a skip 2→4 reaches 3 implicitly at the time of entering 4",
      d: deal([
        [1, jan(1)],
        [2, jan(2)],
        [4, jan(5)],
      ]),
      asOf: jan(10),
      reached: [1, 2, 5, 5, null, null, null],
      implicit: [3],
      current: 4,
      outcome: "open",
      exit: null,
    },
    {
      name: "won without step 6 recorded: 6 implicit and 7 at close",
      d: deal(
        [
          [1, jan(1)],
          [2, jan(2)],
          [3, jan(3)],
          [4, jan(4)],
          [5, jan(5)],
        ],
        {
          status: "won",
          closedAt: jan(9),
        },
      ),
      asOf: jan(10),
      reached: [1, 2, 3, 4, 5, 9, 9],
      implicit: [6],
      current: 7,
      outcome: "won",
      exit: null,
    },
    {
      // no rows: step 1 since creation (explicit), then 2..6 implicit at the close
      name: "won with no step rows at all: 2..6 implicit at close",
      d: deal([], { status: "won", closedAt: jan(9), createdAt: jan(8) }),
      asOf: jan(10),
      reached: [8, 9, 9, 9, 9, 9, 9],
      implicit: [2, 3, 4, 5, 6],
      current: 7,
      outcome: "won",
      exit: null,
    },
    {
      name: "moving back does not undo a reach (3 stays reached on day 3)",
      d: deal([
        [1, jan(1)],
        [2, jan(2)],
        [3, jan(3)],
        [2, jan(4)],
        [3, jan(6)],
      ]),
      asOf: jan(10),
      reached: [1, 2, 3, null, null, null, null],
      implicit: [],
      current: 3,
      outcome: "open",
      exit: null,
    },
    {
      name: "an explicit entry after an implicit one keeps the earlier (implicit) time",
      d: deal([
        [1, jan(1)],
        [3, jan(2)],
        [2, jan(3)],
      ]),
      asOf: jan(10),
      reached: [1, 2, 2, null, null, null, null],
      implicit: [2],
      current: 3,
      outcome: "open",
      exit: null,
    },
    {
      name: "first recorded step above 1: the earlier steps are implicit",
      d: deal([
        [2, jan(3)],
        [3, jan(4)],
      ]),
      asOf: jan(10),
      reached: [3, 3, 4, null, null, null, null],
      implicit: [1],
      current: 3,
      outcome: "open",
      exit: null,
    },
    {
      name: "lost at step 3 exits at 3",
      d: deal(
        [
          [1, jan(1)],
          [2, jan(2)],
          [3, jan(3)],
        ],
        { status: "lost", closedAt: jan(5) },
      ),
      asOf: jan(10),
      reached: [1, 2, 3, null, null, null, null],
      implicit: [],
      current: 3,
      outcome: "lost",
      exit: 3,
    },
    {
      name: "events after asOf do not exist: the close and step 2 are in the future",
      d: deal(
        [
          [1, jan(1)],
          [2, jan(20)],
        ],
        { status: "disqualified", closedAt: jan(25) },
      ),
      asOf: jan(10),
      reached: [1, null, null, null, null, null, null],
      implicit: [],
      current: 1,
      outcome: "open",
      exit: null,
    },
    {
      name: "no step rows: at step 1 since creation",
      d: deal([], { createdAt: jan(2) }),
      asOf: jan(10),
      reached: [2, null, null, null, null, null, null],
      implicit: [],
      current: 1,
      outcome: "open",
      exit: null,
    },
  ])("$name", ({ d, asOf, reached, implicit, current, outcome, exit }) => {
    const f = dealFlow(d, asOf)!;
    expect(days(f.reachedAt)).toEqual(reached);
    const imp = [1, 2, 3, 4, 5, 6, 7].filter((s) => f.implicit[s]);
    expect(imp).toEqual(implicit);
    expect(hasSkip(f)).toBe(implicit.length > 0);
    expect(f.currentStep).toBe(current);
    expect(f.outcome).toBe(outcome);
    expect(f.exitStep).toBe(exit);
  });

  it("a deal created after asOf does not exist yet", () => {
    expect(dealFlow(deal([], { createdAt: jan(20) }), jan(10))).toBeNull();
    expect(dealFlow(deal([[1, jan(20)]]), jan(10))).toBeNull();
  });
});

describe("dealFlow: edges of the close and of creation", () => {
  it("a won deal whose close is after asOf is open, whatever its status", () => {
    // metrics-decisions.md, "Time": a deal closed after asOf is open as of asOf
    const f = dealFlow(deal([[1, jan(1)]], { status: "won", closedAt: jan(20) }), jan(10))!;
    expect(f.outcome).toBe("open");
    expect(f.closedAt).toBeNull();
    expect(f.currentStep).toBe(1);
    expect(reached(f, 7)).toBe(false);
  });

  it("a closed status without a close time is open; an open status with one is open without it", () => {
    const wonNoTime = dealFlow(deal([[2, jan(1)]], { status: "won" }), jan(10))!;
    expect(wonNoTime.outcome).toBe("open");
    expect(wonNoTime.reachedAt[7]).toBeNull();
    const openWithTime = dealFlow(deal([[2, jan(1)]], { status: "open", closedAt: jan(5) }), jan(10))!;
    expect(openWithTime.outcome).toBe("open");
    expect(openWithTime.closedAt).toBeNull();
  });

  it("a deal created exactly at asOf exists, at step 1 since then (explicit)", () => {
    const f = dealFlow(deal([], { createdAt: jan(10) }), jan(10))!;
    expect(f).not.toBeNull();
    expect(f.currentStep).toBe(1);
    expect(f.reachedAt[1]).toEqual(jan(10));
    // 1 ms earlier it does not exist yet
    expect(dealFlow(deal([], { createdAt: jan(10) }), new Date(jan(10).getTime() - 1))).toBeNull();
  });

  it("implicit is false for every step not skipped; reached() reads reachedAt", () => {
    const f = dealFlow(
      deal([
        [1, jan(1)],
        [3, jan(2)],
      ]),
      jan(10),
    )!;
    expect(f.implicit).toEqual([false, false, true, false, false, false, false, false]);
    expect([1, 2, 3, 4].map((s) => reached(f, s))).toEqual([true, true, true, false]);
  });
});
