/**
 * The jobs queue survives `kill -9`: the real `stepwise serve` is killed with
 * SIGKILL while commitment checks are due; a second server on the same
 * database checks every remaining commitment, and each commitment is checked
 * exactly once (one audit row, one result) — two real processes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import type { Ctx } from "../src/services/context.js";
import { createCommitment } from "../src/services/reviews.service.js";
import { spawnCli } from "./helpers/cli-process.js";
import { createPgTestDatabase } from "./helpers/db.js";
import { makeOrg, makePerson } from "./helpers/fixtures.js";

const N = 90;

let work: string;
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | undefined;

const open = () =>
  openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR });

async function query<T>(sqlText: string): Promise<T[]> {
  const h = await open();
  try {
    return ((await h.db.execute(sqlText)) as unknown as { rows: T[] }).rows;
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "stepwise-jobs-kill-"));
  env = {
    ...process.env,
    STEPWISE_DATA_DIR: join(work, "data"),
    STEPWISE_JOBS_BATCH: "3",
    STEPWISE_JOBS_INTERVAL_MS: "100",
    STEPWISE_JOBS_LEASE_MS: "1500",
  };
  delete env.DATABASE_URL;
  const pgDb = await createPgTestDatabase();
  if (pgDb) {
    env.DATABASE_URL = pgDb.url;
    dropDb = pgDb.drop;
  }
  // N commitments of one rep, due (end of 9 Jan 2026) long ago: every check is due when the server starts.
  const h: DbHandle = await open();
  await migrate(h);
  const org = await makeOrg(h.db, "killed");
  const m = await makePerson(h.db, org.id, { email: "m@k.test", role: "manager" });
  const r = await makePerson(h.db, org.id, { email: "r@k.test", role: "salesperson", managerId: m.id });
  const ctx: Ctx = {
    db: h.db,
    actor: {
      orgId: org.id,
      personId: m.id,
      email: m.email,
      name: "M",
      role: "manager",
      scope: "write",
      via: "token",
    },
  };
  // Made on the due date itself, so the queue holds only the checks (no "due today" reminders).
  const created = new Date("2026-01-09T08:00:00Z");
  for (let i = 0; i < N; i++) {
    // Targets 1..3 alternate; the rep made 2 calls in the window: target ≤ 2 kept, 3 missed.
    await createCommitment(
      ctx,
      {
        personId: r.id,
        text: `c${i}`,
        measure: { activityKind: "call" },
        target: (i % 3) + 1,
        dueDate: "2026-01-09",
      },
      created,
    );
  }
  await h.db.execute(
    `insert into activities (org_id, owner_id, kind, step, done_at)
     values ('${org.id}', '${r.id}', 'call', 2, '2026-01-09T10:00:00Z'), ('${org.id}', '${r.id}', 'call', 2, '2026-01-09T11:00:00Z')`,
  );
  await h.close();
}, 180_000);

afterAll(async () => {
  await dropDb?.();
  rmSync(work, { recursive: true, force: true });
});

describe("stepwise serve killed with SIGKILL while jobs are due", () => {
  it("after a restart every due commitment is checked exactly once", async () => {
    const first = spawnCli(env, ["serve", "--port", "0", "--no-demo"]);
    let out = "";
    first.child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (/jobs: \d+ done/.test(out)) first.child.kill("SIGKILL");
    });
    const end = await first.done;
    expect(end.signal).toBe("SIGKILL");

    const [mid] = await query<{ done: number; pending: number }>(
      `select count(*) filter (where status = 'done')::int as done, count(*) filter (where status = 'pending')::int as pending from jobs where kind = 'commitment.check'`,
    );
    // Killed part-way: some checks ran, some are still due.
    expect(mid.done).toBeGreaterThan(0);
    expect(mid.pending).toBeGreaterThan(0);
    expect(mid.done + mid.pending).toBe(N);

    // The second server takes over (the dead process's lock and leases) and finishes the queue.
    const second = spawnCli(env, ["serve", "--port", "0", "--no-demo"]);
    let done = 0;
    let out2 = "";
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; output:\n${out2}`)), 120_000);
      second.child.stdout!.on("data", (b: Buffer) => {
        out2 += b.toString();
        done = [...out2.matchAll(/jobs: (\d+) done/g)].reduce((a, m) => a + Number(m[1]), 0);
        if (done >= mid.pending) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    second.child.kill("SIGTERM");
    await second.done;
    expect(done).toBe(mid.pending);

    const checks = await query<{ n: number; commitments: number; maxPer: number }>(
      `select count(*)::int as n, count(distinct entity_id)::int as commitments,
              coalesce(max(c), 0)::int as "maxPer"
       from (select entity_id, count(*) over (partition by entity_id) as c
             from audit_log where entity = 'commitment' and action = 'check') x`,
    );
    expect(checks[0]).toEqual({ n: N, commitments: N, maxPer: 1 });
    const byStatus = await query<{ status: string; n: number }>(
      `select status, count(*)::int as n from commitments group by status order by status`,
    );
    // Targets 1, 2, 3 repeat: 90 / 3 = 30 each; 2 calls keep targets 1 and 2 (60), miss 3 (30).
    expect(byStatus).toEqual([
      { status: "kept", n: 60 },
      { status: "missed", n: 30 },
    ]);
    const jobs = await query<{ status: string; n: number }>(
      `select status, count(*)::int as n from jobs where kind = 'commitment.check' group by status`,
    );
    expect(jobs).toEqual([{ status: "done", n: N }]);
  }, 240_000);
});
