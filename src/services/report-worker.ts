/**
 * The report worker thread (PostgreSQL): runs `report()` with its own small
 * pool and returns the report's text (JSON or CSV), so that neither the rows
 * nor the figures nor the JSON of a report are handled on the HTTP event loop.
 * The other side, and why, is src/services/report-pool.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDb } from "../db/client.js";
import { mapDbError } from "../db/errors.js";
import type { ReportTime } from "../domain/periods.js";
import type { Actor, Ctx } from "./context.js";
import {
  managersReport,
  personProfile,
  type ReportKind,
  type ReportParams,
  report,
} from "./metrics.service.js";
import { reportCsv } from "./report-csv.js";

/** What the HTTP thread may ask (report-pool.ts): each returns the response's text. */
const CALLS = {
  report: async (ctx: Ctx, [kind, params, format]: [ReportKind, ReportParams, "json" | "csv"]) => {
    const r = await report(ctx, kind, params);
    return format === "csv" ? reportCsv(kind, r) : JSON.stringify(r);
  },
  managers: async (ctx: Ctx, [params]: [ReportParams]) => JSON.stringify(await managersReport(ctx, params)),
  profile: async (ctx: Ctx, [id, params]: [string, ReportTime]) =>
    JSON.stringify(await personProfile(ctx, id, params)),
};
export type ReportCall = keyof typeof CALLS;

interface Job {
  id: number;
  actor: Actor;
  call: ReportCall;
  args: unknown[];
}

const port = parentPort!;
const { databaseUrl, connections } = workerData as { databaseUrl: string; connections: number };
const h = await openDb({ databaseUrl, poolMax: connections });

port.on("message", async (m: Job | { close: true }) => {
  if ("close" in m) {
    await h.close();
    process.exit(0); // ends this thread only
  }
  try {
    const text = await (CALLS[m.call] as (ctx: Ctx, args: unknown[]) => Promise<string>)(
      { db: h.db, actor: m.actor },
      m.args,
    );
    port.postMessage({ id: m.id, ok: true, text });
  } catch (e) {
    const app = mapDbError(e);
    port.postMessage(
      app
        ? { id: m.id, ok: false, app: { code: app.code, message: app.message, details: app.details } }
        : { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) },
    );
  }
});
port.postMessage({ ready: true });
