import { describe, expect, it } from "vitest";
import {
  allowedNext,
  assembleScorecard,
  benchByTeam,
  canMove,
  fitAgainstWeakSteps,
  SEED_GUIDE,
  SUBJECTS,
} from "./hiring.js";

describe("candidate status transitions", () => {
  it("moves forward (skipping allowed), out from the pipeline, hired only after an interview", () => {
    expect(allowedNext("sourced")).toEqual(["screened", "interviewed", "offered", "declined", "withdrawn"]);
    expect(allowedNext("interviewed")).toEqual(["offered", "hired", "declined", "withdrawn"]);
    expect(allowedNext("offered")).toEqual(["hired", "declined", "withdrawn"]);
    expect(canMove("screened", "hired")).toBe(false);
    expect(canMove("offered", "sourced")).toBe(false);
  });
  it("hired, declined and withdrawn are final", () => {
    for (const s of ["hired", "declined", "withdrawn"] as const) expect(allowedNext(s)).toEqual([]);
  });
});

describe("scorecard", () => {
  const card = assembleScorecard([
    {
      interviewerId: "m",
      interviewerName: "Manager",
      scores: {
        positive_attitude: { score: 4, evidence: "called 60 a day" },
        trainability: { score: 3, evidence: "changed pitch after feedback" },
        qualification: { score: 1, evidence: "no example" },
      },
    },
    {
      interviewerId: "e",
      interviewerName: "Executive",
      scores: {
        positive_attitude: { score: 2, evidence: "blamed the market" },
        trainability: { score: 2, evidence: "some" },
        closing: { score: 3, evidence: "asked for the order" },
      },
    },
  ]);
  const row = (s: string) => card.rows.find((r) => r.subject === s)!;
  it("lays the interviewers side by side, one row per attribute and step", () => {
    // 4 attributes + 7 steps = 11 rows
    expect(card.rows).toHaveLength(11);
    expect(card.interviewers).toEqual([
      { id: "m", name: "Manager" },
      { id: "e", name: "Executive" },
    ]);
    expect(row("positive_attitude").scores.map((s) => s?.score ?? null)).toEqual([4, 2]);
    expect(row("closing").scores.map((s) => s?.score ?? null)).toEqual([null, 3]);
  });
  it("marks a spread of 2 or more as a disagreement", () => {
    // attitude: 4 vs 2 → spread 2, mean (4+2)/2 = 3 → disagreement
    expect(row("positive_attitude")).toMatchObject({ spread: 2, mean: 3, disagreement: true });
    // trainability: 3 vs 2 → spread 1, mean 2.5 → agreement
    expect(row("trainability")).toMatchObject({ spread: 1, mean: 2.5, disagreement: false });
    // qualification: only one score → no spread, mean 1
    expect(row("qualification")).toMatchObject({ spread: null, mean: 1, disagreement: false });
    expect(row("lead")).toMatchObject({ spread: null, mean: null, disagreement: false });
    expect(card.disagreements).toBe(1);
    expect(row("closing").kind).toBe("step");
    expect(row("trainability").kind).toBe("attribute");
  });
});

describe("fit against the team's weak steps", () => {
  it("ranks the team's coaching focuses and lines up the candidate's mean scores", () => {
    // focus: closing ×2, qualification ×1, prospecting ×1; one person without a focus
    const fit = fitAgainstWeakSteps(["closing", "qualification", null, "closing", "prospecting"], {
      closing: 3,
      qualification: 2.5,
    });
    expect(fit).toEqual([
      { step: "closing", weakFor: 2, candidateScore: 3, strengthens: true },
      // ties (1 each) keep step order: prospecting (2) before qualification (3)
      { step: "prospecting", weakFor: 1, candidateScore: null, strengthens: false },
      { step: "qualification", weakFor: 1, candidateScore: 2.5, strengthens: false },
    ]);
  });
  it("is empty for a team without weak steps", () => {
    expect(fitAgainstWeakSteps([null, null], { closing: 4 })).toEqual([]);
  });
});

describe("bench per team", () => {
  it("counts by status and the days since the last candidate entered", () => {
    const bench = benchByTeam(
      ["East", "West", "North"],
      [
        { team: "East", status: "sourced", enteredOn: "2026-11-20" },
        { team: "East", status: "interviewed", enteredOn: "2026-11-25" },
        { team: "East", status: "hired", enteredOn: "2026-10-01" },
        { team: "West", status: "declined", enteredOn: "2026-09-01" },
      ],
      "2026-12-01",
    );
    // East: latest 25 Nov → 1 Dec = 6 days; pipeline = sourced + interviewed = 2
    expect(bench[0]).toMatchObject({ team: "East", inPipeline: 2, daysSinceLast: 6 });
    expect(bench[0].byStatus).toMatchObject({ sourced: 1, interviewed: 1, hired: 1, offered: 0 });
    // West: 1 Sep → 1 Dec = 29 (Sep) + 31 (Oct) + 30 (Nov) + 1 = 91 days; nothing in pipeline
    expect(bench[1]).toMatchObject({ team: "West", inPipeline: 0, daysSinceLast: 91 });
    expect(bench[2]).toMatchObject({ team: "North", inPipeline: 0, daysSinceLast: null });
  });
});

describe("seed guide", () => {
  it("covers every attribute and every step with unique keys", () => {
    expect(new Set(SEED_GUIDE.map((q) => q.subject))).toEqual(new Set(SUBJECTS));
    expect(new Set(SEED_GUIDE.map((q) => q.key)).size).toBe(SEED_GUIDE.length);
  });
});

describe("recruiting time", () => {
  it("counts as managing time (not selling)", async () => {
    const { managingShare } = await import("./managers.js");
    // 60 selling + 90 recruiting + 30 coaching = 180 minutes; managing = 120 / 180 = 2/3
    expect(
      managingShare({
        selling: 60,
        accountability: 0,
        coaching: 30,
        motivating: 0,
        recruiting: 90,
        admin: 0,
      }),
    ).toBeCloseTo(2 / 3, 12);
  });
});

describe("the teams of a reporting line", () => {
  it("follows the line down, skipping an inactive person's team but not their reports", async () => {
    const { lineTeams } = await import("./hiring.js");
    const people = [
      { id: "x", managerId: null, team: null, active: true },
      { id: "m", managerId: "x", team: "East", active: true },
      { id: "old", managerId: "m", team: "Old", active: false },
      { id: "r", managerId: "old", team: "South", active: true },
      { id: "w", managerId: "x", team: "West", active: true },
    ];
    expect([...lineTeams(people, "m")].sort()).toEqual(["East", "South"]);
    expect([...lineTeams(people, "x")].sort()).toEqual(["East", "South", "West"]);
    expect([...lineTeams(people, "w")]).toEqual(["West"]);
  });
});
