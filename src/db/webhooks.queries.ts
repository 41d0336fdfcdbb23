/**
 * SQL for outgoing webhooks: subscriptions, the delivery queue (claim with a
 * lease and SKIP LOCKED, record each attempt) and the delivery log.
 *
 * The queue is a plain table, so it behaves the same on PGlite and PostgreSQL:
 * no LISTEN/NOTIFY, no advisory locks. Times come from the caller (an injectable
 * clock), passed as ISO strings so both drivers send the same value.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { type WebhookEvent, webhookDeliveries, webhookSubscriptions } from "./schema.js";
import { rows } from "./sql.js";

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function insertSubscription(db: DbOrTx, row: typeof webhookSubscriptions.$inferInsert) {
  const [s] = await db.insert(webhookSubscriptions).values(row).returning();
  return s;
}

export async function listSubscriptions(db: DbOrTx, orgId: string) {
  return db
    .select()
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.orgId, orgId))
    .orderBy(webhookSubscriptions.createdAt, webhookSubscriptions.id);
}

export async function getSubscription(db: DbOrTx, orgId: string, id: string) {
  const r = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)));
  return r[0];
}

export async function updateSubscription(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<Pick<WebhookSubscriptionRow, "url" | "events" | "active">>,
) {
  const r = await db
    .update(webhookSubscriptions)
    .set(patch)
    .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)))
    .returning();
  return r[0];
}

/** Deletes the subscription and (cascade) its deliveries: nothing more is sent to it. */
export async function deleteSubscription(db: DbOrTx, orgId: string, id: string) {
  const r = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)))
    .returning();
  return r[0];
}

/** The active subscriptions of an organisation that want this event. */
export async function subscribersOf(db: DbOrTx, orgId: string, event: WebhookEvent) {
  return db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.orgId, orgId),
        eq(webhookSubscriptions.active, true),
        sql`${event} = any(${webhookSubscriptions.events})`,
      ),
    );
}

export async function insertDeliveries(db: DbOrTx, values: (typeof webhookDeliveries.$inferInsert)[]) {
  if (values.length) await db.insert(webhookDeliveries).values(values);
}

export async function listDeliveries(db: DbOrTx, orgId: string, subscriptionId: string, limit: number) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** Puts a delivery back in the queue, due at `at`, with a fresh attempt count. */
export async function requeueDelivery(
  db: DbOrTx,
  orgId: string,
  subscriptionId: string,
  id: string,
  at: Date,
) {
  const r = await db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: at, deliveredAt: null })
    .where(
      and(
        eq(webhookDeliveries.orgId, orgId),
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        eq(webhookDeliveries.id, id),
      ),
    )
    .returning();
  return r[0];
}

export interface ClaimedDelivery {
  orgId: string;
  id: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  attempts: number;
  /** The lease this worker holds; its result is recorded only while it still holds it. */
  lockedUntil: string;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries of active subscriptions for this worker
 * until `lockedUntil`. The inner SELECT … FOR UPDATE SKIP LOCKED lets concurrent
 * claimers pass over each other's rows instead of waiting; the lease makes a
 * claimed row invisible to other workers until it expires (a crashed worker's
 * rows come back then).
 */
export async function claimDueDeliveries(
  db: DbOrTx,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const n = now.toISOString();
  const until = lockedUntil.toISOString();
  // A locking CTE is evaluated once (never inlined), so the LIMIT applies to one set of rows.
  const claimed = await rows<Omit<ClaimedDelivery, "lockedUntil">>(
    db,
    sql`with due as materialized (
          select q.org_id, q.id from webhook_deliveries q
          where q.status = 'pending' and q.next_attempt_at <= ${n}::timestamptz
            and (q.locked_until is null or q.locked_until < ${n}::timestamptz)
            and exists (select 1 from webhook_subscriptions a
                        where a.org_id = q.org_id and a.id = q.subscription_id and a.active)
          order by q.next_attempt_at
          limit ${limit}
          for update of q skip locked)
        update webhook_deliveries d
          set locked_until = ${until}::timestamptz
        from due, webhook_subscriptions s
        where d.org_id = due.org_id and d.id = due.id
          and s.org_id = d.org_id and s.id = d.subscription_id
        returning d.org_id as "orgId", d.id, d.event, d.payload, d.attempts::int as attempts, s.url, s.secret`,
  );
  return claimed.map((c) => ({ ...c, lockedUntil: until }));
}

export interface AttemptResult {
  status: "pending" | "delivered" | "failed";
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: Date;
}

/**
 * Records one attempt and releases the lease. Only the lease holder may: if the
 * lease expired and another worker claimed the row, this one's result is dropped.
 */
export async function recordAttempt(db: DbOrTx, d: ClaimedDelivery, r: AttemptResult): Promise<boolean> {
  const out = await rows(
    db,
    sql`update webhook_deliveries
          set status = ${r.status}, attempts = attempts + 1,
              last_attempt_at = ${r.attemptedAt.toISOString()}::timestamptz,
              last_status_code = ${r.statusCode}, last_error = ${r.error},
              next_attempt_at = ${r.nextAttemptAt.toISOString()}::timestamptz,
              delivered_at = ${r.status === "delivered" ? r.attemptedAt.toISOString() : null}::timestamptz,
              locked_until = null
        where org_id = ${d.orgId} and id = ${d.id} and locked_until = ${d.lockedUntil}::timestamptz
        returning id`,
  );
  return out.length > 0;
}
