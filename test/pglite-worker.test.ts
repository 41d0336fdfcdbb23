/**
 * The embedded database off the event loop (src/db/pglite-proxy.ts +
 * pglite-worker.mjs): a slow query no longer stops timers or other requests;
 * transactions keep one connection and make other queries wait; errors keep
 * PostgreSQL's codes; queued work of a request whose client left is dropped;
 * a request that has used little database time goes before one that used a
 * lot; a data directory survives close and reopen. Orderings are asserted,
 * never durations. The event-loop check also runs on PostgreSQL when the suite
 * does (createTestDb); the rest is about the embedded database and always
 * runs on PGlite.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DbHandle, migrate, openDb, withRequestSignal } from "../src/db/client.js";
import { loadDealStats, OWNERS_PER_PIECE } from "../src/db/dealstats.queries.js";
import {
  ESCALATE_FACTOR,
  type PgliteClient,
  type PgliteTx,
  UNKNOWN_ROUTE_COST,
} from "../src/db/pglite-proxy.js";
import { periodRange, windowEndingAt } from "../src/domain/periods.js";
import { signIn } from "../src/services/auth.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson, PASSWORD } from "./helpers/fixtures.js";

let h: DbHandle;
let any: DbHandle;
beforeAll(async () => {
  const file = inject("pgliteTemplate");
  // On a PostgreSQL run there is no PGlite template: a fresh in-memory database, migrated.
  h = file
    ? await openDb({ memory: true, loadDataDir: new Blob([readFileSync(file)]) })
    : await openDb({ memory: true });
  if (!file) await migrate(h); // the report's tables (the template is migrated already)
  any = await createTestDb();
  await h.pglite!.exec("CREATE TABLE t (id int PRIMARY KEY, note text)");
});
afterAll(async () => {
  await h.close();
  await any.close();
});

const sleep = (s: number) => sql.raw(`SELECT pg_sleep(${s})`);

describe("a slow query", () => {
  it("does not stop the event loop: a timer and an HTTP request complete while it runs", async () => {
    const server = createServer((_q, r) => r.end("static"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      for (const handle of [h, any]) {
        const order: string[] = [];
        const slow = handle.db.execute(sleep(1.5)).then(() => order.push("query"));
        setTimeout(() => order.push("timer"), 0);
        const page = fetch(`http://127.0.0.1:${port}/`)
          .then((r) => r.text())
          .then((t) => order.push(t));
        await Promise.all([slow, page]);
        // In-process PGlite ran pg_sleep on this thread: the timer and the page came after the query.
        expect(order, handle.kind).toEqual(["timer", "static", "query"]);
      }
    } finally {
      server.close();
    }
  });
});

describe("transactions in the worker", () => {
  it("make a query from outside wait until the commit, and it sees the committed row", async () => {
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t VALUES (1, 'in tx')`);
      outside = h.db.execute(sql`SELECT count(*)::int AS n FROM t WHERE id = 1`).then((r) => {
        order.push("outside");
        return (r as unknown as { rows: { n: number }[] }).rows[0].n;
      });
      // Give the outside query every chance to run in the middle.
      await tx.execute(sleep(0.2));
      await tx.execute(sql`UPDATE t SET note = 'committed' WHERE id = 1`);
      order.push("commit");
    });
    // 1 row with id 1: the outside query ran after the commit, not inside the open transaction.
    expect(await outside).toBe(1);
    expect(order).toEqual(["commit", "outside"]);
  });

  it("roll back on throw, and a nested savepoint rolls back alone", async () => {
    await expect(
      h.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t VALUES (2, 'rolled back')`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await h.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t VALUES (3, 'kept')`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`INSERT INTO t VALUES (4, 'savepoint')`);
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
    });
    const r = await h.pglite!.query<{ id: number }>("SELECT id FROM t WHERE id IN (2, 3, 4) ORDER BY id");
    // 2 rolled back with its transaction, 4 with its savepoint, 3 committed.
    expect(r.rows.map((x) => x.id)).toEqual([3]);
  });

  it("keep PostgreSQL's error fields: a unique violation is 23505 naming its constraint", async () => {
    const e = await h.db.execute(sql`INSERT INTO t VALUES (1, 'again')`).then(
      () => undefined,
      (x: Error & { cause?: unknown }) => x,
    );
    const pgErr = ((e as { cause?: unknown })?.cause ?? e) as { code?: string; constraint?: string };
    expect(pgErr.code).toBe("23505");
    expect(pgErr.constraint).toBe("t_pkey");
    // the database is usable afterwards
    const r = await h.pglite!.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
    expect(r.rows[0].n).toBe(2); // ids 1 and 3
  });

  it("COPY FROM '/dev/blob' in a transaction, and a dump that restores", async () => {
    await h.pglite!.transaction(async (tx) => {
      await tx.query("COPY t (id, note) FROM '/dev/blob' WITH (FORMAT csv)", [], {
        blob: new Blob(["10,a\n11,b\n"]),
      });
    });
    const dump = await h.pglite!.dumpDataDir("none");
    const copy = await openDb({ memory: true, loadDataDir: dump });
    try {
      const r = await copy.pglite!.query<{ id: number }>("SELECT id FROM t WHERE id >= 10 ORDER BY id");
      expect(r.rows.map((x) => x.id)).toEqual([10, 11]);
    } finally {
      await copy.close();
    }
  });
});

describe("scheduling and cancellation", () => {
  it("drops a queued query of a request whose client has gone; a started one finishes", async () => {
    const client = new AbortController();
    const started = h.db.execute(sleep(0.5)).then(() => "done"); // sent now; holds the database
    const queued = withRequestSignal(client.signal, async () =>
      h.db.execute(sql`INSERT INTO t VALUES (20, 'should not be written')`).then((r) => r),
    );
    const settled = queued.then(
      () => "written",
      (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code,
    );
    client.abort();
    expect(await settled).toBe("57014");
    expect(await started).toBe("done");
    const r = await h.pglite!.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id = 20");
    expect(r.rows[0].n).toBe(0);
    // Already aborted: refused before it is sent.
    await expect(withRequestSignal(client.signal, () => h.pglite!.query("SELECT 1"))).rejects.toMatchObject({
      code: "57014",
    });
  });

  // The blocker holds the worker while the queries to be ordered arrive; they are sent once
  // the worker has surely started it. Generous on purpose: on a loaded 2-core machine the
  // worker thread may not run for tens of milliseconds (this once failed at 50 ms / 0.3 s).
  const BLOCKER_S = 0.8;
  const BLOCKER_START_MS = 200;

  it("runs a light request's query before a heavy request's next one, though asked later", async () => {
    const order: string[] = [];
    // The heavy request has used ~0.3 s of database time; the light one none.
    const heavy = withRequestSignal(undefined, async () => {
      await h.db.execute(sleep(0.3));
      // Drizzle's queries are lazy: `.then` sends them, here inside the request.
      const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker")); // runs while the next two wait
      await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
      const next = h.db.execute(sql`SELECT 1`).then(() => order.push("heavy"));
      return { blocker, next };
    });
    const { blocker, next } = await heavy;
    const light = withRequestSignal(undefined, () => h.db.execute(sql`SELECT 2`)).then(() =>
      order.push("light"),
    );
    await Promise.all([blocker, next, light]);
    expect(order).toEqual(["blocker", "light", "heavy"]);
  });

  it("runs heavy requests oldest first, so a burst of reports finishes one after the other", async () => {
    const order: string[] = [];
    const heavy = (name: string, s: number) => {
      let go: () => void = () => {};
      const gate = new Promise<void>((r) => {
        go = r;
      });
      let first: () => void = () => {};
      const firstDone = new Promise<void>((r) => {
        first = r;
      });
      const done = withRequestSignal(undefined, async () => {
        await h.db.execute(sleep(s)); // this request's database time so far
        first();
        await gate;
        await h.db.execute(sql`SELECT 1`).then(() => order.push(name));
      });
      return { go, done, firstDone };
    };
    // A is older and has used more (0.33 s) than B (0.28 s); both in one cost class, powers
    // of two of ms: class 8 is 255–510 ms (log2(1 + 330) = 8.37, log2(1 + 280) = 8.13), with
    // room for the measured time to exceed the sleep on a busy machine.
    const a = heavy("A", 0.33);
    const b = heavy("B", 0.28);
    await Promise.all([a.firstDone, b.firstDone]);
    const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker"));
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    b.go(); // B asks first …
    await new Promise((r) => setTimeout(r, 20));
    a.go(); // … A later, while the blocker runs
    await Promise.all([blocker, a.done, b.done]);
    expect(order).toEqual(["blocker", "A", "B"]);
  });

  it("ranks a request by what its route has cost lately, from its first query on", async () => {
    const order: string[] = [];
    // The report route has cost 0.3 s of database time per request.
    await withRequestSignal(undefined, async () => void (await h.db.execute(sleep(0.3))), "GET /report");
    const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker"));
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    const report = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 1`).then(() => order.push("report"))),
      "GET /report",
    );
    const signIn = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 2`).then(() => order.push("sign-in"))),
      "POST /sign-in",
    );
    await Promise.all([blocker, report, signIn]);
    // The report asked first, but its route is known to be costly; sign-in's is not.
    expect(order).toEqual(["blocker", "sign-in", "report"]);
  });

  it("reads a report's deal figures for 20 owners in 3 pieces, and runs a cheaper request between them", async () => {
    // A started statement cannot be interrupted: the org-wide report's one statement held
    // every sign-in behind it. In pieces (OWNERS_PER_PIECE owners each: 8 + 8 + 4 = 20),
    // a request that arrives while the first piece runs goes before the next piece.
    expect(OWNERS_PER_PIECE).toBe(8);
    await withRequestSignal(undefined, async () => void (await h.db.execute(sleep(0.3))), "GET /org-report");
    const pg = h.pglite as PgliteClient;
    const original = pg.transaction;
    const run = original.bind(pg);
    const events: string[] = [];
    let pieces = 0;
    let cheap: Promise<unknown> | undefined;
    pg.transaction = <T>(fn: (tx: PgliteTx) => Promise<T>): Promise<T> => {
      const n = ++pieces;
      events.push(`start ${n}`);
      return run<T>((tx: PgliteTx) => {
        // The piece holds the database now; a sign-in-like request arrives.
        cheap ??= withRequestSignal(
          undefined,
          async () => void (await h.db.execute(sql`SELECT 2`)),
          "POST /cheap-now",
        ).then(() => events.push("cheap"));
        return fn(tx);
      }).finally(() => events.push(`end ${n}`));
    };
    try {
      const period = periodRange("2026-Q4", "UTC");
      const asOf = new Date("2026-11-15T00:00:00Z");
      const ownerIds = Array.from(
        { length: 20 },
        (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      );
      const stats = await withRequestSignal(
        undefined,
        () =>
          loadDealStats(h.db, {
            orgId: "00000000-0000-4000-8000-000000000099",
            ownerIds,
            period,
            asOf,
            winNow: windowEndingAt(asOf, 90),
            winStart: windowEndingAt(period.start, 90),
            scope: "full",
          }),
        "GET /org-report",
      );
      await cheap;
      expect(stats.size).toBe(0); // nobody owns a deal here: only the scheduling is observed
      expect(pieces).toBe(3);
      // Asked while piece 1 ran, answered before piece 2 ended (whole, it waited for the one statement).
      expect(events.indexOf("cheap")).toBeGreaterThan(events.indexOf("start 1"));
      expect(events.indexOf("cheap")).toBeLessThan(events.indexOf("end 2"));
    } finally {
      pg.transaction = original;
    }
  });

  it("holds the database a moment for the request it served, so a report's next query goes before a newer report's", async () => {
    const order: string[] = [];
    // The route has cost ~1 s per request: both reports below rank in its class (A's 0.5 s
    // so far stays under it), A older.
    await withRequestSignal(undefined, async () => void (await h.db.execute(sleep(1))), "GET /held-report");
    const a = withRequestSignal(
      undefined,
      async () => {
        await h.db.execute(sleep(0.5)).then(() => order.push("A1"));
        // Asked only once A1's answer is here: B's query has been waiting all along.
        await h.db.execute(sql`SELECT 1`).then(() => order.push("A2"));
      },
      "GET /held-report",
    );
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    const b = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 2`).then(() => order.push("B"))),
      "GET /held-report",
    );
    await Promise.all([a, b]);
    // Without the hold, B's query ran in the gap between A's two (A1, B, A2).
    expect(order).toEqual(["A1", "A2", "B"]);
  });

  it("keeps a known cheap route cheap when one of its statements was slow (a busy machine)", async () => {
    const order: string[] = [];
    await withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 1`)),
      "POST /sign-in3",
    );
    let goBoard: () => void = () => {};
    const boardGate = new Promise<void>((r) => {
      goBoard = r;
    });
    let goSignIn: () => void = () => {};
    const signInGate = new Promise<void>((r) => {
      goSignIn = r;
    });
    // The board's request is older (it started first) and its route is new (UNKNOWN_ROUTE_COST,
    // class 5). The sign-in's first statement took 40 ms (as a 2 ms one can on a loaded
    // machine): counted as is, class 5 too (log2(1 + 40) = 5.36), and the older board went
    // first. Its route's usual is ~1 ms, so it counts as max(usual, 40 / ESCALATE_FACTOR) = 10 ms:
    // class 3.
    const board = withRequestSignal(
      undefined,
      async () => {
        await boardGate;
        await h.db.execute(sql`SELECT 1`).then(() => order.push("board"));
      },
      "GET /board3",
    );
    const signIn = withRequestSignal(
      undefined,
      async () => {
        await h.db.execute(sleep(0.04));
        await signInGate;
        await h.db.execute(sql`SELECT 2`).then(() => order.push("sign-in"));
      },
      "POST /sign-in3",
    );
    await new Promise((r) => setTimeout(r, 100)); // the sign-in's slow statement has run
    const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker"));
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    goBoard(); // the board asks first …
    await new Promise((r) => setTimeout(r, 20));
    goSignIn(); // … the sign-in later, while the blocker runs
    await Promise.all([blocker, board, signIn]);
    expect(ESCALATE_FACTOR).toBe(4);
    expect(order).toEqual(["blocker", "sign-in", "board"]);
  });

  it("learns a route's cost only from requests that were answered: not from clients that left, nor from refusals", async () => {
    const order: string[] = [];
    // The report route has cost 0.3 s per request (class 8: log2(1 + 300) = 8.2); the list's
    // 0.05 s (class 5: log2(1 + 50) = 5.7, and under 63 ms on a busy machine: class ≤ 5).
    await withRequestSignal(undefined, async () => void (await h.db.execute(sleep(0.3))), "GET /report4");
    await withRequestSignal(undefined, async () => void (await h.db.execute(sleep(0.05))), "GET /list4");
    // Then ten report requests that used no database time: five whose client left before
    // their first query (the end of a burst), five refused (a 4xx: answered() is false).
    // Learnt, each would cut the usual to 0.7 of it: 300 × 0.7^10 = 8.5 ms, class 3 — the
    // report would go before the list below.
    for (let i = 0; i < 5; i++) {
      const left = new AbortController();
      left.abort();
      await withRequestSignal(left.signal, () => h.db.execute(sql`SELECT 1`), "GET /report4").catch(() => {});
      await withRequestSignal(
        undefined,
        async () => "refused",
        "GET /report4",
        () => false,
      );
    }
    const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker"));
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    const report = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 1`).then(() => order.push("report"))),
      "GET /report4",
    );
    const list = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 2`).then(() => order.push("list"))),
      "GET /list4",
    );
    await Promise.all([blocker, report, list]);
    // The report asked first; its route still counts its 0.3 s.
    expect(order).toEqual(["blocker", "list", "report"]);
  });

  it("ranks a route not seen yet above a known cheap one until its first request ends", async () => {
    const order: string[] = [];
    // Sign-in's route is known: one request of a trivial query (a few ms at most even on a
    // busy machine; under 31 ms is class ≤ 4, log2(1 + 30) = 4.95). The board's route is new.
    await withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 1`)),
      "POST /sign-in2",
    );
    const blocker = h.db.execute(sleep(BLOCKER_S)).then(() => order.push("blocker"));
    await new Promise((r) => setTimeout(r, BLOCKER_START_MS));
    const board = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 1`).then(() => order.push("board"))),
      "GET /board2",
    );
    const signIn = withRequestSignal(
      undefined,
      async () => void (await h.db.execute(sql`SELECT 2`).then(() => order.push("sign-in"))),
      "POST /sign-in2",
    );
    await Promise.all([blocker, board, signIn]);
    // Unknown counts as UNKNOWN_ROUTE_COST = 32 ms (class 5: log2(1 + 32) = 5.04), so the
    // board's first query waits although it asked first; at 0 it went first (the older request).
    expect(UNKNOWN_ROUTE_COST).toBe(32);
    expect(order).toEqual(["blocker", "sign-in", "board"]);
  });
});

describe("a sign-in under load", () => {
  it("is two statements (one read, one write), each of which may wait for a report's running one", async () => {
    // PGlite runs one statement at a time and cannot interrupt one: every statement of a
    // sign-in may wait for the unit a report is running. Four statements (throttle state,
    // the people with that email, the attempt, the session) were four such waits.
    const org = await makeOrg(h.db, "two-statements");
    await makePerson(h.db, org.id, { email: "two@statements.test", role: "salesperson" });
    const pg = h.pglite as PgliteClient;
    const calls: string[] = [];
    const original = { query: pg.query, exec: pg.exec, transaction: pg.transaction };
    pg.query = ((text: string, ...rest: unknown[]) => {
      calls.push(text.replace(/\s+/g, " ").trim().slice(0, 60));
      return (original.query as (...a: unknown[]) => unknown).call(pg, text, ...rest);
    }) as typeof pg.query;
    pg.exec = ((text: string, ...rest: unknown[]) => {
      calls.push(text.replace(/\s+/g, " ").trim().slice(0, 60));
      return (original.exec as (...a: unknown[]) => unknown).call(pg, text, ...rest);
    }) as typeof pg.exec;
    pg.transaction = ((...a: unknown[]) => {
      calls.push("transaction");
      return (original.transaction as (...a: unknown[]) => unknown).apply(pg, a);
    }) as typeof pg.transaction;
    try {
      const ok = await signIn(h.db, {
        email: "two@statements.test",
        password: PASSWORD,
        clientAddress: "192.0.2.1",
      });
      expect(ok.actor.email).toBe("two@statements.test");
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatch(/^with a as/);
      expect(calls[1]).toMatch(/^with attempt as \( insert into sign_in_attempts/);
      calls.length = 0;
      await expect(
        signIn(h.db, { email: "two@statements.test", password: "wrong", clientAddress: "192.0.2.1" }),
      ).rejects.toMatchObject({ code: "unauthenticated" });
      // A failure: the read and one insert of both throttle keys (1 % of them also prune old attempts).
      expect(
        calls.length === 2 || (calls.length === 3 && /^delete from sign_in_attempts/.test(calls[2])),
      ).toBe(true);
      expect(calls[1]).toMatch(/^insert into "sign_in_attempts"/);
    } finally {
      Object.assign(pg, original);
    }
    // What the statements wrote: the success and the failure for the pair, the failure for the
    // address, and one session.
    const rows = (await h.db.execute(
      sql`select key, succeeded from sign_in_attempts where key like '%192.0.2.1' order by id`,
    )) as unknown as { rows: { key: string; succeeded: boolean }[] };
    expect(rows.rows).toEqual([
      { key: "pair:two@statements.test|192.0.2.1", succeeded: true },
      { key: "pair:two@statements.test|192.0.2.1", succeeded: false },
      { key: "ip:192.0.2.1", succeeded: false },
    ]);
  });
});

describe("a data directory", () => {
  it("keeps committed rows across close and reopen, and stays locked while open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stepwise-worker-"));
    try {
      const a = await openDb({ dataDir: dir });
      await a.pglite!.exec("CREATE TABLE k (n int); INSERT INTO k VALUES (7)");
      await expect(openDb({ dataDir: dir })).rejects.toThrow(/already open in this process/);
      await a.close();
      const b = await openDb({ dataDir: dir });
      const r = await b.pglite!.query<{ n: number }>("SELECT n FROM k");
      await b.close();
      expect(r.rows).toEqual([{ n: 7 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
