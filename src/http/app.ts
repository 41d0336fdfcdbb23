/**
 * The HTTP application: REST API under /api/v1 (OpenAPI generated from the zod
 * schemas at /api/v1/openapi.json) and, in production, the built web app.
 * Routes are thin: parse with zod → call a service → JSON.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { type Db, type DbHandle, withRequestSignal } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import { parseNetworks } from "../services/networks.js";
import { inputErrorOf, wasCancelled } from "../services/operations.service.js";
import { type ReportWorker, reportWorker } from "../services/report-pool.js";
import { type Api, type Env, errorResponse } from "./api.js";
import { authMiddleware } from "./auth.js";
import { registerAuthRoutes, trustedProxiesFromEnv } from "./auth.routes.js";
import { registerCoachingRoutes } from "./coaching.routes.js";
import { registerDealRoutes } from "./deals.routes.js";
import { registerExportRoutes } from "./export.routes.js";
import { API_PREFIX, jsonBodyLimit, refuseNul, requireAuthForWrites, securityHeaders } from "./guards.js";
import { registerHiringRoutes } from "./hiring.routes.js";
import { registerImportRoutes } from "./imports.routes.js";
import { InFlight } from "./in-flight.js";
import { registerManagingRoutes } from "./managing.routes.js";
import { registerMetricsRoutes } from "./metrics.routes.js";
import { registerRecordRoutes } from "./records.routes.js";
import {
  classSlots,
  heavySlotsFor,
  isHeavyRequest,
  reportSlots,
  reportSlotsFor,
  Slots,
} from "./report-slots.js";
import { type Logger, requestLog } from "./request-log.js";
import { registerReviewRoutes } from "./reviews.routes.js";
import { registerSetupRoutes } from "./setup.routes.js";
import { registerStepRoutes } from "./steps.routes.js";
import { registerTimeRoutes } from "./time.routes.js";
import { registerTokenRoutes } from "./tokens.routes.js";
import { registerWebhookRoutes } from "./webhooks.routes.js";

export interface AppOptions {
  db: Db;
  /** The handle behind `db`: the CSV import runs on its own connection/transaction (POST /imports). */
  handle?: DbHandle;
  /** Serve the built web app from this folder (production). */
  webRoot?: string;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
  /** Log each request (src/http/request-log.ts); request ids are set either way. */
  logger?: Logger;
  /**
   * The one-time code that POST /setup must carry (the server prints it in its
   * log). Absent: first-run setup over HTTP is refused.
   */
  setupCode?: string;
  /**
   * Reverse proxies whose X-Forwarded-For names the client (addresses or CIDR
   * ranges). Default: STEPWISE_TRUSTED_PROXIES; none when unset.
   */
  trustedProxies?: string;
  /**
   * At most this many report requests at once (src/http/report-slots.ts).
   * Default: STEPWISE_REPORT_CONCURRENCY, else half the pool on PostgreSQL, no limit embedded.
   */
  reportConcurrency?: number;
  /**
   * At most this many costly non-report requests (the board) at once (src/http/report-slots.ts).
   * Default: STEPWISE_HEAVY_CONCURRENCY, else half the pool on PostgreSQL, no limit embedded.
   */
  heavyConcurrency?: number;
  /**
   * Run reports in a worker thread (src/services/report-pool.ts). Default: on
   * PostgreSQL (the handle's), unless STEPWISE_REPORT_WORKER=0; never embedded.
   */
  reportWorker?: boolean;
}

