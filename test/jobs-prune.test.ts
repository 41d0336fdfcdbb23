/**
 * Done jobs do not pile up: the worker deletes those done more than
 * DONE_JOBS_KEPT_DAYS (90) days ago, and only those — pending and failed jobs
 * stay, whatever their age, and so does a job done exactly 90 days ago.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { insertJob, pruneDoneJobs } from "../src/db/jobs.queries.js";
import { rows } from "../src/db/sql.js";
import { DONE_JOBS_KEPT_DAYS, startStepwiseJobs } from "../src/services/jobs.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg } from "./helpers/fixtures.js";

let h: DbHandle;
let orgId: string;
const NOW = new Date("2026-11-30T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

/** A job with this key, set to `status`, done (or last run) at `at`. */
async function job(key: string, status: "pending" | "done" | "failed", at: Date) {
  await insertJob(h.db, { orgId, kind: "test.kind", key, payload: {}, runAt: at });
  await h.db.execute(
    sql`update jobs set status = ${status}, done_at = ${status === "done" ? at.toISOString() : null}::timestamptz
        where org_id = ${orgId} and key = ${key}`,
  );
}

const keys = async () =>
  (
    await rows<{ key: string }>(
      h.db,
      sql`select key from jobs where org_id = ${orgId} and kind = 'test.kind' order by key`,
    )
  ).map((r) => r.key);

beforeAll(async () => {
  h = await createTestDb();
  orgId = (await makeOrg(h.db, "prune")).id;
});
afterAll(async () => {
  await h.close();
});

describe("pruning done jobs", () => {
  it("deletes jobs done before the cut, keeps the rest, at most `limit` at a time", async () => {
    expect(DONE_JOBS_KEPT_DAYS).toBe(90);
    const cut = daysAgo(90);
    await job("done-400d", "done", daysAgo(400));
    await job("done-91d", "done", daysAgo(91));
    await job("done-90d-1ms", "done", new Date(cut.getTime() - 1));
    await job("done-90d", "done", cut); // exactly at the cut: kept (strictly before goes)
    await job("done-89d", "done", daysAgo(89));
    await job("pending-400d", "pending", daysAgo(400));
    await job("failed-400d", "failed", daysAgo(400));

    // three are older than the cut: 2 go in the first call (limit 2), 1 in the second
    expect(await pruneDoneJobs(h.db, cut, 2)).toBe(2);
    expect(await pruneDoneJobs(h.db, cut, 2)).toBe(1);
    expect(await pruneDoneJobs(h.db, cut, 2)).toBe(0);
    expect(await keys()).toEqual(["done-89d", "done-90d", "failed-400d", "pending-400d"]);
  });

  it("is done by the worker Stepwise serve starts", async () => {
    await job("worker-done-200d", "done", daysAgo(200));
    await job("worker-done-10d", "done", daysAgo(10));
    const stop = startStepwiseJobs(h.db, { now: () => NOW, intervalMs: 20, mailer: null, handlers: {} });
    try {
      await expect
        .poll(async () => (await keys()).includes("worker-done-200d"), { timeout: 20_000 })
        .toBe(false);
    } finally {
      await stop();
    }
    expect(await keys()).toContain("worker-done-10d");
  });
});
