/**
 * Crash safety of `stepwise import`: the real CLI is killed with SIGKILL while it
 * stages the files and in the middle of applying a large import; the database
 * must be exactly as before, and the next import (taking over the dead
 * process's data-dir lock) must work.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint, spawnCli } from "./helpers/cli-process.js";
import { createPgTestDatabase } from "./helpers/db.js";
import { generateOrg } from "./helpers/import-files.js";

const SIZE = { reps: 10, deals: 15_000, activities: 30_000 };

let work: string;
let env: NodeJS.ProcessEnv;
let files: string[];
let dropDb: (() => Promise<void>) | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "stepwise-kill-"));
  files = await generateOrg(join(work, "files"), SIZE);
  env = { ...process.env, STEPWISE_DATA_DIR: join(work, "data") };
  delete env.DATABASE_URL;
  const pgDb = await createPgTestDatabase();
  if (pgDb) {
    env.DATABASE_URL = pgDb.url;
    dropDb = pgDb.drop;
  }
}, 120_000);

afterAll(async () => {
  await dropDb?.();
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[]) => spawnCli(env, args);

describe("stepwise import killed with SIGKILL", () => {
  it("leaves the database exactly as before, and the next import works", async () => {
    const base = cli(["import", files[0], "--format", "generic", "--org", "gen"]);
    expect((await base.done).code).toBe(0);
    const before = await fingerprint(env);
    // Every table an import writes is in the fingerprint (the audit log and the
    // trigger-kept deal_step_minima included), not only the ones it reads from files.
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        "organisations",
        "process_steps",
        "people",
        "accounts",
        "contacts",
        "quotas",
        "deals",
        "deal_steps",
        "deal_step_minima",
        "activities",
        "time_entries",
        "audit_log",
      ]),
    );
    expect(before.people.startsWith("11 ")).toBe(true);
    for (const t of ["contacts", "quotas", "deals", "deal_step_minima"]) expect(before[t]).toMatch(/^0 /);

    // Kill it while it streams a file into its staging table (a COPY … FROM STDIN is open on PostgreSQL).
    const staging = cli(["import", ...files, "--format", "generic", "--org", "gen"]);
    let stagingErr = "";
    staging.child.stderr!.on("data", (b: Buffer) => {
      stagingErr += b.toString();
      if (stagingErr.includes("import: reading deal_steps.csv")) staging.child.kill("SIGKILL");
    });
    expect((await staging.done).signal).toBe("SIGKILL");
    expect(stagingErr).not.toContain("import: checking");
    expect(await fingerprint(env)).toEqual(before);

    // Kill it once it is writing into the real tables (inside its transaction).
    const run = cli(["import", ...files, "--format", "generic", "--org", "gen"]);
    let stderr = "";
    run.child.stderr!.on("data", (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes("applying deal_steps.csv")) run.child.kill("SIGKILL");
    });
    const killed = await run.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(stderr).toContain("applying deals.csv");
    if (!env.DATABASE_URL) expect(existsSync(join(env.STEPWISE_DATA_DIR!, "stepwise.lock"))).toBe(true);

    expect(await fingerprint(env)).toEqual(before);

    const again = cli(["import", ...files, "--format", "generic", "--org", "gen"]);
    let out = "";
    again.child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
    });
    expect((await again.done).code).toBe(0);
    expect(out).toMatch(/deals\.csv\s+15000 rows: 15000 inserted, 0 updated, 0 unchanged/);
    const after = await fingerprint(env);
    expect(after.deals.startsWith("15000 ")).toBe(true);
    expect(after.deal_steps.startsWith("45000 ")).toBe(true);
    expect(after.activities.startsWith("30000 ")).toBe(true);
    expect(after.people).toBe(before.people);
    // 10 salespeople × 20 contacts; one quota each; one step-minima row per deal.
    expect(after.contacts).toMatch(/^200 /);
    expect(after.quotas).toMatch(/^10 /);
    expect(after.deal_step_minima).toMatch(/^15000 /);
  }, 300_000);
});
