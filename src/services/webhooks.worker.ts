/**
 * The webhook delivery worker. Deliveries live in the database (the queue is
 * webhook_deliveries), so any number of servers can run a worker on one
 * database, and a restart resumes where the last process stopped.
 *
 * Each round claims due deliveries under a lease (see claimDueDeliveries),
 * POSTs them with a timeout, and records the outcome: 2xx → delivered;
 * anything else → retried with exponential backoff, failed after MAX_ATTEMPTS.
 * A worker that dies mid-send leaves its lease to expire, and the delivery is
 * sent again: delivery is at least once, and receivers dedupe on the delivery id.
 */
import type { Db } from "../db/client.js";
import { type ClaimedDelivery, claimDueDeliveries, recordAttempt } from "../db/webhooks.queries.js";
import type { Network } from "./networks.js";
import { startRoundLoop } from "./rounds.js";
import { postGuarded, webhookAllowFromEnv } from "./webhook-targets.js";
import { signatureHeader } from "./webhooks.service.js";

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 3_600_000;

/**
 * Delay after the `attempts`-th failed attempt: 10 s × 2^(attempts-1), plus up
 * to 10 % jitter (so receivers that failed together are not retried together),
 * capped at one hour.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = BASE_DELAY_MS * 2 ** (attempts - 1);
  return Math.min(Math.round(base * (1 + 0.1 * random())), MAX_DELAY_MS);
}

export interface DeliveryOptions {
  /** Deliveries claimed per round (default 20). */
  batchSize?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** How long a claim is held before another worker may take the delivery over (default 60 s). */
  leaseMs?: number;
  /** Jitter source, 0 ≤ x < 1 (tests pass a constant). */
  random?: () => number;
  /** Only for tests that need a fake network (bypasses the target rules). */
  fetch?: typeof fetch;
  /**
   * Networks allowed as targets although not public (intranet receivers).
   * Default: STEPWISE_WEBHOOK_ALLOW; see webhook-targets.ts.
   */
  allow?: Network[];
}

export interface RoundResult {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const USER_AGENT = "Stepwise-Webhooks/1";

async function post(url: string, headers: Record<string, string>, body: string, opts: DeliveryOptions) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  if (!opts.fetch)
    return postGuarded(url, headers, body, { timeoutMs, allow: opts.allow ?? webhookAllowFromEnv() });
  const res = await opts.fetch(url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
}

async function send(d: ClaimedDelivery, now: Date, opts: DeliveryOptions) {
  const body = JSON.stringify(d.payload);
  try {
    const headers = {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "stepwise-event": d.event,
      "stepwise-delivery": d.id,
      "stepwise-signature": signatureHeader(d.secret, body, now),
    };
    const res = await post(d.url, headers, body, opts);
    return res.status >= 200 && res.status < 300
      ? { ok: true as const, statusCode: res.status, error: null }
      : { ok: false as const, statusCode: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: Error };
    const timedOut = err.name === "TimeoutError" || err.cause?.name === "TimeoutError";
    const reason = timedOut
      ? "timed out"
      : err.message.startsWith("refused:")
        ? err.message
        : (err.cause?.message ?? err.message);
    return { ok: false as const, statusCode: null, error: reason.slice(0, 500) };
  }
}

/** One round: claims what is due at `now`, sends it, records the outcome. */
export async function runDueDeliveries(
  db: Db,
  now: Date = new Date(),
  opts: DeliveryOptions = {},
): Promise<RoundResult> {
  const claimed = await claimDueDeliveries(
    db,
    now,
    new Date(now.getTime() + (opts.leaseMs ?? 60_000)),
    opts.batchSize ?? 20,
  );
  const result: RoundResult = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (d) => {
      const r = await send(d, now, opts);
      const attempts = d.attempts + 1;
      const status = r.ok ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "pending";
      const nextAttemptAt =
        status === "pending" ? new Date(now.getTime() + backoffMs(attempts, opts.random)) : now;
      const recorded = await recordAttempt(db, d, {
        status,
        attemptedAt: now,
        statusCode: r.statusCode,
        error: r.error,
        nextAttemptAt,
      });
      if (!recorded) return; // the lease expired and another worker owns the delivery now
      if (status === "delivered") result.delivered++;
      else if (status === "failed") result.failed++;
      else result.retrying++;
    }),
  );
  return result;
}

export interface WorkerOptions extends DeliveryOptions {
  /** Pause between rounds when the queue is empty (default 5 s). */
  intervalMs?: number;
  /** The clock (tests step it). */
  now?: () => Date;
  onError?: (e: unknown) => void;
}

/** Runs rounds until stopped (the loop in rounds.ts). Returns `stop`, which waits for the current round. */
export function startWebhookWorker(db: Db, opts: WorkerOptions = {}): () => Promise<void> {
  const batchSize = opts.batchSize ?? 20;
  const clock = opts.now ?? (() => new Date());
  return startRoundLoop(
    async () => (await runDueDeliveries(db, clock(), { ...opts, batchSize })).claimed === batchSize,
    {
      intervalMs: opts.intervalMs,
      onError: opts.onError ?? ((e) => console.error("[stepwise] webhook worker:", e)),
    },
  );
}
