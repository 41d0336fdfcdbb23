/**
 * The jobs Stepwise runs (kinds → handlers) and the worker `stepwise serve`
 * starts. Handlers run inside the job's transaction (jobs.worker.ts).
 */
import type { Db } from "../db/client.js";
import { type JobHandlers, type JobWorkerOptions, startJobWorker } from "./jobs.worker.js";
import { checkCommitment } from "./reviews.service.js";

export const JOB_HANDLERS: JobHandlers = {
  "commitment.check": (tx, job, now) => checkCommitment(tx, job.orgId, String(job.payload.commitmentId), now),
};

/** The worker with Stepwise's handlers. */
export function startStepwiseJobs(db: Db, opts: Partial<JobWorkerOptions> = {}): () => Promise<void> {
  return startJobWorker(db, { ...opts, handlers: { ...JOB_HANDLERS, ...opts.handlers } });
}
