/**
 * `stepwise serve` as an operator meets it, with real processes: start-up
 * errors are one sentence and exit 1 with nothing written; the health probes;
 * request ids and structured request logs (never a password); SIGTERM under
 * load loses no acknowledged write and leaves no lock behind.
 */

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../src/db/client.js";
import { spawnCli } from "./helpers/cli-process.js";
import { type Served, signIn, startServe } from "./helpers/serve-process.js";

const work = mkdtempSync(join(tmpdir(), "stepwise-serve-"));
const base: NodeJS.ProcessEnv = { ...process.env, STEPWISE_LOG_FORMAT: "json" };
delete base.DATABASE_URL;
delete base.PORT;
const envOf = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({
  ...base,
  STEPWISE_DATA_DIR: join(work, dir),
  ...extra,
});
let server: Served | undefined;

afterAll(() => {
  server?.child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

const PASSWORD = "a long enough password";

describe("start-up errors a person can act on", () => {
  it("a taken port: one line, exit 1, and no data directory created", async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", () => ok()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await spawnCli(envOf("taken"), ["serve", "--port", String(port), "--host", "127.0.0.1"]).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `stepwise: Port ${port} is already in use by another program: stop it, or choose another port with --port or PORT.\n`,
      );
      expect(r.stdout).toBe(""); // no "creating the demo organisation"
      expect(existsSync(join(work, "taken"))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("a data directory that is not a folder or holds a damaged database, a bad DATABASE_URL and an unreachable PostgreSQL: one line each, exit 1", async () => {
    writeFileSync(join(work, "afile"), "x");
    const serve = ["serve", "--port", "0", "--host", "127.0.0.1"];
    const notDir = await spawnCli(envOf("afile/data"), serve).done;
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toBe(
      `stepwise: The data directory ${join(work, "afile/data")} is not a folder (a file is in the way): set STEPWISE_DATA_DIR to a folder.\n`,
    );

    // A damaged database (here: a pgdata that is not one) is named, with what to do; the lock is released.
    mkdirSync(join(work, "damaged/pgdata"), { recursive: true });
    writeFileSync(join(work, "damaged/pgdata/PG_VERSION"), "garbage\n");
    const damaged = await spawnCli(envOf("damaged"), serve).done;
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toBe(
      `stepwise: The embedded database in ${join(work, "damaged")} could not be opened (PGlite failed to initialize properly): ` +
        "it is damaged or not a Stepwise database. Restore a backup (stepwise restore --force FILE), or set STEPWISE_DATA_DIR to another folder.\n",
    );
    expect(readdirSync(join(work, "damaged"))).toEqual(["pgdata"]);

    const mysql = await spawnCli(envOf("x", { DATABASE_URL: "mysql://db.example/stepwise" }), serve).done;
    expect(mysql.code).toBe(1);
    expect(mysql.stderr).toBe(
      "stepwise: DATABASE_URL starts with mysql:// but must be a PostgreSQL URL (postgres://USER:PASSWORD@HOST:5432/DATABASE).\n",
    );

    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const refused = await spawnCli(envOf("x", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/stepwise" }), serve)
      .done;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "stepwise: PostgreSQL at 127.0.0.1:1/stepwise refused the connection: is it running, and is DATABASE_URL's host and port right?\n",
    );
    expect(existsSync(join(work, "x"))).toBe(false);

    // --verbose adds the details.
    const verbose = await spawnCli(envOf("x", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/stepwise" }), [
      ...serve,
      "--verbose",
    ]).done;
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toContain("ECONNREFUSED");
    expect(verbose.stderr.trim().split("\n").length).toBeGreaterThan(2);
  }, 120_000);
});

describe("a running server", () => {
  it("answers the health probes, returns request ids, and logs each request without secrets", async () => {
    server = await startServe(envOf("live"), ["--no-demo"]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true } },
    });

    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "support-ticket-42" },
      body: JSON.stringify({
        organisation: { name: "Ops", slug: "ops" },
        admin: { name: "Admin", email: "admin@ops.test", password: PASSWORD },
      }),
    });
    expect(setup.status).toBe(201);
    expect(setup.headers.get("x-request-id")).toBe("support-ticket-42");

    const anon = await fetch(`${server.url}/api/v1/deals`);
    const id = anon.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await anon.json()).toEqual({
      error: { code: "unauthenticated", message: "Sign in first.", requestId: id },
    });

    const api = await signIn(server.url, "admin@ops.test", PASSWORD);
    const deal = await api("POST", "/deals", { name: "Logged", value: 5 });
    expect(deal.status).toBe(201);
    const me = await api("GET", "/auth/me");
    expect(me.status).toBe(200);

    await new Promise((r) => setTimeout(r, 200));
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const byPath = (method: string, path: string) =>
      lines.filter((l) => l.method === method && l.path === path);
    expect(byPath("POST", "/api/v1/setup")[0]).toMatchObject({ reqId: "support-ticket-42", status: 201 });
    expect(byPath("GET", "/api/v1/deals")[0]).toMatchObject({ reqId: id, status: 401, level: 40 });
    const created = byPath("POST", "/api/v1/deals")[0];
    expect(created).toMatchObject({ status: 201, actor: me.body.person.id });
    expect(typeof created.ms).toBe("number");
    expect(Object.keys(created).sort()).toEqual([
      "actor",
      "level",
      "method",
      "ms",
      "msg",
      "path",
      "reqId",
      "status",
      "time",
    ]);
    // Never the password, the session cookie or a body.
    expect(server.output()).not.toContain(PASSWORD);
    expect(server.output()).not.toContain("stepwise_session");
    expect(server.output()).not.toContain("Logged");
  }, 120_000);

  it("on SIGTERM under load: no acknowledged write lost, exit 0, no lock left", async () => {
    if (!server) server = await startServe(envOf("live"), ["--no-demo"]);
    const api = await signIn(server.url, "admin@ops.test", PASSWORD);
    const acked: string[] = [];
    let refused = 0;
    let sent = 0;
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `T${w}-${i}`;
        sent++;
        try {
          const r = await api("POST", "/deals", { name, value: 1 });
          if (r.status === 201) acked.push(name);
          else refused++;
        } catch {
          refused++; // connection refused or closed: not acknowledged
          stop = true;
        }
      }
    };
    const writers = [1, 2, 3, 4].map(writer);
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 10));
    const exited = server.done;
    server.child.kill("SIGTERM");
    const result = await exited;
    stop = true;
    await Promise.all(writers);
    server = undefined;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"stopped"');
    // Every request was answered or refused (none hung), and some met the stopping server.
    expect(sent).toBe(acked.length + refused);
    expect(refused).toBeGreaterThan(0);
    const dir = join(work, "live");
    expect(readdirSync(dir).sort()).toEqual(["pgdata"]); // no stepwise.lock, no stepwise.sock
    const h = await openDb({ dataDir: dir });
    try {
      const r = (await h.db.execute("select name from deals where name like 'T%'")) as unknown as {
        rows: { name: string }[];
      };
      const stored = new Set(r.rows.map((x) => x.name));
      for (const n of acked) expect(stored.has(n)).toBe(true);
    } finally {
      await h.close();
    }
  }, 120_000);
});
