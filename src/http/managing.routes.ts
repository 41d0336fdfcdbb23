/**
 * What the managing screens need beyond the reports: the organisation's
 * settings, teams, the quota grid (many quotas at once) and the Managers
 * overview. Thin: parse → service → JSON.
 */
import { createRoute, z } from "@hono/zod-openapi";
import * as C from "../contract/index.js";
import { withRecruiting } from "../services/hiring.service.js";
import { managersReport, personProfile, setQuotas, teamScreen } from "../services/metrics.service.js";
import { changeOrganisation, getOrganisationSettings } from "../services/organisation.service.js";
import type { ReportWorker } from "../services/report-pool.js";
import { renameTeamAs, teams } from "../services/teams.service.js";
import { type Api, serialisedJson } from "./api.js";
import { ctxOf } from "./auth.js";
import { AsOf, Period, withReportTime } from "./metrics.routes.js";
import { body, json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const fraction = z.number().min(0).max(1);
const Settings = z
  .object({
    rateWindowDays: z.number().int().min(7).max(3650),
    priorWeight: z.number().min(0).max(1000),
    defaultRates: z.tuple([fraction, fraction, fraction, fraction, fraction, fraction]),
    defaultDealSize: z.number().positive().max(999_999_999_999),
    effortThreshold: z.number().min(0).max(10),
    resultsThreshold: z.number().min(0).max(10),
    minTrials: z.number().int().min(1).max(10_000),
    managingShareTarget: fraction,
    reviewCadenceDays: z.number().int().min(1).max(365),
    usageTarget: fraction,
  })
  .strict();
const Organisation = z
  .object({
    name: z.string(),
    slug: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    settings: Settings,
  })
  .openapi("Organisation");
const OrganisationPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().trim().min(1).max(100),
    currency: z.string().trim().length(3),
    settings: Settings.partial().strict(),
  })
  .partial()
  .strict();

const Team = z
  .object({ name: z.string(), members: z.number(), salespeople: z.number(), managers: z.array(z.string()) })
  .openapi("Team");
const TeamName = z.object({
  name: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "name", in: "path" }, example: "East" }),
});

const QuotaRow = z
  .object({ personId: z.uuid(), period: Period, amount: z.number().nonnegative().max(999_999_999_999) })
  .strict();
const QuotaBatch = z.object({ quotas: z.array(QuotaRow).min(1).max(5000) }).strict();
const Quota = z
  .object({ personId: z.string(), email: z.string(), period: z.string(), amount: z.number() })
  .openapi("Quota");

// Named in the OpenAPI document by their ids (src/contract).
const { PersonProfile, ManagersOverview } = C;

const TeamScreen = z
  .object({
    scorecard: z.record(z.string(), z.any()),
    team: z.record(z.string(), z.any()),
    earlyWarning: z.record(z.string(), z.any()),
    managerTime: z.record(z.string(), z.any()),
  })
  .openapi("TeamScreen");

/** With `reports` (PostgreSQL), the Managers screen and profiles run in that worker thread. */
export function registerManagingRoutes(api: Api, reports?: ReportWorker) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/organisation",
      tags: ["organisation"],
      summary: "Your organisation: name, time zone, currency and the settings behind the figures",
      responses: { 200: json(Organisation, "The organisation"), ...ERRORS },
    }),
    async (c) => c.json(await getOrganisationSettings(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/organisation",
      tags: ["organisation"],
      summary: "Change the name, time zone, currency, thresholds or priors (admin)",
      request: { body: body(OrganisationPatch) },
      responses: { 200: json(Organisation, "The organisation"), ...ERRORS },
    }),
    async (c) => c.json(await changeOrganisation(ctxOf(c), c.req.valid("json")), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/teams",
      tags: ["organisation"],
      summary: "The teams (the names people share), with their counts and managers",
      responses: { 200: json(z.array(Team), "The teams, by name"), ...ERRORS },
    }),
    async (c) => c.json(await teams(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/teams/{name}",
      tags: ["organisation"],
      summary: "Rename a team: everybody carrying its name gets the new one (admin)",
      request: {
        params: TeamName,
        body: body(z.object({ name: z.string().trim().min(1).max(100) }).strict()),
      },
      responses: { 200: json(Team, "The team"), ...ERRORS, 409: json(S.ErrorBody, "The new name is taken") },
    }),
    async (c) =>
      c.json(await renameTeamAs(ctxOf(c), c.req.valid("param").name, c.req.valid("json").name), 200),
  );
  api.openapi(
    createRoute({
      method: "put",
      path: "/quotas/batch",
      tags: ["metrics"],
      summary: "Set many quotas at once, all or nothing (the quota grid)",
      request: { body: body(QuotaBatch) },
      responses: { 200: json(z.array(Quota), "The quotas set"), ...ERRORS },
    }),
    async (c) => c.json(await setQuotas(ctxOf(c), c.req.valid("json").quotas), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/managers",
      tags: ["metrics"],
      summary: "Each manager you can see: managing share, reviews, team results vs quota, Pareto, quads",
      request: {
        query: z.object({ period: Period, asOf: AsOf, team: z.string().trim().min(1).max(100).optional() }),
      },
      responses: { 200: json(ManagersOverview, "The managers"), ...ERRORS },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const query = withReportTime(c.req.valid("query"));
      // On PostgreSQL the overview is computed in the report worker; the recruiting figures are added here.
      const overview = reports
        ? (JSON.parse(await reports.managers(ctx.actor, query)) as Awaited<ReturnType<typeof managersReport>>)
        : await managersReport(ctx, query);
      return c.json(await withRecruiting(ctx, overview), 200);
    },
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/team-screen",
      tags: ["metrics"],
      summary:
        "The Team screen in one request: the scorecard, team, early-warning and manager-time reports (each as GET /metrics/{kind} gives it) from one load of the figures",
      request: {
        query: z.object({
          period: Period,
          asOf: AsOf,
          team: z.string().trim().min(1).max(100).optional(),
          threshold: z.coerce.number().min(0).max(10).optional(),
        }),
      },
      responses: { 200: json(TeamScreen, "The four reports"), ...ERRORS },
    }),
    async (c) => c.json(await teamScreen(ctxOf(c), withReportTime(c.req.valid("query"))), 200),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/people/{id}/profile",
      tags: ["metrics"],
      summary:
        "A person's figures: scorecard row, funnel against the team, coaching evidence, weekly entries",
      request: { params: S.IdParam, query: z.object({ period: Period, asOf: AsOf }) },
      responses: { 200: json(PersonProfile, "The person's figures"), ...ERRORS },
    }),
    async (c) => {
      const query = withReportTime(c.req.valid("query"));
      return reports
        ? serialisedJson<C.PersonProfile>(
            c,
            await reports.profile(ctxOf(c).actor, c.req.valid("param").id, query),
          )
        : c.json(await personProfile(ctxOf(c), c.req.valid("param").id, query), 200);
    },
  );
}
