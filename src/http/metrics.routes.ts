/** Reports (`/metrics/{kind}`), quotas and agreed plans. Thin: parse → service → JSON/CSV. */
import { createRoute, z } from "@hono/zod-openapi";
import * as C from "../contract/index.js";
import { periodKey, type ReportTime, reportTime } from "../domain/periods.js";
import {
  agreePlan,
  getPlan,
  listQuotas,
  REPORT_KINDS,
  type ReportKind,
  report,
  setQuota,
} from "../services/metrics.service.js";
import { reportCsv } from "../services/report-csv.js";
import type { ReportWorker } from "../services/report-pool.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

export const Period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "expected YYYY-MM or YYYY-Qn")
  .openapi({ example: "2026-Q3" });
export const AsOf = z
  .string()
  .optional()
  .openapi({ description: "ISO 8601 time with offset, or YYYY-MM-DD (default: now)" });

/** A query's period and asOf, parsed once here at the edge into domain values (the rest as it is). */
export function withReportTime<Q extends { period: string; asOf?: string }>(
  q: Q,
): Omit<Q, "period" | "asOf"> & ReportTime {
  return { ...q, ...reportTime(q.period, q.asOf) };
}

const ReportQuery = z.object({
  period: Period,
  asOf: AsOf,
  team: z.string().trim().min(1).max(100).optional(),
  format: z.enum(["json", "csv"]).optional(),
  threshold: z.coerce.number().min(0).max(10).optional(),
});
const KindParam = z.object({
  kind: z.enum(REPORT_KINDS).openapi({ param: { name: "kind", in: "path" }, example: "scorecard" }),
});
const Report = z.record(z.string(), z.any()).openapi("Report");

const QuotaPut = z
  .object({ personId: z.uuid(), period: Period, amount: z.number().nonnegative().max(999_999_999_999) })
  .strict();
const Quota = z
  .object({ personId: z.string(), email: z.string(), period: z.string(), amount: z.number() })
  .openapi("Quota");

const count = z.number().int().min(0).max(1_000_000);
const Need = z
  .object({
    lead: count,
    prospecting: count,
    qualification: count,
    needs_analysis: count,
    presenting: count,
    closing: count,
  })
  .strict();
const PlanAgree = z
  .object({ period: Period, need: Need.optional(), note: z.string().max(5000).optional() })
  .strict();
// Named in the OpenAPI document by their ids (src/contract).
const { AgreedPlan, PersonPlan } = C;

/** With `reports` (PostgreSQL), the reports run in that worker thread (src/services/report-pool.ts). */
export function registerMetricsRoutes(api: Api, reports?: ReportWorker) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/metrics/{kind}",
      tags: ["metrics"],
      summary:
        "A report (scorecard, quad, plan, funnel, team, forecast, manager-time, usage, early-warning) over the people you can see",
      request: { params: KindParam, query: ReportQuery },
      responses: {
        200: {
          description: "The report (JSON keys as in interfaces.md), or CSV with format=csv",
          content: { "application/json": { schema: Report }, "text/csv": { schema: z.string() } },
        },
        ...ERRORS,
      },
    }),
    async (c) => {
      const { kind } = c.req.valid("param");
      const { format, ...query } = c.req.valid("query");
      const q = withReportTime(query);
      if (reports) {
        const text = await reports.run(ctxOf(c).actor, kind as ReportKind, q, format ?? "json");
        const type = format === "csv" ? "text/csv; charset=utf-8" : "application/json";
        return c.body(text, 200, { "content-type": type });
      }
      const r = await report(ctxOf(c), kind as ReportKind, q);
      if (format === "csv") {
        return c.body(reportCsv(kind as ReportKind, r), 200, {
          "content-type": "text/csv; charset=utf-8",
        });
      }
      return c.json(r as Record<string, unknown>, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/quotas",
      tags: ["metrics"],
      summary: "Quotas of a period for the people you can see",
      request: { query: z.object({ period: Period }) },
      responses: { 200: json(z.array(Quota), "Quotas"), ...ERRORS },
    }),
    async (c) => c.json(await listQuotas(ctxOf(c), { period: periodKey(c.req.valid("query").period) }), 200),
  );
  api.openapi(
    createRoute({
      method: "put",
      path: "/quotas",
      tags: ["metrics"],
      summary: "Set a person's quota for a period (managers: their reporting line; executives, admins)",
      request: { body: body(QuotaPut) },
      responses: { 200: json(Quota, "The quota"), ...ERRORS },
    }),
    async (c) => c.json(await setQuota(ctxOf(c), c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/people/{id}/plans",
      tags: ["metrics"],
      summary: "A salesperson's computed plan for a period and every agreed version",
      request: { params: S.IdParam, query: z.object({ period: Period, asOf: AsOf }) },
      responses: { 200: json(PersonPlan, "Computed and agreed plans"), ...ERRORS },
    }),
    async (c) =>
      c.json(await getPlan(ctxOf(c), c.req.valid("param").id, withReportTime(c.req.valid("query"))), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/people/{id}/plans",
      tags: ["metrics"],
      summary: "Agree a plan (a new version): the given need per step, or the computed plan as it is",
      request: { params: S.IdParam, body: body(PlanAgree) },
      responses: {
        201: json(AgreedPlan, "The agreed version"),
        ...ERRORS,
        409: json(S.ErrorBody, "No quota for the period, or not a salesperson"),
      },
    }),
    async (c) => c.json(await agreePlan(ctxOf(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
}
