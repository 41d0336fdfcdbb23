/** Deals and their step rows written straight into a test database (two statements). */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.js";

export interface NewDeal {
  owner: string;
  value: number;
  createdAt: Date;
  status: string;
  closedAt: Date | null;
  expectedClose: string | null;
  /** `[step, enteredAt]`; the deal's current step is the highest of them (1 without rows). */
  steps: [number, Date][];
}

/** Inserts the deals into `orgId`, then their step rows; returns the deals' new ids in order. */
export async function insertDeals(db: Db, orgId: string, list: NewDeal[]): Promise<string[]> {
  const ids = list.map(() => randomUUID());
  await db.execute(
    sql`insert into deals (org_id, id, name, owner_id, value, created_at, status, closed_at, expected_close, current_step)
        values ${sql.join(
          list.map(
            (d, i) =>
              sql`(${orgId}, ${ids[i]}, 'd', ${d.owner}, ${d.value}, ${d.createdAt}, ${d.status}, ${d.closedAt},
                   ${d.expectedClose}, ${Math.max(1, ...d.steps.map((s) => s[0]))})`,
          ),
          sql`, `,
        )}`,
  );
  const steps = list.flatMap((d, i) =>
    d.steps.map(([step, at]) => sql`(${orgId}, ${ids[i]}, ${step}, ${at})`),
  );
  if (steps.length > 0)
    await db.execute(
      sql`insert into deal_steps (org_id, deal_id, step, entered_at) values ${sql.join(steps, sql`, `)}`,
    );
  return ids;
}
