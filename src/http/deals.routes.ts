/** Deal step changes, history and the deal board. */
import { createRoute, z } from "@hono/zod-openapi";
import { dealBoard, dealHistory, loseDeal, moveDeal, winDeal } from "../services/deals.service.js";
import type { Api } from "./app.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const CONFLICT = { 409: json(S.ErrorBody, "The deal is closed already") };

const BoardCard = z.object({
  id: z.string(),
  name: z.string(),
  value: z.number(),
  ownerId: z.string(),
  ownerName: z.string(),
  accountName: z.string().nullable(),
  expectedClose: z.string().nullable(),
  daysInStep: z.number(),
});
const Board = z
  .object({
    currency: z.string(),
    steps: z.array(
      z.object({
        step: z.string(),
        stepNumber: z.number(),
        /** The organisation's name for the step. */
        name: z.string(),
        count: z.number(),
        total: z.number(),
        weighted: z.number(),
        deals: z.array(BoardCard),
      }),
    ),
  })
  .openapi("DealBoard");

const History = z
  .array(
    z.object({
      step: z.string(),
      stepNumber: z.number(),
      enteredAt: z.string(),
      recordedAt: z.string(),
      recordedBy: z.string().nullable(),
      skipped: z.array(z.string()),
      backfilled: z.boolean(),
      source: z.string(),
    }),
  )
  .openapi("StepHistory");

export function registerDealRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/board",
      tags: ["deals"],
      summary: "The deal board: open deals by step with totals, weighted value and days in step",
      request: { query: z.object({ ownerId: z.uuid().optional() }) },
      responses: { 200: json(Board, "The board"), ...ERRORS },
    }),
    async (c) => c.json(await dealBoard(ctxOf(c), { ownerId: c.req.valid("query").ownerId }), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/deals/{id}/steps",
      tags: ["deals"],
      summary: "The deal's date-stamped step history",
      request: { params: S.IdParam },
      responses: { 200: json(History, "Step history, oldest first"), ...ERRORS },
    }),
    async (c) => c.json(await dealHistory(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/deals/{id}/move",
      tags: ["deals"],
      summary: "Move a deal to a step (a jump forward records a skip; `at` backfills a past time)",
      request: { params: S.IdParam, body: body(S.DealMove) },
      responses: { 200: json(S.Item, "The deal"), ...ERRORS, ...CONFLICT },
    }),
    async (c) => c.json(await moveDeal(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/deals/{id}/win",
      tags: ["deals"],
      summary: "Win a deal: it enters relationship management (step 7)",
      request: { params: S.IdParam, body: body(S.DealWin) },
      responses: { 200: json(S.Item, "The deal"), ...ERRORS, ...CONFLICT },
    }),
    async (c) => c.json(await winDeal(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/deals/{id}/lose",
      tags: ["deals"],
      summary: "Lose or disqualify a deal at its current step (reason required)",
      request: { params: S.IdParam, body: body(S.DealLose) },
      responses: { 200: json(S.Item, "The deal"), ...ERRORS, ...CONFLICT },
    }),
    async (c) => c.json(await loseDeal(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
