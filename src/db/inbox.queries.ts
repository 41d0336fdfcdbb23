/** SQL for the in-app inbox (notifications). */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { notifications } from "./schema.js";

export type NotificationRow = typeof notifications.$inferSelect;

/** Adds a message; a message with the same key for the same person exists already → nothing. */
export async function insertNotification(db: DbOrTx, row: typeof notifications.$inferInsert): Promise<void> {
  await db.insert(notifications).values(row).onConflictDoNothing();
}

export async function listNotifications(
  db: DbOrTx,
  orgId: string,
  personId: string,
  opts: { unreadOnly?: boolean; limit: number },
): Promise<NotificationRow[]> {
  const where = [eq(notifications.orgId, orgId), eq(notifications.personId, personId)];
  if (opts.unreadOnly) where.push(isNull(notifications.readAt));
  return db
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit);
}

export async function markNotificationRead(
  db: DbOrTx,
  orgId: string,
  personId: string,
  id: string,
  at: Date,
): Promise<NotificationRow | undefined> {
  const r = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(
      and(eq(notifications.orgId, orgId), eq(notifications.personId, personId), eq(notifications.id, id)),
    )
    .returning();
  return r[0];
}
