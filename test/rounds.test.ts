// The loop shared by the webhook and jobs workers (src/services/rounds.ts).
// No wall-clock assertions: the pause between rounds is an hour, so any second
// round seen here ran because the first was full, never because time passed.
import { describe, expect, it } from "vitest";
import { startRoundLoop } from "../src/services/rounds.js";

const HOUR = 3_600_000;
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2_000 && !cond(); i++) await new Promise((ok) => setTimeout(ok, 5));
  expect(cond()).toBe(true);
};

describe("startRoundLoop", () => {
  it("runs again at once while rounds come back full, then waits for the interval", async () => {
    // Rounds 1–3 are full (more is due), round 4 is not: exactly 4 rounds run
    // before the hour-long pause.
    let rounds = 0;
    const stop = startRoundLoop(async () => ++rounds < 4, { intervalMs: HOUR, onError: () => {} });
    await until(() => rounds === 4);
    await new Promise((ok) => setTimeout(ok, 50));
    await stop();
    expect(rounds).toBe(4);
  });

  it("reports a failing round and carries on with the next one", async () => {
    // Round 1 throws: the error goes to onError (once), and the loop is still
    // alive, so round 2 runs after the (1 ms) pause.
    const errors: unknown[] = [];
    let rounds = 0;
    const stop = startRoundLoop(
      async () => {
        rounds++;
        if (rounds === 1) throw new Error("database went away");
        return false;
      },
      { intervalMs: 1, onError: (e) => errors.push(e) },
    );
    await until(() => rounds >= 2);
    await stop();
    expect((errors[0] as Error).message).toBe("database went away");
    expect(errors).toHaveLength(1);
  });

  it("stop waits for the round in flight and starts no other", async () => {
    let release!: () => void;
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    let started = 0;
    let finished = 0;
    const stop = startRoundLoop(
      async () => {
        started++;
        await held;
        finished++;
        return true; // full: would run again at once if not stopped
      },
      { intervalMs: HOUR, onError: () => {} },
    );
    await until(() => started === 1);
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await new Promise((ok) => setTimeout(ok, 20));
    expect(stopped).toBe(false); // the round is still running
    release();
    await stopping;
    expect(finished).toBe(1);
    await new Promise((ok) => setTimeout(ok, 20));
    expect(started).toBe(1);
  });
});
