/**
 * The database handle's types, apart from the client factory (client.ts) so that migrations.ts and
 * backup.ts, which client.ts loads, can name them without an import cycle.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type pg from "pg";
import type { PgliteClient } from "./pglite-proxy.js";
import type * as schema from "./schema.js";

export type Schema = typeof schema;
/** The Drizzle database, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /**
   * The embedded database (PGlite in a worker thread, src/db/pglite-proxy.ts):
   * bulk COPY and dumps. PGlite's own API, the part Stepwise uses.
   */
  pglite?: PgliteClient;
  /** The pg pool (PostgreSQL only). */
  pool?: pg.Pool;
  /**
   * PostgreSQL only: another pool of `max` connections to the same database, for a class
   * of costly requests that must not take the main pool's connections (src/http/report-slots.ts).
   */
  sidePool?(max: number): { db: Db; close(): Promise<void> };
  /** The embedded data directory (embedded, on disk only): backups before upgrades go there. */
  dataDir?: string;
  close(): Promise<void>;
}
