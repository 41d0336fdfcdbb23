/**
 * Outgoing webhooks end to end: changes made through the API, delivered by the
 * worker to a real HTTP receiver on loopback, signed with the subscription's secret.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { backoffMs, runDueDeliveries, startWebhookWorker } from "../src/services/webhooks.worker.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson } from "./helpers/fixtures.js";
import { startReceiver, verifySignature } from "./helpers/receiver.js";

// The receivers run on loopback, which webhooks refuse by default: allow it explicitly.
process.env.STEPWISE_WEBHOOK_ALLOW = "127.0.0.1";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db }));
});
afterAll(async () => {
  await h.close();
});

const ALL = ["deal.step_changed", "deal.won", "deal.lost", "activity.logged"];
const noJitter = { random: () => 0 };

/** An organisation with an admin and a rep, as API callers. */
async function orgWith(slug: string, db = h.db, a = app) {
  const org = await makeOrg(db, slug);
  const admin = caller(a, await makePerson(db, org.id, { email: `admin@${slug}.test`, role: "admin" }));
  const rep = caller(a, await makePerson(db, org.id, { email: `rep@${slug}.test`, role: "salesperson" }));
  return { org, admin, rep };
}

async function subscribe(admin: ReturnType<typeof caller>, url: string, events = ALL) {
  const r = await admin("POST", "/webhooks", { url, events });
  expect(r.status).toBe(201);
  expect(r.body.secret).toMatch(/^whsec_/);
  return r.body as { id: string; secret: string };
}

const newDeal = async (rep: ReturnType<typeof caller>, name: string) =>
  (await rep("POST", "/deals", { name, value: 1000, createdAt: "2026-01-01T00:00:00Z" })).body.id as string;

describe("events reach the subscribers that want them, signed", () => {
  it("delivers step changes, wins, losses and logged activities exactly once", async () => {
    const { admin, rep } = await orgWith("wh");
    const other = await orgWith("wh-other");
    const [r1, r2, r3, r4] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    try {
      const all = await subscribe(admin, r1.url);
      const wonOnly = await subscribe(admin, r2.url, ["deal.won"]);
      const paused = await subscribe(admin, r3.url);
      expect((await admin("PATCH", `/webhooks/${paused.id}`, { active: false })).body.active).toBe(false);
      await subscribe(other.admin, r4.url);

      const d1 = await newDeal(rep, "Moved");
      const d2 = await newDeal(rep, "Won");
      const d3 = await newDeal(rep, "Disqualified");
      expect((await rep("POST", `/deals/${d1}/move`, { step: "qualification" })).status).toBe(200);
      expect((await rep("POST", `/deals/${d2}/win`, {})).status).toBe(200);
      expect(
        (await rep("POST", `/deals/${d3}/lose`, { status: "disqualified", reason: "no budget" })).status,
      ).toBe(200);
      const a1 = (
        await rep("POST", "/activities", {
          kind: "call",
          step: 3,
          dealId: d1,
          doneAt: "2026-02-01T10:00:00Z",
        })
      ).body.id;
      const a2 = (
        await rep("POST", "/activities", { kind: "demo", step: 4, scheduledFor: "2026-02-03T10:00:00Z" })
      ).body.id;
      // Done for the first time → logged; done again or other edits → nothing new.
      expect((await rep("PATCH", `/activities/${a2}`, { doneAt: "2026-02-03T11:00:00Z" })).status).toBe(200);
      expect((await rep("PATCH", `/activities/${a2}`, { doneAt: "2026-02-03T12:00:00Z" })).status).toBe(200);
      expect((await rep("PATCH", `/activities/${a1}`, { outcome: "good" })).status).toBe(200);

      const log = await admin("GET", `/webhooks/${all.id}/deliveries`);
      expect(log.body.map((d: any) => d.status)).toEqual([
        "pending",
        "pending",
        "pending",
        "pending",
        "pending",
      ]);
      expect(r1.got).toEqual([]); // nothing is sent before a worker runs

      const round = await runDueDeliveries(h.db, new Date());
      expect(round).toMatchObject({ claimed: 6, delivered: 6, retrying: 0, failed: 0 });

      const summary = r1.got
        .map((r) => {
          const b = r.body;
          const id = b.event === "activity.logged" ? b.data.activity.id : b.data.deal.id;
          return `${b.event} ${id}`;
        })
        .sort();
      expect(summary).toEqual(
        [
          `activity.logged ${a1}`,
          `activity.logged ${a2}`,
          `deal.lost ${d3}`,
          `deal.step_changed ${d1}`,
          `deal.won ${d2}`,
        ].sort(),
      );
      for (const r of r1.got) {
        verifySignature(all.secret, r);
        expect(r.headers["stepwise-event"]).toBe(r.body.event);
        expect(r.headers["stepwise-delivery"]).toBe(r.body.id);
        expect(r.headers["content-type"]).toBe("application/json");
        expect(r.body.organisation.slug).toBe("wh");
        expect(Number.isNaN(Date.parse(r.body.occurredAt))).toBe(false);
        expect(() => verifySignature(wonOnly.secret, r)).toThrow("signature mismatch");
      }
      const byEvent = Object.fromEntries(r1.got.map((r) => [r.body.event, r.body.data]));
      expect(byEvent["deal.step_changed"]).toMatchObject({
        step: "qualification",
        previousStep: "lead",
        skipped: ["prospecting"],
        backfilled: false,
        deal: { id: d1, currentStep: 3, status: "open", value: 1000 },
      });
      expect(byEvent["deal.won"].deal).toMatchObject({ id: d2, status: "won", currentStep: 7 });
      expect(byEvent["deal.lost"]).toMatchObject({
        status: "disqualified",
        reason: "no budget",
        deal: { id: d3, status: "disqualified", lostReason: "no budget" },
      });
      const logged = r1.got
        .filter((r) => r.body.event === "activity.logged")
        .map((r) => r.body.data.activity);
      expect(logged.find((a) => a.id === a2).doneAt).toBe("2026-02-03T11:00:00.000Z");

      expect(r2.got.map((r) => r.body.event)).toEqual(["deal.won"]);
      verifySignature(wonOnly.secret, r2.got[0]);
      expect(r3.got).toEqual([]);
      expect(r4.got).toEqual([]);

      const after = (await admin("GET", `/webhooks/${all.id}/deliveries`)).body;
      expect(after.map((d: any) => [d.status, d.attempts, d.lastStatusCode, d.lastError])).toEqual(
        Array(5).fill(["delivered", 1, 200, null]),
      );
      expect(after.every((d: any) => d.deliveredAt && d.nextAttemptAt === null)).toBe(true);

      // Nothing is sent twice.
      expect((await runDueDeliveries(h.db, new Date())).claimed).toBe(0);
      expect(r1.got.length).toBe(5);
    } finally {
      await Promise.all([r1.close(), r2.close(), r3.close(), r4.close()]);
    }
  });
});

