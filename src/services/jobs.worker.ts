/**
 * The durable jobs worker (issue 11, item 9): scheduled work — commitment
 * checks at due dates, weekly digests, reminders — kept in the `jobs` table and
 * run by any server on the database (the webhook queue's pattern; ARCHITECTURE.md
 * "Background work").
 *
 * A round claims due jobs under a lease, then runs each in its own transaction
 * that first marks the job done (only while the lease is held) and then does the
 * work: the work and "done" commit together, so a job's database effect happens
 * exactly once even when a server dies (its lease expires, the job is claimed
 * again, and it finds the job still pending). Work outside the database (an
 * email) happens before the commit: at least once. A job that throws is rolled
 * back and retried with backoff, `failed` after MAX_JOB_ATTEMPTS.
 * The clock is a parameter: tests step it instead of sleeping.
 */
import type { Db, Tx } from "../db/client.js";
import { type ClaimedJob, claimDueJobs, failJob, finishJob } from "../db/jobs.queries.js";
import { startRoundLoop } from "./rounds.js";

export const MAX_JOB_ATTEMPTS = 6;

export type JobHandler = (tx: Tx, job: ClaimedJob, now: Date) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface JobRoundOptions {
  handlers: JobHandlers;
  /** Jobs claimed per round (default 20). */
  batchSize?: number;
  /** How long a claim is held before another worker may take the job over (default 60 s). */
  leaseMs?: number;
  /** Called after each job's transaction committed (logs, tests). */
  onDone?: (job: ClaimedJob) => void;
}

export interface JobRoundResult {
  claimed: number;
  done: number;
  retrying: number;
  failed: number;
}

/** Retry delay after the `attempts`-th failure: 30 s × 4^(attempts-1), at most 6 h. */
export function jobBackoffMs(attempts: number): number {
  return Math.min(30_000 * 4 ** (attempts - 1), 6 * 3_600_000);
}

/** One round at `now`: claims what is due, runs each job once, records the outcome. */
export async function runDueJobs(db: Db, now: Date, opts: JobRoundOptions): Promise<JobRoundResult> {
  const claimed = await claimDueJobs(
    db,
    now,
    new Date(now.getTime() + (opts.leaseMs ?? 60_000)),
    opts.batchSize ?? 20,
  );
  const result: JobRoundResult = { claimed: claimed.length, done: 0, retrying: 0, failed: 0 };
  // One at a time: PGlite has one connection, and jobs are short.
  for (const job of claimed) {
    const handler = opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      const ran = await db.transaction(async (tx) => {
        if (!(await finishJob(tx, job, now))) return false; // lease lost: another worker has it
        await handler(tx, job, now);
        return true;
      });
      if (ran) {
        result.done++;
        opts.onDone?.(job);
      }
    } catch (e) {
      const attempts = job.attempts + 1;
      const retryAt = attempts >= MAX_JOB_ATTEMPTS ? null : new Date(now.getTime() + jobBackoffMs(attempts));
      const recorded = await failJob(db, job, (e as Error).message ?? String(e), retryAt);
      if (recorded) {
        if (retryAt) result.retrying++;
        else result.failed++;
      }
    }
  }
  return result;
}

export interface JobWorkerOptions extends JobRoundOptions {
  /** Pause between rounds when nothing was due (default 5 s). */
  intervalMs?: number;
  /** The clock (tests step it). */
  now?: () => Date;
  onError?: (e: unknown) => void;
  /** After each round (logs). */
  onRound?: (r: JobRoundResult) => void;
  /** Before each round (e.g. scheduling recurring jobs); errors go to onError. */
  beforeRound?: (now: Date) => Promise<void>;
}

/** Runs rounds until stopped (the loop in rounds.ts). Returns `stop`, which waits for the current round. */
export function startJobWorker(db: Db, opts: JobWorkerOptions): () => Promise<void> {
  const batchSize = opts.batchSize ?? 20;
  const clock = opts.now ?? (() => new Date());
  return startRoundLoop(
    async () => {
      const now = clock();
      await opts.beforeRound?.(now);
      const r = await runDueJobs(db, now, { ...opts, batchSize });
      opts.onRound?.(r);
      return r.claimed === batchSize;
    },
    {
      intervalMs: opts.intervalMs,
      onError: opts.onError ?? ((e) => console.error("[stepwise] jobs worker:", e)),
    },
  );
}
