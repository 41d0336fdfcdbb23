/**
 * `stepwise backup` / `stepwise restore` of the embedded database, with real
 * processes: a backup taken through the running server while it writes is a
 * consistent snapshot (every committed deal whole, every deal acknowledged
 * before the backup began included); a restore into an empty data directory
 * gives the same rows and identical reports; a bad file or a non-empty target
 * leaves nothing behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../src/db/client.js";
import { DEMO_PASSWORD } from "../src/domain/demo.js";
import { fingerprint, spawnCli } from "./helpers/cli-process.js";
import { type Served, signIn, startServe } from "./helpers/serve-process.js";

const work = mkdtempSync(join(tmpdir(), "stepwise-backup-"));
const base: NodeJS.ProcessEnv = { ...process.env, STEPWISE_LOG_FORMAT: "json" };
delete base.DATABASE_URL; // the embedded database's backup; PostgreSQL's is pg_dump
const envOf = (dir: string) => ({ ...base, STEPWISE_DATA_DIR: join(work, dir) });
const cli = async (dir: string, args: string[]) => spawnCli(envOf(dir), args).done;
let server: Served | undefined;

beforeAll(async () => {
  const r = await cli("src", ["demo", "--people", "5", "--seed", "3"]);
  expect(r.code).toBe(0);
}, 180_000);

afterAll(() => {
  server?.child.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

async function writtenDeals(dir: string): Promise<{ names: string[]; withoutAudit: number }> {
  const h = await openDb({ dataDir: join(work, dir) });
  try {
    const names = (await h.db.execute(
      "select name from deals where name like 'W%' order by name",
    )) as unknown as { rows: { name: string }[] };
    const orphans = (await h.db.execute(
      `select count(*)::int as n from deals d where d.name like 'W%'
         and not exists (select 1 from audit_log a where a.entity_id = d.id::text)`,
    )) as unknown as { rows: { n: number }[] };
    return { names: names.rows.map((r) => r.name), withoutAudit: orphans.rows[0].n };
  } finally {
    await h.close();
  }
}

const REPORTS = ["scorecard", "funnel", "forecast", "quad"];
const reportArgs = (kind: string) => [
  "report",
  kind,
  "--period",
  "2026-Q4",
  "--as-of",
  "2026-11-15T12:00:00Z",
  "--json",
];

describe("stepwise backup and restore (embedded database)", () => {
  it("backs up through the running server while it writes; a restore has every acknowledged deal whole and identical reports", async () => {
    server = await startServe(envOf("src"), ["--no-demo"]);
    const api = await signIn(server.url, "admin@demo.test", DEMO_PASSWORD);
    const acked: string[] = [];
    let stop = false;
    let failures = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `W${w}-${String(i).padStart(4, "0")}`;
        const r = await api("POST", "/deals", { name, value: 1000 + i });
        if (r.status === 201) acked.push(name);
        else failures++;
      }
    };
    const writers = [writer(1), writer(2)];
    while (acked.length < 6) await new Promise((r) => setTimeout(r, 20));
    const ackedBefore = [...acked];
    const b1 = await cli("src", ["backup", "--out", join(work, "during.tar.gz")]);
    const ackedAfter = acked.length;
    // Keep writing a little after the backup, then stop.
    while (acked.length < ackedAfter + 4) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(writers);
    expect(failures).toBe(0);
    expect(b1.code).toBe(0);
    expect(b1.stdout).toContain(`through the running server ${server.child.pid}`);

    const r1 = await cli("during", ["restore", join(work, "during.tar.gz")]);
    expect(r1.code).toBe(0);
    const during = await writtenDeals("during");
    // Everything acknowledged before the backup began is in it; nothing in it was never written.
    for (const n of ackedBefore) expect(during.names).toContain(n);
    for (const n of during.names) expect(acked).toContain(n);
    // The deals written after the backup returned are not (4 or more of them).
    expect(during.names.length).toBeLessThan(acked.length);
    // No transaction split: every deal has its audit row.
    expect(during.withoutAudit).toBe(0);

    // Writes stopped: a second online backup, then stop the server.
    const b2 = await cli("src", ["backup", "--out", join(work, "after.tar.gz")]);
    expect(b2.code).toBe(0);
    const exited = server.done;
    server.child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
    server = undefined;

    const r2 = await cli("restored", ["restore", join(work, "after.tar.gz")]);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toBe("");
    const all = await writtenDeals("restored");
    expect(all.names).toEqual([...acked].sort());
    expect(await fingerprint(envOf("restored"))).toEqual(await fingerprint(envOf("src")));
    for (const kind of REPORTS) {
      const a = await cli("src", reportArgs(kind));
      const b = await cli("restored", reportArgs(kind));
      expect(a.code).toBe(0);
      expect(a.stdout.length).toBeGreaterThan(100);
      expect(b.stdout).toEqual(a.stdout);
    }
  }, 300_000);

  it("refuses to restore over a database, or a file that is not a backup, leaving nothing behind", async () => {
    const over = await cli("restored", ["restore", join(work, "during.tar.gz")]);
    expect(over.code).toBe(1);
    expect(over.stderr.trim().split("\n")).toEqual([
      `stepwise: ${join(work, "restored")} already holds a database. Restore into an empty data directory (set STEPWISE_DATA_DIR), or pass --force to keep the current one aside as pgdata.before-restore-… and replace it.`,
    ]);

    writeFileSync(join(work, "junk.txt"), "not a backup\n");
    const junk = await cli("bad1", ["restore", join(work, "junk.txt")]);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toBe(
      "stepwise: The file is not a Stepwise backup (expected a gzipped tar from stepwise backup).\n",
    );
    writeFileSync(join(work, "junk.tar.gz"), gzipSync(Buffer.from("gzip, but not a tar of a database")));
    const gz = await cli("bad2", ["restore", join(work, "junk.tar.gz")]);
    expect(gz.code).toBe(1);
    expect(gz.stderr).toMatch(/^stepwise: The file is not a readable Stepwise backup: .+\n$/);
    for (const d of ["bad1", "bad2"]) {
      const left = existsSync(join(work, d)) ? readdirSync(join(work, d)) : [];
      expect(left).toEqual([]);
    }

    const missing = await cli("bad3", ["restore", join(work, "nope.tar.gz")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `stepwise: Cannot read the backup file ${join(work, "nope.tar.gz")}: ENOENT.\n`,
    );

    // --force keeps the current database aside and puts the backup in its place.
    const forced = await cli("restored", ["restore", join(work, "during.tar.gz"), "--force"]);
    expect(forced.code).toBe(0);
    expect(
      readdirSync(join(work, "restored")).filter((f) => f.startsWith("pgdata.before-restore-")),
    ).toHaveLength(1);
    expect((await writtenDeals("restored")).names).toEqual((await writtenDeals("during")).names);
  }, 180_000);

  it("backs up a stopped server's database directly, and points PostgreSQL users to pg_dump", async () => {
    const b = await cli("src", ["backup", "--out", join(work, "offline.tar.gz")]);
    expect(b.code).toBe(0);
    expect(b.stdout).not.toContain("through the running server");
    const again = await cli("src", ["backup", "--out", join(work, "offline.tar.gz")]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("exists already (pass --force to overwrite it)");

    const pg = await spawnCli({ ...envOf("src"), DATABASE_URL: "postgres://127.0.0.1:1/none" }, [
      "backup",
      "--out",
      join(work, "pg.dump"),
    ]).done;
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain("pg_dump --format=custom");
    expect(pg.stderr).toContain("pg_restore");
    expect(existsSync(join(work, "pg.dump"))).toBe(false);
  }, 120_000);
});
