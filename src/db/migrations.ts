/**
 * Applying the migrations in ./drizzle (written by drizzle-kit) — safely.
 *
 * - All pending migrations run in ONE transaction that first takes a
 *   transaction-scoped advisory lock: two servers starting at once on one
 *   PostgreSQL queue up, the second sees the first's work and applies nothing.
 *   A migration that fails rolls back whole; nothing is half-applied.
 * - A database migrated by a newer Stepwise (it has a migration this code does
 *   not know, dated after this code's last one) is refused before anything is
 *   written, with a message saying what to do.
 * - `beforeChange` runs before pending migrations that change tables the
 *   database already has (anything beyond creating new tables, indexes, types
 *   and functions): the embedded database takes a backup there.
 *
 * The bookkeeping table is drizzle's own (`drizzle.__drizzle_migrations`: hash,
 * created_at = the journal's `when`), so databases migrated before keep working.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { AppError } from "../domain/errors.js";
import type { DbHandle, DbOrTx } from "./types.js";

export interface Migration {
  tag: string;
  /** The journal's `when` (ms): the migration's identity in the database. */
  when: number;
  hash: string;
  statements: string[];
}

/** Key of the advisory lock: any constant no other program on the database uses. */
const LOCK_KEY = sql.raw("7307165101");

export function readMigrations(folder: string): Migration[] {
  let journal: { entries: { tag: string; when: number }[] };
  try {
    journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8"));
  } catch (e) {
    throw new Error(`migrations journal not readable in ${folder}: ${(e as Error).message}`);
  }
  return journal.entries.map((e) => {
    const text = readFileSync(join(folder, `${e.tag}.sql`), "utf8");
    return {
      tag: e.tag,
      when: e.when,
      hash: createHash("sha256").update(text).digest("hex"),
      statements: text.split("--> statement-breakpoint"),
    };
  });
}

const HARMLESS =
  /^(create (unique )?index|create (type|schema|sequence|extension)|create (or replace )?function)\b/;

/**
 * True when the migration changes something the database has already: it does
 * more than create new tables (and alter those), indexes, types and functions.
 */
export function changesExistingTables(m: Migration): boolean {
  const created = new Set<string>();
  for (const raw of m.statements) {
    const s = raw
      .replace(/--[^\n]*/g, "")
      .trim()
      .toLowerCase();
    if (s === "") continue;
    const table = /^create table (if not exists )?("?[\w.]+"?)/.exec(s);
    if (table) {
      created.add(table[2].replaceAll('"', "").replace(/^public\./, ""));
      continue;
    }
    const alter = /^alter table (only )?(if exists )?("?[\w.]+"?)/.exec(s);
    if (alter && created.has(alter[3].replaceAll('"', "").replace(/^public\./, ""))) continue;
    if (HARMLESS.test(s)) continue;
    return true;
  }
  return false;
}

interface Applied {
  hash: string;
  when: number;
}

async function readApplied(db: DbOrTx): Promise<Applied[]> {
  const exists = (await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  )) as unknown as { rows: { ok: boolean }[] };
  if (!exists.rows[0].ok) return [];
  const r = (await db.execute(
    sql`select hash, created_at::text as "when" from drizzle.__drizzle_migrations order by created_at`,
  )) as unknown as { rows: { hash: string; when: string }[] };
  return r.rows.map((x) => ({ hash: x.hash, when: Number(x.when) }));
}

function refuseNewer(applied: Applied[], known: Migration[]): void {
  const last = known.at(-1);
  const lastWhen = last?.when ?? 0;
  const newer = applied.filter((a) => a.when > lastWhen && !known.some((k) => k.when === a.when));
  if (newer.length === 0) return;
  throw new AppError(
    "conflict",
    `The database was upgraded by a newer version of Stepwise: it has ${newer.length} migration(s) ` +
      `this version does not know (the latest from ${new Date(newer.at(-1)!.when).toISOString()}; ` +
      `this version's latest is ${last?.tag ?? "none"}). Run the newer version, or restore a backup made by this one.`,
  );
}

export function pendingMigrations(applied: { when: number }[], known: Migration[]): Migration[] {
  const done = new Set(applied.map((a) => a.when));
  return known.filter((m) => !done.has(m.when));
}

export interface MigrateOptions {
  folder: string;
  /** Called (outside the transaction) when pending migrations change existing tables. */
  beforeChange?: (pending: Migration[]) => Promise<void>;
}

/** Applies the pending migrations; returns their tags. */
export async function applyMigrations(handle: DbHandle, opts: MigrateOptions): Promise<string[]> {
  const known = readMigrations(opts.folder);
  const before = await readApplied(handle.db);
  refuseNewer(before, known);
  const pending = pendingMigrations(before, known);
  if (pending.length === 0) return [];
  if (before.length > 0 && opts.beforeChange && pending.some(changesExistingTables)) {
    await opts.beforeChange(pending);
  }
  return handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    // Read again under the lock: another server may have migrated meanwhile.
    const applied = await readApplied(tx);
    refuseNewer(applied, known);
    const todo = pendingMigrations(applied, known);
    for (const m of todo) {
      for (const s of m.statements) {
        if (s.trim() === "") continue;
        try {
          await tx.execute(sql.raw(s));
        } catch (e) {
          const cause = ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message;
          throw new Error(`Migration ${m.tag} failed, so none was applied: ${cause}`, { cause: e });
        }
      }
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.when})`,
      );
    }
    return todo.map((m) => m.tag);
  });
}

/** Whether every known migration is applied (the readiness probe). */
export async function migrationsCurrent(db: DbOrTx, known: Migration[]): Promise<boolean> {
  return pendingMigrations(await readApplied(db), known).length === 0;
}

/**
 * Migrates a handle: on the embedded database on disk, a backup is taken first
 * when pending migrations change existing tables (a line on stdout names it).
 */
export async function migrateHandle(handle: DbHandle, folder: string): Promise<string[]> {
  const dataDir = handle.kind === "pglite" ? handle.dataDir : undefined;
  return applyMigrations(handle, {
    folder,
    beforeChange: dataDir
      ? async (pending) => {
          const { backupBeforeMigration } = await import("./backup.js");
          const file = await backupBeforeMigration(
            handle,
            dataDir,
            pending.map((m) => m.tag),
          );
          process.stdout.write(`Upgrading the database: backed it up first to ${file}\n`);
        }
      : undefined,
  });
}