describe("retries", () => {
  it("backoff: 10 s × 2^(attempts-1) with up to 10 % jitter, capped at an hour", () => {
    expect([1, 2, 3, 4, 8].map((n) => backoffMs(n, () => 0))).toEqual([
      10_000, 20_000, 40_000, 80_000, 1_280_000,
    ]);
    expect(backoffMs(1, () => 0.5)).toBe(10_500);
    expect(backoffMs(9, () => 0)).toBe(2_560_000);
    expect(backoffMs(10, () => 0)).toBe(3_600_000);
    expect(backoffMs(30, () => 0.99)).toBe(3_600_000);
  });

  it("a receiver answering 500 twice then 200 gets the event on the 3rd attempt, on schedule", async () => {
    const { admin, rep } = await orgWith("wh-retry");
    const r = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const sub = await subscribe(admin, r.url, ["deal.won"]);
      await rep("POST", `/deals/${await newDeal(rep, "Flaky")}/win`, {});
      const t0 = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      const log = async () => (await admin("GET", `/webhooks/${sub.id}/deliveries`)).body[0];

      expect((await runDueDeliveries(h.db, t0, noJitter)).retrying).toBe(1);
      expect(await log()).toMatchObject({
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        lastError: "HTTP 500",
        lastAttemptAt: t0.toISOString(),
        nextAttemptAt: at(10).toISOString(),
      });
      expect((await runDueDeliveries(h.db, at(9.999), noJitter)).claimed).toBe(0);
      expect((await runDueDeliveries(h.db, at(10), noJitter)).retrying).toBe(1);
      expect(await log()).toMatchObject({ attempts: 2, nextAttemptAt: at(30).toISOString() });
      expect((await runDueDeliveries(h.db, at(29), noJitter)).claimed).toBe(0);
      expect((await runDueDeliveries(h.db, at(30), noJitter)).delivered).toBe(1);
      expect(await log()).toMatchObject({
        status: "delivered",
        attempts: 3,
        lastStatusCode: 200,
        lastError: null,
        deliveredAt: at(30).toISOString(),
        nextAttemptAt: null,
      });
      expect(r.got.length).toBe(3);
      expect(new Set(r.got.map((x) => x.headers["stepwise-delivery"])).size).toBe(1);
      // Each attempt is signed at its own time.
      expect(r.got.map((x) => verifySignature(sub.secret, x))).toEqual(
        [t0, at(10), at(30)].map((d) => d.getTime() / 1000),
      );
    } finally {
      await r.close();
    }
  });

  it("gives up after 8 attempts; an admin's retry sends it again", async () => {
    const { admin, rep } = await orgWith("wh-fail");
    let healthy = false;
    const r = await startReceiver(() => (healthy ? 204 : 503));
    try {
      const sub = await subscribe(admin, r.url, ["deal.lost"]);
      await rep("POST", `/deals/${await newDeal(rep, "Doomed")}/lose`, { reason: "price" });
      let t = new Date(Date.now() + 1000);
      for (let attempt = 1; attempt <= 8; attempt++) {
        expect((await runDueDeliveries(h.db, t, noJitter)).claimed).toBe(1);
        t = new Date(t.getTime() + backoffMs(attempt, () => 0));
      }
      const failed = (await admin("GET", `/webhooks/${sub.id}/deliveries`)).body[0];
      expect(failed).toMatchObject({
        status: "failed",
        attempts: 8,
        lastStatusCode: 503,
        nextAttemptAt: null,
      });
      expect((await runDueDeliveries(h.db, new Date(t.getTime() + 86_400_000))).claimed).toBe(0);
      expect(r.got.length).toBe(8);

      healthy = true;
      const retry = await admin("POST", `/webhooks/${sub.id}/deliveries/${failed.id}/retry`);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ status: "pending", attempts: 0 });
      expect((await runDueDeliveries(h.db, new Date(Date.now() + 1000))).delivered).toBe(1);
      expect((await admin("GET", `/webhooks/${sub.id}/deliveries`)).body[0]).toMatchObject({
        status: "delivered",
        attempts: 1,
        lastStatusCode: 204,
      });
      expect(r.got.length).toBe(9);
    } finally {
      await r.close();
    }
  });

  it("records a receiver that cannot be reached", async () => {
    const { admin, rep } = await orgWith("wh-down");
    const r = await startReceiver();
    await r.close(); // nobody listens on this port any more
    const sub = await subscribe(admin, r.url, ["deal.won"]);
    await rep("POST", `/deals/${await newDeal(rep, "Nobody home")}/win`, {});
    expect((await runDueDeliveries(h.db, new Date(Date.now() + 1000), noJitter)).retrying).toBe(1);
    const d = (await admin("GET", `/webhooks/${sub.id}/deliveries`)).body[0];
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(d.lastError).toMatch(/ECONNREFUSED|refused/i);
    expect((await admin("DELETE", `/webhooks/${sub.id}`)).status).toBe(200);
    expect((await runDueDeliveries(h.db, new Date(Date.now() + 86_400_000))).claimed).toBe(0);
  });
});

