/**
 * The HTTP application: REST API under /api/v1 (OpenAPI generated from the zod
 * schemas at /api/v1/openapi.json) and, in production, the built web app.
 * Routes are thin: parse with zod → call a service → JSON.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Db, DbHandle } from "../db/client.js";
import { AppError, HTTP_STATUS } from "../domain/errors.js";
import type { Actor } from "../services/context.js";
import { authMiddleware } from "./auth.js";
import { registerAuthRoutes } from "./auth.routes.js";
import { registerDealRoutes } from "./deals.routes.js";
import { registerExportRoutes } from "./export.routes.js";
import { registerImportRoutes } from "./imports.routes.js";
import { registerManagingRoutes } from "./managing.routes.js";
import { registerMetricsRoutes } from "./metrics.routes.js";
import { registerRecordRoutes } from "./records.routes.js";
import { registerSetupRoutes } from "./setup.routes.js";
import { registerStepRoutes } from "./steps.routes.js";
import { registerTokenRoutes } from "./tokens.routes.js";
import { registerWebhookRoutes } from "./webhooks.routes.js";

export interface Env {
  Variables: { db: Db; actor: Actor | undefined; csrfToken: string | undefined };
}

export type Api = OpenAPIHono<Env>;

export function errorResponse(c: Context, e: AppError) {
  return c.json(
    { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } },
    HTTP_STATUS[e.code] as any,
  );
}

export interface AppOptions {
  db: Db;
  /** The handle behind `db`: the CSV import runs on its own connection/transaction (POST /imports). */
  handle?: DbHandle;
  /** Serve the built web app from this folder (production). */
  webRoot?: string;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies?: boolean;
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

  api.use("*", async (c, next) => {
    c.set("db", opts.db);
    await next();
  });
  api.use("*", authMiddleware({ secureCookies: !!opts.secureCookies }));

  registerAuthRoutes(api, { secureCookies: !!opts.secureCookies });
  registerSetupRoutes(api);
  registerRecordRoutes(api);
  registerDealRoutes(api);
  registerTokenRoutes(api);
  registerStepRoutes(api);
  registerManagingRoutes(api);
  registerMetricsRoutes(api);
  registerWebhookRoutes(api);
  registerImportRoutes(api, opts.handle);
  registerExportRoutes(api);

  api.openAPIRegistry.registerComponent("securitySchemes", "cookie", {
    type: "apiKey",
    in: "cookie",
    name: "stepwise_session",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Stepwise API", version: "1", description: "Sales accountability: the 7-step process." },
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
      return err.getResponse();
    }
    const pgCode = (err as any)?.code;
    if (pgCode === "23505") return errorResponse(c, new AppError("conflict", "That record exists already."));
    console.error("[stepwise] unexpected error", err);
    return errorResponse(c, new AppError("internal", "Internal error."));
  });
  api.notFound((c) => errorResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)));

  const root = new OpenAPIHono<Env>();
  root.route("/api/v1", api);
  return { app: root, api };
}
