/**
 * Generic SQL for the CRM records (accounts, contacts, deals, activities,
 * objections, people): list with keyset pagination, read, insert, update.
 * Every statement filters by org_id.
 */
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";
import { mappingDbErrors } from "./errors.js";
import { accounts, activities, auditLog, contacts, deals, objections, people } from "./schema.js";

/** The CRM records' tables, by the name the services know them by (the resource's plural). */
const RECORD_TABLES = { people, accounts, contacts, deals, activities, objections } as const;
export type RecordTableName = keyof typeof RECORD_TABLES;
/** A record's row as read from its table. */
export type RecordRowOf<T extends RecordTableName> = (typeof RECORD_TABLES)[T]["$inferSelect"];

/** A CRM record's table: they share org_id, id and created_at; the rest is per resource. */
type RecordTable = PgTable & { orgId: AnyPgColumn; id: AnyPgColumn; createdAt: AnyPgColumn };
/** A row as read: column name → value (id always there). */
export type RecordRow = Record<string, unknown> & { id: string };

const tableOf = (name: RecordTableName): RecordTable => RECORD_TABLES[name];
const column = (table: RecordTable, name: string) => (table as unknown as Record<string, AnyPgColumn>)[name];

/**
 * A list filter on one of the record's columns (its property name, e.g. `ownerId`): equal to a
 * value, or (not) null. The services say which; the condition is built here.
 */
export type RecordFilter =
  | { column: string; equals: string | number | boolean }
  | { column: string; isNull: boolean };

function condition(table: RecordTable, f: RecordFilter): SQL {
  const col = column(table, f.column);
  if (!col) throw new Error(`no column ${f.column}`);
  if ("equals" in f) return eq(col, f.equals);
  return f.isNull ? isNull(col) : isNotNull(col);
}

export interface ListQuery {
  orgId: string;
  /** null = every owner in the organisation. */
  ownerIds: string[] | null;
  ownerColumn: string;
  filters: RecordFilter[];
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
  name: RecordTableName,
  q: ListQuery,
): Promise<{ row: RecordRow; key: [string, string] }[]> {
  const table = tableOf(name);
  const where: (SQL | undefined)[] = [eq(table.orgId, q.orgId), ...q.filters.map((f) => condition(table, f))];
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
  name: RecordTableName,
  orgId: string,
  id: string,
): Promise<RecordRow | undefined> {
  const table = tableOf(name);
  const r = await db
    .select()
    .from(table)
    .where(and(eq(table.orgId, orgId), eq(table.id, id)));
  return r[0] as RecordRow | undefined;
}

export async function insertRecord(
  db: DbOrTx,
  name: RecordTableName,
  values: Record<string, unknown>,
): Promise<RecordRow> {
  const table = tableOf(name);
  const r = await mappingDbErrors(() => db.insert(table).values(values).returning());
  return (r as RecordRow[])[0];
}

export async function updateRecord(
  db: DbOrTx,
  name: RecordTableName,
  orgId: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<RecordRow> {
  const table = tableOf(name);
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
