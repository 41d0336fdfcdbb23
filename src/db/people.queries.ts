/** SQL for people and reporting lines. */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { rows } from "./sql.js";

/** The person and everybody below them in the reporting line (recursive), ids only. */
export async function reportingLineIds(db: DbOrTx, orgId: string, personId: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`with recursive line(id) as (
          select id from people where org_id = ${orgId} and id = ${personId}
          union
          select p.id from people p join line on p.manager_id = line.id where p.org_id = ${orgId}
        ) select id from line`,
  );
  return r.map((x) => x.id);
}
