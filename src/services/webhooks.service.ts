/**
 * Outgoing webhooks: subscriptions (admins only), the delivery log, manual
 * retries, and `emit` — the hook the use-cases call inside their transaction.
 *
 * `emit` only inserts delivery rows (a transactional outbox): they commit or
 * roll back with the change they report, and webhooks.worker.ts sends them.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Tx } from "../db/client.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { writeAudit } from "../db/records.queries.js";
import {
  deleteSubscription,
  getSubscription,
  insertDeliveries,
  insertSubscription,
  listDeliveries,
  listSubscriptions,
  requeueDelivery,
  subscribersOf,
  updateSubscription,
  type WebhookDeliveryRow,
  type WebhookSubscriptionRow,
} from "../db/webhooks.queries.js";
import { AppError } from "../domain/errors.js";
import type { WebhookEvent } from "../domain/vocabulary.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";
import { urlProblem, webhookAllowFromEnv } from "./webhook-targets.js";

export interface WebhookPayload {
  /** The delivery id (also in the Stepwise-Delivery header): receivers dedupe on it. */
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  organisation: { id: string; slug: string };
  data: Record<string, unknown>;
}

/**
 * Queues `event` for every active subscription of the organisation that wants
 * it, in the caller's transaction. Costs one indexed query when nobody listens.
 */
export async function emit(
  tx: Tx,
  orgId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
  occurredAt = new Date(),
): Promise<void> {
  const subs = await subscribersOf(tx, orgId, event);
  if (!subs.length) return;
  const org = await getOrganisation(tx, orgId);
  await insertDeliveries(
    tx,
    subs.map((s) => {
      const id = randomUUID();
      const payload: WebhookPayload = {
        id,
        event,
        occurredAt: occurredAt.toISOString(),
        organisation: { id: orgId, slug: org!.slug },
        data,
      };
      return { orgId, id, subscriptionId: s.id, event, payload };
    }),
  );
}

/** The `Stepwise-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

const subscriptionView = (s: WebhookSubscriptionRow) => ({
  id: s.id,
  url: s.url,
  events: s.events,
  active: s.active,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});

const deliveryView = (d: WebhookDeliveryRow) => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  payload: d.payload as Record<string, unknown>,
});

/** 400 naming `url` when the target is refused as written (webhook-targets.ts). */
function checkTarget(url: string | undefined) {
  if (url === undefined) return;
  const problem = urlProblem(url, webhookAllowFromEnv());
  if (problem) {
    throw new AppError("validation_failed", `url: ${problem}.`, [
      { path: "url", message: problem, value: url },
    ]);
  }
}

function admin(ctx: Ctx, write: boolean) {
  requireRole(ctx.actor, "admin");
  if (write) requireWrite(ctx.actor);
}

async function visibleSubscription(ctx: Ctx, db: Ctx["db"] | Tx, id: string) {
  const s = await getSubscription(db, ctx.actor.orgId, id);
  if (!s) throw new AppError("not_found", `No webhook ${id}.`);
  return s;
}

export async function listWebhooks(ctx: Ctx) {
  admin(ctx, false);
  return (await listSubscriptions(ctx.db, ctx.actor.orgId)).map(subscriptionView);
}

/** Creates a subscription; its signing secret is in this response only. */
export async function createWebhook(ctx: Ctx, input: { url: string; events: WebhookEvent[] }) {
  admin(ctx, true);
  checkTarget(input.url);
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const s = await insertSubscription(tx, {
      orgId: ctx.actor.orgId,
      url: input.url,
      events: [...new Set(input.events)],
      secret,
      createdBy: ctx.actor.personId,
    });
    const out = subscriptionView(s);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "webhook",
      entityId: s.id,
      action: "create",
      after: out,
    });
    return { ...out, secret };
  });
}

export async function updateWebhook(
  ctx: Ctx,
  id: string,
  patch: { url?: string; events?: WebhookEvent[]; active?: boolean },
) {
  admin(ctx, true);
  checkTarget(patch.url);
  return ctx.db.transaction(async (tx) => {
    const before = await visibleSubscription(ctx, tx, id);
    const values = { ...patch, ...(patch.events ? { events: [...new Set(patch.events)] } : {}) };
    const s = Object.keys(values).length ? await updateSubscription(tx, ctx.actor.orgId, id, values) : before;
    const out = subscriptionView(s);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "webhook",
      entityId: id,
      action: "update",
      before: subscriptionView(before),
      after: out,
    });
    return out;
  });
}

export async function deleteWebhook(ctx: Ctx, id: string) {
  admin(ctx, true);
  return ctx.db.transaction(async (tx) => {
    const s = await deleteSubscription(tx, ctx.actor.orgId, id);
    if (!s) throw new AppError("not_found", `No webhook ${id}.`);
    const out = subscriptionView(s);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "webhook",
      entityId: id,
      action: "delete",
      before: out,
    });
    return out;
  });
}

/** The delivery log of one subscription, newest first. */
export async function webhookDeliveries(ctx: Ctx, id: string, limit = 50) {
  admin(ctx, false);
  await visibleSubscription(ctx, ctx.db, id);
  return (await listDeliveries(ctx.db, ctx.actor.orgId, id, limit)).map(deliveryView);
}

/** Sends a delivery again as soon as a worker runs (attempts start over). */
export async function retryDelivery(ctx: Ctx, id: string, deliveryId: string, now = new Date()) {
  admin(ctx, true);
  return ctx.db.transaction(async (tx) => {
    await visibleSubscription(ctx, tx, id);
    const d = await requeueDelivery(tx, ctx.actor.orgId, id, deliveryId, now);
    if (!d) throw new AppError("not_found", `No delivery ${deliveryId} of webhook ${id}.`);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "webhook_delivery",
      entityId: deliveryId,
      action: "retry",
    });
    return deliveryView(d);
  });
}
