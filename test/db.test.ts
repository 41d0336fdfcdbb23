import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { organisations } from "../src/db/schema.js";
import { rows } from "../src/db/sql.js";
import { createTestDb } from "./helpers/db.js";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

describe("the migrated schema", () => {
  it("has every table of the data model", async () => {
    const r = await rows<{ table_name: string }>(
      h.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = r.map((x) => x.table_name);
    for (const t of ["organisations", "people", "deals", "deal_steps", "activities", "quotas", "audit_log"]) {
      expect(names).toContain(t);
    }
  });

  it("rejects a person whose role is not one of the four roles", async () => {
    const [org] = await h.db.insert(organisations).values({ slug: "x", name: "X" }).returning();
    await expect(
      h.db.execute(
        sql`insert into people (org_id, email, name, role) values (${org.id}, 'a@x.test', 'A', 'boss')`,
      ),
    ).rejects.toThrow();
  });
});
