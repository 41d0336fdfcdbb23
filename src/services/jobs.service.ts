/**
 * The jobs Stepwise runs (kinds → handlers) and the worker `stepwise serve`
 * starts. Handlers run inside the job's transaction (jobs.worker.ts).
 */
import type { Db } from "../db/client.js";
import { pruneDoneJobs } from "../db/jobs.queries.js";
import { COACHING_FOLLOW_UP_JOB } from "../domain/coaching.js";
import { CHECKPOINT_JOB, checkpointJob, scheduleCheckpoints } from "./checkpoints.service.js";
import { remindCoachingFollowUp } from "./coaching.service.js";
import { scheduleDigests, sendWeeklyDigest } from "./digest.service.js";
import { type JobHandlers, type JobWorkerOptions, startJobWorker } from "./jobs.worker.js";
import { type Mailer, mailerFromEnv } from "./mail.js";
import {
  checkCommitment,
  remindCommitment,
  remindOverdueReviews,
  scheduleReviewReminders,
} from "./reviews.service.js";

export function jobHandlers(deps: { mailer: Mailer | null }): JobHandlers {
  return {
    "commitment.check": (tx, job, now) =>
      checkCommitment(tx, job.orgId, String(job.payload.commitmentId), now),
    "commitment.remind": (tx, job, now) =>
      remindCommitment(tx, job.orgId, String(job.payload.commitmentId), now),
    "digest.weekly": (tx, job, now) => sendWeeklyDigest(tx, job, now, deps.mailer),
    "reviews.due": (tx, job, now) => remindOverdueReviews(tx, job.orgId, now),
    [CHECKPOINT_JOB]: (tx, job, now) => checkpointJob(tx, job, now),
    [COACHING_FOLLOW_UP_JOB]: (tx, job, now) =>
      remindCoachingFollowUp(tx, job.orgId, String(job.payload.sessionId), now),
  };
}

/** The handlers without email (tests, and servers without SMTP). */
export const JOB_HANDLERS: JobHandlers = jobHandlers({ mailer: null });

const SCHEDULE_EVERY_MS = 10 * 60_000;

/** Done jobs are kept this long (diagnostics), then deleted by the worker. */
export const DONE_JOBS_KEPT_DAYS = 90;

/** The worker with Stepwise's handlers; email over SMTP when STEPWISE_SMTP_URL is set. */
export function startStepwiseJobs(
  db: Db,
  opts: Partial<JobWorkerOptions> & { mailer?: Mailer | null } = {},
): () => Promise<void> {
  const mailer = opts.mailer === undefined ? mailerFromEnv() : opts.mailer;
  let scheduledAt = Number.NEGATIVE_INFINITY;
  return startJobWorker(db, {
    ...opts,
    handlers: { ...jobHandlers({ mailer }), ...opts.handlers },
    // Recurring jobs (the weekly digest, the daily overdue-review reminders, the hourly
    // checkpoints of the organisation-wide figures) are put in the queue
    // now and then; their keys make it idempotent. Jobs done long ago go then too
    // (the hourly checkpoints alone leave 8,760 rows a year per big organisation).
    beforeRound: async (now) => {
      if (now.getTime() - scheduledAt < SCHEDULE_EVERY_MS) return;
      scheduledAt = now.getTime();
      await scheduleDigests(db, now);
      await scheduleReviewReminders(db, now);
      await scheduleCheckpoints(db, now);
      await pruneDoneJobs(db, new Date(now.getTime() - DONE_JOBS_KEPT_DAYS * 86_400_000));
    },
  });
}
