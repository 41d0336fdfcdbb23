/** Deal step changes, history and the deal board. */
import { createRoute, z } from "@hono/zod-openapi";
import { logActivity } from "../services/activity-log.service.js";
import {
  boardColumn,
  correctStep,
  dealBoard,
  dealHistory,
  loseDeal,
  moveDeal,
  winDeal,
} from "../services/deals.service.js";
import { myWeek } from "../services/myweek.service.js";
import type { Api } from "./api.js";
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
  leadSource: z.string().nullable(),
  expectedClose: z.string().nullable(),
  stepNumber: z.number(),
  daysInStep: z.number(),
  /** The owner's median days in this step (docs/selling.md); null without history. */
  usualDaysInStep: z.number().nullable(),
  /** In this step longer than the owner's usual time. */
  overdueInStep: z.boolean(),
  /** No scheduled activity from now on ("what's next?", metrics.md). */
  noNextStep: z.boolean(),
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
      id: z.number(),
      recordedByName: z.string().nullable(),
      /** Set when the row was corrected as a mistake: it no longer counts in any report. */
      correction: z
        .object({
          at: z.string(),
          by: z.string().nullable(),
          byName: z.string().nullable(),
          reason: z.string(),
          toStep: z.string(),
        })
        .nullable(),
      /** On a row recorded by a correction: the id of the row it replaces. */
      replaces: z.number().nullable(),
    }),
  )
  .openapi("StepHistory");

const BoardQuery = z.object({
  ownerId: z.uuid().optional(),
  team: z.string().trim().min(1).max(100).optional(),
  leadSource: z.string().trim().min(1).max(100).optional(),
  noNextStep: z.enum(["true", "false"]).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const boardOpts = (q: z.infer<typeof BoardQuery>) => ({ ...q, noNextStep: q.noNextStep === "true" });

const ColumnParam = z.object({
  step: S.Step.openapi({ param: { name: "step", in: "path" }, example: "closing" }),
});

const CORRECTION_DOC = [
  "Corrects the deal's latest step move, recorded by mistake, to the step the deal is really at (1–6), with a",
  "required reason. Nothing is rewritten: the mistaken step row stays in the history, marked corrected (who,",
  "when, why); where the deal really is at a step it had not reached otherwise, a step row is recorded for it",
  "at the mistaken row's time. Reports count only the rows in force, so the corrected entry no longer counts",
  "as reached (efforts, conversion, compliance); the audit log keeps the correction. One move at a time,",
  "latest first; an open deal only. See docs/step-corrections.md.",
].join(" ");

const MyWeek = z.record(z.string(), z.any()).openapi("MyWeek");

export function registerDealRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/board",
      tags: ["deals"],
      summary: "The deal board: open deals by step with totals, weighted value and days in step",
      description:
        "Every open deal you may see, by step, largest first: `limit` cards per column (default 50; more with " +
        "GET /board/steps/{step}), filtered by owner, team, lead source, no next step and `q` (deal, account or " +
        "owner name). Count and totals are for all deals that match the filters.",
      request: { query: BoardQuery },
      responses: { 200: json(Board, "The board"), ...ERRORS },
    }),
    async (c) => c.json(await dealBoard(ctxOf(c), boardOpts(c.req.valid("query"))), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/board/steps/{step}",
      tags: ["deals"],
      summary: "More cards of one board column (`offset`, `limit`), with the board's filters",
      request: {
        params: ColumnParam,
        query: BoardQuery.extend({ offset: z.coerce.number().int().min(0).max(1_000_000).optional() }),
      },
      responses: {
        200: json(
          z.object({
            step: z.string(),
            stepNumber: z.number(),
            offset: z.number(),
            deals: z.array(BoardCard),
          }),
          "The column's cards",
        ),
        ...ERRORS,
      },
    }),
    async (c) => {
      const step = c.req.valid("param").step;
      const q = c.req.valid("query");
      return c.json(await boardColumn(ctxOf(c), step, { ...boardOpts(q), offset: q.offset }), 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/deals/{id}/correct-step",
      tags: ["deals"],
      summary: "Correct a mistaken step move (audited; the history keeps the mistake, marked)",
      description: CORRECTION_DOC,
      request: { params: S.IdParam, body: body(S.DealCorrectStep) },
      responses: { 200: json(S.Item, "The deal"), ...ERRORS, ...CONFLICT },
    }),
    async (c) => c.json(await correctStep(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/activities/log",
      tags: ["activities"],
      summary: "Log a done activity, move its deal and schedule the next step, all or nothing",
      description:
        "What the web app's log form sends: the activity done (step: the deal's current step unless given), " +
        "`moveTo` a later step of the deal (as POST /deals/{id}/move), and `next`, the next step's activity " +
        "(scheduled, in the future). One transaction: if any part is refused, nothing is recorded.",
      request: { body: body(S.ActivityLog) },
      responses: {
        201: json(
          z.object({ done: S.Item, next: S.Item.nullable(), deal: S.Item.nullable() }),
          "What was recorded",
        ),
        ...ERRORS,
        ...CONFLICT,
      },
    }),
    async (c) => c.json(await logActivity(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/my-week",
      tags: ["deals"],
      summary: "My week: your activities due today and overdue, what has no next step, pacing and usage",
      request: {
        query: z.object({
          period: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "expected YYYY-MM or YYYY-Qn")
            .optional(),
        }),
      },
      responses: { 200: json(MyWeek, "Your week"), ...ERRORS },
    }),
    async (c) => c.json(await myWeek(ctxOf(c), { period: c.req.valid("query").period }), 200),
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
      description:
        "A move to a step the deal reached already changes nothing (the furthest step counts) and answers 409, " +
        "unless `at` is before the time it reached that step (a backfill of a skipped step's real date). " +
        "A mistaken move is corrected with POST /deals/{id}/correct-step.",
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
