/**
 * The report worker thread (PostgreSQL): runs `report()` with its own small
 * pool and returns the report's text (JSON or CSV), so that neither the rows
 * nor the figures nor the JSON of a report are handled on the HTTP event loop.
 * The other side, and why, is src/services/report-pool.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDb } from "../db/client.js";
import { mapDbError } from "../db/errors.js";
import type { Actor } from "./context.js";
import { type ReportKind, type ReportParams, report } from "./metrics.service.js";
import { reportCsv } from "./report-csv.js";

interface Job {
  id: number;
  actor: Actor;
  kind: ReportKind;
  params: ReportParams;
  format: "json" | "csv";
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
    const r = await report({ db: h.db, actor: m.actor }, m.kind, m.params);
    const text = m.format === "csv" ? reportCsv(m.kind, r) : JSON.stringify(r);
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
