/**
 * Generic SQL for the CRM records (accounts, contacts, deals, activities,
 * objections, people): list with keyset pagination, read, insert, update.
 * Every statement filters by org_id.
 */
import { and, asc, eq, gt, inArray, or, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";
import { auditLog } from "./schema.js";

// The tables share org_id, id and created_at; the rest is per resource.
type AnyTable = PgTable & Record<string, any>;

export interface ListQuery {
  orgId: string;
  /** null = every owner in the organisation. */
  ownerIds: string[] | null;
  ownerColumn: string;
  filters: SQL[];
  limit: number;
  after?: { createdAt: Date; id: string };
}

export async function listRecords(db: DbOrTx, table: AnyTable, q: ListQuery): Promise<any[]> {
  const where: (SQL | undefined)[] = [eq(table.orgId, q.orgId), ...q.filters];
  if (q.ownerIds !== null) where.push(inArray(table[q.ownerColumn], q.ownerIds.length ? q.ownerIds : ["-"]));
  if (q.after) {
    where.push(
      or(
        gt(table.createdAt, q.after.createdAt),
        and(eq(table.createdAt, q.after.createdAt), gt(table.id, q.after.id)),
      ),
    );
  }
  return (db as any)
    .select()
    .from(table)
    .where(and(...where))
    .orderBy(asc(table.createdAt), asc(table.id))
    .limit(q.limit);
}

export async function getRecord(
  db: DbOrTx,
  table: AnyTable,
  orgId: string,
  id: string,
): Promise<any | undefined> {
  const r = await (db as any)
    .select()
    .from(table)
    .where(and(eq(table.orgId, orgId), eq(table.id, id)));
  return r[0];
}

export async function insertRecord(
  db: DbOrTx,
  table: AnyTable,
  values: Record<string, unknown>,
): Promise<any> {
  const r = await (db as any).insert(table).values(values).returning();
  return r[0];
}

export async function updateRecord(
  db: DbOrTx,
  table: AnyTable,
  orgId: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<any> {
  const r = await (db as any)
    .update(table)
    .set(patch)
    .where(and(eq(table.orgId, orgId), eq(table.id, id)))
    .returning();
  return r[0];
}

export async function writeAudit(db: DbOrTx, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}
