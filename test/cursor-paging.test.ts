/**
 * Issue 12, item 4: following nextCursor visits every row exactly once, even
 * when rows differ only in microseconds (PostgreSQL keeps µs, a JavaScript
 * Date only ms) or share one created_at.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let rep: TestPerson;

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db }));
  const org = await makeOrg(h.db, "cur");
  rep = await makePerson(h.db, org.id, { email: "rep@cur.test", role: "salesperson" });
  // Seven accounts: five inside one millisecond (µs 100…500), two sharing one
  // created_at exactly (ordered by id), and one a millisecond later.
  const times = [
    "2026-03-01 10:00:00.000100+00",
    "2026-03-01 10:00:00.000200+00",
    "2026-03-01 10:00:00.000300+00",
    "2026-03-01 10:00:00.000400+00",
    "2026-03-01 10:00:00.000500+00",
    "2026-03-01 10:00:00.000500+00",
    "2026-03-01 10:00:00.001000+00",
  ];
  for (const [i, at] of times.entries()) {
    await h.db.execute(
      sql`insert into accounts (org_id, name, owner_id, created_at)
          values (${org.id}, ${`Account ${i + 1}`}, ${rep.id}, ${at}::timestamptz)`,
    );
  }
});
afterAll(async () => {
  await h.close();
});

async function walk(limit: number) {
  const call = caller(app, rep);
  const names: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const r = await call("GET", `/accounts?limit=${limit}${q}`);
    expect(r.status).toBe(200);
    names.push(...r.body.items.map((a: any) => a.name));
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return names;
}

describe("cursor pagination is exact", () => {
  it("limit=1 visits each of the 7 accounts once, in created_at order", async () => {
    const names = await walk(1);
    expect(names.length).toBe(7);
    expect(new Set(names).size).toBe(7);
    // 1–5 by microsecond; 6 and 7 by their times (7 is 1 ms later); the two at µs 500 by id.
    expect(names.slice(0, 4)).toEqual(["Account 1", "Account 2", "Account 3", "Account 4"]);
    expect(names.slice(4, 6).sort()).toEqual(["Account 5", "Account 6"]);
    expect(names[6]).toBe("Account 7");
  });

  it("limit=3 gives pages of 3, 3 and 1 with the same rows", async () => {
    const names = await walk(3);
    expect(names.length).toBe(7);
    expect(new Set(names)).toEqual(new Set(await walk(1)));
  });
});
