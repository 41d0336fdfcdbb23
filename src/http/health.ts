/**
 * Health probes for load balancers and process supervisors, unauthenticated
 * and cheap:
 * - `GET /healthz` — the process is up and serving (200 while starting too).
 * - `GET /readyz` — ready for traffic: start-up finished, the database answers,
 *   every migration this version knows is applied, and the background worker
 *   ran a round recently. 200 `{ status: "ready", checks }`, else 503 with the
 *   failing check named.
 * They sit outside /api/v1 (no session, no organisation data).
 */
import type { Hono } from "hono";

export interface Check {
  ok: boolean;
  detail?: string;
}

export type ReadinessChecks = () => Promise<Record<string, Check>>;

export function registerHealthRoutes(app: Hono, checks: ReadinessChecks): void {
  app.get("/healthz", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ status: "ok" });
  });
  app.get("/readyz", async (c) => {
    c.header("Cache-Control", "no-store");
    const results = await checks();
    const ready = Object.values(results).every((r) => r.ok);
    return c.json({ status: ready ? "ready" : "not_ready", checks: results }, ready ? 200 : 503);
  });
}

/** Runs `f` with a time limit; a timeout or an error is a failed check naming it. */
export async function timedCheck(f: () => Promise<Check>, ms = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      f(),
      new Promise<Check>((ok) => {
        timer = setTimeout(() => ok({ ok: false, detail: `no answer within ${ms} ms` }), ms);
      }),
    ]);
  } catch (e) {
    return { ok: false, detail: (e as Error).message.split("\n")[0] };
  } finally {
    clearTimeout(timer);
  }
}
