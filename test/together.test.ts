/**
 * `together` (src/db/sql.ts): a request's independent reads are all asked at once on
 * the embedded database (it runs them back to back, with no round trip of the HTTP
 * thread between them), one by one in order on PostgreSQL (a request holding several
 * pool connections queues other users' requests behind more of its queries) and inside
 * a transaction (one connection). Observed from outside: how many reads had been
 * asked when the first one answered.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { rows, together } from "../src/db/sql.js";
import { createTestDb } from "./helpers/db.js";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

/** Three reads; each records that it was asked, the first also how many were asked when it answered. */
function probe(db: Parameters<typeof together>[0]) {
  const asked: number[] = [];
  let askedWhenFirstAnswered = -1;
  const read = (i: number) => async () => {
    asked.push(i);
    const r = await rows<{ v: number }>(db, sql`select ${i}::int as v from pg_sleep(0.05)`);
    if (i === 1) askedWhenFirstAnswered = asked.length;
    return r[0].v;
  };
  return { reads: [read(1), read(2), read(3)] as const, asked, first: () => askedWhenFirstAnswered };
}

describe("together", () => {
  it("answers each read's result in its place; asks them all at once only on the embedded database", async () => {
    const p = probe(h.db);
    const out = await together(h.db, p.reads);
    expect(out).toEqual([1, 2, 3]);
    expect(p.asked).toEqual([1, 2, 3]);
    expect(p.first()).toBe(h.kind === "pglite" ? 3 : 1);
  });

  it("inside a transaction asks them one by one, in order", async () => {
    const got = await h.db.transaction(async (tx) => {
      const p = probe(tx);
      const out = await together(tx, p.reads);
      return { out, first: p.first() };
    });
    expect(got).toEqual({ out: [1, 2, 3], first: 1 });
  });
});
