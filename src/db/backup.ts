/**
 * Backups of the embedded database (PGlite).
 *
 * A backup is PGlite's own dump of its data directory (a gzipped tar), taken
 * inside the process that has the database open — never a copy of a live
 * directory. The dump waits for open transactions to end and blocks new ones
 * while it runs, after a CHECKPOINT, so it is a consistent snapshot. A CLI
 * process reaches a running server's database through the server's control
 * socket (src/http/control.ts), because the data directory is locked to it.
 *
 * Restore unpacks into a fresh folder beside `pgdata`, opens it to check it,
 * and only then moves it into place: a bad file leaves nothing behind.
 *
 * On PostgreSQL, backups are pg_dump / pg_restore (docs/operations.md).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { AppError } from "../domain/errors.js";
import type { DbHandle } from "./types.js";

/**
 * The one place that reaches PGlite's dump. The embedded database runs in a
 * worker thread (src/db/pglite-proxy.ts) that runs one unit of work at a time —
 * a query, a whole transaction, or this dump — so the dump never sees half a
 * transaction.
 */
export async function dumpEmbedded(handle: DbHandle): Promise<Blob> {
  const pg = handle.pglite;
  if (handle.kind !== "pglite" || !pg) {
    throw new AppError(
      "validation_failed",
      'stepwise backup is for the embedded database; on PostgreSQL use pg_dump (see "Operating Stepwise" in the README).',
    );
  }
  // Writes dirty pages out first, so the restored copy has little WAL to replay.
  await pg.exec("CHECKPOINT");
  return pg.dumpDataDir("gzip");
}

/** Writes `data` to `file` through a temporary file, so a failed write leaves no half file. */
export function writeFileAtomically(file: string, data: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export async function backupTo(handle: DbHandle, file: string): Promise<number> {
  const bytes = new Uint8Array(await (await dumpEmbedded(handle)).arrayBuffer());
  writeFileAtomically(file, bytes);
  return bytes.length;
}

/** The folder of automatic backups taken before an upgrade. */
export function autoBackupDir(dataDir: string): string {
  return join(dataDir, "backups");
}

/** Takes a backup into `<dataDir>/backups/` before migrations change existing tables; returns its path. */
export async function backupBeforeMigration(
  handle: DbHandle,
  dataDir: string,
  tags: string[],
): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(autoBackupDir(dataDir), `before-${tags[0]}-${stamp}.tar.gz`);
  await backupTo(handle, file);
  return file;
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Restores a backup file's bytes as the database of `dataDir` (which must hold
 * no database, or `force`: the old one is kept beside it as pgdata.before-restore-…).
 * The caller holds the data-dir lock.
 */
export async function restoreInto(
  dataDir: string,
  bytes: Uint8Array<ArrayBuffer>,
  opts: { force?: boolean } = {},
) {
  const target = join(dataDir, "pgdata");
  if (!isEmptyDir(target) && !opts.force) {
    throw new AppError(
      "conflict",
      `${dataDir} already holds a database. Restore into an empty data directory (set STEPWISE_DATA_DIR), ` +
        "or pass --force to keep the current one aside as pgdata.before-restore-… and replace it.",
    );
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new AppError(
      "validation_failed",
      "The file is not a Stepwise backup (expected a gzipped tar from stepwise backup).",
    );
  }
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  const staging = join(dataDir, `pgdata.restoring-${id}`);
  rmSync(staging, { recursive: true, force: true });
  const { PGlite } = await import("@electric-sql/pglite");
  try {
    const pg = new PGlite(staging, { loadDataDir: new Blob([bytes]) });
    try {
      await pg.waitReady;
      // A Stepwise database has the migrations bookkeeping.
      await pg.query("select count(*) from drizzle.__drizzle_migrations");
    } finally {
      await pg.close().catch(() => undefined);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw new AppError(
      "validation_failed",
      `The file is not a readable Stepwise backup: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  if (existsSync(target)) {
    renameSync(
      target,
      join(dataDir, `pgdata.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`),
    );
  }
  renameSync(staging, target);
}
