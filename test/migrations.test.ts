/**
 * Upgrades: migrations run in one transaction under an advisory lock (two
 * servers starting at once on one database apply each migration once), a
 * failing migration leaves nothing behind, a database newer than the code is
 * refused before anything is written, and the embedded database is backed up
 * before a migration that changes existing tables.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type DbHandle, MIGRATIONS_DIR, migrate, openDb } from "../src/db/client.js";
import {
  applyMigrations,
  changesExistingTables,
  type Migration,
  readMigrations,
} from "../src/db/migrations.js";
import { spawnCli } from "./helpers/cli-process.js";
import { createTestDb } from "./helpers/db.js";
import { startServe } from "./helpers/serve-process.js";

const work = mkdtempSync(join(tmpdir(), "stepwise-migr-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KNOWN = readMigrations(MIGRATIONS_DIR);
const LAST = KNOWN.at(-1)!;

/** The real migrations plus one more, dated a minute after the last one. */
function folderWithExtra(name: string, sqlText: string): string {
  const dir = join(work, name);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8"));
  journal.entries.push({
    idx: journal.entries.length,
    version: "7",
    when: LAST.when + 60_000,
    tag: "9999_extra",
    breakpoints: true,
  });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(join(dir, "9999_extra.sql"), sqlText);
  return dir;
}

const m = (...statements: string[]): Migration => ({ tag: "t", when: 1, hash: "h", statements });

async function rows(h: DbHandle, q: string): Promise<any[]> {
  return ((await h.db.execute(q)) as unknown as { rows: any[] }).rows;
}
const bookkeeping = (h: DbHandle) =>
  rows(h, "select hash, created_at::text as w from drizzle.__drizzle_migrations order by created_at");
const hasColumn = async (h: DbHandle, table: string, column: string) =>
  (
    await rows(
      h,
      `select 1 from information_schema.columns where table_name = '${table}' and column_name = '${column}'`,
    )
  ).length === 1;

describe("which migrations change existing tables", () => {
  it("new tables (and altering them), indexes, types and functions do not; anything else does", () => {
    expect(
      changesExistingTables(
        m(
          'CREATE TABLE "t1" ("id" uuid)',
          'ALTER TABLE "t1" ADD CONSTRAINT "c" FOREIGN KEY ("id") REFERENCES "public"."deals"("id")',
          'CREATE INDEX "i" ON "deals" ("org_id")',
          "-- a comment only\n",
          "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql",
        ),
      ),
    ).toBe(false);
    expect(changesExistingTables(m('ALTER TABLE "deals" ADD COLUMN "x" int'))).toBe(true);
    expect(changesExistingTables(m("UPDATE deals SET value = 0"))).toBe(true);
    expect(changesExistingTables(m('DROP TABLE "t1"'))).toBe(true);
    expect(changesExistingTables(m("CREATE TRIGGER t AFTER INSERT ON deals EXECUTE FUNCTION f()"))).toBe(
      true,
    );
    // The shipped migrations: 0000 creates everything, 0001 adds indexes.
    expect(changesExistingTables(KNOWN[0])).toBe(false);
    expect(changesExistingTables(KNOWN[1])).toBe(false);
  });
});

describe("applying migrations (this run's database engine)", () => {
  it("a failing migration rolls back whole; fixed, it is applied once", async () => {
    const h = await createTestDb();
    try {
      const before = await bookkeeping(h);
      expect(before).toHaveLength(KNOWN.length);
      const bad = folderWithExtra(
        "bad",
        'ALTER TABLE "deals" ADD COLUMN "ops_test" integer;\n--> statement-breakpoint\nSELECT 1/0;',
      );
      await expect(applyMigrations(h, { folder: bad })).rejects.toThrow(
        "Migration 9999_extra failed, so none was applied: division by zero",
      );
      expect(await hasColumn(h, "deals", "ops_test")).toBe(false);
      expect(await bookkeeping(h)).toEqual(before);

      const good = folderWithExtra("good", 'ALTER TABLE "deals" ADD COLUMN "ops_test" integer;');
      expect(await applyMigrations(h, { folder: good })).toEqual(["9999_extra"]);
      expect(await applyMigrations(h, { folder: good })).toEqual([]);
      expect(await hasColumn(h, "deals", "ops_test")).toBe(true);
      const after = await bookkeeping(h);
      expect(after).toHaveLength(KNOWN.length + 1);
      expect(after.at(-1).w).toBe(String(LAST.when + 60_000));

      // That database is now newer than the shipped code: refused, nothing written.
      await expect(migrate(h)).rejects.toThrow(
        `The database was upgraded by a newer version of Stepwise: it has 1 migration(s) this version does not know (the latest from ${new Date(LAST.when + 60_000).toISOString()}; this version's latest is ${LAST.tag}). Run the newer version, or restore a backup made by this one.`,
      );
      expect(await bookkeeping(h)).toEqual(after);
    } finally {
      await h.close();
    }
  });
});

