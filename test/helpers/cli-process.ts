/**
 * The real `stepwise` CLI as a child process (for tests that kill it), and a
 * fingerprint of the database it wrote to: row count and a hash of every row
 * of the tables an import touches, to show "exactly as before".
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openDb } from "../../src/db/client.js";

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

const TABLES = ["organisations", "process_steps", "people", "deals", "deal_steps", "activities", "accounts"];

/** Row count and a hash of every row of every table, in the database `env` points at. */
export async function fingerprint(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const h = await openDb(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR },
  );
  // A closing connection may see its test database being dropped.
  h.pool?.on("error", () => {});
  try {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const r = (await h.db.execute(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM ${t} t`,
      )) as unknown as { rows: { n: number; h: string }[] };
      out[t] = `${r.rows[0].n} ${r.rows[0].h}`;
    }
    return out;
  } finally {
    await h.close();
  }
}
