/**
 * The API requests in flight, so that a stopping server closes its database
 * pools only after the last one has ended — those whose client has gone
 * included: the HTTP server's close() waits for open connections only, and a
 * request whose client left keeps running (on PostgreSQL its queries are not
 * cancelled); closing the pool under it logged "Cannot use a pool after
 * calling end on the pool".
 */
import type { MiddlewareHandler } from "hono";

export class InFlight {
  private running = 0;
  private readonly waiting = new Set<() => void>();

  /** Requests running now. */
  get count(): number {
    return this.running;
  }

  /** Counts each request from its start until its handler has ended. */
  middleware(): MiddlewareHandler {
    return async (_c, next) => {
      this.running++;
      try {
        await next();
      } finally {
        this.running--;
        if (this.running === 0) for (const w of this.waiting) w();
      }
    };
  }

  /** Resolves once no request runs, or after `ms`: to the number still running (0 = drained). */
  idle(ms: number): Promise<number> {
    if (this.running === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve(this.running);
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiting.add(done);
    });
  }
}
