import { describe, expect, it } from "vitest";
import { demoBench } from "./demo-hiring.js";
import { assembleScorecard, benchByTeam } from "./hiring.js";

const AS_OF = Date.parse("2026-11-15T12:00:00Z");
const people = [
  { id: "x", role: "executive", managerId: null, team: null },
  { id: "ma", role: "manager", managerId: "x", team: "Alpha" },
  { id: "mb", role: "manager", managerId: "x", team: "Beta" },
  { id: "r1", role: "salesperson", managerId: "ma", team: "Alpha" },
];

describe("the demo bench", () => {
  const bench = demoBench(people, AS_OF);
  it("gives each managed team five candidates at different statuses", () => {
    expect(bench).toHaveLength(10);
    const last = (team: string) =>
      bench.filter((c) => c.team === team).map((c) => c.history[c.history.length - 1].status);
    // team 0 (Alpha) has an offer; team 1 (Beta) the two-interviewer candidate still interviewed
    expect(last("Alpha")).toEqual(["sourced", "screened", "interviewed", "offered", "declined"]);
    expect(last("Beta")).toEqual(["sourced", "screened", "interviewed", "interviewed", "declined"]);
  });
  it("has one candidate per team interviewed by the manager and the manager's manager, who disagree", () => {
    const two = bench.filter((c) => c.interviews.length === 2);
    expect(two.map((c) => c.interviews.map((i) => i.interviewerId))).toEqual([
      ["ma", "x"],
      ["mb", "x"],
    ]);
    const card = assembleScorecard(
      two[0].interviews.map((i) => ({
        interviewerId: i.interviewerId,
        interviewerName: i.interviewerId,
        scores: Object.fromEntries(i.scores.map((s) => [s.subject, s])),
      })),
    );
    // attitude: manager 4, executive 2 → spread 2 → the one disagreement
    expect(card.rows.filter((r) => r.disagreement).map((r) => r.subject)).toEqual(["positive_attitude"]);
  });
  it("is a believable bench: Alpha's latest candidate entered 2 days before asOf, Beta's 5", () => {
    const b = benchByTeam(
      ["Alpha", "Beta"],
      bench.map((c) => ({
        team: c.team,
        status: c.history[c.history.length - 1].status,
        enteredOn: new Date(c.history[0].at).toISOString().slice(0, 10),
      })),
      "2026-11-15",
    );
    // sourced daysAgo = 2 + 3 × team index: Alpha 2, Beta 5; pipeline = 5 − 1 declined = 4
    expect(b.map((t) => [t.inPipeline, t.daysSinceLast])).toEqual([
      [4, 2],
      [4, 5],
    ]);
  });
  it("is deterministic", () => {
    expect(demoBench(people, AS_OF)).toEqual(bench);
  });
});