export function createApp(opts: AppOptions) {
  const api: Api = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({
          path: i.path.join(".") || "(body)",
          message: i.message,
        }));
        return errorResponse(
          c,
          new AppError(
            "validation_failed",
            `Invalid input: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
            details,
          ),
        );
      }
    },
  });

  // Counted until their handler ends, so a stopping server waits for them (src/http/in-flight.ts).
  const inFlight = new InFlight();
  api.use("*", inFlight.middleware());
  api.use("*", requestLog(opts.logger));
  // Embedded database: this request's queries are scheduled together, and those not
  // started yet are dropped when the client goes away (src/db/pglite-proxy.ts).
  api.use("*", (c, next) =>
    withRequestSignal(
      c.req.raw.signal,
      next,
      `${c.req.method} ${c.req.path.replace(/\/[0-9a-f-]{8,}(?=\/|$)/gi, "/:id")}`,
      () => c.res.status < 400,
    ),
  );
  // PostgreSQL: the board runs on a pool of its own (as many connections as its slots), so
  // boards — three queries at once each — never take the main pool's connections.
  const heavySize = opts.heavyConcurrency ?? heavySlotsFor(opts.handle);
  const heavySlots = heavySize === undefined ? undefined : new Slots(heavySize);
  const heavyPool = heavySlots && opts.handle?.sidePool?.(heavySlots.size);
  api.use("*", async (c, next) => {
    c.set("db", heavyPool && isHeavyRequest(c.req.method, c.req.path) ? heavyPool.db : opts.db);
    await next();
  });
  api.use("*", authMiddleware());
  // Who is asking is known before any body is read; then bodies are capped and checked.
  api.use("*", requireAuthForWrites());
  api.use("*", jsonBodyLimit());
  api.use("*", refuseNul());
  // PostgreSQL: reports beyond the slots wait without a pool connection, so sign-in never queues behind them.
  const size = opts.reportConcurrency ?? reportSlotsFor(opts.handle);
  const slots = size === undefined ? undefined : new Slots(size);
  if (slots) api.use("*", reportSlots(slots));
  // The same for the board: those beyond its slots wait here, and give up when their client leaves.
  if (heavySlots) api.use("*", classSlots(isHeavyRequest, heavySlots));
  // PostgreSQL: reports run in a worker thread with their own pool (src/services/report-pool.ts).
  const reports = reportWorkerFor(opts, slots?.size);

  registerAuthRoutes(api, {
    secureCookies: !!opts.secureCookies,
    trustedProxies:
      opts.trustedProxies === undefined
        ? trustedProxiesFromEnv()
        : parseNetworks(opts.trustedProxies, "trustedProxies"),
  });
  registerSetupRoutes(api, { setupCode: opts.setupCode });
  registerRecordRoutes(api);
  registerDealRoutes(api);
  registerTokenRoutes(api);
  registerStepRoutes(api);
  registerManagingRoutes(api, reports);
  registerMetricsRoutes(api, reports);
  registerWebhookRoutes(api);
  registerImportRoutes(api, opts.handle);
  registerExportRoutes(api);
  registerReviewRoutes(api);
  registerTimeRoutes(api);
  registerCoachingRoutes(api);
  registerHiringRoutes(api);

  api.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "stepwise_session",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Stepwise API", version: "1", description: "Sales accountability: the 7-step process." },
    servers: [{ url: API_PREFIX, description: "This server" }],
    security: [{ cookie: [] }, { bearer: [] }],
  });

  api.onError((err, c) => {
    if (err instanceof AppError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      if (err.status === 400) {
        return errorResponse(
          c,
          new AppError("validation_failed", "Malformed request body.", [
            { path: "(body)", message: err.message },
          ]),
        );
      }
      if (err.status === 415) {
        return errorResponse(
          c,
          new AppError("unsupported_media_type", "Send the body as application/json.", [
            { path: "content-type", message: `unsupported: ${c.req.header("content-type") ?? "(none)"}` },
          ]),
        );
      }
      if (err.status === 413) return errorResponse(c, new AppError("payload_too_large", err.message));
      return err.getResponse();
    }
    // Database errors the input caused (a duplicate, an out-of-range date) are 4xx.
    const mapped = inputErrorOf(err);
    if (mapped) return errorResponse(c, mapped);
    // Cancelled because the client went away: nobody reads the answer, nothing to log.
    if (wasCancelled(err) && c.req.raw.signal.aborted)
      return errorResponse(c, new AppError("internal", "Cancelled."));
    console.error("[stepwise] unexpected error", err);
    return errorResponse(c, new AppError("internal", "Internal error."));
  });
  api.notFound((c) => errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)));

  const root = new OpenAPIHono<Env>();
  root.use("*", securityHeaders({ https: !!opts.secureCookies }));
  root.route(API_PREFIX, api);
  // Any other path under the API is a JSON 404 (never the web app's index.html).
  root.all(`${API_PREFIX}/*`, (c) =>
    errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)),
  );
  return {
    app: root,
    api,
    reportSlots: slots,
    heavySlots,
    reportWorker: reports,
    inFlight,
    /** Closes what the app opened (the report worker, the board's pool): after the last request. */
    async close() {
      await reports?.close();
      await heavyPool?.close();
    },
  };
}

function reportWorkerFor(opts: AppOptions, slots: number | undefined): ReportWorker | undefined {
  const h = opts.handle;
  const on = opts.reportWorker ?? process.env.STEPWISE_REPORT_WORKER !== "0";
  const url = h?.kind === "postgres" ? h.pool?.options.connectionString : undefined;
  if (!on || !url) return undefined;
  // As many connections as reports may run at once (the slots; else the main pool's half).
  return reportWorker({ databaseUrl: url, connections: slots ?? reportSlotsFor(h) ?? 5 });
}
