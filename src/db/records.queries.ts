/**
 * Generic SQL for the CRM records (accounts, contacts, deals, activities,
 * objections, people): list with keyset pagination, read, insert, update.
 * Every statement filters by org_id.
 */
import { and, asc, desc, eq, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";
import { mappingDbErrors } from "./errors.js";
import { auditLog, people } from "./schema.js";

/** A CRM record's table: they share org_id, id and created_at; the rest is per resource. */
export type RecordTable = PgTable & { orgId: AnyPgColumn; id: AnyPgColumn; createdAt: AnyPgColumn };
/** A row as read: column name → value (id always there). */
export type RecordRow = Record<string, unknown> & { id: string };

const column = (table: RecordTable, name: string) => (table as unknown as Record<string, AnyPgColumn>)[name];

export interface ListQuery {
  orgId: string;
  /** null = every owner in the organisation. */
  ownerIds: string[] | null;
  ownerColumn: string;
  filters: SQL[];
  limit: number;
  /** The keyset of the last row already seen: created_at as text with microseconds (UTC), and id. */
  after?: { createdAt: string; id: string };
  /** Newest first (the cursor then walks backwards). */
  desc?: boolean;
}

/**
 * One page in (created_at, id) order. Each row comes with its keyset as text
 * formatted in SQL: PostgreSQL keeps microseconds, a JavaScript Date only
 * milliseconds, so a cursor made from the Date would repeat rows.
 */
export async function listRecords(
  db: DbOrTx,
  table: RecordTable,
  q: ListQuery,
): Promise<{ row: RecordRow; key: [string, string] }[]> {
  const where: (SQL | undefined)[] = [eq(table.orgId, q.orgId), ...q.filters];
  if (q.ownerIds !== null)
    where.push(inArray(column(table, q.ownerColumn), q.ownerIds.length ? q.ownerIds : ["-"]));
  const beyond = q.desc ? sql.raw("<") : sql.raw(">");
  if (q.after) {
    where.push(
      or(
        sql`${table.createdAt} ${beyond} ${q.after.createdAt}::timestamptz`,
        and(
          sql`${table.createdAt} = ${q.after.createdAt}::timestamptz`,
          sql`${table.id} ${beyond} ${q.after.id}`,
        ),
      ),
    );
  }
  const dir = q.desc ? desc : asc;
  const rows = (await db
    .select({
      ...getTableColumns(table),
      cursorAt: sql<string>`to_char(${table.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(table)
    .where(and(...where))
    .orderBy(dir(table.createdAt), dir(table.id))
    .limit(q.limit)) as (RecordRow & { cursorAt: string })[];
  return rows.map(({ cursorAt, ...row }) => ({ row, key: [cursorAt, row.id] }));
}

export async function getRecord(
  db: DbOrTx,
  table: RecordTable,
  orgId: string,
  id: string,
): Promise<RecordRow | undefined> {
  const r = await db
    .select()
    .from(table)
    .where(and(eq(table.orgId, orgId), eq(table.id, id)));
  return r[0] as RecordRow | undefined;
}

export async function insertRecord(
  db: DbOrTx,
  table: RecordTable,
  values: Record<string, unknown>,
): Promise<RecordRow> {
  const r = await mappingDbErrors(() => db.insert(table).values(values).returning());
  return (r as RecordRow[])[0];
}

export async function updateRecord(
  db: DbOrTx,
  table: RecordTable,
  orgId: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<RecordRow> {
  const r = await mappingDbErrors(() =>
    db
      .update(table)
      .set(patch)
      .where(and(eq(table.orgId, orgId), eq(table.id, id)))
      .returning(),
  );
  return (r as RecordRow[])[0];
}

export async function writeAudit(db: DbOrTx, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** Names of people by id (to show an owner's name beside an ownerId). */
export async function personNames(db: DbOrTx, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.orgId, orgId), inArray(people.id, ids)));
  return new Map(r.map((x) => [x.id, x.name]));
}