describe("upgrading the embedded database", () => {
  it("takes a backup before a migration that changes existing tables, and none before one that does not", async () => {
    const dataDir = join(work, "embedded");
    let h = await openDb({ dataDir });
    try {
      await migrate(h);
      await h.db.execute("insert into organisations (name, slug) values ('Before', 'before')");
      // A migration that only adds a table: no backup.
      await applyMigrations(h, {
        folder: folderWithExtra("addtable", 'CREATE TABLE "ops_new" ("id" integer);'),
        beforeChange: async () => {
          throw new Error("no backup expected");
        },
      });
    } finally {
      await h.close();
    }
    h = await openDb({ dataDir });
    const { migrateHandle } = await import("../src/db/migrations.js");
    try {
      // Another database, one migration behind a changing one (the dated "extra" slot is taken above).
      await h.db.execute(`delete from drizzle.__drizzle_migrations where created_at = ${LAST.when + 60_000}`);
      const applied = await migrateHandle(
        h,
        folderWithExtra("alter", 'ALTER TABLE "organisations" ADD COLUMN "ops_test" text;'),
      );
      expect(applied).toEqual(["9999_extra"]);
      expect(await hasColumn(h, "organisations", "ops_test")).toBe(true);
    } finally {
      await h.close();
    }
    const backups = readdirSync(join(dataDir, "backups"));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^before-9999_extra-.+\.tar\.gz$/);
    // The backup is the database as it was: the organisation, without the new column.
    const r = await spawnCli(
      { ...process.env, DATABASE_URL: "", STEPWISE_DATA_DIR: join(work, "fromBackup") },
      ["restore", join(dataDir, "backups", backups[0])],
    ).done;
    expect(r.code).toBe(0);
    const old = await openDb({ dataDir: join(work, "fromBackup") });
    try {
      expect(await rows(old, "select slug from organisations")).toEqual([{ slug: "before" }]);
      expect(await hasColumn(old, "organisations", "ops_test")).toBe(false);
    } finally {
      await old.close();
    }
  }, 120_000);
});

describe("two servers starting at once", () => {
  it("apply each migration once (PostgreSQL: the advisory lock; embedded: the data-dir lock)", async () => {
    const tpl = inject("pgTemplateUrl");
    let env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "", STEPWISE_DATA_DIR: join(work, "race") };
    let drop: (() => Promise<void>) | undefined;
    let admin: pg.Client | undefined;
    if (tpl) {
      // An empty database: no template, so both servers find every migration pending.
      const name = `stepwise_race_${process.pid}`;
      const url = new URL(tpl);
      url.pathname = "/postgres";
      admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      url.pathname = `/${name}`;
      env = { ...env, DATABASE_URL: url.toString() };
      drop = async () => {
        await admin!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin!.end();
      };
    }
    try {
      const started = await Promise.allSettled([
        startServe(env, ["--no-demo"]),
        startServe(env, ["--no-demo"]),
      ]);
      for (const s of started) if (s.status === "fulfilled") s.value.child.kill("SIGTERM");
      const up = started.filter((s) => s.status === "fulfilled");
      if (tpl) {
        expect(up).toHaveLength(2);
      } else {
        // One holds the data directory; the other is refused, naming it.
        expect(up.length).toBeGreaterThanOrEqual(1);
        for (const s of started)
          if (s.status === "rejected") expect(String(s.reason)).toContain("is in use by process");
      }
      for (const s of started) if (s.status === "fulfilled") await s.value.done;
      const h = await openDb(tpl ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR });
      try {
        const applied = await bookkeeping(h);
        expect(applied.map((a) => a.w)).toEqual(KNOWN.map((k) => String(k.when)));
        expect(applied.map((a) => a.hash)).toEqual(KNOWN.map((k) => k.hash));
      } finally {
        await h.close();
      }
    } finally {
      await drop?.();
    }
  }, 180_000);
});
