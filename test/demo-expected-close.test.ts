import { describe, expect, it } from "vitest";
import { generateDemo } from "../src/domain/demo.js";

/**
 * The demo keeps each deal's expected close from its creation
 * (`expectedCloseAtCreation`) next to the stored one, which it moves past asOf
 * for open deals whose date has passed; bench/forecast-accuracy relies on it
 * to forecast as of an earlier cut without seeing which deals slip.
 */
describe("demo deals: expected close at creation", () => {
  const asOf = new Date("2026-10-01T00:00:00Z");
  const asOfDate = "2026-10-01";
  const deals = [...generateDemo({ people: 40, seed: 1, asOf }).batches()].flatMap((b) => b.deals);

  it("equals the stored date for closed deals", () => {
    const closed = deals.filter((d) => d.status !== "open");
    expect(closed.length).toBeGreaterThan(100);
    expect(closed.filter((d) => d.expectedCloseAtCreation !== d.expectedClose)).toEqual([]);
  });

  // (40 people, seed 1: 12 of the 449 open deals were moved; stalled deals keep their past dates.)
  it("differs only for open deals whose date had passed by asOf, which now close after asOf", () => {
    const open = deals.filter((d) => d.status === "open");
    const moved = open.filter((d) => d.expectedCloseAtCreation !== d.expectedClose);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(open.length);
    for (const d of moved) {
      expect(d.expectedCloseAtCreation <= asOfDate).toBe(true);
      expect(d.expectedClose! > asOfDate).toBe(true);
    }
  });
});
