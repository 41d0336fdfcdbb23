/**
 * What every API request goes through before a route parses anything:
 * anonymous writes are refused (only sign-in, opening a sign-in link and first-run setup are public),
 * JSON bodies are capped, and text may not carry NUL characters (PostgreSQL
 * cannot store them). The security headers of every response are here too.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { AppError } from "../domain/errors.js";
import { requireWrite } from "../services/context.js";
import type { Env } from "./api.js";

export const API_PREFIX = "/api/v1";
/** JSON request bodies larger than this are refused (413); imports have their own limit. */
export const MAX_JSON_BYTES = 1024 * 1024;

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Writes that need no sign-in. */
const PUBLIC_WRITES = new Set(["/auth/sign-in", "/auth/set-password", "/setup"]);
/** Routes with their own body limit (multipart uploads, admins only). */
const OWN_LIMIT = /^\/imports(\/|$)/;

const apiPath = (path: string) => (path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path);

/** Sign-in, opening a sign-in link, first-run setup: writes that act for nobody signed in. */
export const isPublicWrite = (method: string, path: string) =>
  !SAFE.has(method) && PUBLIC_WRITES.has(apiPath(path));

/**
 * After authMiddleware: an anonymous write is 401 before its body is read, and
 * a read-scope token may not write anything (403; the services check it too).
 */
export function requireAuthForWrites(): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const actor = c.get("actor");
      if (!actor && !isPublicWrite(c.req.method, c.req.path))
        throw new AppError("unauthenticated", "Sign in first.");
      if (actor) requireWrite(actor);
    }
    return next();
  };
}

/** Caps request bodies at MAX_JSON_BYTES (413 in the usual error shape). */
export function jsonBodyLimit(): MiddlewareHandler<Env> {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", "The request body is larger than 1 MB.");
    },
  });
  return (c, next) =>
    SAFE.has(c.req.method) || OWN_LIMIT.test(apiPath(c.req.path)) ? next() : limit(c, next);
}

/** The first path at which `v` holds a string with a NUL character, if any. */
export function nulPath(v: unknown, path = ""): string | undefined {
  if (typeof v === "string") return v.includes("\u0000") ? path || "(body)" : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nulPath(v[i], path ? `${path}.${i}` : String(i));
      if (p) return p;
    }
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const p = k.includes("\u0000") ? path || "(body)" : nulPath(x, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return undefined;
}

const nulError = (path: string) =>
  new AppError("validation_failed", `${path}: text may not contain NUL characters (\\u0000).`, [
    { path, message: "contains a NUL character (\\u0000)" },
  ]);

/** 400 naming the field when a query parameter or JSON body holds \u0000. */
export function refuseNul(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (/%00/.test(url.pathname)) throw nulError("(path)");
    for (const [k, v] of url.searchParams)
      if (k.includes("\u0000") || v.includes("\u0000")) throw nulError(k);
    if (!SAFE.has(c.req.method) && /^application\/(.+\+)?json\b/i.test(c.req.header("content-type") ?? "")) {
      let body: unknown;
      try {
        body = await c.req.json(); // cached: the route's validator reads the same parsed body
      } catch {
        return next(); // malformed JSON: the validator answers 400
      }
      const p = nulPath(body);
      if (p) throw nulError(p);
    }
    return next();
  };
}

/**
 * Security headers for the API and the web app. The CSP allows what the built
 * app needs: its own scripts and styles, inline styles (Mantine sets style
 * attributes and injects <style> elements), data: images and fonts.
 */
export function securityHeaders(opts: { https: boolean }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    xContentTypeOptions: "nosniff",
    strictTransportSecurity: opts.https ? "max-age=15552000; includeSubDomains" : false,
  });
}
