/** SQL for the manager's time: time entries (manual, calendar, coaching) and keyword rules. */
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { type TimeCategory, timeEntries, timeRules } from "./schema.js";

export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type TimeRuleRow = typeof timeRules.$inferSelect;

export async function insertTimeEntry(
  db: DbOrTx,
  row: typeof timeEntries.$inferInsert,
): Promise<TimeEntryRow> {
  const [r] = await db.insert(timeEntries).values(row).returning();
  return r;
}

/**
 * Writes calendar occurrences: a row per (person, externalKey), updated when
 * the same calendar is imported again. Returns how many were new.
 */
export async function upsertCalendarEntries(
  db: DbOrTx,
  rowsIn: (typeof timeEntries.$inferInsert & { externalKey: string })[],
): Promise<number> {
  let added = 0;
  for (const r of rowsIn) {
    const out = await db
      .insert(timeEntries)
      .values(r)
      .onConflictDoUpdate({
        target: [timeEntries.orgId, timeEntries.personId, timeEntries.externalKey],
        set: { date: r.date, category: r.category, minutes: r.minutes, title: r.title },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (out[0]?.inserted) added++;
  }
  return added;
}

export async function listTimeEntries(
  db: DbOrTx,
  orgId: string,
  personIds: string[],
  from: string,
  to: string,
): Promise<TimeEntryRow[]> {
  if (!personIds.length) return [];
  return db
    .select()
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.orgId, orgId),
        inArray(timeEntries.personId, personIds),
        gte(timeEntries.date, from),
        lte(timeEntries.date, to),
      ),
    )
    .orderBy(asc(timeEntries.date), asc(timeEntries.createdAt), asc(timeEntries.id));
}

export async function deleteTimeEntry(
  db: DbOrTx,
  orgId: string,
  personId: string,
  id: string,
): Promise<TimeEntryRow | undefined> {
  const r = await db
    .delete(timeEntries)
    .where(and(eq(timeEntries.orgId, orgId), eq(timeEntries.personId, personId), eq(timeEntries.id, id)))
    .returning();
  return r[0];
}

export async function listTimeRules(db: DbOrTx, orgId: string, personId: string): Promise<TimeRuleRow[]> {
  return db
    .select()
    .from(timeRules)
    .where(and(eq(timeRules.orgId, orgId), eq(timeRules.personId, personId)))
    .orderBy(asc(timeRules.keyword));
}

export async function upsertTimeRule(
  db: DbOrTx,
  row: { orgId: string; personId: string; keyword: string; category: TimeCategory },
): Promise<TimeRuleRow> {
  const [r] = await db
    .insert(timeRules)
    .values(row)
    .onConflictDoUpdate({
      target: [timeRules.orgId, timeRules.personId, timeRules.keyword],
      set: { category: row.category },
    })
    .returning();
  return r;
}

export async function deleteTimeRule(
  db: DbOrTx,
  orgId: string,
  personId: string,
  id: string,
): Promise<TimeRuleRow | undefined> {
  const r = await db
    .delete(timeRules)
    .where(and(eq(timeRules.orgId, orgId), eq(timeRules.personId, personId), eq(timeRules.id, id)))
    .returning();
  return r[0];
}

/** Every person of the organisation with their email (lower case) — who is inside. */
export async function orgEmails(db: DbOrTx, orgId: string): Promise<{ id: string; email: string }[]> {
  const r = (await db.execute(
    sql`select id, lower(email) as email from people where org_id = ${orgId}`,
  )) as unknown as { rows: { id: string; email: string }[] };
  return r.rows;
}
