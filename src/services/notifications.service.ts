/**
 * The in-app inbox: messages to one person (review opened, commitment due,
 * kept or missed, plan changed, recognition). `notify` is called inside the
 * use-case's transaction, so a message exists exactly when the change committed.
 */
import type { DbOrTx } from "../db/client.js";
import { insertNotification, listNotifications, markNotificationRead } from "../db/inbox.queries.js";
import { AppError } from "../domain/errors.js";
import { formatInstant } from "../domain/reports.js";
import type { Ctx } from "./context.js";

export interface NotifyInput {
  orgId: string;
  personId: string;
  kind: string;
  title: string;
  link?: string | null;
  /** Dedupe key: a second message with the same key to the same person is not added. */
  key?: string | null;
  createdAt?: Date;
}

export async function notify(db: DbOrTx, n: NotifyInput): Promise<void> {
  await insertNotification(db, {
    orgId: n.orgId,
    personId: n.personId,
    kind: n.kind,
    title: n.title.slice(0, 500),
    link: n.link ?? null,
    key: n.key ?? null,
    createdAt: n.createdAt ?? new Date(),
  });
}

export interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The actor's own inbox, newest first (everybody sees only their own). */
export async function inbox(
  ctx: Ctx,
  q: { unreadOnly?: boolean; limit?: number },
): Promise<NotificationJson[]> {
  const list = await listNotifications(ctx.db, ctx.actor.orgId, ctx.actor.personId, {
    unreadOnly: q.unreadOnly,
    limit: q.limit ?? 100,
  });
  return list.map((n) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    link: n.link,
    createdAt: formatInstant(n.createdAt),
    readAt: n.readAt ? formatInstant(n.readAt) : null,
  }));
}

export async function markRead(ctx: Ctx, id: string, now: Date = new Date()): Promise<NotificationJson> {
  const n = await markNotificationRead(ctx.db, ctx.actor.orgId, ctx.actor.personId, id, now);
  if (!n) throw new AppError("not_found", `No message ${id}.`);
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    link: n.link,
    createdAt: formatInstant(n.createdAt),
    readAt: n.readAt ? formatInstant(n.readAt) : null,
  };
}
