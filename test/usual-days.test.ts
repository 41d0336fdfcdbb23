/**
 * The board's usual days in a step (`usualDaysInStep`, docs/selling.md): per
 * owner and step, the median of (reach of s+1 − reach of s) in days over the
 * deals that reached s+1 within the last `windowDays`, skips left out. Read in
 * pieces of USUAL_DAYS_OWNERS_PER_PIECE owners (the embedded database cannot
 * interrupt a statement): five owners here, so two pieces, and the figures of
 * both. Medians worked out by hand below.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { USUAL_DAYS_OWNERS_PER_PIECE, usualDaysInStep } from "../src/db/deals.queries.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson } from "./helpers/fixtures.js";

let h: DbHandle;
let orgId: string;
const owners: string[] = [];
const NOW = new Date("2026-06-30T12:00:00Z");
const WINDOW = 90; // days: the window starts 2026-04-01T12:00Z
const day = (d: string) => `2026-${d}T12:00:00Z`;

/** A deal of `owner` whose step rows are `steps` ([step, instant]); created at the first. */
async function deal(owner: string, steps: [number, string][]) {
  const id = randomUUID();
  await h.db.execute(
    sql`insert into deals (org_id, id, name, owner_id, value, created_at)
        values (${orgId}, ${id}, 'd', ${owner}, 100, ${steps[0][1]}::timestamptz)`,
  );
  for (const [step, at] of steps) {
    await h.db.execute(
      sql`insert into deal_steps (org_id, deal_id, step, entered_at) values (${orgId}, ${id}, ${step}, ${at}::timestamptz)`,
    );
  }
}

beforeAll(async () => {
  h = await createTestDb();
  const org = await makeOrg(h.db, "usual-days");
  orgId = org.id;
  for (let i = 0; i < 5; i++) {
    owners.push((await makePerson(h.db, orgId, { email: `o${i}@usual.test`, role: "salesperson" })).id);
  }
  // Owner 0, step 2 → 3: 4, 10 and 7 days (median 7); step 3 → 4: 2 and 5 days (median 3.5).
  await deal(owners[0], [
    [1, day("05-01")],
    [2, day("05-01")],
    [3, day("05-05")],
    [4, day("05-07")],
  ]);
  await deal(owners[0], [
    [2, day("05-10")],
    [3, day("05-20")],
    [4, day("05-25")],
  ]);
  await deal(owners[0], [
    [2, day("06-01")],
    [3, day("06-08")],
  ]);
  // Owner 1: a skip of step 3 (2 → 4 at once: reach of 3 = reach of 4, no time in 3, left out
  // of step 3; step 2 → 3 took 6 days); one reaching 3 exactly at the window's start (out) and
  // one exactly at NOW (in): step 2 → 3 over 6 and 1 days = 3.5.
  await deal(owners[1], [
    [2, day("05-01")],
    [4, day("05-07")],
  ]);
  await deal(owners[1], [
    [2, "2026-03-20T12:00:00Z"],
    [3, "2026-04-01T12:00:00Z"],
  ]);
  await deal(owners[1], [
    [2, day("06-29")],
    [3, NOW.toISOString()],
  ]);
  // Owner 2: went on after NOW (not yet as of NOW): nothing.
  await deal(owners[2], [
    [2, day("06-20")],
    [3, "2026-07-02T12:00:00Z"],
  ]);
  // Owners 3 and 4 (the second piece): step 5 → 6 in 12 days; step 1 → 2 in 2 and 3 days = 2.5.
  await deal(owners[3], [
    [5, day("06-01")],
    [6, day("06-13")],
  ]);
  await deal(owners[4], [
    [1, day("06-01")],
    [2, day("06-03")],
  ]);
  await deal(owners[4], [
    [1, day("06-01")],
    [2, day("06-04")],
  ]);
});
afterAll(async () => {
  await h.close();
});

describe("usual days in a step", () => {
  it("is each owner's median per step over the window, skips left out, in pieces", async () => {
    expect(owners.length).toBeGreaterThan(USUAL_DAYS_OWNERS_PER_PIECE);
    const got = await usualDaysInStep(h.db, orgId, owners, NOW, WINDOW);
    const o = (i: number) => owners[i];
    expect(
      got
        .map((r) => ({ ...r, days: Math.round(r.days * 1000) / 1000 }))
        .sort((a, b) => a.ownerId.localeCompare(b.ownerId) || a.step - b.step),
    ).toEqual(
      [
        { ownerId: o(0), step: 2, days: 7 },
        { ownerId: o(0), step: 3, days: 3.5 },
        { ownerId: o(1), step: 2, days: 3.5 },
        { ownerId: o(3), step: 5, days: 12 },
        { ownerId: o(4), step: 1, days: 2.5 },
      ].sort((a, b) => a.ownerId.localeCompare(b.ownerId) || a.step - b.step),
    );
  });

  it("gives the same inside a transaction (the pieces one after the other)", async () => {
    const inTx = await h.db.transaction((tx) => usualDaysInStep(tx, orgId, owners, NOW, WINDOW));
    const outside = await usualDaysInStep(h.db, orgId, owners, NOW, WINDOW);
    expect(inTx).toHaveLength(5);
    expect(new Set(inTx.map((r) => `${r.ownerId}:${r.step}:${r.days}`))).toEqual(
      new Set(outside.map((r) => `${r.ownerId}:${r.step}:${r.days}`)),
    );
  });
});
