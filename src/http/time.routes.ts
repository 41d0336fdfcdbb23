/** The manager's time: entries, the weekly timesheet, the .ics import and its keyword rules. */
import { createRoute, z } from "@hono/zod-openapi";
import { TIME_CATEGORIES } from "../domain/vocabulary.js";
import {
  addRule,
  addTime,
  importCalendar,
  listRules,
  listTime,
  removeRule,
  removeTime,
  timesheet,
} from "../services/time.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Any = z.record(z.string(), z.any());
const Range = z.object({
  personId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
const TimeCreate = z
  .object({
    date: z.iso.date(),
    category: z.enum(TIME_CATEGORIES),
    minutes: z.number().int().min(1).max(1440),
    title: z.string().trim().max(200).optional(),
  })
  .strict();
const IcsImport = z
  .object({
    ics: z.string().min(1).max(5_000_000),
    from: z.iso.date(),
    to: z.iso.date(),
    dryRun: z.boolean().optional(),
  })
  .strict();
const RuleCreate = z
  .object({ keyword: z.string().trim().min(1).max(100), category: z.enum(TIME_CATEGORIES) })
  .strict();

export function registerTimeRoutes(api: Api) {
  const tags = ["time"];
  api.openapi(
    createRoute({
      method: "get",
      path: "/time-entries",
      tags,
      summary: "Time entries (yours, or a person's of your line) between two dates",
      request: { query: Range },
      responses: { 200: json(z.array(Any), "Time entries"), ...ERRORS },
    }),
    async (c) => c.json(await listTime(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/time-entries",
      tags,
      summary: "Record your own time: a date, a category (metrics.md) and minutes",
      request: { body: body(TimeCreate) },
      responses: { 201: json(Any, "The entry"), ...ERRORS },
    }),
    async (c) => c.json(await addTime(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "delete",
      path: "/time-entries/{id}",
      tags,
      summary: "Delete one of your own time entries",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The deleted entry"), ...ERRORS },
    }),
    async (c) => c.json(await removeTime(ctxOf(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/timesheet",
      tags,
      summary: "Weekly timesheet: minutes per category per week, managingShare against the target",
      request: { query: Range },
      responses: { 200: json(Any, "The timesheet"), ...ERRORS },
    }),
    async (c) => c.json(await timesheet(ctxOf(c), c.req.valid("query")), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/time-entries/import-ics",
      tags,
      summary:
        "Import your calendar (.ics text) for a date range: occurrences expanded and classified by your rules",
      request: { body: body(IcsImport) },
      responses: { 200: json(Any, "The classified events and totals"), ...ERRORS },
    }),
    async (c) => c.json(await importCalendar(ctxOf(c), c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/time-rules",
      tags,
      summary: "Your keyword rules for the calendar import",
      responses: { 200: json(z.array(Any), "Rules"), ...ERRORS },
    }),
    async (c) => c.json(await listRules(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/time-rules",
      tags,
      summary: "Add (or change) a keyword rule: an event whose title contains the keyword → the category",
      request: { body: body(RuleCreate) },
      responses: { 201: json(Any, "The rule"), ...ERRORS },
    }),
    async (c) => c.json(await addRule(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "delete",
      path: "/time-rules/{id}",
      tags,
      summary: "Delete one of your keyword rules",
      request: { params: S.IdParam },
      responses: { 200: json(Any, "The deleted rule"), ...ERRORS },
    }),
    async (c) => c.json(await removeRule(ctxOf(c), c.req.valid("param").id), 200),
  );
}
