/**
 * The embedded database (PGlite) in a worker thread (src/db/pglite-worker.mjs),
 * seen from the main thread as the part of PGlite's API Stepwise uses:
 * `query`, `exec`, `transaction`, `dumpDataDir`, `close`. Drizzle's PGlite
 * driver runs on it unchanged, and so do the bulk COPY paths (`'/dev/blob'`).
 *
 * Protocol (one MessagePort, structured clone): every request carries an `id`
 * and gets one reply `{ id, ok, result | error }`.
 *   query / exec   { sql, params?, options?, tx?, unit? }   → Results / Results[]
 *   begin          { unit? }                                 → the transaction's id, once it holds the database
 *   end            { tx, commit }                            → null once COMMIT / ROLLBACK is done
 *   dump           { compression? }                          → the data dir as a tar (bytes)
 *   cancel         { target }                                (no reply; the target fails with 57014 if it had not started)
 *   done           { unit }                                  (no reply; the request has ended: the worker stops holding for it)
 *   close          {}                                        → null after everything queued before it
 * Errors keep PostgreSQL's fields (`code`, `detail`, `constraint`, …), so a
 * unique violation is still 23505 on this side.
 *
 * Cancellation: a query (or a transaction's BEGIN) made while a request's
 * abort signal is set (`withRequestSignal`) is dropped if the client goes away
 * before the worker starts it. A query that has started runs to its end
 * (PGlite runs it synchronously in WebAssembly: there is nothing to
 * interrupt), and an open transaction is never cut short.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Worker } from "node:worker_threads";
import type { QueryOptions, Results } from "@electric-sql/pglite";

/** A transaction on the embedded database (the subset of PGlite's `Transaction` in use). */
export interface PgliteTx {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/** The embedded database as the rest of src/db sees it (a subset of PGlite's API). */
export interface PgliteClient {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(fn: (tx: PgliteTx) => Promise<T>): Promise<T>;
  dumpDataDir(compression?: "none" | "gzip" | "auto"): Promise<Blob>;
  close(): Promise<void>;
  readonly waitReady: Promise<void>;
}

interface RequestScope {
  signal?: AbortSignal;
  /** Numbers requests in arrival order (the worker runs older ones first among equals). */
  unit: number;
  /** The route, e.g. `GET /api/v1/metrics/scorecard`: what such requests cost lately is its expected cost. */
  route?: string;
  /** Database time this request has used so far (ms). */
  dbMs: number;
  /** The database workers this request asked something of: told when it ends (`done`). */
  workers?: Set<(unit: number) => void>;
}

const scope = new AsyncLocalStorage<RequestScope>();
let units = 0;
/** Database time per request of each route (ms), a moving average; bounded. */
const routeCost = new Map<string, number>();

/**
 * What a route not seen yet is expected to cost (ms) until its first request ends: more
 * than a cheap route (sign-in, a card: a few ms), less than a known report. At 0, the
 * first burst of a costly route after a start (50 boards at once) ranked with the
 * cheapest, and a sign-in waited behind every one of their first queries.
 */
export const UNKNOWN_ROUTE_COST = 32;

/**
 * A request of a known route counts as costlier than its route's usual only once it has
 * used this many times that: on a busy machine a sign-in's first statement (~2 ms) can
 * take 40 ms of wall time, which counted as is put it in the class of a burst of new
 * reports, and behind all of them, the older requests (seen: one sign-in waited 3.5 s
 * behind 50 boards).
 */
export const ESCALATE_FACTOR = 4;

/** What a unit of work of the current request is expected to cost (ms): the route's usual, or more if used. */
function expectedCost(s: RequestScope | undefined): number {
  if (!s) return 0;
  if (s.route === undefined) return s.dbMs;
  const usual = routeCost.get(s.route);
  if (usual === undefined) return Math.max(s.dbMs, UNKNOWN_ROUTE_COST);
  return Math.max(usual, s.dbMs / ESCALATE_FACTOR);
}

function learn(route: string, ms: number) {
  const before = routeCost.get(route);
  routeCost.delete(route);
  routeCost.set(route, before === undefined ? ms : 0.7 * before + 0.3 * ms);
  if (routeCost.size > 1000) routeCost.delete(routeCost.keys().next().value as string);
}

/**
 * Runs `fn` as one request: its embedded-database work is scheduled together
 * (cheaper routes first: `route` names it, ids left out), and work not yet
 * started is dropped when `signal` aborts (the client left).
 *
 * Only a request that was answered (`answered()`, e.g. a 2xx or 3xx status) teaches
 * its route what it costs. One whose client left, that failed, or that was refused
 * (a 4xx: bad parameters, no access) used a part of the database time its route
 * needs or none: counted, ten reports cut short at the end of a burst made the
 * report route look as cheap as sign-in (0.7^10 of its cost), and sign-in then
 * waited behind the next burst's reports, oldest first (seen: 3.6 s). A client
 * could lower a route's rank the same way with requests it knows will be refused.
 */
export async function withRequestSignal<T>(
  signal: AbortSignal | undefined,
  fn: () => Promise<T>,
  route?: string,
  answered: () => boolean = () => true,
): Promise<T> {
  const s: RequestScope = { signal, unit: ++units, route, dbMs: 0 };
  let ok = false;
  try {
    const out = await scope.run(s, fn);
    ok = true;
    return out;
  } finally {
    if (route && ok && !signal?.aborted && answered()) learn(route, s.dbMs);
    for (const done of s.workers ?? []) done(s.unit);
  }
}

const WORKER_URL = new URL("./pglite-worker.mjs", import.meta.url);

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  scope?: RequestScope;
}

