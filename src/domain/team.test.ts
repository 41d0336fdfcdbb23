import { describe, expect, it } from "vitest";
import { emptyFunnel, type Funnel } from "./rates.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { coachingFocus, paretoShare, type RankEntry, rankByResults, redWhiteBlue } from "./team.js";

describe("paretoShare", () => {
  it.each([
    // n = 5: top ceil(1) = 1 → 100 / 200
    [[100, 50, 30, 20, 0], 0.5],
    // n = 6: top ceil(1.2) = 2 → (60 + 50) / 200
    [[20, 60, 50, 40, 30, 0], 0.55],
    // n = 1: top 1 → 1
    [[42], 1],
  ])("%j → %d", (revenues, want) => {
    expect(paretoShare(revenues)).toBeCloseTo(want, 12);
  });
  it("null without revenue or people", () => {
    expect(paretoShare([0, 0])).toBeNull();
    expect(paretoShare([])).toBeNull();
  });
});

const e = (id: string, wonRevenue: number, resultsIndex: number | null = null, name = id): RankEntry => ({
  id,
  name,
  wonRevenue,
  resultsIndex,
});

describe('ranking ties (metrics-decisions.md, "Team figures")', () => {
  it("no quota (null) ranks after a resultsIndex of 0", () => {
    // same revenue; Zoe's 0 beats Ann's null although Ann comes first by name
    expect(rankByResults([e("n", 100, null, "Ann"), e("z", 100, 0, "Zoe")]).map((x) => x.id)).toEqual([
      "z",
      "n",
    ]);
  });
  it("then name in code-point order, then id, whatever the input order", () => {
    const people = [
      e("c", 0, 0.1, "Sam"),
      e("a", 0, 0.1, "Sam"),
      e("d", 0, 0.1, "Al"),
      e("b", 0, 0.1, "Sam"),
    ];
    // Al first ("A" < "S"); the three Sams by id
    expect(rankByResults(people).map((x) => x.id)).toEqual(["d", "a", "b", "c"]);
  });
});

describe("Red / White / Blue", () => {
  it("team of 1: round(1/3) = 0 → all white", () => {
    expect(redWhiteBlue([e("a", 5)])).toEqual({ red: [], white: ["a"], blue: [] });
  });
  it("team of 2: round(2/3) = 1 → one red, one blue", () => {
    expect(redWhiteBlue([e("a", 5), e("b", 9)])).toEqual({ red: ["b"], white: [], blue: ["a"] });
  });
  it("team of 10: round(10/3) = 3 red, 3 blue, 4 white", () => {
    const people = Array.from({ length: 10 }, (_, i) => e(`p${i}`, i * 100));
    expect(redWhiteBlue(people)).toEqual({
      red: ["p9", "p8", "p7"],
      white: ["p6", "p5", "p4", "p3"],
      blue: ["p2", "p1", "p0"],
    });
  });
  it("ties: revenue, then higher resultsIndex (null last), then name", () => {
    const people = [
      e("x", 100, 0.5, "Xavier"),
      e("y", 100, 0.9, "Yolanda"), // same revenue, higher resultsIndex → before x
      e("z", 100, null, "Zed"), // no quota → after any resultsIndex
      e("b", 0, 0.1, "Bea"),
      e("a", 0, 0.1, "Abe"), // full tie with b → by name: Abe before Bea
      e("c", 0, 0.1, "Cid"),
    ];
    // rank: y, x, z, a, b, c → red = top 2, blue = bottom 2
    expect(redWhiteBlue(people)).toEqual({ red: ["y", "x"], white: ["z", "a"], blue: ["b", "c"] });
  });
});

/** A funnel from [advanced, exited] per step 1..6. */
function funnel(pairs: [number, number][]): Funnel {
  const f = emptyFunnel();
  pairs.forEach(([a, x], i) => {
    f[(i + 1) as 1] = { entered: a + x, advanced: a, exited: x };
  });
  return f;
}

describe("coachingFocus", () => {
  const S = DEFAULT_SETTINGS; // minTrials 8
  it("picks the step with the lowest own/team ratio below 0.8", () => {
    // step 1: 9/10 vs team 0.9 → 1;  step 2: 2/8 = 0.25 vs 0.5 → 0.5;  step 3: 4/10 = 0.4 vs 0.6 → 0.667
    const own = funnel([
      [9, 1],
      [2, 6],
      [4, 6],
    ]);
    const team = funnel([
      [90, 10],
      [50, 50],
      [60, 40],
    ]);
    const f = coachingFocus(own, team, S)!;
    expect(f.step).toBe(2);
    expect(f.rate).toBeCloseTo(0.25, 12);
    expect(f.teamRate).toBeCloseTo(0.5, 12);
    expect(f.trials).toBe(8);
    expect(f.teamTrials).toBe(100);
  });
  it("ignores steps with fewer than minTrials", () => {
    // step 2: 0/7 → only 7 trials → ignored; nothing else below 0.8
    expect(
      coachingFocus(
        funnel([
          [9, 1],
          [0, 7],
        ]),
        funnel([
          [90, 10],
          [50, 50],
        ]),
        S,
      ),
    ).toBeNull();
  });
  it("a ratio of exactly 0.8 is not below 0.8", () => {
    // 4/8 = 0.5 vs team 5/8 = 0.625 → 0.5 / 0.625 = 0.8
    expect(coachingFocus(funnel([[4, 4]]), funnel([[5, 3]]), S)).toBeNull();
  });
  it("ties go to the earlier step", () => {
    // step 1: 6/10 = 0.6 vs 0.8 → 0.75;  step 2: 3/8 = 0.375 vs 0.5 → 0.75
    expect(
      coachingFocus(
        funnel([
          [6, 4],
          [3, 5],
        ]),
        funnel([
          [8, 2],
          [5, 5],
        ]),
        S,
      )?.step,
    ).toBe(1);
  });
  it("the lowest ratio wins even when a higher one below 0.8 comes first", () => {
    // step 1: 7/10 = 0.7 vs team 1 → 0.7;  step 2: 5/10 = 0.5 vs 1 → 0.5
    const f = coachingFocus(
      funnel([
        [7, 3],
        [5, 5],
      ]),
      funnel([
        [10, 0],
        [10, 0],
      ]),
      S,
    );
    expect(f?.step).toBe(2);
  });
  it("an exact tie goes to the earlier step", () => {
    // both steps 4/8 = 0.5 vs team 10/10 = 1 → exactly 0.5 in floating point
    const f = coachingFocus(
      funnel([
        [4, 4],
        [4, 4],
      ]),
      funnel([
        [10, 0],
        [10, 0],
      ]),
      S,
    );
    expect(f?.step).toBe(1);
    expect(f?.ratio).toBe(0.5);
  });
  it("with minTrials 0 a step without own trials has no rate and is no focus", () => {
    // step 1: own nothing resolved (rate null), team 0.5; step 2: own 9/10 = 0.9 vs 0.9 → 1
    const f = coachingFocus(
      funnel([
        [0, 0],
        [9, 1],
      ]),
      funnel([
        [5, 5],
        [90, 10],
      ]),
      { minTrials: 0 },
    );
    expect(f).toBeNull();
  });
  it("a team rate of 0 rules the step out", () => {
    expect(coachingFocus(funnel([[0, 10]]), funnel([[0, 30]]), S)).toBeNull();
  });
});
