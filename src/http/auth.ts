/**
 * Who is asking: a bearer API token (`Authorization: Bearer swt_…`) or the
 * session cookie. Cookie-authenticated writes must carry the session's CSRF
 * token in `X-CSRF-Token` (the cookie is also SameSite=Lax and httpOnly).
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { AppError } from "../domain/errors.js";
import { actorFromApiToken, actorFromSession } from "../services/auth.service.js";
import type { Ctx } from "../services/context.js";
import type { Env } from "./api.js";
import { isPublicWrite } from "./guards.js";

export const SESSION_COOKIE = "stepwise_session";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function authMiddleware(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const db = c.get("db");
    const header = c.req.header("authorization");
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = m ? await actorFromApiToken(db, m[1]) : undefined;
      if (!actor) throw new AppError("unauthenticated", "Invalid or revoked API token.");
      c.set("actor", actor);
      return next();
    }
    // A public write (sign-in, opening a sign-in link, setup) ignores the browser's session: an
    // admin who opens a newcomer's link in their own browser is not refused for a missing CSRF token.
    const cookie = isPublicWrite(c.req.method, c.req.path) ? undefined : getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const s = await actorFromSession(db, cookie);
      if (s) {
        if (!SAFE.has(c.req.method) && c.req.header("x-csrf-token") !== s.csrfToken) {
          throw new AppError("forbidden", "Missing or wrong X-CSRF-Token header.");
        }
        c.set("actor", s.actor);
        c.set("csrfToken", s.csrfToken);
      }
    }
    return next();
  };
}

/** The service context of a request; 401 when nobody is signed in. */
export function ctxOf(c: Context<Env>): Ctx {
  const actor = c.get("actor");
  if (!actor) throw new AppError("unauthenticated", "Sign in first.");
  return { db: c.get("db"), actor };
}
