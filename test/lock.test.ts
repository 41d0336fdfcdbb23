/**
 * Two processes on one embedded data directory: the second fails fast with a
 * message naming the first, and no row written through the first is lost.
 * Real processes (the CLI), a real data directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../src/db/client.js";
import { one } from "../src/db/sql.js";

const dir = mkdtempSync(join(tmpdir(), "stepwise-lock-"));
// The embedded database only: unset DATABASE_URL for the child processes.
const env = { ...process.env, STEPWISE_DATA_DIR: dir, DATABASE_URL: "" };
const cli = (args: string[]) => ["bin/stepwise.mjs", ...args];
let first: ChildProcess | undefined;

/**
 * Runs a CLI command to its end without blocking this process (spawnSync would
 * freeze the event loop, and with it the HTTP client's open connections).
 */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, cli(args), { env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      fail(new Error(`stepwise ${args.join(" ")} did not finish in 60 s: ${stderr}`));
    }, 60_000);
    p.once("exit", (status) => {
      clearTimeout(timer);
      ok({ status, stdout, stderr });
    });
  });
}

afterAll(() => {
  first?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function startServer(): Promise<{ proc: ChildProcess; url: string; setupCode?: string }> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, cli(["serve", "--port", "0", "--host", "127.0.0.1", "--no-demo"]), {
      env,
    });
    let out = "";
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 60_000);
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      const code = /Setup code[^:]*: (\S+)/.exec(out);
      // An empty database prints its one-time setup code; otherwise the organisations.
      if (m && (code || /Organisations:/.test(out))) {
        clearTimeout(timer);
        ok({ proc, url: m[1].replace("localhost", "127.0.0.1"), setupCode: code?.[1] });
      }
    });
    proc.stderr!.on("data", (d) => {
      out += d;
    });
    proc.once("exit", (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
}

describe("the embedded data directory lock", () => {
  it("refuses a second process, naming the first, and loses no row", async () => {
    const { proc, url, setupCode } = await startServer();
    first = proc;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/v1${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const setup = await post("/setup", {
      organisation: { name: "Lock Test", slug: "lock" },
      admin: { name: "Admin", email: "admin@lock.test", password: "a long enough password" },
      setupCode,
    });
    expect(setup.status).toBe(201);
    const s = await post("/auth/sign-in", { email: "admin@lock.test", password: "a long enough password" });
    const cookie = s.headers.get("set-cookie")!.split(";")[0];
    const { csrfToken } = (await s.json()) as { csrfToken: string };
    const auth = { cookie, "x-csrf-token": csrfToken };

    // The second process starts while the first is writing.
    const writes: Promise<Response>[] = [];
    for (let i = 0; i < 25; i++) writes.push(post("/deals", { name: `Deal ${i}`, value: 100 + i }, auth));
    const second = await run(["migrate"]);
    for (let i = 25; i < 50; i++) writes.push(post("/deals", { name: `Deal ${i}`, value: 100 + i }, auth));
    const statuses = (await Promise.all(writes)).map((r) => r.status);
    expect(statuses.every((x) => x === 201)).toBe(true);

    expect(second.status).toBe(1); // not null: it did not hang until the timeout
    expect(second.stderr).toContain(`in use by process ${proc.pid}`);
    expect(second.stderr).toContain(dir);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);

    // Stop the first process cleanly; the directory can then be opened and holds every row.
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
    first = undefined;
    const h = await openDb({ dataDir: dir });
    try {
      const n = await one<{ n: number; total: number }>(
        h.db,
        sql`select count(*)::int as n, sum(value)::float8 as total from deals`,
      );
      // 50 deals of value 100..149: 50 × 100 + (0 + … + 49) = 5000 + 1225
      expect(n).toEqual({ n: 50, total: 6225 });
    } finally {
      await h.close();
    }
  });

  it("takes over the lock of a process that was killed", async () => {
    if (first && first.exitCode === null) {
      // the test above failed before stopping its server
      const gone = new Promise((r) => first!.once("exit", r));
      first.kill("SIGKILL");
      await gone;
    }
    const { proc } = await startServer();
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGKILL");
    await exited;
    const r = await run(["migrate"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("migrations applied (pglite)");
  });

  it("takes over, with a message, the lock of a copied directory whose pid names another process here", async () => {
    const lockFile = join(dir, "stepwise.lock");
    const since = "2026-01-02T03:04:05.000Z";
    // This test's own pid is alive, but it is not the process that wrote these locks.
    const cases = [
      { host: "another-machine", why: "was locked on host another-machine" },
      {
        host: hostname(),
        boot: existsSync("/proc/sys/kernel/random/boot_id")
          ? readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()
          : undefined,
        start: "1",
        why: `names process ${process.pid}, which is now another program`,
      },
    ];
    for (const { why, ...fields } of cases) {
      writeFileSync(
        lockFile,
        JSON.stringify({ pid: process.pid, command: "stepwise serve", since, ...fields }),
      );
      const r = await run(["migrate"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(
        `stepwise: the data directory ${dir} ${why} (process ${process.pid}, since ${since}); ` +
          "that process is not running here, so this one takes the lock over.\n",
      );
      expect(existsSync(lockFile)).toBe(false); // released again at exit
    }
    // A lock naming this live process with nothing telling otherwise is still respected.
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, command: "stepwise serve", since }));
    const held = await run(["migrate"]);
    expect(held.status).toBe(1);
    expect(held.stderr).toContain(`in use by process ${process.pid}`);
    rmSync(lockFile);
  });
});
