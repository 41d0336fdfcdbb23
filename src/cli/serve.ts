import type { Command } from "commander";
import { DEMO_PASSWORD } from "../domain/demo.js";
import { AppError } from "../domain/errors.js";

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
    .option("--host <host>", "address to listen on", process.env.HOST)
    .option("--no-demo", "on an empty embedded database, do not create the demo organisation")
    .action(async (opts: { port: string; host?: string; demo: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError("validation_failed", `--port: not a port number: ${opts.port}`);
      }
      const [{ migrate, openDb }, { listOrganisations }, { createDemoOrg, DEMO_SIGN_INS }] =
        await Promise.all([
          import("../db/client.js"),
          import("../db/orgs.queries.js"),
          import("../services/demo.service.js"),
        ]);
      const h = await openDb();
      await migrate(h);
      let orgs = await listOrganisations(h.db);
      // The embedded database starts with the demo organisation so that `npm start`
      // shows something real. On PostgreSQL an empty database gets the first-run
      // setup instead: real data never mixes with demo data.
      if (orgs.length === 0 && h.kind === "pglite" && opts.demo) {
        process.stdout.write("First start: creating the demo organisation (a few seconds)…\n");
        await createDemoOrg(h, { people: 40, seed: 7, asOf: new Date() });
        orgs = await listOrganisations(h.db);
      }
      // Loaded here, not at the top: the HTTP stack costs every other command ~0.7 s of start-up.
      const { buildServerApp, listen } = await import("../http/server.js");
      const { startWebhookWorker } = await import("../services/webhooks.worker.js");
      const { startStepwiseJobs } = await import("../services/jobs.service.js");
      const app = buildServerApp(h.db, {
        handle: h,
        secureCookies: process.env.STEPWISE_SECURE_COOKIES === "1",
      });
      const server = await listen(app, port, opts.host);
      const stopWebhooks = startWebhookWorker(h.db);
      // Scheduled work (commitment checks, digests): the durable jobs queue.
      const envMs = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
      const stopJobs = startStepwiseJobs(h.db, {
        intervalMs: envMs("STEPWISE_JOBS_INTERVAL_MS"),
        leaseMs: envMs("STEPWISE_JOBS_LEASE_MS"),
        batchSize: envMs("STEPWISE_JOBS_BATCH"),
        onRound: (r) => {
          if (r.done || r.failed)
            process.stdout.write(`[stepwise] jobs: ${r.done} done, ${r.failed} failed\n`);
        },
      });
      const address = server.address();
      const url = `http://localhost:${typeof address === "object" && address ? address.port : port}`;
      const out = process.stdout;
      out.write(
        `\nStepwise is running at ${url}  (database: ${h.kind === "pglite" ? "embedded" : "PostgreSQL"})\n`,
      );
      if (orgs.length === 0) {
        out.write(`No organisation yet: open ${url}/setup to create yours and its first admin.\n`);
      } else {
        out.write(`Organisations: ${orgs.map((o) => o.slug).join(", ")}\n`);
      }
      if (orgs.some((o) => o.isDemo)) {
        out.write(
          `\nOpen ${url} and sign in to the demo organisation with password "${DEMO_PASSWORD}" as:\n` +
            DEMO_SIGN_INS.map((e) => `  ${e.padEnd(20)} ${DEMO_ROLES[e] ?? ""}\n`).join(""),
        );
      }
      const stop = async () => {
        server.close();
        await stopWebhooks();
        await stopJobs();
        await h.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await new Promise(() => {});
    });
}
