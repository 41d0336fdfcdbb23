/**
 * The activity aggregates of many people are read in pieces of
 * ACTIVITY_OWNERS_PER_PIECE owners (src/db/metrics.queries.ts: the embedded
 * database cannot interrupt a statement, and the organisation-wide scorecard's
 * one statement held every sign-in behind it). On a 30-person demo (more than
 * two pieces), every person's figures equal the definition
 * (`activityStatsFromRows` over the raw rows) and their active customers equal
 * what each person's own, one-piece, read gives.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { ACTIVITY_OWNERS_PER_PIECE, loadActivityFacts } from "../src/db/metrics.queries.js";
import { rows } from "../src/db/sql.js";
import { periodRange, windowEndingAt } from "../src/domain/periods.js";
import { type ActivityRow, activityStatsFromRows } from "../src/domain/usage.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { createTestDb } from "./helpers/db.js";

let h: DbHandle;
let orgId: string;
let ownerIds: string[];
const asOf = new Date("2026-11-20T12:00:00Z");
const period = periodRange("2026-Q4", "UTC");
const DAYS = 365;

beforeAll(async () => {
  h = await createTestDb();
  await createDemoOrg(h, { slug: "pieces", people: 30, seed: 3, asOf, passwordHash: "x" });
  orgId = (await rows<{ id: string }>(h.db, sql`select id from organisations where slug = 'pieces'`))[0].id;
  ownerIds = (
    await rows<{ id: string }>(h.db, sql`select id from people where org_id = ${orgId} order by id`)
  ).map((r) => r.id);
}, 120_000);
afterAll(async () => {
  await h.close();
});

describe("activity aggregates in pieces", () => {
  it("equal the definition for every person of a 30-person organisation", async () => {
    expect(ownerIds.length).toBeGreaterThan(2 * ACTIVITY_OWNERS_PER_PIECE);
    const got = await loadActivityFacts(h.db, orgId, ownerIds, asOf, period.start, DAYS);
    const raw = await rows<{ ownerId: string; step: number; doneAt: string | null; loggedAt: string | null }>(
      h.db,
      sql`select owner_id as "ownerId", step::int as step, done_at::text as "doneAt", logged_at::text as "loggedAt"
          from activities where org_id = ${orgId}`,
    );
    const byOwner = new Map<string, ActivityRow[]>();
    for (const r of raw) {
      const row: ActivityRow = {
        ownerId: r.ownerId,
        step: r.step,
        dealId: null,
        contactId: null,
        scheduledFor: null,
        doneAt: r.doneAt ? new Date(r.doneAt) : null,
        loggedAt: r.loggedAt ? new Date(r.loggedAt) : null,
      };
      const l = byOwner.get(r.ownerId);
      if (l) l.push(row);
      else byOwner.set(r.ownerId, [row]);
    }
    let withActivities = 0;
    let done = 0;
    for (const id of ownerIds) {
      const mine = byOwner.get(id) ?? [];
      if (mine.length > 0) withActivities++;
      const d = activityStatsFromRows(mine, windowEndingAt(asOf, DAYS));
      done += Object.values(d.doneByStep).reduce((x, y) => x + y, 0) + d.timeliness.num;
      expect(got.get(id)?.atAsOf).toEqual(activityStatsFromRows(mine, windowEndingAt(asOf, DAYS)));
      expect(got.get(id)?.atPeriodStart).toEqual(
        activityStatsFromRows(mine, windowEndingAt(period.start, DAYS)),
      );
    }
    // The demo's salespeople log activities: most people have some (not a vacuous comparison).
    expect(withActivities).toBeGreaterThan(ACTIVITY_OWNERS_PER_PIECE);
    expect(done).toBeGreaterThan(1000); // the instants parsed: a 30-person demo logs thousands a year
  });

  it("give each person the active customers of their own read, also inside a transaction", async () => {
    const whole = await h.db.transaction((tx) =>
      loadActivityFacts(tx, orgId, ownerIds, asOf, period.start, DAYS),
    );
    let customers = 0;
    for (const id of ownerIds) {
      const alone = await loadActivityFacts(h.db, orgId, [id], asOf, period.start, DAYS);
      expect(whole.get(id)).toEqual(alone.get(id));
      customers += alone.get(id)?.activeCustomers.den ?? 0;
    }
    expect(customers).toBeGreaterThan(0);
  });
});
