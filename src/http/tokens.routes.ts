import { createRoute, z } from "@hono/zod-openapi";
import { createToken, myTokens, revokeMyToken } from "../services/tokens.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import * as S from "./schemas.js";

const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export function registerTokenRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Your API tokens (never the secret)",
      responses: { 200: json(z.array(Token), "Tokens"), ...ERRORS },
    }),
    async (c) => c.json(await myTokens(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/tokens",
      tags: ["tokens"],
      summary: "Create an API token; the secret is in this response only",
      request: { body: { content: { "application/json": { schema: S.TokenCreate } }, required: true } },
      responses: { 201: json(Token.extend({ token: z.string() }), "The token, with its secret"), ...ERRORS },
    }),
    async (c) => c.json(await createToken(ctxOf(c), c.req.valid("json")), 201),
  );
  api.openapi(
    createRoute({
      method: "delete",
      path: "/tokens/{id}",
      tags: ["tokens"],
      summary: "Revoke one of your API tokens",
      request: { params: S.IdParam },
      responses: { 200: json(Token, "The revoked token"), ...ERRORS },
    }),
    async (c) => c.json(await revokeMyToken(ctxOf(c), c.req.valid("param").id), 200),
  );
}
