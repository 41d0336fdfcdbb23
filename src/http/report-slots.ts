/**
 * Report slots: on PostgreSQL at most `size` report requests (the reports, the
 * Team and Managers screens, a person's profile) run at once; the others wait here, in
 * arrival order, before they touch the database.
 *
 * Why: a report is a few heavy queries run one after another on a pool
 * connection. With the pool's 10 connections all holding report queries, a
 * sign-in or a board request waited in the pool's queue behind every report
 * asked before it (sign-in 5 s, 75× its quiet p99, under 50 clients on the
 * org-wide scorecard), and ten report queries at once took the CPU the HTTP
 * process and the PostgreSQL server share. With slots, the reports beyond
 * `size` wait without a connection, so the rest of the pool stays free for
 * everything else; reports still run `size` at a time (default: half the
 * pool), so their throughput is the database's, not the queue's.
 *
 * On the embedded database the worker thread already runs cheap units first
 * (src/db/pglite-proxy.ts), so there are no slots unless asked for
 * (`STEPWISE_REPORT_CONCURRENCY`).
 *
 * Costly routes that are not reports — the board (every open deal of the
 * reporting line with its steps) and a step's column of it — have slots of
 * their own (STEPWISE_HEAVY_CONCURRENCY, default half the pool on PostgreSQL):
 * 50 boards' queries used to fill the pool's queue as the reports had, and a
 * sign-in waited behind them (6.3× its quiet p99). A class per cost: cheap
 * routes (sign-in, lists, cards) take no slot, so at least half the pool is
 * theirs whatever the costly ones do.
 *
 * A request whose client leaves while it waits gives up its place (57014, as a
 * cancelled query).
 */
import type { MiddlewareHandler } from "hono";
import type { DbHandle } from "../db/client.js";

/** The routes that hold the database for long: every report. */
const REPORT_PATH = /\/(metrics\/[^/]+|managers|team-screen|people\/[^/]+\/profile)$/;

export function isReportRequest(method: string, path: string): boolean {
  return method === "GET" && REPORT_PATH.test(path);
}

/** Costly routes that are not reports: the board and a step's column of it. */
const HEAVY_PATH = /\/board(\/steps\/[^/]+)?$/;

export function isHeavyRequest(method: string, path: string): boolean {
  return method === "GET" && HEAVY_PATH.test(path);
}

export class Slots {
  readonly size: number;
  private running = 0;
  private readonly waiting: { go: () => void; signal?: AbortSignal; onAbort?: () => void }[] = [];
  /** Requests admitted at once, and those that had to wait for a slot. */
  readonly counts = { admitted: 0, waited: 0 };

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`report slots: expected a whole number ≥ 1, got ${size}`);
    this.size = size;
  }

  /** Slots in use. */
  get active(): number {
    return this.running;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Takes a slot (waiting for one if all are in use); resolves to its release. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    if (this.running < this.size) {
      this.running++;
      this.counts.admitted++;
      return Promise.resolve(this.releaser());
    }
    this.counts.waited++;
    return new Promise((resolve, reject) => {
      const w: (typeof this.waiting)[number] = { go: () => resolve(this.releaser()), signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(cancelled());
        };
        signal.addEventListener("abort", w.onAbort, { once: true });
      }
      this.waiting.push(w);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (!next) {
        this.running--;
        return;
      }
      // The slot passes to the next in line (running stays the same).
      if (next.onAbort) next.signal?.removeEventListener("abort", next.onAbort);
      next.go();
    };
  }
}

function cancelled(): Error {
  return Object.assign(new Error("canceling statement due to user request"), { code: "57014" });
}

/**
 * How many report requests may run at once: `STEPWISE_REPORT_CONCURRENCY` if
 * set; on PostgreSQL half the pool (at least 1); on the embedded database no
 * limit (undefined).
 */
export function reportSlotsFor(handle: DbHandle | undefined, env = process.env): number | undefined {
  return slotsFor("STEPWISE_REPORT_CONCURRENCY", handle, env);
}

/**
 * How many costly non-report requests (the board) may run at once:
 * `STEPWISE_HEAVY_CONCURRENCY` if set; on PostgreSQL half the pool (at least
 * 1); on the embedded database no limit (undefined).
 */
export function heavySlotsFor(handle: DbHandle | undefined, env = process.env): number | undefined {
  return slotsFor("STEPWISE_HEAVY_CONCURRENCY", handle, env);
}

function slotsFor(name: string, handle: DbHandle | undefined, env: NodeJS.ProcessEnv): number | undefined {
  const v = env[name];
  if (v !== undefined && v !== "") {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`${name} must be a whole number of at least 1, got "${v}"`);
    }
    return n;
  }
  if (handle?.kind !== "postgres") return undefined;
  return Math.max(1, Math.floor((handle.pool?.options.max ?? 10) / 2));
}

/** Report requests take a slot for as long as they run. */
export function reportSlots(slots: Slots): MiddlewareHandler {
  return classSlots(isReportRequest, slots);
}

/** Requests of one cost class (`isOfClass`) take one of its slots for as long as they run. */
export function classSlots(
  isOfClass: (method: string, path: string) => boolean,
  slots: Slots,
): MiddlewareHandler {
  return async (c, next) => {
    if (!isOfClass(c.req.method, c.req.path)) return next();
    const release = await slots.acquire(c.req.raw.signal);
    try {
      await next();
    } finally {
      release();
    }
  };
}