describe("the outbox is part of the change's transaction", () => {
  it("a change whose transaction fails enqueues nothing", async () => {
    const { admin, rep } = await orgWith("wh-tx");
    const sub = await subscribe(admin, "http://127.0.0.1:9/never", ["deal.won"]);
    const count = async () =>
      (
        await rows<{ n: number }>(
          h.db,
          sql`select count(*)::int as n from webhook_deliveries where subscription_id = ${sub.id}`,
        )
      )[0].n;
    const deal = await newDeal(rep, "Rolled back");
    // Fails at COMMIT, after the win, its audit row and its delivery row were written.
    await h.db.execute(sql`create function test_fail_win() returns trigger language plpgsql as $$
      begin raise exception 'commit refused (test)'; end $$`);
    await h.db.execute(sql`create constraint trigger test_fail_win after update on deals
      deferrable initially deferred for each row when (new.status = 'won') execute function test_fail_win()`);
    try {
      const r = await rep("POST", `/deals/${deal}/win`, {});
      expect(r.status).toBe(500);
    } finally {
      await h.db.execute(sql`drop trigger test_fail_win on deals`);
      await h.db.execute(sql`drop function test_fail_win()`);
    }
    expect(await count()).toBe(0);
    expect((await rep("GET", `/deals/${deal}`)).body.status).toBe("open");

    expect((await rep("POST", `/deals/${deal}/win`, {})).status).toBe(200);
    expect(await count()).toBe(1);
    // A refused change (the deal is won already) sends nothing either.
    expect((await rep("POST", `/deals/${deal}/win`, {})).status).toBe(409);
    expect(await count()).toBe(1);
    await admin("DELETE", `/webhooks/${sub.id}`);
  });
});

