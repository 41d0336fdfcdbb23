/**
 * Reports off the HTTP event loop on PostgreSQL: `GET /metrics/{kind}` (and
 * the Managers screen, a person's profile) runs in
 * a worker thread (src/services/report-worker.ts) that has its own pool of
 * `connections` and sends back the report's text.
 *
 * Why a worker that reads its own facts rather than one fed with them: the
 * JavaScript of a report grows with the people it covers — for an
 * organisation-wide scorecard, computing the figures and the JSON take ~1.5 ms
 * at 40 people, ~90 ms at 1,000 and ~0.7 s at 5,000 (measured 2026-12-01),
 * plus parsing the rows — and a structured clone of the facts to a worker cost
 * about as much as it saved (~0.6 s at 5,000). Here the main thread only
 * passes the actor and the parameters and gets a string back. Results are the
 * same text as in-process (`report()` and JSON.stringify, as `c.json` does).
 *
 * One thread runs all reports (their time is mostly waiting for PostgreSQL;
 * the report slots bound how many run at once). It starts with the first
 * report and does not keep the process alive when idle. The embedded database
 * keeps reports in-process: its queries already run in their own thread and
 * the JavaScript of a report is small at the sizes PGlite serves.
 */
import { Worker } from "node:worker_threads";
import { AppError, type ErrorDetail } from "../domain/errors.js";
import type { ReportTime } from "../domain/periods.js";
import type { Actor } from "./context.js";
import type { ReportKind, ReportParams } from "./metrics.service.js";
import type { ReportCall } from "./report-worker.js";

export interface ReportWorker {
  /** The report as text: JSON (as `c.json` would write it) or CSV. */
  run(actor: Actor, kind: ReportKind, params: ReportParams, format: "json" | "csv"): Promise<string>;
  /** `managersReport` as JSON text. */
  managers(actor: Actor, params: ReportParams): Promise<string>;
  /** `personProfile` as JSON text. */
  profile(actor: Actor, personId: string, params: ReportTime): Promise<string>;
  /** Starts the thread now (a server at start-up) rather than with the first report. */
  warm(): void;
  /** Reports sent to the worker, and answered by it (tests, logs). */
  readonly counts: { sent: number; answered: number };
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  text?: string;
  app?: { code: AppError["code"]; message: string; details?: ErrorDetail[] };
  message?: string;
}

const ENTRY = new URL("./report-worker.mjs", import.meta.url);

export function reportWorker(opts: { databaseUrl: string; connections: number }): ReportWorker {
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  const pending = new Map<number, { resolve(t: string): void; reject(e: Error): void }>();
  let nextId = 1;
  const counts = { sent: 0, answered: 0 };

  function start(): Promise<void> {
    const w = new Worker(ENTRY, { workerData: opts, execArgv: [] });
    worker = w;
    const failAll = (e: Error) => {
      for (const p of pending.values()) p.reject(e);
      pending.clear();
      worker = undefined;
      ready = undefined;
    };
    w.on("error", (e) => failAll(new Error(`report worker failed: ${e.message}`)));
    w.on("exit", (code) => failAll(new Error(`report worker exited (${code})`)));
    return new Promise((resolve, reject) => {
      w.once("error", reject);
      w.on("message", (m: Reply) => {
        if (m.ready) {
          // Idle, the thread does not keep the process alive.
          if (pending.size === 0) w.unref();
          return resolve();
        }
        const p = m.id === undefined ? undefined : pending.get(m.id);
        if (!p) return;
        pending.delete(m.id!);
        counts.answered++;
        if (pending.size === 0) w.unref();
        if (m.ok) p.resolve(m.text!);
        else if (m.app) p.reject(new AppError(m.app.code, m.app.message, m.app.details));
        else p.reject(new Error(m.message));
      });
    });
  }

  async function call(actor: Actor, name: ReportCall, args: unknown[]): Promise<string> {
    ready ??= start();
    await ready;
    const w = worker!;
    const id = nextId++;
    counts.sent++;
    return new Promise<string>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, actor, call: name, args });
    });
  }

  return {
    counts,
    warm() {
      ready ??= start();
      // A failure here is the first report's to report (it starts the thread again).
      ready.catch(() => {});
    },
    run: (actor, kind, params, format) => call(actor, "report", [kind, params, format]),
    managers: (actor, params) => call(actor, "managers", [params]),
    profile: (actor, id, params) => call(actor, "profile", [id, params]),
    async close() {
      const w = worker;
      if (!w) return;
      const gone = new Promise((r) => w.once("exit", r));
      w.postMessage({ close: true });
      await gone;
    },
  };
}
