/** SQL for deals: the append-only step history and the deal board. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { dealSteps, deals } from "./schema.js";
import { rows } from "./sql.js";

export async function insertDealStep(db: DbOrTx, row: typeof dealSteps.$inferInsert) {
  await db.insert(dealSteps).values(row);
}

export async function dealStepHistory(db: DbOrTx, orgId: string, dealId: string) {
  return db
    .select()
    .from(dealSteps)
    .where(and(eq(dealSteps.orgId, orgId), eq(dealSteps.dealId, dealId)))
    .orderBy(asc(dealSteps.enteredAt), asc(dealSteps.id));
}

export async function setDealState(
  db: DbOrTx,
  orgId: string,
  dealId: string,
  patch: Partial<typeof deals.$inferInsert>,
) {
  const r = await db
    .update(deals)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(deals.orgId, orgId), eq(deals.id, dealId)))
    .returning();
  return r[0];
}

export interface BoardCard {
  id: string;
  name: string;
  value: number;
  step: number;
  ownerId: string;
  ownerName: string;
  accountName: string | null;
  stepEnteredAt: Date;
  expectedClose: string | null;
}

/** Open deals of the given owners (null = the whole organisation) at steps 1–6, largest first. */
export async function openDealsForBoard(
  db: DbOrTx,
  orgId: string,
  ownerIds: string[] | null,
  limitPerStep: number,
): Promise<BoardCard[]> {
  const owners = ownerIds === null ? sql`true` : sql`d.owner_id = any(${`{${ownerIds.join(",")}}`}::uuid[])`;
  return rows<BoardCard>(
    db,
    sql`select * from (
          select d.id, d.name, d.value::float8 as value, d.current_step::int as step, d.owner_id as "ownerId",
                 p.name as "ownerName", a.name as "accountName", d.step_entered_at as "stepEnteredAt",
                 d.expected_close::text as "expectedClose",
                 row_number() over (partition by d.current_step order by d.value desc, d.id) as rn
          from deals d
          join people p on p.org_id = d.org_id and p.id = d.owner_id
          left join accounts a on a.org_id = d.org_id and a.id = d.account_id
          where d.org_id = ${orgId} and d.status = 'open' and d.current_step between 1 and 6 and ${owners}
        ) x where rn <= ${limitPerStep} order by step, value desc`,
  );
}

export interface BoardTotal {
  step: number;
  count: number;
  total: number;
}

export async function boardTotals(
  db: DbOrTx,
  orgId: string,
  ownerIds: string[] | null,
): Promise<BoardTotal[]> {
  const owners = ownerIds === null ? sql`true` : sql`owner_id = any(${`{${ownerIds.join(",")}}`}::uuid[])`;
  return rows<BoardTotal>(
    db,
    sql`select current_step::int as step, count(*)::int as count, coalesce(sum(value), 0)::float8 as total
        from deals where org_id = ${orgId} and status = 'open' and current_step between 1 and 6 and ${owners}
        group by current_step order by current_step`,
  );
}
