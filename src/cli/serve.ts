import { inspect } from "node:util";
import type { Command } from "commander";
import { DEMO_PASSWORD } from "../domain/demo.js";
import { AppError } from "../domain/errors.js";
import type { StartContext } from "./startup-errors.js";

/** Only this machine, unless --host (or HOST) says otherwise: the demo accounts share a published password. */
export const DEFAULT_HOST = "127.0.0.1";

const DEMO_ROLES: Record<string, string> = {
  "admin@demo.test": "admin",
  "exec@demo.test": "executive: every team",
  "manager1@demo.test": "sales manager of team East",
  "rep1@demo.test": "salesperson in team East",
};

export function registerServe(program: Command) {
  program
    .command("serve")
    .description(
      "run the web app and the API (creates the embedded database and a demo organisation on first start)",
    )
    .option("--port <n>", "port to listen on", process.env.PORT ?? "3000")
    .option(
      "--host <host>",
      "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)",
      process.env.HOST ?? DEFAULT_HOST,
    )
    .option("--no-demo", "on an empty embedded database, do not create the demo organisation")
    .option("--verbose", "on a start-up error, print its details (stack trace)")
    .action(async (opts: { port: string; host: string; demo: boolean; verbose?: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError("validation_failed", `--port: not a port number: ${opts.port}`);
      }
      const { checkDatabaseUrl, explainStartupError } = await import("./startup-errors.js");
      const databaseUrl = process.env.DATABASE_URL || undefined;
      const badUrl = databaseUrl && checkDatabaseUrl(databaseUrl);
      if (badUrl) throw new AppError("validation_failed", badUrl);
      const [{ defaultDataDir, migrate, openDb }, { organisations }, { createDemoOrg, DEMO_SIGN_INS }] =
        await Promise.all([
          import("../db/client.js"),
          import("../services/operations.service.js"),
          import("../services/demo.service.js"),
        ]);
      // Loaded here, not at the top: the HTTP stack costs every other command ~0.7 s of start-up.
      const [{ buildServerApp }, { startWebhookWorker }, front] = await Promise.all([
        import("../http/server.js"),
        import("../services/webhooks.worker.js"),
        import("./serve-front.js"),
      ]);
      const dataDir = databaseUrl ? undefined : defaultDataDir();
      const ctx: StartContext = { port, host: opts.host, dataDir, databaseUrl, phase: "listen" };
      const started = front.createFront();
      let h: Awaited<ReturnType<typeof openDb>> | undefined;
      let server: Awaited<ReturnType<typeof front.listenFront>> | undefined;
      let orgs: Awaited<ReturnType<typeof organisations>>;
      try {
        // The port first: a taken port must stop us before anything is written.
        server = await front.listenFront(started, port, opts.host);
        ctx.phase = "open";
        h = await openDb();
        await front.checkReachable(h);
        ctx.phase = "migrate";
        await migrate(h);
        orgs = await organisations(h.db);
      } catch (e) {
        if (opts.verbose) process.stderr.write(`${inspect(e)}\n`);
        process.stderr.write(`stepwise: ${explainStartupError(e, ctx)}\n`);
        server?.close();
        // Released now: exit() skips nothing that matters, and a connection still
        // being attempted to an unreachable PostgreSQL must not keep the process alive.
        await Promise.race([h?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
        process.exit(1);
      }
      // The embedded database starts with the demo organisation so that `npm start`
      // shows something real. On PostgreSQL an empty database gets the first-run
      // setup instead: real data never mixes with demo data.
      if (orgs.length === 0 && h.kind === "pglite" && opts.demo) {
        process.stdout.write("First start: creating the demo organisation (a few seconds)…\n");
        await createDemoOrg(h, { people: 40, seed: 7, asOf: new Date() });
        orgs = await organisations(h.db);
      }
      const logger = front.logger();
      const { newSetupCode } = await import("../services/setup.service.js");
      const { startStepwiseJobs } = await import("../services/jobs.service.js");
      // Whoever can read this server's log may run the first-run setup; nobody else.
      const setupCode = orgs.length === 0 ? newSetupCode() : undefined;
      const app = buildServerApp(h.db, {
        handle: h,
        secureCookies: process.env.STEPWISE_SECURE_COOKIES === "1",
        logger,
        setupCode,
      });
      const worker = front.watchWorker((now) => startWebhookWorker(h.db, { now }));
      // Scheduled work (commitment checks, digests): the durable jobs queue.
      const envMs = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
      // Each round that did something is one line, with what it did by kind:
      // "[stepwise] jobs: 3 done (commitment.check 2, reviews.due 1), 0 failed".
      const doneByKind = new Map<string, number>();
      const stopJobs = startStepwiseJobs(h.db, {
        intervalMs: envMs("STEPWISE_JOBS_INTERVAL_MS"),
        leaseMs: envMs("STEPWISE_JOBS_LEASE_MS"),
        batchSize: envMs("STEPWISE_JOBS_BATCH"),
        onDone: (job) => doneByKind.set(job.kind, (doneByKind.get(job.kind) ?? 0) + 1),
        onRound: (r) => {
          if (r.done || r.failed) {
            const kinds = [...doneByKind].map(([k, n]) => `${k} ${n}`).join(", ");
            process.stdout.write(
              `[stepwise] jobs: ${r.done} done${kinds ? ` (${kinds})` : ""}, ${r.failed} failed\n`,
            );
          }
          doneByKind.clear();
        },
      });
      const stopControl =
        h.kind === "pglite" && h.dataDir ? await front.startControl(h, h.dataDir) : undefined;
      started.ready(app.fetch, await front.readiness(h, worker.alive));
      const address = server.address();
      const url = `http://localhost:${typeof address === "object" && address ? address.port : port}`;
      const out = process.stdout;
      out.write(
        `\nStepwise is running at ${url}  (database: ${h.kind === "pglite" ? "embedded" : "PostgreSQL"})\n`,
      );
      const boundPort = typeof address === "object" && address ? address.port : port;
      out.write(
        opts.host === DEFAULT_HOST
          ? `Listening on ${DEFAULT_HOST}:${boundPort} only (this machine); --host 0.0.0.0 to accept other machines.\n`
          : `Listening on ${opts.host}:${boundPort}.\n`,
      );
      if (orgs.length === 0) {
        out.write(
          `No organisation yet: open ${url}/setup to create yours and its first admin.\n` +
            `Setup code (asked for on that page; valid until this server stops): ${setupCode}\n`,
        );
      } else {
        out.write(`Organisations: ${orgs.map((o) => o.slug).join(", ")}\n`);
      }
      if (orgs.some((o) => o.isDemo)) {
        out.write(
          `\nOpen ${url} and sign in to the demo organisation with password "${DEMO_PASSWORD}" as:\n` +
            DEMO_SIGN_INS.map((e) => `  ${e.padEnd(20)} ${DEMO_ROLES[e] ?? ""}\n`).join(""),
        );
      }
      const handle = h;
      const httpServer = server;
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, "stopping: no new requests; finishing those in flight");
        started.draining();
        await front.closeServer(httpServer, Number(process.env.STEPWISE_SHUTDOWN_TIMEOUT_MS ?? 10_000));
        await worker.stop();
        await stopJobs();
        await stopControl?.();
        await handle.close();
        logger.info("stopped");
        process.exit(0);
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
      await new Promise(() => {});
    });
}
