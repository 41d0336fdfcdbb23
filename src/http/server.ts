/**
 * The production HTTP server: the API plus the built web app (web/dist) with a
 * fallback to index.html for the app's own routes.
 */
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Db, DbHandle } from "../db/client.js";
import { createApp } from "./app.js";
import type { Logger } from "./request-log.js";

export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export function buildServerApp(
  db: Db,
  opts: {
    secureCookies?: boolean;
    webRoot?: string;
    handle?: DbHandle;
    logger?: Logger;
    setupCode?: string;
  } = {},
) {
  const { app, reportWorker, inFlight, close } = createApp({
    db,
    handle: opts.handle,
    secureCookies: opts.secureCookies,
    logger: opts.logger,
    setupCode: opts.setupCode,
  });
  // PostgreSQL: the report worker thread loads its modules now, not during the first report.
  reportWorker?.warm();
  const webRoot = opts.webRoot ?? WEB_ROOT;
  if (existsSync(webRoot)) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), webRoot) || ".";
    app.use("/*", serveStatic({ root }));
    app.get("*", serveStatic({ root, path: "index.html" }));
  } else {
    app.get("/", (c) =>
      c.text("Stepwise API is running. The web app is not built: run `npm run build:web`.\n", 200),
    );
  }
  return {
    app,
    /**
     * For a stopping server, after it stopped accepting connections: waits for the API
     * requests in flight (those whose client has gone too), at most `ms`, then closes the
     * report worker and the pools the app opened. Resolves to the number of requests still
     * running (0: drained); only then may the database be closed.
     */
    async drain(ms: number): Promise<number> {
      const left = await inFlight.idle(ms);
      await close();
      return left;
    },
  };
}

export function listen(
  app: ReturnType<typeof buildServerApp>["app"],
  port: number,
  host?: string,
): Promise<ServerType> {
  return new Promise((ok, fail) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => ok(server));
    server.once("error", fail);
  });
}