describe("durability and running once", () => {
  it("survives a restart: queued while no worker runs, delivered after the database is reopened", async () => {
    const r = await startReceiver();
    const pgUrl = h.kind === "postgres" ? (h.pool as any).options.connectionString : undefined;
    const dir = pgUrl ? undefined : mkdtempSync(join(tmpdir(), "stepwise-hooks-"));
    const open = () => (pgUrl ? openDb({ databaseUrl: pgUrl }) : openDb({ dataDir: dir }));
    try {
      const first = await open();
      await migrate(first);
      const { app: app1 } = createApp({ db: first.db });
      const { admin, rep } = await orgWith("wh-restart", first.db, app1);
      const sub = await subscribe(admin, r.url, ["deal.won"]);
      await rep("POST", `/deals/${await newDeal(rep, "Before restart")}/win`, {});
      await first.close();

      const second = await open();
      try {
        await migrate(second);
        expect((await runDueDeliveries(second.db, new Date(Date.now() + 1000))).delivered).toBe(1);
        expect(r.got.map((x) => x.body.event)).toEqual(["deal.won"]);
        verifySignature(sub.secret, r.got[0]);
        expect(r.got[0].body.organisation.slug).toBe("wh-restart");
      } finally {
        await second.close();
      }
    } finally {
      await r.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a stalled worker's lease expires: another worker sends the delivery, and the stale result is dropped", async () => {
    const { admin, rep } = await orgWith("wh-lease");
    const r = await startReceiver();
    try {
      const sub = await subscribe(admin, r.url, ["deal.won"]);
      await rep("POST", `/deals/${await newDeal(rep, "Stalled")}/win`, {});
      const t0 = new Date(Date.now() + 1000);
      let release!: () => void;
      const stalled = new Promise<void>((ok) => {
        release = ok;
      });
      // Worker A claims the delivery, then hangs in the network past its lease and finally sees a 500.
      const a = runDueDeliveries(h.db, t0, {
        leaseMs: 60_000,
        fetch: (async () => {
          await stalled;
          return new Response("no", { status: 500 });
        }) as typeof fetch,
      });
      await new Promise((ok) => setTimeout(ok, 100));
      expect((await runDueDeliveries(h.db, new Date(t0.getTime() + 59_000))).claimed).toBe(0); // still leased
      const b = await runDueDeliveries(h.db, new Date(t0.getTime() + 60_001));
      expect(b).toMatchObject({ claimed: 1, delivered: 1 });
      release();
      expect(await a).toMatchObject({ claimed: 1, delivered: 0, retrying: 0, failed: 0 });
      expect((await admin("GET", `/webhooks/${sub.id}/deliveries`)).body[0]).toMatchObject({
        status: "delivered",
        attempts: 1,
        lastStatusCode: 200,
      });
      expect(r.got.length).toBe(1);
    } finally {
      await r.close();
    }
  });

  it("two workers on one database deliver each event exactly once", async () => {
    const { admin, rep } = await orgWith("wh-two");
    const r = await startReceiver(() => 200, 15);
    // On PostgreSQL the second worker has its own connection pool, as a second server would.
    const other =
      h.kind === "postgres"
        ? await openDb({ databaseUrl: (h.pool as any).options.connectionString })
        : undefined;
    try {
      const sub = await subscribe(admin, r.url, ["activity.logged"]);
      const N = 30;
      for (let i = 0; i < N; i++) {
        const a = await rep("POST", "/activities", { kind: "call", step: 2, doneAt: "2026-02-01T10:00:00Z" });
        expect(a.status).toBe(201);
      }
      const opts = { intervalMs: 5, batchSize: 4, now: () => new Date(Date.now() + 1000) };
      const stopA = startWebhookWorker(h.db, opts);
      const stopB = startWebhookWorker(other?.db ?? h.db, opts);
      const deadline = Date.now() + 20_000;
      while (r.got.length < N && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
      await new Promise((ok) => setTimeout(ok, 100)); // room for a duplicate to show up
      await Promise.all([stopA(), stopB()]);

      const ids = r.got.map((x) => x.body.id);
      expect(ids.length).toBe(N);
      expect(new Set(ids).size).toBe(N);
      const log = (await admin("GET", `/webhooks/${sub.id}/deliveries?limit=200`)).body;
      expect(log.length).toBe(N);
      expect(log.every((d: any) => d.status === "delivered" && d.attempts === 1)).toBe(true);

      // And the claim itself: two rounds at the same instant split the queue between them.
      for (let i = 0; i < 10; i++) {
        await rep("POST", "/activities", { kind: "email", step: 2, doneAt: "2026-02-01T10:00:00Z" });
      }
      const now = new Date(Date.now() + 1000);
      const [x, y] = await Promise.all([
        runDueDeliveries(h.db, now, { batchSize: 10 }),
        runDueDeliveries(other?.db ?? h.db, now, { batchSize: 10 }),
      ]);
      expect(x.claimed + y.claimed).toBe(10);
      expect(x.delivered + y.delivered).toBe(10);
      expect(new Set(r.got.map((g) => g.body.id)).size).toBe(N + 10);
      expect(r.got.length).toBe(N + 10);
    } finally {
      await r.close();
      await other?.close();
    }
  });
});
