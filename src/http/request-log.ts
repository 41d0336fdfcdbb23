/**
 * Request ids and structured request logs.
 *
 * Every API response carries `X-Request-Id` (the caller's own when it sends a
 * sane one, else a new UUID), and every error body has it as
 * `error.requestId`, so a user can quote it and an operator find the log line.
 * With a logger, each request is logged once when it ends: method, path (no
 * query string), status, duration, request id, and the signed-in person's id —
 * never passwords, tokens, cookies or bodies. The logger is pino: JSON lines,
 * or readable lines on a terminal (STEPWISE_LOG_FORMAT=json|pretty overrides).
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export function createLogger(
  opts: { format?: "json" | "pretty"; level?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  const env = process.env.STEPWISE_LOG_FORMAT;
  const format =
    opts.format ?? (env === "json" || env === "pretty" ? env : process.stdout.isTTY ? "pretty" : "json");
  const base = { level: opts.level ?? process.env.STEPWISE_LOG_LEVEL ?? "info", base: undefined };
  const out = opts.destination ?? process.stdout;
  if (format === "pretty") {
    return pino(
      base,
      pretty({
        destination: out,
        colorize: (out as NodeJS.WriteStream).isTTY === true,
        translateTime: "SYS:HH:MM:ss",
        // The message already says method, path, status and duration; the rest on the same line.
        ignore: "pid,hostname,method,path,status,ms",
        singleLine: true,
        sync: true,
      }),
    );
  }
  return pino(base, opts.destination ? (opts.destination as pino.DestinationStream) : pino.destination(1));
}

const SANE_ID = /^[\w.:-]{1,100}$/;

/** The request id of a request (set by `requestLog`). */
export function requestIdOf(c: { get: (k: never) => unknown }): string | undefined {
  return (c.get as (k: string) => unknown)("requestId") as string | undefined;
}

export function requestLog(logger?: Logger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    const incoming = c.req.header("x-request-id");
    const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId" as never, id as never);
    await next();
    c.header("X-Request-Id", id);
    if (c.res.status >= 400 && c.res.headers.get("content-type")?.startsWith("application/json")) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => undefined)) as { error?: Record<string, unknown> } | undefined;
      if (body?.error && typeof body.error === "object") {
        const headers = new Headers(c.res.headers);
        headers.delete("content-length");
        c.res = new Response(JSON.stringify({ ...body, error: { ...body.error, requestId: id } }), {
          status: c.res.status,
          headers,
        });
      }
    }
    if (!logger) return;
    const status = c.res.status;
    const actor = c.get("actor" as never) as { personId?: string } | undefined;
    const entry = {
      reqId: id,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      actor: actor?.personId,
    };
    const msg = `${entry.method} ${entry.path} ${status} ${entry.ms} ms`;
    if (status >= 500) logger.error(entry, msg);
    else if (status >= 400) logger.warn(entry, msg);
    else logger.info(entry, msg);
  };
}
