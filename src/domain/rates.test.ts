import { describe, expect, it } from "vitest";
import { deal, jan } from "../../test/helpers/deals.js";
import { windowEndingAt } from "./periods.js";
import {
  emptyFunnel,
  type Funnel,
  funnelCounts,
  poolFunnels,
  poolWonStats,
  pWin,
  rawRates,
  smoothedDealSize,
  smoothedRates,
  wonStats,
} from "./rates.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { type DealFlow, dealFlow } from "./stepflow.js";

const asOf = jan(30);
const flows = (ds: ReturnType<typeof deal>[], at = asOf) =>
  ds.map((d) => dealFlow(d, at)).filter((f): f is DealFlow => !!f);

/** A funnel from `[advanced, exited]` pairs for steps 1..6 (entered = advanced + exited). */
function funnel(pairs: [number, number][]): Funnel {
  const f = emptyFunnel();
  pairs.forEach(([a, e], i) => {
    f[(i + 1) as 1] = { entered: a + e, advanced: a, exited: e };
  });
  return f;
}

describe("funnelCounts", () => {
  // A: 1→2→3, lost at 3.  B: lost at 1.  C: open at 1.  D: 1..6, won.  E: entered 1 before the window.
  const A = deal(
    [
      [1, jan(10)],
      [2, jan(11)],
      [3, jan(12)],
    ],
    { status: "lost", closedAt: jan(13) },
  );
  const B = deal([[1, jan(10)]], { status: "disqualified", closedAt: jan(11) });
  const C = deal([[1, jan(10)]]);
  const D = deal(
    [
      [1, jan(10)],
      [2, jan(11)],
      [3, jan(12)],
      [4, jan(13)],
      [5, jan(14)],
      [6, jan(15)],
    ],
    {
      status: "won",
      closedAt: jan(16),
    },
  );
  const E = deal(
    [
      [1, jan(1)],
      [2, jan(20)],
    ],
    { status: "lost", closedAt: jan(21) },
  );
  const w = () => windowEndingAt(asOf, 25); // (Jan 5, Jan 30]
  const f = () => funnelCounts(flows([A, B, C, D, E]), w());

  it.each([
    // step 1: entered A,B,C,D (E before W); advanced A,D; exited B; C open → left out
    [1, { entered: 4, advanced: 2, exited: 1 }, 2 / 3],
    // step 2: entered A,D and E (E reached 2 on Jan 20, in W); advanced A,D; E lost at 2
    [2, { entered: 3, advanced: 2, exited: 1 }, 2 / 3],
    // step 3: A lost at 3, D advanced
    [3, { entered: 2, advanced: 1, exited: 1 }, 0.5],
    [4, { entered: 1, advanced: 1, exited: 0 }, 1],
    // step 6: D won
    [6, { entered: 1, advanced: 1, exited: 0 }, 1],
  ] as const)("step %i", (s, counts, rate) => {
    expect(f()[s]).toEqual(counts);
    expect(rawRates(f())[s]).toBeCloseTo(rate, 12);
  });

  it("a predicate instead of a window: only reach times it accepts count", () => {
    // reach times in [Jan 11, Jan 13): A reaches 2 (Jan 11) and 3 (Jan 12); D likewise; B, C none.
    const g = funnelCounts(flows([A, B, C, D, E]), (d) => d >= jan(11) && d < jan(13));
    expect(g[1]).toEqual({ entered: 0, advanced: 0, exited: 0 });
    expect(g[2]).toEqual({ entered: 2, advanced: 2, exited: 0 }); // both reached 3
    expect(g[3]).toEqual({ entered: 2, advanced: 1, exited: 1 }); // A lost at 3, D went on
  });

  it("open deals only: entered counts, but no rate", () => {
    const g = funnelCounts(flows([C]), w());
    expect(g[1]).toEqual({ entered: 1, advanced: 0, exited: 0 });
    expect(rawRates(g)[1]).toBeNull();
  });

  it("pools team counts by adding them", () => {
    const p = poolFunnels([funnel([[1, 2]]), funnel([[3, 4]])]);
    expect(p[1]).toEqual({ entered: 10, advanced: 4, exited: 6 });
  });
});

