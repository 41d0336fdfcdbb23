/**
 * The loop both background workers share (webhook deliveries, durable jobs):
 * run a round, then the next one at once while rounds come back full (there is
 * more due), else after `intervalMs`. `stop` waits for the round in flight, so
 * a server's shutdown never cuts a round's transaction short. Timers are
 * unref'd: a worker alone never keeps the process alive.
 */
export interface RoundLoopOptions {
  /** Pause between rounds when the last one was not full (default 5 s). */
  intervalMs?: number;
  /** Errors thrown by a round; the loop goes on after the pause. */
  onError: (e: unknown) => void;
}

/** Starts the loop; `round` resolves to whether it was full. Returns `stop`. */
export function startRoundLoop(round: () => Promise<boolean>, opts: RoundLoopOptions): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    let full = false;
    try {
      full = await round();
    } catch (e) {
      opts.onError(e);
    }
    if (!stopped) schedule(full ? 0 : intervalMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick();
    }, ms);
    timer.unref();
  };
  schedule(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
