/**
 * Report slots (src/http/report-slots.ts): report requests beyond the slots
 * wait without a database connection, so sign-in is answered while reports run.
 *
 * On PostgreSQL the test makes it real: a pool of 2 connections, the `quotas`
 * table locked by another session so that every scorecard blocks inside its
 * queries (holding its connection), two scorecards asked. Without slots both
 * held both connections and a sign-in waited for one until the lock went
 * (this test timed out); with one slot the second scorecard waits at the slot
 * and the sign-in gets the free connection.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DbHandle, openDb } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import {
  heavySlotsFor,
  isHeavyRequest,
  isReportRequest,
  reportSlotsFor,
  Slots,
} from "../src/http/report-slots.js";
import { createPgTestDatabase, createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, PASSWORD, type TestPerson } from "./helpers/fixtures.js";

describe("Slots", () => {
  it("admits `size` at once, then one waiting request per release, in arrival order", async () => {
    const s = new Slots(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const order: number[] = [];
    const arrived = (n: number) => (r: () => void) => {
      order.push(n);
      return r;
    };
    const w3 = s.acquire().then(arrived(3));
    const w4 = s.acquire().then(arrived(4));
    expect([s.active, s.queued]).toEqual([2, 2]);
    r1();
    r1(); // a second call is a no-op: it must not free another slot
    const r3 = await w3;
    expect(order).toEqual([3]);
    expect([s.active, s.queued]).toEqual([2, 1]);
    r2();
    const r4 = await w4;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
    expect([s.active, s.queued]).toEqual([0, 0]);
    // 1 and 2 got a slot at once; 3 and 4 waited.
    expect(s.counts).toEqual({ admitted: 2, waited: 2 });
  });

  it("a waiting request whose client left gives up its place (57014); one already gone is refused", async () => {
    const s = new Slots(1);
    const held = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    expect(s.queued).toBe(1);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ code: "57014" });
    expect(s.queued).toBe(0);
    await expect(s.acquire(ac.signal)).rejects.toMatchObject({ code: "57014" });
    held();
    expect(s.active).toBe(0);
  });

  it("refuses a size that is not a whole number ≥ 1", () => {
    expect(() => new Slots(0)).toThrow(/whole number/);
    expect(() => new Slots(1.5)).toThrow(/whole number/);
  });

  it("reportSlotsFor: the setting, else half the PostgreSQL pool, none embedded", () => {
    const postgres = (max: number) =>
      ({ kind: "postgres", pool: { options: { max } } }) as unknown as DbHandle;
    const embedded = { kind: "pglite" } as unknown as DbHandle;
    expect(reportSlotsFor(postgres(10), {})).toBe(5); // 10 / 2
    expect(reportSlotsFor(postgres(3), {})).toBe(1); // floor(3 / 2)
    expect(reportSlotsFor(postgres(1), {})).toBe(1); // floor(1 / 2) = 0 → at least 1
    expect(reportSlotsFor(embedded, {})).toBeUndefined();
    expect(reportSlotsFor(embedded, { STEPWISE_REPORT_CONCURRENCY: "3" })).toBe(3);
    expect(() => reportSlotsFor(embedded, { STEPWISE_REPORT_CONCURRENCY: "0" })).toThrow(
      /STEPWISE_REPORT_CONCURRENCY must be a whole number of at least 1, got "0"/,
    );
  });

  it("heavySlotsFor: STEPWISE_HEAVY_CONCURRENCY, else half the PostgreSQL pool, none embedded; the board is heavy", () => {
    const postgres = (max: number) =>
      ({ kind: "postgres", pool: { options: { max } } }) as unknown as DbHandle;
    const embedded = { kind: "pglite" } as unknown as DbHandle;
    expect(heavySlotsFor(postgres(10), {})).toBe(5); // 10 / 2
    expect(heavySlotsFor(postgres(1), {})).toBe(1); // floor(1 / 2) = 0 → at least 1
    expect(heavySlotsFor(embedded, {})).toBeUndefined();
    expect(heavySlotsFor(postgres(10), { STEPWISE_HEAVY_CONCURRENCY: "2" })).toBe(2);
    expect(() => heavySlotsFor(embedded, { STEPWISE_HEAVY_CONCURRENCY: "x" })).toThrow(
      /STEPWISE_HEAVY_CONCURRENCY must be a whole number of at least 1, got "x"/,
    );
    expect(isHeavyRequest("GET", "/api/v1/board")).toBe(true);
    expect(isHeavyRequest("GET", "/api/v1/board/steps/3")).toBe(true);
    expect(isHeavyRequest("GET", "/api/v1/deals")).toBe(false);
    expect(isHeavyRequest("GET", "/api/v1/metrics/scorecard")).toBe(false); // a report: its own class
    expect(isHeavyRequest("POST", "/api/v1/auth/sign-in")).toBe(false);
  });

  it("the report routes are the reports, the Managers screen and a profile (GET only)", () => {
    expect(isReportRequest("GET", "/api/v1/metrics/scorecard")).toBe(true);
    expect(isReportRequest("GET", "/api/v1/managers")).toBe(true);
    expect(isReportRequest("GET", "/api/v1/people/0d9c/profile")).toBe(true);
    expect(isReportRequest("GET", "/api/v1/board")).toBe(false);
    expect(isReportRequest("GET", "/api/v1/deals")).toBe(false);
    expect(isReportRequest("POST", "/api/v1/auth/sign-in")).toBe(false);
    expect(isReportRequest("PUT", "/api/v1/people/0d9c/profile")).toBe(false);
  });
});

const SCORECARD = "/metrics/scorecard?period=2026-Q4&asOf=2026-11-15T00:00:00Z";

async function people(h: DbHandle, slug: string) {
  const org = await makeOrg(h.db, slug);
  const exec = await makePerson(h.db, org.id, { email: `exec@${slug}.test`, role: "executive" });
  await makePerson(h.db, org.id, { email: `rep@${slug}.test`, role: "salesperson", team: "T" });
  return exec;
}

function signIn(app: ReturnType<typeof createApp>["app"], email: string) {
  return app.request("/api/v1/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
}

describe("report requests wait for a slot; sign-in does not (both engines)", () => {
  let h: DbHandle;
  let exec: TestPerson;
  beforeAll(async () => {
    h = await createTestDb();
    exec = await people(h, "slots");
  });
  afterAll(() => h.close());

  it("a report waits while the slot is held; sign-in is answered meanwhile; then the report runs", async () => {
    const { app, reportSlots } = createApp({ db: h.db, handle: h, reportConcurrency: 1 });
    const slots = reportSlots!;
    const quiet = await caller(app, exec)("GET", SCORECARD);
    expect(quiet.status).toBe(200);
    const held = await slots.acquire();
    const report = caller(app, exec)("GET", SCORECARD);
    await expect.poll(() => slots.queued).toBe(1);
    const s = await signIn(app, "rep@slots.test");
    expect(s.status).toBe(200);
    const board = await caller(app, exec)("GET", "/board");
    expect(board.status).toBe(200);
    expect(slots.queued).toBe(1); // still waiting: nothing above went through the slot
    held();
    const r = await report;
    expect(r.status).toBe(200);
    expect(r.body).toEqual(quiet.body);
    // The first scorecard and the test's hold were admitted at once; the second waited.
    expect(slots.counts).toEqual({ admitted: 2, waited: 1 });
  });

  it("embedded, no slots unless asked for", () => {
    if (h.kind === "pglite") expect(createApp({ db: h.db, handle: h }).reportSlots).toBeUndefined();
    else expect(createApp({ db: h.db, handle: h }).reportSlots?.size).toBe(5); // pool of 10 / 2
  });
});

// PostgreSQL only (the embedded database has one connection: its worker ranks units instead).
if (inject("pgTemplateUrl")) {
  describe("PostgreSQL: sign-in gets a connection while the reports are blocked in their queries", () => {
    let h: DbHandle;
    let drop: () => Promise<void>;
    let url: string;
    let exec: TestPerson;
    beforeAll(async () => {
      const d = (await createPgTestDatabase())!;
      drop = d.drop;
      url = d.url;
      process.env.STEPWISE_PG_POOL = "2";
      try {
        h = await openDb({ databaseUrl: url });
      } finally {
        delete process.env.STEPWISE_PG_POOL;
      }
      exec = await people(h, "pgslots");
    });
    afterAll(async () => {
      await h.close();
      await drop();
    });

    /**
     * Two requests of `path` while `table` is locked by another session: one is blocked
     * on the lock inside its queries, the other waits for a slot of `slots`; a sign-in is
     * answered meanwhile; once the lock goes, both answer as they did when quiet.
     */
    async function signInWhileLocked(
      app: ReturnType<typeof createApp>["app"],
      slots: Slots,
      table: string,
      path: string,
    ) {
      const quiet = await caller(app, exec)("GET", path);
      expect(quiet.status).toBe(200);
      const locker = new pg.Client({ connectionString: url });
      const watcher = new pg.Client({ connectionString: url }); // outside the locker's snapshot
      await locker.connect();
      await watcher.connect();
      try {
        await locker.query("BEGIN");
        await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
        const a = caller(app, exec)("GET", path);
        const b = caller(app, exec)("GET", path);
        await expect
          .poll(async () => {
            const r = await watcher.query(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            );
            return [r.rows[0].n, slots.queued];
          })
          .toEqual([1, 1]);
        const s = await signIn(app, "rep@pgslots.test");
        expect(s.status).toBe(200);
        await locker.query("COMMIT");
        const [ra, rb] = await Promise.all([a, b]);
        expect([ra.status, rb.status]).toEqual([200, 200]);
        expect(ra.body).toEqual(quiet.body);
        expect(rb.body).toEqual(quiet.body);
      } finally {
        await locker.end();
        await watcher.end();
      }
    }

    it("two scorecards on a pool of 2 with one slot: sign-in answers while `quotas` is locked", async () => {
      const made = createApp({ db: h.db, handle: h, reportConcurrency: 1 });
      try {
        await signInWhileLocked(made.app, made.reportSlots!, "quotas", SCORECARD);
      } finally {
        await made.close();
      }
    }, 60_000);

    it("two boards on a pool of 2 (board slots and pool by default: 2 / 2 = 1): sign-in answers while `deals` is locked", async () => {
      // No option: the defaults for this pool — one board at a time, on a pool of its own of one
      // connection (one of its three queries blocked on the lock, the other two waiting for it).
      // Before, the boards ran on the main pool: the first board's three queries at once took
      // both connections, blocked on the lock, and the sign-in waited (it timed out).
      const made = createApp({ db: h.db, handle: h });
      try {
        expect(made.heavySlots?.size).toBe(1);
        await signInWhileLocked(made.app, made.heavySlots!, "deals", "/board");
      } finally {
        await made.close();
      }
    }, 60_000);
  });
}
