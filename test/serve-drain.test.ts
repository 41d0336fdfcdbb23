/**
 * SIGTERM while reports run: the real `stepwise serve` (on the run's engine)
 * answers a stream of organisation-wide scorecards, some of whose clients
 * have gone (their request still runs on the server), and gets SIGTERM. The
 * drain waits for every request in flight — those without a client too —
 * before it closes the report worker and the database, so nothing meets a
 * closed pool ("Cannot use a pool after calling end on the pool" was logged)
 * and the process exits 0.
 *
 * On PostgreSQL the in-flight requests are made certain: `quotas` is locked by
 * another session, so three scorecards block inside their queries; their
 * clients leave, the server gets SIGTERM, and only once it logs that it is
 * stopping is the lock released. The three are finished (and logged) before
 * "stopped"; before the change the server closed its pools and exited under them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { migrate, openDb } from "../src/db/client.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { cliEnv } from "./helpers/cli-process.js";
import { type Served, startServe } from "./helpers/serve-process.js";

let work: string;
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "stepwise-serve-drain-"));
  ({ env, drop: dropDb } = await cliEnv(work));
  env.STEPWISE_LOG_FORMAT = "json";
  // Generous: the drain must end because the requests did, not because time ran out.
  env.STEPWISE_SHUTDOWN_TIMEOUT_MS = "120000";
  const h = await openDb(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR },
  );
  try {
    await migrate(h);
    await createDemoOrg(h, { people: 12, seed: 7, asOf: new Date("2026-11-15T00:00:00Z") });
  } finally {
    await h.close();
  }
}, 120_000);

afterAll(async () => {
  await dropDb?.();
  rmSync(work, { recursive: true, force: true });
});

async function execCookie(server: Served): Promise<string> {
  const s = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "exec@demo.test", password: DEMO_PASSWORD }),
  });
  expect(s.status).toBe(200);
  return s.headers.get("set-cookie")!.split(";")[0];
}

/** The output's JSON log lines. */
const logLines = (out: string) =>
  out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg: string; path?: string });

const SCORECARD = "/api/v1/metrics/scorecard?period=2026-Q4";

function expectCleanStop(result: { code: number | null }, out: string) {
  expect(result.code).toBe(0);
  expect(out).toContain('"msg":"stopped"');
  expect(out).not.toContain("Cannot use a pool");
  expect(out).not.toContain("unexpected error");
  expect(out).not.toContain("The database is closed");
  expect(out).not.toContain("worker exited");
  expect(out).not.toContain("still running");
}

it("SIGTERM with report requests in flight, some of them abandoned by their client: exit 0, no error logged", async () => {
  const server = await startServe(env);
  try {
    const cookie = await execCookie(server);
    const statuses: number[] = [];
    let answered = 0;
    let stop = false;
    const abandon: AbortController[] = [];
    // Six clients, each asking for the organisation-wide scorecard again as soon as it has one.
    const client = async (i: number) => {
      while (!stop) {
        const ac = new AbortController();
        if (i < 3) abandon[i] = ac;
        try {
          const r = await fetch(`${server.url}${SCORECARD}`, {
            headers: { cookie },
            signal: ac.signal,
          });
          await r.arrayBuffer();
          statuses.push(r.status);
          answered++;
        } catch {
          return; // aborted by the test, or the server has stopped accepting: not answered
        }
      }
    };
    const clients = [0, 1, 2, 3, 4, 5].map(client);
    // The reports flow: every client has been answered at least once on average.
    await expect.poll(() => answered, { timeout: 120_000, interval: 50 }).toBeGreaterThanOrEqual(6);
    // Three clients leave with their request running; at once the server is told to stop.
    for (const ac of abandon) ac.abort();
    const exited = server.done;
    const answeredBefore = answered;
    server.child.kill("SIGTERM");
    const result = await exited;
    stop = true;
    await Promise.all(clients);
    expectCleanStop(result, server.output());
    // Once stopping, an answer closes its connection: each client still there got the one
    // it was waiting for (and at most one more, asked before the signal was handled), then
    // found the server gone. Before, keep-alive connections never went idle and were
    // answered until the drain ran out of time (hundreds of reports here).
    expect(answered - answeredBefore).toBeLessThanOrEqual(6); // 3 clients × 2
    // Every answer was a report or "stopping" — never a 500.
    expect(statuses.filter((x) => x !== 200 && x !== 503)).toEqual([]);
  } finally {
    server.child.kill("SIGKILL");
  }
}, 240_000);

if (inject("pgTemplateUrl")) {
  it("PostgreSQL: three scorecards blocked in their queries, their clients gone, SIGTERM: they finish before the pools close", async () => {
    const server = await startServe(env);
    const locker = new pg.Client({ connectionString: env.DATABASE_URL });
    // Another session watches: inside the locker's transaction pg_stat_activity is one snapshot.
    const watcher = new pg.Client({ connectionString: env.DATABASE_URL });
    await locker.connect();
    await watcher.connect();
    try {
      const cookie = await execCookie(server);
      // One scorecard first: the report worker has started and answers.
      expect((await fetch(`${server.url}${SCORECARD}`, { headers: { cookie } })).status).toBe(200);
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE quotas IN ACCESS EXCLUSIVE MODE");
      const clients = [0, 1, 2].map(() => new AbortController());
      const asked = clients.map((ac) =>
        fetch(`${server.url}${SCORECARD}`, { headers: { cookie }, signal: ac.signal }).catch(() => "gone"),
      );
      // All three wait for the lock inside their queries (the report slots are 5: pool of 10 / 2).
      await expect
        .poll(
          async () =>
            (
              await watcher.query(
                "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
              )
            ).rows[0].n,
          { timeout: 60_000, interval: 50 },
        )
        .toBe(3);
      for (const ac of clients) ac.abort();
      expect(await Promise.all(asked)).toEqual(["gone", "gone", "gone"]);
      const exited = server.done;
      server.child.kill("SIGTERM");
      await expect
        .poll(() => server.output().includes("stopping: no new requests"), { timeout: 60_000, interval: 20 })
        .toBe(true);
      await locker.query("COMMIT");
      const result = await exited;
      const out = server.output();
      expectCleanStop(result, out);
      const lines = logLines(out);
      const stopping = lines.findIndex((l) => l.msg.startsWith("stopping"));
      const stopped = lines.findIndex((l) => l.msg === "stopped");
      // The three scorecards ended (and were logged) after the stop began and before it ended.
      const finished = lines.slice(stopping, stopped).filter((l) => l.path === "/api/v1/metrics/scorecard");
      expect(finished.length).toBe(3);
    } finally {
      await locker.end();
      await watcher.end();
      server.child.kill("SIGKILL");
    }
  }, 240_000);
}
