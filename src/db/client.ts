/**
 * The database client factory: embedded PGlite (default) or PostgreSQL
 * (`DATABASE_URL`). Both give the same Drizzle API over one schema, so there is
 * one code path. Migrations (./drizzle) are applied by `migrate()`. Only the
 * engine in use is loaded (a CLI command on PGlite does not pay for `pg`, nor
 * one on PostgreSQL for PGlite's WebAssembly).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { type DataDirLock, lockDataDir } from "./lock.js";
import type { PgliteClient } from "./pglite-proxy.js";
import { markEmbedded } from "./sql.js";

export { withRequestSignal } from "./pglite-proxy.js";

import * as schema from "./schema.js";
import type { Db, DbHandle } from "./types.js";

export type { Db, DbHandle, DbOrTx, Schema, Tx } from "./types.js";

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface OpenOptions {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  databaseUrl?: string;
  /** Embedded data directory (default `STEPWISE_DATA_DIR` or ./data). */
  dataDir?: string;
  /** In-memory PGlite (tests), optionally restored from a dump. */
  memory?: boolean;
  loadDataDir?: Blob | File;
  /** Skip the data-dir lock (only for a process that owns the directory already). */
  noLock?: boolean;
  /** PostgreSQL: the pool's size (default STEPWISE_PG_POOL or 10). */
  poolMax?: number;
}

/** One trivial query: resolves when the database answers (readiness, start-up checks). */
export async function ping(h: DbHandle): Promise<void> {
  await h.db.execute(sql`select 1`);
}

export function defaultDataDir(): string {
  return resolve(process.env.STEPWISE_DATA_DIR ?? "./data");
}

// numeric (OID 1700) stays a string; int8 (20) as string too: callers cast with ::int / Number().
export async function openDb(opts: OpenOptions = {}): Promise<DbHandle> {
  const url = opts.databaseUrl ?? (opts.memory || opts.dataDir ? undefined : process.env.DATABASE_URL);
  if (url) {
    const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
    ]);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    // 57P01 (terminated by an administrator) is expected when a database is dropped or the server stops.
    const onIdleError = (err: Error & { code?: string }) => {
      if (err.code !== "57P01") console.error(`[stepwise] idle database connection error: ${err.message}`);
    };
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolMax ?? Number(process.env.STEPWISE_PG_POOL ?? 10),
    });
    pool.on("error", onIdleError);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const sidePool = (max: number) => {
      // Connects on first use; idle, it does not keep the process alive.
      const side = new pg.Pool({ connectionString: url, max, allowExitOnIdle: true });
      side.on("error", onIdleError);
      return { db: drizzlePg(side, { schema }) as unknown as Db, close: () => side.end() };
    };
    return { db, kind: "postgres", pool, sidePool, close: () => pool.end() };
  }
  // The embedded database runs in a worker thread (src/db/pglite-worker.mjs), so a
  // long query never stops the event loop that answers other requests.
  const [{ startPgliteWorker }, { drizzle: drizzlePglite }] = await Promise.all([
    import("./pglite-proxy.js"),
    import("drizzle-orm/pglite"),
  ]);
  let lock: DataDirLock | undefined;
  let pglite: PgliteClient;
  let dataDir: string | undefined;
  if (opts.memory) {
    pglite = await startPgliteWorker({ loadDataDir: opts.loadDataDir });
  } else {
    const dir = opts.dataDir ?? defaultDataDir();
    dataDir = dir;
    mkdirSync(dir, { recursive: true });
    if (!opts.noLock) lock = lockDataDir(dir);
    try {
      pglite = await startPgliteWorker({ dataDir: join(dir, "pgdata") });
    } catch (e) {
      lock?.release();
      throw e;
    }
  }
  const db = drizzlePglite(pglite as unknown as PGlite, { schema }) as unknown as Db;
  markEmbedded(db);
  return {
    db,
    kind: "pglite",
    pglite,
    dataDir,
    close: async () => {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Applies pending migrations (src/db/migrations.ts: one transaction, advisory lock, backup first). */
export async function migrate(handle: DbHandle): Promise<string[]> {
  if (!existsSync(MIGRATIONS_DIR)) throw new Error(`migrations folder not found: ${MIGRATIONS_DIR}`);
  const { migrateHandle } = await import("./migrations.js");
  return migrateHandle(handle, MIGRATIONS_DIR);
}
