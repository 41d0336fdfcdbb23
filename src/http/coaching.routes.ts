/** Coaching sessions, recognition and the team feed, performance plans. Thin: parse → service → JSON. */
import { createRoute, z } from "@hono/zod-openapi";
import { STEP_KEYS } from "../domain/steps.js";
import { COACHING_KINDS, PLAN_OUTCOMES } from "../domain/vocabulary.js";
import { feed, listCoachingJson, recognise, recordCoaching } from "../services/coaching.service.js";
import {
  acknowledgePlan,
  closePlan,
  createPlan,
  getPlanJson,
  listPlansJson,
  planSuggestions,
} from "../services/plans.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Any = z.record(z.string(), z.any());
const ByPerson = z.object({ personId: z.uuid().optional() });
const CoachingCreate = z
  .object({
    personId: z.uuid(),
    kind: z.enum(COACHING_KINDS),
    step: z.enum(STEP_KEYS).optional(),
    heldOn: z.iso.date(),
    minutes: z.number().int().min(1).max(1440),
    notes: z.string().max(20_000).optional(),
    followUpOn: z.iso.date().optional(),
  })
  .strict();
const RecognitionCreate = z
  .object({
    personId: z.uuid(),
    achievement: z.string().trim().min(1).max(300),
    note: z.string().max(2000).optional(),
  })
  .strict();
const PlanCreate = z
  .object({
    personId: z.uuid(),
    targets: z.string().trim().min(1).max(5000),
    consequences: z.string().trim().min(1).max(5000),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .strict();
const PlanClose = z
  .object({ outcome: z.enum(PLAN_OUTCOMES), note: z.string().max(5000).optional() })
  .strict();

export function registerCoachingRoutes(api: Api) {
  const tags = ["coaching"];
  api.openapi(
    createRoute({
      method: "get",
      path: "/coaching",
      tags,
      summary: "Coaching sessions: one person's, or everybody's you can see",
      request: { query: ByPerson },
      responses: { 200: json(z.array(Any), "Sessions, newest first"), ...ERRORS },
    }),
    async (c) => c.json(await listCoachingJson(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/coaching",
      tags,
      summary: "Record a coaching session with a person of your line (counts as coaching in your time)",
      request: { body: body(CoachingCreate) },
      responses: { 201: json(Any, "The session"), ...ERRORS },
    }),
    async (c) => c.json(await recordCoaching(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/recognitions",
      tags,
      summary: "Recognise a person of your line for an achievement (shown in their team's feed)",
      request: { body: body(RecognitionCreate) },
      responses: { 201: json(Any, "The recognition"), ...ERRORS },
    }),
    async (c) => c.json(await recognise(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/team-feed",
      tags,
      summary: "Wins, kept commitments and recognitions of your team (salesperson) or line (manager)",
      request: { query: z.object({ days: z.coerce.number().int().min(1).max(366).optional() }) },
      responses: { 200: json(z.array(Any), "Feed, newest first"), ...ERRORS },
    }),
    async (c) => c.json(await feed(ctxOf(c), c.req.valid("query")), 200),
  );
  const ptags = ["performance plans"];
  api.openapi(
    createRoute({
      method: "get",
      path: "/performance-plans",
      tags: ptags,
      summary: "Performance plans: one person's, or everybody's you can see (a salesperson: their own)",
      request: { query: ByPerson },
      responses: { 200: json(z.array(Any), "Plans"), ...ERRORS },
    }),
    async (c) => c.json(await listPlansJson(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/performance-plans",
      tags: ptags,
      summary: "Write a performance plan (targets, dates, consequences) for a person of your line",
      request: { body: body(PlanCreate) },
      responses: { 201: json(Any, "The plan"), ...ERRORS },
    }),
    async (c) => c.json(await createPlan(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/performance-plans/suggestions",
      tags: ptags,
      summary: "Salespeople you can see who sat in Q4 in each of the last two quarters and have no open plan",
      responses: { 200: json(z.array(Any), "Suggestions"), ...ERRORS },
    }),
    async (c) => c.json(await planSuggestions(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/performance-plans/{id}",
      tags: ptags,
      summary: "One performance plan",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The plan"), ...ERRORS },
    }),
    async (c) => c.json(await getPlanJson(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/performance-plans/{id}/acknowledge",
      tags: ptags,
      summary: "Acknowledge your own performance plan",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The plan"), ...ERRORS },
    }),
    async (c) => c.json(await acknowledgePlan(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/performance-plans/{id}/close",
      tags: ptags,
      summary: "Close a performance plan with its outcome (the person's line)",
      request: { params: S.IdParam, body: body(PlanClose) },
      responses: { 200: json(Any, "The plan"), ...ERRORS },
    }),
    async (c) => c.json(await closePlan(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
