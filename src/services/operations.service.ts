/**
 * Operating the database, for the shells (the CLI's backup, restore, org list and serve; the
 * server's control socket, readiness and error handler): the one way http and cli reach the
 * database's own plumbing (src/db/backup.ts, lock.ts, migrations.ts, errors.ts, orgs.queries.ts),
 * so they import nothing of src/db but the client factory (ARCHITECTURE.md).
 */
import { backupTo, dumpEmbedded, restoreInto, writeFileAtomically } from "../db/backup.js";
import { type DbHandle, type DbOrTx, MIGRATIONS_DIR, openDb } from "../db/client.js";
import { isCancelled, mapDbError } from "../db/errors.js";
import { type Holder, liveHolder, lockDataDir } from "../db/lock.js";
import { migrationsCurrent, readMigrations } from "../db/migrations.js";
import { listOrganisations } from "../db/orgs.queries.js";
import type { AppError } from "../domain/errors.js";

export type { Holder };

/** The live process holding the embedded data directory, if any (its pid, host, command). */
export function dataDirHolder(dir: string): Holder | undefined {
  return liveHolder(dir);
}

/** A dump of the open embedded database (gzip), made in the process that has it open. */
export function dumpDatabase(handle: DbHandle): Promise<Blob> {
  return dumpEmbedded(handle);
}

/** Writes a backup file whole or not at all (a temporary file renamed into place). */
export function writeBackupFile(file: string, data: Uint8Array): void {
  writeFileAtomically(file, data);
}

/** Backs up an embedded data directory nobody has open (opened here, without migrating); the bytes written. */
export async function backupClosedDataDir(dir: string, file: string): Promise<number> {
  const h = await openDb({ dataDir: dir });
  try {
    return await backupTo(h, file);
  } finally {
    await h.close();
  }
}

/**
 * Restores a backup into the embedded data directory under its lock (a running server holds it:
 * refused, naming the holder); a database already there is kept aside with `force`.
 */
export async function restoreDataDir(dir: string, bytes: Uint8Array<ArrayBuffer>, opts: { force?: boolean }) {
  const lock = lockDataDir(dir);
  try {
    await restoreInto(dir, bytes, opts);
  } finally {
    lock.release();
  }
}

/** Whether every migration shipped with this version is applied (readiness). */
export function migrationsApplied(h: DbHandle): () => Promise<boolean> {
  const known = readMigrations(MIGRATIONS_DIR);
  return () => migrationsCurrent(h.db, known);
}

/** The organisations, by slug. */
export function organisations(db: DbOrTx) {
  return listOrganisations(db);
}

/** A database error the input caused (a duplicate → conflict, a bad date → validation_failed) as an AppError; undefined otherwise. */
export function inputErrorOf(e: unknown): AppError | undefined {
  return mapDbError(e);
}

/** Whether a query was cancelled before it ran (its request had gone: the embedded database drops its queries). */
export function wasCancelled(e: unknown): boolean {
  return isCancelled(e);
}
