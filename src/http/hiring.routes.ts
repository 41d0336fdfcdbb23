/** Hiring: candidates, interviews, the interview guide, the bench (docs/hiring.md). Thin: parse → service → JSON. */
import { createRoute, z } from "@hono/zod-openapi";
import { CANDIDATE_STATUSES, SCORE_MAX, SCORE_MIN, SUBJECTS } from "../domain/hiring.js";
import {
  addQuestion,
  bench,
  candidateDetail,
  changeStatus,
  createCandidate,
  editCandidate,
  editQuestion,
  guide,
  hire,
  listCandidatesJson,
  recordInterview,
} from "../services/hiring.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Any = z.record(z.string(), z.any());
const text = (max: number) => z.string().max(max);
const optText = (max: number) => text(max).nullable().optional();
const CandidateFields = {
  email: optText(200),
  phone: optText(50),
  source: optText(200),
  role: z.string().trim().min(1).max(100).optional(),
  notes: optText(20_000),
  experience: optText(2000),
  degree: optText(500),
  claimedBook: optText(2000),
};
const CandidateCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    team: z.string().trim().min(1).max(100),
    ...CandidateFields,
  })
  .strict()
  .openapi("CandidateCreate");
const CandidatePatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    team: z.string().trim().min(1).max(100).optional(),
    ...CandidateFields,
  })
  .strict();
const Subject = z.enum(SUBJECTS as [string, ...string[]]);
const InterviewCreate = z
  .object({
    heldOn: z.iso.date(),
    answers: z
      .array(z.object({ questionId: z.uuid(), answer: z.string().trim().min(1).max(10_000) }).strict())
      .max(50)
      .default([]),
    scores: z
      .array(
        z
          .object({
            subject: Subject,
            score: z.number().int().min(SCORE_MIN).max(SCORE_MAX),
            evidence: z.string().trim().min(1).max(5000),
          })
          .strict(),
      )
      .min(1)
      .max(11),
  })
  .strict()
  .openapi("InterviewCreate");
const StatusChange = z
  .object({ status: z.enum(CANDIDATE_STATUSES), note: z.string().max(2000).optional() })
  .strict();
const Hire = z.object({ email: z.email().max(200).optional() }).strict();
const QuestionCreate = z
  .object({
    subject: Subject,
    text: z.string().trim().min(1).max(1000),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
const QuestionPatch = z
  .object({
    text: z.string().trim().min(1).max(1000).optional(),
    active: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

export function registerHiringRoutes(api: Api) {
  const tags = ["hiring"];
  api.openapi(
    createRoute({
      method: "get",
      path: "/candidates",
      tags,
      summary: "Candidates of the teams you recruit for (manager: your line's teams; executive, admin: all)",
      request: {
        query: z.object({
          team: z.string().max(100).optional(),
          status: z.enum(CANDIDATE_STATUSES).optional(),
          personId: z
            .string()
            .uuid()
            .optional()
            .openapi({ description: "Only the candidate hired as this person" }),
        }),
      },
      responses: { 200: json(z.array(Any), "Candidates, newest first"), ...ERRORS },
    }),
    async (c) => c.json(await listCandidatesJson(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/candidates",
      tags,
      summary:
        "Add a candidate for a team (sourced); experience, degree and claimed book are kept apart, never scored",
      request: { body: body(CandidateCreate) },
      responses: { 201: json(Any, "The candidate"), ...ERRORS },
    }),
    async (c) => c.json(await createCandidate(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/candidates/bench",
      tags,
      summary: "The bench per team: candidates by status, in pipeline, days since the last one entered",
      responses: { 200: json(Any, "The bench"), ...ERRORS },
    }),
    async (c) => c.json(await bench(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/candidates/{id}",
      tags,
      summary:
        "One candidate: status history, interviews, the scorecard side by side, fit against the team's weak steps",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The candidate"), ...ERRORS },
    }),
    async (c) => c.json(await candidateDetail(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/candidates/{id}",
      tags,
      summary: "Change a candidate's details",
      request: { params: S.IdParam, body: body(CandidatePatch) },
      responses: { 200: json(Any, "The candidate"), ...ERRORS },
    }),
    async (c) => c.json(await editCandidate(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/candidates/{id}/status",
      tags,
      summary: "Move a candidate along (forward, declined or withdrawn); dated in the history",
      request: { params: S.IdParam, body: body(StatusChange) },
      responses: { 200: json(Any, "The candidate"), ...ERRORS },
    }),
    async (c) => c.json(await changeStatus(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/candidates/{id}/interviews",
      tags,
      summary:
        "Record your interview: answers to guide questions, a 1–4 score with evidence per attribute or step",
      request: { params: S.IdParam, body: body(InterviewCreate) },
      responses: { 201: json(Any, "The interview"), ...ERRORS },
    }),
    async (c) => c.json(await recordInterview(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/candidates/{id}/hire",
      tags,
      summary:
        "Hire: makes the person (salesperson in the team, reporting to its manager) and links it; once",
      request: { params: S.IdParam, body: body(Hire) },
      responses: {
        200: json(Any, "The candidate, hired"),
        409: json(S.ErrorBody, "Hired already"),
        ...ERRORS,
      },
    }),
    async (c) => c.json(await hire(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/interview-guide",
      tags,
      summary: "The interview guide: questions per attribute and per step (managers, executives, admins)",
      responses: { 200: json(z.array(Any), "Questions in order"), ...ERRORS },
    }),
    async (c) => c.json(await guide(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/interview-guide/questions",
      tags,
      summary: "Add a question to the guide (admin)",
      request: { body: body(QuestionCreate) },
      responses: { 201: json(Any, "The question"), ...ERRORS },
    }),
    async (c) => c.json(await addQuestion(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/interview-guide/questions/{id}",
      tags,
      summary: "Change a question's text, order or active flag (admin)",
      request: { params: S.IdParam, body: body(QuestionPatch) },
      responses: { 200: json(Any, "The question"), ...ERRORS },
    }),
    async (c) => c.json(await editQuestion(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
