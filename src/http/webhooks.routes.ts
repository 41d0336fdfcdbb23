/** Outgoing webhooks (admins): subscriptions, their delivery log and manual retries. */
import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_EVENTS } from "../domain/vocabulary.js";
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  retryDelivery,
  updateWebhook,
  webhookDeliveries,
} from "../services/webhooks.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ example: "https://example.com/stepwise-hook" });
const Events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .openapi({ example: ["deal.won", "deal.lost"] });

const WebhookCreate = z.object({ url: Url, events: Events }).strict();
const WebhookUpdate = z.object({ url: Url, events: Events, active: z.boolean() }).partial().strict();

const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("Webhook");

const Delivery = z
  .object({
    id: z.string(),
    event: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    payload: z.record(z.string(), z.any()),
  })
  .openapi("WebhookDelivery");

const DeliveryParams = S.IdParam.extend({
  deliveryId: z.uuid().openapi({ param: { name: "deliveryId", in: "path" } }),
});

const tags = ["webhooks"];

export function registerWebhookRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/webhooks",
      tags,
      summary: "The organisation's webhook subscriptions (never the secret)",
      responses: { 200: json(z.array(Webhook), "Subscriptions"), ...ERRORS },
    }),
    async (c) => c.json(await listWebhooks(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/webhooks",
      tags,
      summary: "Subscribe a URL to events; the signing secret is in this response only",
      request: { body: body(WebhookCreate) },
      responses: {
        201: json(Webhook.extend({ secret: z.string() }), "The subscription, with its secret"),
        ...ERRORS,
      },
    }),
    async (c) => c.json(await createWebhook(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/webhooks/{id}",
      tags,
      summary: "Change a subscription's URL or events, or pause it (active: false)",
      request: { params: S.IdParam, body: body(WebhookUpdate) },
      responses: { 200: json(Webhook, "The subscription"), ...ERRORS },
    }),
    async (c) => c.json(await updateWebhook(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "delete",
      path: "/webhooks/{id}",
      tags,
      summary: "Delete a subscription and its delivery log",
      request: { params: S.IdParam },
      responses: { 200: json(Webhook, "The deleted subscription"), ...ERRORS },
    }),
    async (c) => c.json(await deleteWebhook(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/webhooks/{id}/deliveries",
      tags,
      summary: "The delivery log of a subscription, newest first",
      request: {
        params: S.IdParam,
        query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
      },
      responses: { 200: json(z.array(Delivery), "Deliveries"), ...ERRORS },
    }),
    async (c) =>
      c.json(await webhookDeliveries(ctxOf(c), c.req.valid("param").id, c.req.valid("query").limit), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/webhooks/{id}/deliveries/{deliveryId}/retry",
      tags,
      summary: "Send a delivery again (attempts start over)",
      request: { params: DeliveryParams },
      responses: { 200: json(Delivery, "The delivery, queued"), ...ERRORS },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid("param");
      return c.json(await retryDelivery(ctxOf(c), id, deliveryId), 200);
    },
  );
}
