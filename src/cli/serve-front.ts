/**
 * The pieces of `stepwise serve` around the app (src/cli/serve.ts uses them in
 * order): a front that binds the port before the database is touched (health
 * probes answer at once; other requests get 503 until start-up is done), the
 * readiness checks, the worker's heartbeat, and a graceful close.
 */
import type { Server } from "node:http";
import { type ServerType, serve } from "@hono/node-server";
import { Hono } from "hono";
import { type DbHandle, ping } from "../db/client.js";
import { type ReadinessChecks, registerHealthRoutes, timedCheck } from "../http/health.js";
import { createLogger, type Logger } from "../http/request-log.js";
import { migrationsApplied } from "../services/operations.service.js";

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export function createFront() {
  let target: Fetch | undefined;
  let checks: ReadinessChecks = async () => ({ startup: { ok: false, detail: "starting" } });
  let stopping = false;
  const app = new Hono();
  registerHealthRoutes(app, () =>
    stopping ? Promise.resolve({ shutdown: { ok: false, detail: "stopping" } }) : checks(),
  );
  app.all("*", (c) =>
    target
      ? target(c.req.raw, c.env)
      : c.json(
          { error: { code: "unavailable", message: "Stepwise is starting: try again in a few seconds." } },
          503,
          { "Retry-After": "5" },
        ),
  );
  return {
    app,
    ready(fetch: Fetch, c: ReadinessChecks) {
      target = fetch;
      checks = c;
    },
    draining() {
      stopping = true;
    },
  };
}

export function listenFront(front: ReturnType<typeof createFront>, port: number, host?: string) {
  return new Promise<ServerType>((ok, fail) => {
    const server = serve({ fetch: front.app.fetch, port, hostname: host }, () => ok(server));
    server.once("error", fail);
  });
}

/** On PostgreSQL, one query (with a time limit) so a wrong or unreachable server is reported at start. */
export async function checkReachable(h: DbHandle): Promise<void> {
  if (h.kind !== "postgres") return;
  const ms = Number(process.env.STEPWISE_PG_CONNECT_TIMEOUT_MS ?? 10_000);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(h),
      new Promise((_, fail) => {
        timer = setTimeout(
          () => fail(Object.assign(new Error("connection timed out"), { code: "stepwise_timeout" })),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function logger(): Logger {
  return createLogger();
}

/** Starts the worker with a heartbeat: it is alive while it started a round within the last minute. */
export function watchWorker(start: (now: () => Date) => () => Promise<void>) {
  let last = Date.now();
  const stop = start(() => {
    last = Date.now();
    return new Date();
  });
  return { stop, alive: () => Date.now() - last < 60_000 };
}

export async function readiness(h: DbHandle, workerAlive: () => boolean): Promise<ReadinessChecks> {
  const current = migrationsApplied(h);
  return async () => ({
    database: await timedCheck(async () => {
      await ping(h);
      return { ok: true };
    }),
    migrations: await timedCheck(async () =>
      (await current())
        ? { ok: true }
        : { ok: false, detail: "migrations are pending: restart the server or run stepwise migrate" },
    ),
    worker: workerAlive()
      ? { ok: true }
      : { ok: false, detail: "the background worker has not started a round for over a minute" },
  });
}

/** The control socket for online backups; a failure to open it only costs those (a warning). */
export async function startControl(h: DbHandle, dataDir: string) {
  try {
    const { startControlSocket } = await import("../http/control.js");
    return await startControlSocket(h, dataDir);
  } catch (e) {
    process.stderr.write(
      `stepwise: warning: no control socket (${(e as Error).message}); stepwise backup needs the server stopped.\n`,
    );
    return undefined;
  }
}

/** Stops accepting connections and waits for requests in flight, at most `timeoutMs`. */
export function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  const s = server as Server;
  return new Promise((ok) => {
    const t = setTimeout(() => {
      s.closeAllConnections?.();
      ok();
    }, timeoutMs);
    s.close(() => {
      clearTimeout(t);
      ok();
    });
    s.closeIdleConnections?.();
  });
}