describe("smoothedRates", () => {
  it("no history anywhere → the organisation's default rates", () => {
    const r = smoothedRates(emptyFunnel(), emptyFunnel(), DEFAULT_SETTINGS);
    // (0 + 5·d) / (0 + 0 + 5) = d
    expect(Object.values(r)).toEqual([0.9, 0.3, 0.6, 0.7, 0.6, 0.5]);
  });

  it("own history shrinks toward the team rate with K = 5", () => {
    const own = funnel([[2, 1]]);
    // team step 1: 5 advanced, 5 exited → 0.5;  (2 + 5·0.5) / (2 + 1 + 5) = 4.5 / 8 = 0.5625
    // step 2: team has nothing resolved → default 0.3; own none → (0 + 5·0.3)/5 = 0.3
    const team = funnel([[5, 5]]);
    const r = smoothedRates(own, team, DEFAULT_SETTINGS);
    expect(r[1]).toBeCloseTo(0.5625, 12);
    expect(r[2]).toBeCloseTo(0.3, 12);
  });

  it("no own history → the team's rate", () => {
    // team step 3: 3 / (3 + 1) = 0.75 → (0 + 5·0.75) / 5 = 0.75
    const r = smoothedRates(
      emptyFunnel(),
      funnel([
        [0, 0],
        [0, 0],
        [3, 1],
      ]),
      DEFAULT_SETTINGS,
    );
    expect(r[3]).toBeCloseTo(0.75, 12);
  });

  it("K = 0 and no own trials: the team prior (not 0/0)", () => {
    // metrics-decisions.md, "Rates": team step 1 9 / (9 + 1) = 0.9; no own advanced or exited.
    const r = smoothedRates(emptyFunnel(), funnel([[9, 1]]), { ...DEFAULT_SETTINGS, priorWeight: 0 });
    expect(r[1]).toBe(0.9);
    // step 2: no team history either → the default 0.3
    expect(r[2]).toBe(0.3);
  });

  it("with K = 0 it is the raw rate", () => {
    // 1 / (1 + 3) = 0.25
    const r = smoothedRates(funnel([[1, 3]]), funnel([[9, 1]]), { ...DEFAULT_SETTINGS, priorWeight: 0 });
    expect(r[1]).toBeCloseTo(0.25, 12);
  });
});

describe("deal size and pWin", () => {
  it("average deal size: no wins → defaultDealSize", () => {
    expect(smoothedDealSize({ sumWon: 0, nWon: 0 }, { sumWon: 0, nWon: 0 }, DEFAULT_SETTINGS)).toBe(10_000);
  });
  it("average deal size smoothed toward the team average", () => {
    // team avg 60000 / 4 = 15000;  (40000 + 5·15000) / (2 + 5) = 115000 / 7
    const v = smoothedDealSize({ sumWon: 40_000, nWon: 2 }, { sumWon: 60_000, nWon: 4 }, DEFAULT_SETTINGS);
    expect(v).toBeCloseTo(115_000 / 7, 9);
  });
  it("wonStats counts won deals closed in the window", () => {
    const w = windowEndingAt(asOf, 10); // (Jan 20, Jan 30]
    const ds = [
      deal([[1, jan(1)]], { status: "won", closedAt: jan(25), value: 300 }),
      deal([[1, jan(1)]], { status: "won", closedAt: jan(15), value: 500 }), // before W
      deal([[1, jan(1)]], { status: "lost", closedAt: jan(25), value: 700 }),
      deal([[1, jan(1)]], { status: "won", closedAt: jan(35), value: 900 }), // after asOf
    ];
    expect(wonStats(flows(ds), w)).toEqual({ sumWon: 300, nWon: 1 });
  });
  it("wonStats: a deal won exactly at the window's start is out, exactly at its end (asOf) in", () => {
    // metrics-decisions.md, "Time": windows are (asOf − days × 24 h, asOf].
    const w = windowEndingAt(asOf, 10); // (Jan 20, Jan 30]
    const ds = [
      deal([[1, jan(1)]], { status: "won", closedAt: jan(20), value: 1100 }), // = from: out
      deal([[1, jan(1)]], { status: "won", closedAt: new Date(jan(20).getTime() + 1), value: 1200 }), // 1 ms later: in
      deal([[1, jan(1)]], { status: "won", closedAt: jan(30), value: 1300 }), // = to = asOf: in
    ];
    // 1200 + 1300 = 2500 over 2 deals
    expect(wonStats(flows(ds), w)).toEqual({ sumWon: 2500, nWon: 2 });
  });
  it("poolWonStats adds sums and counts", () => {
    // (100 + 250 + 0, 1 + 2 + 0)
    const p = poolWonStats([
      { sumWon: 100, nWon: 1 },
      { sumWon: 250, nWon: 2 },
      { sumWon: 0, nWon: 0 },
    ]);
    expect(p).toEqual({ sumWon: 350, nWon: 3 });
    expect(poolWonStats([])).toEqual({ sumWon: 0, nWon: 0 });
  });
  it("K = 0 and no own wins: the team's average deal size (not 0/0)", () => {
    // metrics-decisions.md: smoothing with K = 0 and no own trials falls back to the team prior.
    const K0 = { ...DEFAULT_SETTINGS, priorWeight: 0 };
    // team 60000 / 4 = 15000
    expect(smoothedDealSize({ sumWon: 0, nWon: 0 }, { sumWon: 60_000, nWon: 4 }, K0)).toBe(15_000);
    // own 3000 / 1 with K = 0 → the own average
    expect(smoothedDealSize({ sumWon: 3000, nWon: 1 }, { sumWon: 60_000, nWon: 4 }, K0)).toBe(3000);
  });
  it.each([
    // 0.9·0.3·0.6·0.7·0.6·0.5 = 0.03402
    [1, 0.03402],
    // 0.7·0.6·0.5 = 0.21
    [4, 0.21],
    [6, 0.5],
    [7, 1],
  ])("pWin(%i) with the default rates", (s, p) => {
    const r = { 1: 0.9, 2: 0.3, 3: 0.6, 4: 0.7, 5: 0.6, 6: 0.5 };
    expect(pWin(r, s)).toBeCloseTo(p, 12);
  });
});
