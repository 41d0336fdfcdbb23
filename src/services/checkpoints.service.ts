/**
 * Keeping the checkpoints of the organisation-wide lean figures fresh
 * (src/db/checkpoints.queries.ts, issue 14): an hourly durable job per
 * organisation, and the bulk writers (demo, import) after their load.
 *
 * Only organisations with at least CHECKPOINT_MIN_DEALS deals are checkpointed
 * (below, the plain query is fast and logging would only cost writes); the
 * period is the quarter containing the job's time (the screens' default) in the
 * organisation's zone, with its rate window.
 */
import {
  CHECKPOINT_MIN_DEALS,
  type CheckpointKey,
  dealCount,
  loggingState,
  markLoggingSince,
  organisationsToCheckpoint,
  refreshCheckpoint,
  startLogging,
  stopLogging,
  takeCheckpoint,
} from "../db/checkpoints.queries.js";
import type { Db, DbOrTx, Tx } from "../db/client.js";
import { type ClaimedJob, insertJob } from "../db/jobs.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { periodContaining, periodRange } from "../domain/periods.js";
import { resolveSettings } from "../domain/settings.js";

export const CHECKPOINT_JOB = "deal-stats.checkpoint";

const HOUR_MS = 3_600_000;
/** When logging was just switched on, or older writers were still running: try again this soon. */
const FOLLOW_UP_MS = 60_000;

/**
 * The job for the hour containing `now` (idempotent: one key per hour) of each
 * organisation with `minDeals` deals or logging on.
 */
export async function scheduleCheckpoints(
  db: Db | Tx,
  now: Date,
  minDeals = CHECKPOINT_MIN_DEALS,
): Promise<void> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  for (const orgId of await organisationsToCheckpoint(db, minDeals)) {
    await insertJob(db, {
      orgId,
      kind: CHECKPOINT_JOB,
      key: `${CHECKPOINT_JOB}:${hour.toISOString()}`,
      payload: {},
      runAt: hour,
    });
  }
}

/** The checkpoint key of the quarter containing `at` in the organisation's zone; null without the organisation. */
async function keyAt(db: DbOrTx, orgId: string, at: Date): Promise<CheckpointKey | null> {
  const org = await getOrganisation(db, orgId);
  if (!org) return null;
  const settings = resolveSettings(org.settings);
  const period = periodRange(periodContaining(at, "quarter", org.timeZone), org.timeZone);
  return { orgId, period, windowDays: settings.rateWindowDays };
}

/**
 * The job (in its own transaction): below `minDeals`, logging off and the checkpoints
 * gone; else logging switched on (its two steps in two runs: this transaction must
 * commit before `since` is taken) and the checkpoint as of `now` taken. When it could
 * not be taken yet, a follow-up runs a minute later.
 */
export async function checkpointJob(
  tx: Tx,
  job: ClaimedJob,
  now: Date,
  minDeals = CHECKPOINT_MIN_DEALS,
): Promise<void> {
  const k = await keyAt(tx, job.orgId, now);
  if (!k) return;
  const state = await loggingState(tx, job.orgId);
  if ((await dealCount(tx, job.orgId)) < minDeals) {
    if (state !== "off") await stopLogging(tx, job.orgId);
    return;
  }
  let taken = false;
  if (state === "off") await startLogging(tx, job.orgId);
  else {
    if (state === "starting") await markLoggingSince(tx, job.orgId);
    taken = await takeCheckpoint(tx, k, now);
  }
  if (!taken) {
    const at = new Date(now.getTime() + FOLLOW_UP_MS);
    await insertJob(tx, {
      orgId: job.orgId,
      kind: CHECKPOINT_JOB,
      key: `${CHECKPOINT_JOB}:follow-up:${at.toISOString()}`,
      payload: {},
      runAt: at,
    });
  }
}

/**
 * After a bulk write (the demo, an import) committed: the checkpoint of the quarter
 * containing `asOf`, as of `asOf`, for an organisation with enough deals (the writer's
 * own rows would otherwise wait for the next hourly job, read by the plain query).
 */
export async function checkpointAfterBulkWrite(db: Db, orgId: string, asOf: Date): Promise<boolean> {
  if ((await dealCount(db, orgId)) < CHECKPOINT_MIN_DEALS) return false;
  const k = await keyAt(db, orgId, asOf);
  return k !== null && (await refreshCheckpoint(db, k, asOf));
}
