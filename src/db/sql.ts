/** Raw SQL helpers that behave the same on PGlite and node-postgres. */
import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client.js";

/** Runs a raw query and returns its rows. Cast aggregates in SQL (`::int`, `::float8`): engines differ on bigint. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export async function one<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}
