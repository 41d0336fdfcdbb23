/** Reviews (one-on-one, pipeline), commitments, review cadence and the inbox. Thin: parse → service → JSON. */
import { createRoute, z } from "@hono/zod-openapi";
import * as C from "../contract/index.js";
import { STEP_KEYS } from "../domain/steps.js";
import { ACTIVITY_KINDS, COMMITMENT_STATUSES, REVIEW_KINDS } from "../domain/vocabulary.js";
import { inbox, markRead } from "../services/notifications.service.js";
import {
  createCommitment,
  getReviewJson,
  listCommitmentsJson,
  listReviewsJson,
  markCommitment,
  openReview,
  reviewCadence,
  signOffReview,
  updateReviewNotes,
} from "../services/reviews.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Any = z.record(z.string(), z.any());
// Named in the OpenAPI document by their ids (src/contract).
const { Review, Commitment, Cadence } = C;
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "expected YYYY-MM or YYYY-Qn");
const Limit = z.coerce.number().int().min(1).max(500).optional();

const ReviewOpen = z
  .object({ personId: z.uuid(), kind: z.enum(REVIEW_KINDS).optional(), period: Period.optional() })
  .strict();
const ReviewPatch = z.object({ notes: z.string().max(20_000) }).strict();
const CommitmentCreate = z
  .object({
    personId: z.uuid(),
    reviewId: z.uuid().optional(),
    text: z.string().trim().min(1).max(500),
    measure: z
      .object({ step: z.enum(STEP_KEYS).optional(), activityKind: z.enum(ACTIVITY_KINDS).optional() })
      .strict()
      .optional(),
    target: z.number().int().min(1).max(100_000).optional(),
    dueDate: z.iso.date(),
  })
  .strict();
const CommitmentPatch = z.object({ status: z.enum(["kept", "missed"]) }).strict();

export function registerReviewRoutes(api: Api) {
  const tags = ["reviews"];
  api.openapi(
    createRoute({
      method: "get",
      path: "/reviews",
      tags,
      summary: "Review history (newest first): one person's, or everybody you can see",
      request: { query: z.object({ personId: z.uuid().optional(), limit: Limit }) },
      responses: { 200: json(z.array(Review), "Reviews (without agendas)"), ...ERRORS },
    }),
    async (c) => c.json(await listReviewsJson(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/reviews",
      tags,
      summary: "Open a review with a person of your line: the agenda is built now and frozen",
      request: { body: body(ReviewOpen) },
      responses: { 201: json(Review, "The review with its agenda"), ...ERRORS },
    }),
    async (c) => c.json(await openReview(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/reviews/cadence",
      tags,
      summary: "Last review and whether it is overdue: your direct reports (manager) or every salesperson",
      responses: { 200: json(z.array(Cadence), "People and their review cadence"), ...ERRORS },
    }),
    async (c) => c.json(await reviewCadence(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/reviews/{id}",
      tags,
      summary: "A review with its frozen agenda, notes and commitments",
      request: { params: S.IdParam },
      responses: { 200: json(Review, "The review"), ...ERRORS },
    }),
    async (c) => c.json(await getReviewJson(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/reviews/{id}",
      tags,
      summary: "Write the review's notes (the person's manager line)",
      request: { params: S.IdParam, body: body(ReviewPatch) },
      responses: { 200: json(Review, "The review"), ...ERRORS },
    }),
    async (c) =>
      c.json(await updateReviewNotes(ctxOf(c), c.req.valid("param").id, c.req.valid("json").notes), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/reviews/{id}/sign-off",
      tags,
      summary: "Sign the review off: the person signs their side, their manager line the other",
      request: { params: S.IdParam },
      responses: { 200: json(Review, "The review"), ...ERRORS },
    }),
    async (c) => c.json(await signOffReview(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/commitments",
      tags,
      summary: "Commitments (latest due first): one person's, or everybody you can see",
      request: {
        query: z.object({
          personId: z.uuid().optional(),
          status: z.enum(COMMITMENT_STATUSES).optional(),
          limit: Limit,
        }),
      },
      responses: { 200: json(z.array(Commitment), "Commitments"), ...ERRORS },
    }),
    async (c) => c.json(await listCommitmentsJson(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/commitments",
      tags,
      summary:
        "Record a commitment: free text, or measurable (a step's entries or an activity kind, a target) — checked automatically at the end of the due date",
      request: { body: body(CommitmentCreate) },
      responses: { 201: json(Commitment, "The commitment"), ...ERRORS },
    }),
    async (c) => c.json(await createCommitment(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/commitments/{id}",
      tags,
      summary: "Mark a commitment that is not measurable as kept or missed",
      request: { params: S.IdParam, body: body(CommitmentPatch) },
      responses: { 200: json(Commitment, "The commitment"), ...ERRORS },
    }),
    async (c) =>
      c.json(await markCommitment(ctxOf(c), c.req.valid("param").id, c.req.valid("json").status), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/inbox",
      tags: ["inbox"],
      summary: "Your own messages (review opened, commitment kept or missed, plan changed, recognition)",
      request: { query: z.object({ unread: z.enum(["true", "false"]).optional(), limit: Limit }) },
      responses: { 200: json(z.array(Any), "Messages, newest first"), ...ERRORS },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await inbox(ctxOf(c), { unreadOnly: q.unread === "true", limit: q.limit }), 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/inbox/{id}/read",
      tags: ["inbox"],
      summary: "Mark one of your messages read",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The message"), ...ERRORS },
    }),
    async (c) => c.json(await markRead(ctxOf(c), c.req.valid("param").id), 200),
  );
}
