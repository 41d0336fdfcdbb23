/**
 * The authorisation matrix's machinery (test/helpers/authz.ts) catches what it
 * claims to: a refused write that left a row behind, a route not requested by
 * every caller, and a token it does not know.
 */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { AuthzHarness } from "./helpers/authz.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let orgId: string;
let rep: TestPerson;

beforeAll(async () => {
  h = await createTestDb();
  orgId = (await makeOrg(h.db, "harness")).id;
  rep = await makePerson(h.db, orgId, { email: "rep@h.test", role: "salesperson" });
});
afterAll(async () => {
  await h.close();
});

/** A stand-in app: a refusal that writes to the audit log first, a clean refusal, a read. */
function leakyApp() {
  const app = new Hono();
  app.post("/api/v1/leaky/:id", async (c) => {
    await h.db.execute(
      sql`insert into audit_log (org_id, entity, entity_id, action) values (${orgId}, 'x', ${c.req.param("id")}, 'leak')`,
    );
    return c.json({ error: { code: "forbidden", message: "no" } }, 403);
  });
  app.post("/api/v1/clean/:id", (c) => c.json({ error: { code: "forbidden", message: "no" } }, 403));
  app.get("/api/v1/read/:id", (c) => c.json({ ok: true }));
  return app;
}

describe("the authz harness", () => {
  it("fails a refused write that changed a table, naming it", async () => {
    const harness = new AuthzHarness(leakyApp(), h.db, "bearer");
    await harness.enrol("r", rep);
    await expect(caller(harness, rep)("POST", "/leaky/1")).rejects.toThrow(
      "r POST /leaky/1 was refused (403) but changed audit_log",
    );
    expect((await caller(harness, rep)("POST", "/clean/1")).status).toBe(403);
    expect(harness.leftovers).toHaveLength(1);
    expect(harness.refusedWrites).toBe(2);
  });

  it("counts a route as covered only when every caller requested it", async () => {
    const harness = new AuthzHarness(leakyApp(), h.db, "bearer");
    await harness.enrol("r", rep);
    await caller(harness, rep)("GET", "/read/7?x=1");
    await caller(harness, null)("GET", "/read/8");
    await caller(harness, rep)("POST", "/clean/1");
    const routes = ["GET /read/{id}", "POST /clean/{id}", "POST /leaky/{id}"];
    expect(harness.uncovered(routes, ["anon", "r"])).toEqual([
      "POST /clean/{id}: not requested by anon",
      "POST /leaky/{id}: not requested by anon, r",
    ]);
  });

  it("refuses a token it does not know (a row that bypasses the callers)", async () => {
    const harness = new AuthzHarness(leakyApp(), h.db, "bearer");
    await expect(caller(harness, rep)("GET", "/read/1")).rejects.toThrow("a token it does not know");
  });
});
