/**
 * The activity figures computed in SQL (src/db/metrics.queries.ts) on the
 * instants they turn on, through the scorecard on a real database, each case
 * naming the choice of docs/metrics-decisions.md it pins ("Time", "Usage").
 *
 * Organisation in New York; scorecard for 2026-Q4 as of A = 2026-11-10T05:00Z
 * (local midnight, after the DST change of Nov 1). The rate window ending at
 * asOf is (WN, A] with WN = A − 365 × 24 h = 2025-11-10T05:00Z.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { reportTime } from "../src/domain/periods.js";
import type { Ctx } from "../src/services/context.js";
import { report, systemActor } from "../src/services/metrics.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson } from "./helpers/fixtures.js";

const A = new Date("2026-11-10T05:00:00Z");
const WN = new Date("2025-11-10T05:00:00Z");
const S = 1000;
const H48 = 48 * 3600 * S;
const at = (d: Date, ms: number) => new Date(d.getTime() + ms);

let h: DbHandle;
let ctx: Ctx;
let orgId: string;
let rep: string;

async function activity(a: {
  doneAt?: Date;
  loggedAt?: Date;
  scheduledFor?: Date;
  contactId?: string;
}): Promise<void> {
  await h.db.execute(
    sql`insert into activities (org_id, owner_id, kind, step, contact_id, scheduled_for, done_at, logged_at)
        values (${orgId}, ${rep}, 'call', 2, ${a.contactId ?? null}, ${a.scheduledFor ?? null},
                ${a.doneAt ?? null}, ${a.loggedAt ?? null})`,
  );
}

async function customer(email: string): Promise<string> {
  const r = (await h.db.execute(
    sql`insert into contacts (org_id, email, name, owner_id, status, customer)
        values (${orgId}, ${email}, ${email}, ${rep}, 'active', true) returning id`,
  )) as unknown as { rows: { id: string }[] };
  return r.rows[0].id;
}

beforeAll(async () => {
  h = await createTestDb();
  const org = await makeOrg(h.db, "edges", "America/New_York");
  orgId = org.id;
  rep = (await makePerson(h.db, orgId, { email: "rep@edges.test", role: "salesperson", team: "E" })).id;
  ctx = { db: h.db, actor: systemActor(orgId) };
  // loggingTimeliness (metrics-decisions.md, "Usage"): done in (WN, A], logged by asOf,
  // on time when logged − done ≤ 48 h.
  await activity({ doneAt: WN, loggedAt: WN }); // done exactly at the window's start: out
  await activity({ doneAt: at(WN, S), loggedAt: at(WN, S + H48) }); // logged exactly 48 h later: on time
  await activity({ doneAt: new Date("2026-06-01T12:00:00Z"), loggedAt: new Date("2026-06-03T12:00:01Z") }); // 48 h + 1 s: late
  await activity({ doneAt: A, loggedAt: A }); // done and logged exactly at asOf: in, on time
  await activity({ doneAt: new Date("2026-11-09T12:00:00Z"), loggedAt: at(A, S) }); // logged after asOf: not yet
  await activity({ doneAt: at(A, S), loggedAt: at(A, S) }); // done after asOf: does not exist
  await activity({ doneAt: new Date("2026-11-01T12:00:00Z") }); // no logged_at: left out of timeliness
  // nextStepCoverage over active customers ("Usage"): scheduled at or after asOf, not done as of asOf.
  await activity({ contactId: await customer("c1@x.test"), scheduledFor: A }); // exactly at asOf: covered
  await activity({ contactId: await customer("c2@x.test"), scheduledFor: at(A, 86_400 * S), doneAt: A }); // done at asOf: not
  await activity({ contactId: await customer("c3@x.test"), scheduledFor: at(A, -S) }); // a second before asOf: not
}, 120_000);

afterAll(async () => {
  await h.close();
});

describe("activity figures on their boundaries", () => {
  it("loggingTimeliness and nextStepCoverage count each edge on the documented side", async () => {
    const r = (await report(ctx, "scorecard", reportTime("2026-Q4", A))) as any;
    const p = r.people.find((x: any) => x.email === "rep@edges.test");
    // Timeliness: with a logged_at, done in (WN, A], logged by A: the 48-h one, the 48-h-1-s one, the
    // one at asOf → 3; on time: the 48-h one and the one at asOf → 2 / 3.
    expect(p.loggingTimeliness).toBeCloseTo(2 / 3, 12);
    // Coverage: no open deals; 3 active customers, covered: c1 (scheduled exactly at asOf) → 1 / 3.
    expect(p.nextStepCoverage).toBeCloseTo(1 / 3, 12);
  });
});
