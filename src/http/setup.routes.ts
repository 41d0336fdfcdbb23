import { createRoute, z } from "@hono/zod-openapi";
import { needsSetup, runSetup } from "../services/setup.service.js";
import type { Api } from "./api.js";
import { json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

export function registerSetupRoutes(api: Api, opts: { setupCode?: string } = {}) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/setup",
      tags: ["setup"],
      summary: "Whether this installation still needs its first-run setup (public)",
      responses: { 200: json(z.object({ needed: z.boolean() }), "Setup state") },
    }),
    async (c) => c.json({ needed: await needsSetup(c.get("db")) }, 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/setup",
      tags: ["setup"],
      summary: "First-run setup: the organisation and its first admin (only on an empty database)",
      request: { body: { content: { "application/json": { schema: S.Setup } }, required: true } },
      responses: {
        201: json(z.object({ orgId: z.string(), slug: z.string(), adminId: z.string() }), "Set up"),
        400: ERRORS[400],
        403: json(S.ErrorBody, "Wrong or missing setup code (it is in the server's log)"),
        409: json(S.ErrorBody, "Set up already"),
      },
    }),
    async (c) => c.json(await runSetup(c.get("db"), c.req.valid("json"), opts.setupCode), 201),
  );
}
