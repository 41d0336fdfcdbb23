/**
 * Reports in the worker thread on PostgreSQL (src/services/report-pool.ts):
 * the same text, byte for byte, as the report computed in-process, for every
 * caller's view, JSON and CSV, and the same refusals — and they were answered
 * by the worker (its counters), not by the HTTP thread. Embedded, there is no
 * report worker (PGlite's queries have their own thread already).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { createApp } from "../src/http/app.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { createTestDb } from "./helpers/db.js";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());

it("embedded: no report worker; PostgreSQL: one, unless turned off", () => {
  const on = createApp({ db: h.db, handle: h }).reportWorker;
  if (h.kind === "pglite") expect(on).toBeUndefined();
  else expect(on).toBeDefined();
  expect(createApp({ db: h.db, handle: h, reportWorker: false }).reportWorker).toBeUndefined();
});

if (inject("pgTemplateUrl")) {
  describe("PostgreSQL: reports answered by the worker thread", () => {
    let worker: ReturnType<typeof createApp>;
    let inProcess: ReturnType<typeof createApp>;
    const cookies = new Map<string, string>();

    beforeAll(async () => {
      // A small demo: 12 people, seed 7, figures as of a fixed instant.
      await createDemoOrg(h, { people: 12, seed: 7, asOf: new Date("2026-11-15T12:00:00Z") });
      worker = createApp({ db: h.db, handle: h });
      inProcess = createApp({ db: h.db, handle: h, reportWorker: false });
      for (const email of ["exec@demo.test", "manager1@demo.test", "rep1@demo.test"]) {
        const r = await inProcess.app.request("/api/v1/auth/sign-in", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: DEMO_PASSWORD }),
        });
        expect(r.status).toBe(200);
        cookies.set(email, r.headers.get("set-cookie")!.split(";")[0]);
      }
    }, 120_000);
    afterAll(() => worker.reportWorker?.close());

    const get = async (app: ReturnType<typeof createApp>["app"], email: string, path: string) => {
      const r = await app.request(`/api/v1${path}`, { headers: { cookie: cookies.get(email)! } });
      return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };
    };

    it("gives the in-process text byte for byte: every kind, every caller, JSON and CSV", async () => {
      const q = "period=2026-Q4&asOf=2026-11-15T12:00:00Z";
      const paths = [
        ...[
          "scorecard",
          "quad",
          "plan",
          "funnel",
          "team",
          "forecast",
          "manager-time",
          "usage",
          "early-warning",
        ].map((k) => `/metrics/${k}?${q}`),
        `/metrics/scorecard?${q}&format=csv`,
        `/metrics/team?${q}&format=csv`,
      ];
      const before = worker.reportWorker!.counts.answered;
      let asked = 0;
      for (const email of cookies.keys()) {
        for (const path of paths) {
          const [a, b] = await Promise.all([get(worker.app, email, path), get(inProcess.app, email, path)]);
          asked++;
          expect(a.status, `${email} ${path}`).toBe(200);
          expect(a.type, path).toBe(b.type);
          expect(a.text, `${email} ${path}`).toBe(b.text);
        }
      }
      // 3 callers × 11 paths, all answered by the worker.
      expect(asked).toBe(33);
      expect(worker.reportWorker!.counts.answered - before).toBe(33);
      // A salesperson's scorecard holds only themself; the executive's the whole demo.
      const rep = JSON.parse((await get(worker.app, "rep1@demo.test", `/metrics/scorecard?${q}`)).text);
      expect(rep.people.map((p: { email: string }) => p.email)).toEqual(["rep1@demo.test"]);
    });

    it("the Managers screen and a profile too", async () => {
      const q = "period=2026-Q4&asOf=2026-11-15T12:00:00Z";
      const rows = await h.db.execute(sql`select id from people where email = 'rep1@demo.test'`);
      const rep1 = (rows as unknown as { rows: { id: string }[] }).rows[0].id; // node-postgres' result
      const before = worker.reportWorker!.counts.answered;
      for (const [email, path] of [
        ["exec@demo.test", `/managers?${q}`],
        ["manager1@demo.test", `/managers?${q}`],
        ["exec@demo.test", `/people/${rep1}/profile?${q}`],
        ["rep1@demo.test", `/people/${rep1}/profile?${q}`],
      ]) {
        const [a, b] = await Promise.all([get(worker.app, email, path), get(inProcess.app, email, path)]);
        expect(a.status, `${email} ${path}`).toBe(200);
        expect(a.type).toBe(b.type);
        expect(a.text, `${email} ${path}`).toBe(b.text);
      }
      expect(worker.reportWorker!.counts.answered - before).toBe(4);
    });

    it("refuses as in-process: an unknown team is 400 naming the field", async () => {
      const path = "/metrics/scorecard?period=2026-Q4&team=nosuch";
      const [a, b] = await Promise.all([
        get(worker.app, "exec@demo.test", path),
        get(inProcess.app, "exec@demo.test", path),
      ]);
      expect([a.status, b.status]).toEqual([400, 400]);
      const strip = (t: string) => {
        const { requestId: _r, ...e } = JSON.parse(t).error;
        return e;
      };
      expect(strip(a.text)).toEqual(strip(b.text));
      expect(strip(a.text)).toMatchObject({
        code: "validation_failed",
        details: [{ path: "team", message: "no person has this team", value: "nosuch" }],
      });
    });
  });
}
