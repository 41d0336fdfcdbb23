/**
 * The database of a CLI command: the embedded one in STEPWISE_DATA_DIR (or
 * DATABASE_URL), migrated, closed after the command. Tests run commands
 * in-process against their own database with `setCliDb`.
 */
import type { DbHandle } from "../db/client.js";

let override: DbHandle | undefined;

/** Use this (already migrated) database for CLI commands until reset with undefined; it is not closed. */
export function setCliDb(h: DbHandle | undefined): void {
  override = h;
}

export async function withCliDb<T>(f: (h: DbHandle) => Promise<T>): Promise<T> {
  if (override) return f(override);
  // Loaded here: registering the commands must not load the database layer (see main.ts).
  const { migrate, openDb } = await import("../db/client.js");
  const h = await openDb();
  try {
    await migrate(h);
    return await f(h);
  } finally {
    await h.close();
  }
}
