import { describe, expect, it } from "vitest";
import { DEMO_COACHING_DAYS, type DemoCoachingSeller, planDemoCoaching } from "./demo-coaching.js";

// asOf Wednesday 2026-11-18 12:00 UTC: day 20,775 since 1970-01-01 (20,775 = 56 years of
// 365 days + 14 leap days + 321 days to Nov 18 in 2026: 20,440 + 14 + 321).
const AS_OF = new Date("2026-11-18T12:00:00Z");
const TODAY = 20_775;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

const seller = (over: Partial<DemoCoachingSeller> & { personId: string }): DemoCoachingSeller => ({
  role: "salesperson",
  managerId: "m",
  weakStep: null,
  startDay: 0,
  sellsTooMuch: false,
  ...over,
});

describe("the demo's coaching sessions", () => {
  it("day arithmetic of the test", () => {
    expect(day("2026-11-18")).toBe(TODAY);
  });

  const sellers: DemoCoachingSeller[] = [
    seller({ personId: "m", role: "manager", managerId: "x" }),
    seller({ personId: "busy", role: "manager", managerId: "x", sellsTooMuch: true }),
    ...Array.from({ length: 20 }, (_, i) => seller({ personId: `weak${i}`, weakStep: 2 + (i % 5) })),
    ...Array.from({ length: 20 }, (_, i) => seller({ personId: `fine${i}` })),
    ...Array.from({ length: 20 }, (_, i) => seller({ personId: `far${i}`, managerId: "busy", weakStep: 4 })),
    // hired 3 days ago: too new to have been coached
    seller({ personId: "new", weakStep: 3, startDay: TODAY - 3 }),
  ];
  const plan = planDemoCoaching(sellers, AS_OF, 1);
  const of = (prefix: string) => plan.filter((s) => s.personId.startsWith(prefix));

  it("coaches everyone with a weak step 2–4 times on that step, by their own manager", () => {
    for (let i = 0; i < 20; i++) {
      const mine = plan.filter((s) => s.personId === `weak${i}`);
      expect(mine.length, `weak${i}`).toBeGreaterThanOrEqual(2);
      expect(mine.length, `weak${i}`).toBeLessThanOrEqual(4);
      expect(new Set(mine.map((s) => s.step))).toEqual(new Set([2 + (i % 5)]));
      expect(new Set(mine.map((s) => s.managerId))).toEqual(new Set(["m"]));
      // only the newest has a follow-up, 7–14 days after it
      const last = mine[mine.length - 1];
      expect(mine.slice(0, -1).every((s) => s.followUpOn === null)).toBe(true);
      const gap = day(last.followUpOn!) - day(last.heldOn);
      expect(gap).toBeGreaterThanOrEqual(7);
      expect(gap).toBeLessThanOrEqual(14);
      expect([0, 6]).not.toContain(new Date(`${last.followUpOn}T00:00:00Z`).getUTCDay());
      // consecutive sessions never carry the same note
      for (let k = 1; k < mine.length; k++) expect(mine[k].notes).not.toBe(mine[k - 1].notes);
    }
  });

  it("coaches the others now and then (0 or 1 session), and a manager who sells too much rarely", () => {
    const fine = of("fine");
    const far = of("far");
    for (let i = 0; i < 20; i++) {
      expect(plan.filter((s) => s.personId === `fine${i}`).length).toBeLessThanOrEqual(1);
      expect(plan.filter((s) => s.personId === `far${i}`).length).toBeLessThanOrEqual(1);
    }
    // 20 people with p = 0.5 and p = 0.3: some, not all (the seed is fixed: this cannot flake)
    expect(fine.length).toBeGreaterThan(0);
    expect(fine.length).toBeLessThan(20);
    expect(far.length).toBeLessThan(of("weak").length);
    expect(far.every((s) => s.managerId === "busy")).toBe(true);
    expect(of("new")).toEqual([]);
  });

  it("holds every session on a weekday in the 8 weeks before asOf's day, 30–60 minutes, with notes", () => {
    expect(plan.length).toBeGreaterThan(40);
    for (const s of plan) {
      const d = day(s.heldOn);
      expect(d).toBeGreaterThanOrEqual(TODAY - DEMO_COACHING_DAYS);
      expect(d).toBeLessThan(TODAY);
      expect([0, 6]).not.toContain(new Date(`${s.heldOn}T00:00:00Z`).getUTCDay());
      expect([30, 45, 60]).toContain(s.minutes);
      expect(s.notes.length).toBeGreaterThan(20);
      expect(["joint_call", "role_play", "skill_coaching"]).toContain(s.kind);
    }
  });

  it("is the same for the same seed, and another seed changes it", () => {
    expect(planDemoCoaching(sellers, AS_OF, 1)).toEqual(plan);
    expect(planDemoCoaching(sellers, AS_OF, 2)).not.toEqual(plan);
  });
});