export interface WorkerOptions {
  /** The data directory's `pgdata` folder; absent → in memory. */
  dataDir?: string;
  /** In memory, restored from this dump (a tar from `dumpDataDir`). */
  loadDataDir?: Blob;
}

/** An error from the worker with PostgreSQL's fields (`code` etc.), thrown at the caller's stack. */
export class PgliteError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  severity?: string;
}

function toError(data: Record<string, unknown>): Error {
  const e = new PgliteError(String(data.message));
  const { message: _m, name, ...fields } = data;
  Object.assign(e, fields);
  e.name = name === "error" || !name ? "PgliteError" : String(name);
  return e;
}

const cancelled = () =>
  Object.assign(new PgliteError("canceling statement due to user request"), { code: "57014" });

/** Drizzle's PGlite driver passes identity parsers (keep these types' text); the worker recreates them. */
function wireOptions(o: QueryOptions | undefined): Record<string, unknown> | undefined {
  if (!o) return undefined;
  const { parsers, serializers, onNotice: _n, ...rest } = o;
  if (serializers) throw new Error("PGlite serializers cannot cross to the database worker");
  return parsers ? { ...rest, rawTypes: Object.keys(parsers).map(Number) } : rest;
}

export async function startPgliteWorker(opts: WorkerOptions): Promise<PgliteClient> {
  const loadDataDir = opts.loadDataDir ? new Uint8Array(await opts.loadDataDir.arrayBuffer()) : undefined;
  const worker = new Worker(WORKER_URL, {
    workerData: { dataDir: opts.dataDir, loadDataDir },
    transferList: loadDataDir ? [loadDataDir.buffer as ArrayBuffer] : [],
    // The worker must not inherit a loader (tsx, vitest): it is plain JavaScript.
    execArgv: [],
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let exited: Error | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: { ready?: boolean; error?: Record<string, unknown> }) => {
      if (m.ready === undefined) return;
      worker.off("message", onMessage);
      if (m.ready) resolve();
      else reject(toError(m.error ?? { message: "the database worker failed to start" }));
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
  });
  worker.on(
    "message",
    (m: { id?: number; ok?: boolean; result?: unknown; error?: Record<string, unknown>; ms?: number }) => {
      if (m.id === undefined) return;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (p.scope && m.ms) p.scope.dbMs += m.ms;
      // Idle, the worker does not keep the process alive (a CLI command ends when its work does).
      if (pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(toError(m.error ?? {}));
    },
  );
  const failAll = (e: Error) => {
    exited = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("error", (e) =>
    failAll(Object.assign(new PgliteError(`database worker failed: ${e.message}`), { code: "XX000" })),
  );
  worker.on("exit", (code) =>
    failAll(Object.assign(new PgliteError(`database worker exited (${code})`), { code: "57P01" })),
  );
  await ready;
  worker.unref();

  /** Tells the worker a request has ended (it stops holding the database for it). */
  const requestDone = (unit: number) => {
    if (!exited) worker.postMessage({ op: "done", unit });
  };

  /** Sends one request with the caller's request unit and cost; a top-level one honours its abort signal. */
  function call<T>(msg: Record<string, unknown>, cancellable: boolean): Promise<T> {
    if (exited) return Promise.reject(exited);
    const s = scope.getStore();
    const signal = cancellable ? s?.signal : undefined;
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = nextId++;
    if (s) {
      s.workers ??= new Set();
      s.workers.add(requestDone);
    }
    return new Promise<T>((resolve, reject) => {
      let onAbort: (() => void) | undefined;
      if (signal) {
        onAbort = () => worker.postMessage({ op: "cancel", target: id });
        signal.addEventListener("abort", onAbort, { once: true });
      }
      const done = () => {
        if (onAbort) signal?.removeEventListener("abort", onAbort);
      };
      if (pending.size === 0) worker.ref();
      pending.set(id, {
        scope: s,
        resolve: (v) => {
          done();
          resolve(v as T);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      worker.postMessage({ ...msg, id, unit: s?.unit, cost: expectedCost(s) });
    });
  }

  const txClient = (txId: number, state: { closed: boolean }): PgliteTx => ({
    query: (sql, params, options) =>
      call({ op: "query", tx: txId, sql, params, options: wireOptions(options) }, false),
    exec: (sql, options) => call({ op: "exec", tx: txId, sql, options: wireOptions(options) }, false),
    rollback: async () => {
      throw Object.assign(new PgliteError("rollback(): throw from the transaction instead"), {
        code: "0A000",
      });
    },
    get closed() {
      return state.closed;
    },
  });

  let closing: Promise<void> | undefined;
  return {
    waitReady: Promise.resolve(),
    query: (sql, params, options) => call({ op: "query", sql, params, options: wireOptions(options) }, true),
    exec: (sql, options) => call({ op: "exec", sql, options: wireOptions(options) }, true),
    async transaction(fn) {
      const txId = await call<number>({ op: "begin" }, true);
      const state = { closed: false };
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(txClient(txId, state));
      } catch (e) {
        state.closed = true;
        await call({ op: "end", tx: txId, commit: false }, false).catch(() => {});
        throw e;
      }
      state.closed = true;
      await call({ op: "end", tx: txId, commit: true }, false);
      return result;
    },
    async dumpDataDir(compression = "none") {
      const bytes = await call<Uint8Array>({ op: "dump", compression }, false);
      return new Blob([bytes as BlobPart]);
    },
    close() {
      closing ??= (async () => {
        if (!exited) await call({ op: "close" }, false);
        await worker.terminate();
      })();
      return closing;
    },
  };
}
