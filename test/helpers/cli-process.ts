/**
 * The real `stepwise` CLI as a child process (for tests that kill it), and a
 * fingerprint of the database it wrote to: row count and a hash of every row
 * of every table (test/helpers/fingerprint.ts), to show "exactly as before".
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openDb } from "../../src/db/client.js";
import { type Fingerprint, fingerprint as fingerprintOf } from "./fingerprint.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
}

export function spawnCli(env: NodeJS.ProcessEnv, args: string[]): CliRun {
  const child = spawn(process.execPath, [`${ROOT}bin/stepwise.mjs`, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr!.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (res) => {
      child.on("exit", (code, signal) => res({ code, signal, stdout, stderr }));
    },
  );
  return { child, done };
}

/** Row count and a hash of every row of every table, in the database `env` points at. */
export async function fingerprint(env: NodeJS.ProcessEnv): Promise<Fingerprint> {
  const h = await openDb(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR },
  );
  // A closing connection may see its test database being dropped.
  h.pool?.on("error", () => {});
  try {
    return await fingerprintOf(h.db);
  } finally {
    await h.close();
  }
}
