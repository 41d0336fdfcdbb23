/**
 * The types every route file shares — the app's context variables and the OpenAPI app they register
 * on — and the one error body. Apart from app.ts, which imports every route file, so that no route
 * file imports app.ts back.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Db } from "../db/client.js";
import { type AppError, HTTP_STATUS } from "../domain/errors.js";
import type { Actor } from "../services/context.js";

export interface Env {
  Variables: { db: Db; actor: Actor | undefined; csrfToken: string | undefined };
}

export type Api = OpenAPIHono<Env>;

/** `{ error: { code, message, details? } }` with the status of the error's code. */
export function errorResponse(c: Context, e: AppError) {
  return c.json(
    { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } },
    HTTP_STATUS[e.code] as ContentfulStatusCode,
  );
}

/** JSON serialised elsewhere (the report worker), sent as it is and typed as the route's JSON answer. */
export function serialisedJson<T>(c: Context, text: string): TypedResponse<T, 200, "json"> {
  return c.body(text, 200, { "content-type": "application/json" }) as unknown as TypedResponse<
    T,
    200,
    "json"
  >;
}
