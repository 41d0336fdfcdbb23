// The demo's commitments (src/db/demo-commitments.queries.ts): written set-based
// in the demo's transaction, they must be what the product itself would have
// made of them — counted as the commitment check counts (commitmentCountSql,
// the service's own query), targets and texts as the demo's rule says, the
// inbox lines the check sends, and jobs for the ones not yet due.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { commitmentCountSql } from "../src/db/reviews.queries.js";
import { one, rows } from "../src/db/sql.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { hashPassword } from "../src/services/passwords.js";
import { createTestDb } from "./helpers/db.js";

const AS_OF = new Date("2026-11-15T12:00:00Z");
const DAY = 86_400_000;

let h: DbHandle;
let orgId: string;

beforeAll(async () => {
  h = await createTestDb();
  const s = await createDemoOrg(h, {
    people: 12,
    seed: 3,
    asOf: AS_OF,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  orgId = s.orgId;
});
afterAll(async () => {
  await h.close();
});

interface Row {
  id: string;
  person_id: string;
  review_id: string;
  created_by: string;
  text: string;
  measure_step: number;
  target: number;
  due_date: string;
  due_at: Date;
  status: string;
  count: number | null;
  checked_at: Date | null;
  created_at: Date;
}

const commitments = () =>
  rows<Row>(h.db, sql`select * from commitments where org_id = ${orgId} order by person_id, created_at`);

describe("the demo's commitments", () => {
  it("end each salesperson's last three reviews, due two weeks later (end of the day, UTC org)", async () => {
    const expected = await one<{ n: number }>(
      h.db,
      sql`select coalesce(sum(least(n, 3)), 0)::int as n from (
            select count(*) as n from reviews r join people p on p.org_id = r.org_id and p.id = r.person_id
            where r.org_id = ${orgId} and p.role = 'salesperson' group by r.person_id) x`,
    );
    const all = await commitments();
    expect(expected!.n).toBeGreaterThan(0);
    expect(all.length).toBe(expected!.n);
    for (const c of all) {
      const review = await one<{ held_at: Date; manager_id: string; person_id: string }>(
        h.db,
        sql`select held_at, manager_id, person_id from reviews where org_id = ${orgId} and id = ${c.review_id}`,
      );
      expect(c.person_id).toBe(review!.person_id);
      expect(c.created_by).toBe(review!.manager_id);
      expect(new Date(c.created_at).getTime()).toBe(new Date(review!.held_at).getTime());
      // Held on day D (UTC) → due D + 14, due at the midnight after it.
      const heldDay = new Date(review!.held_at).toISOString().slice(0, 10);
      const due = new Date(Date.parse(`${heldDay}T00:00:00Z`) + 14 * DAY);
      expect(c.due_date).toBe(due.toISOString().slice(0, 10));
      expect(new Date(c.due_at).getTime()).toBe(due.getTime() + DAY);
      expect([1, 2, 3, 4]).toContain(c.measure_step);
    }
  });

  it("set targets 20 % above the two weeks before the review (at least 2), in the manager's words", async () => {
    const words: Record<number, string> = {
      1: "Add {n} new leads",
      2: "Make first contact with {n} prospects",
      3: "Qualify {n} deals",
      4: "Run {n} needs analyses",
    };
    for (const c of await commitments()) {
      const created = new Date(c.created_at);
      const before = await commitmentCountSql(h.db, orgId, {
        personId: c.person_id,
        step: c.measure_step,
        activityKind: null,
        from: new Date(created.getTime() - 14 * DAY),
        to: created,
      });
      expect(c.target).toBe(Math.max(2, Math.ceil(before * 1.2)));
      expect(c.text).toBe(`${words[c.measure_step].replace("{n}", String(c.target))} by ${c.due_date}`);
    }
  });

  it("due ones are counted and judged as the commitment check would; both outcomes occur", async () => {
    const all = await commitments();
    const due = all.filter((c) => new Date(c.due_at).getTime() <= AS_OF.getTime());
    expect(due.length).toBeGreaterThan(0);
    for (const c of due) {
      const n = await commitmentCountSql(h.db, orgId, {
        personId: c.person_id,
        step: c.measure_step,
        activityKind: null,
        from: new Date(c.created_at),
        to: new Date(c.due_at),
      });
      expect(c.count).toBe(n);
      expect(c.status).toBe(n >= c.target ? "kept" : "missed");
      expect(new Date(c.checked_at!).getTime()).toBe(new Date(c.due_at).getTime());
      // The person and the manager each got the check's line, dated when it ran.
      const sent = await rows<{ person_id: string; title: string; created_at: Date }>(
        h.db,
        sql`select person_id, title, created_at from notifications
            where org_id = ${orgId} and key = ${`commitment.${c.id}`} order by title`,
      );
      const line = `Commitment ${c.status} (${n} of ${c.target}): ${c.text}`;
      expect(sent.map((s) => s.person_id).sort()).toEqual([c.person_id, c.created_by].sort());
      expect(sent.some((s) => s.title === line && s.person_id === c.person_id)).toBe(true);
      expect(sent.every((s) => new Date(s.created_at).getTime() === new Date(c.due_at).getTime())).toBe(true);
    }
    const outcomes = new Set(due.map((c) => c.status));
    expect(outcomes).toEqual(new Set(["kept", "missed"]));
  });

  it("the ones not yet due are pending with their check job at the due time", async () => {
    const pending = (await commitments()).filter((c) => new Date(c.due_at).getTime() > AS_OF.getTime());
    expect(pending.length).toBeGreaterThan(0);
    for (const c of pending) {
      expect([c.status, c.count, c.checked_at]).toEqual(["pending", null, null]);
      const job = await one<{ run_at: Date; status: string }>(
        h.db,
        sql`select run_at, status from jobs where org_id = ${orgId} and key = ${`commitment.check:${c.id}`}`,
      );
      expect(job!.status).toBe("pending");
      expect(new Date(job!.run_at).getTime()).toBe(new Date(c.due_at).getTime());
    }
  });
});
