/** Raw SQL helpers that behave the same on PGlite and node-postgres. */
import type { SQL } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./types.js";

/** Runs a raw query and returns its rows. Cast aggregates in SQL (`::int`, `::float8`): engines differ on bigint. */
export async function rows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

export async function one<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}

/**
 * `ask` over `ids` in pieces of `size`, one statement each, asked all at once so the
 * embedded database's queue holds them together and runs them one after the other (a
 * piece asked only when the last one ended let every other report's pieces in between).
 * Inside a transaction (one connection) they go one by one. Why pieces: the embedded
 * database runs one statement at a time and cannot interrupt one, so a long statement
 * holds every sign-in arriving meanwhile; between pieces its scheduler runs cheaper
 * requests first (src/db/pglite-proxy.ts). On PostgreSQL a piece costs a round trip.
 */
export async function inPieces<T>(
  db: DbOrTx,
  ids: readonly string[],
  size: number,
  ask: (piece: string[]) => Promise<T>,
): Promise<T[]> {
  const pieces = Array.from({ length: Math.ceil(ids.length / size) }, (_, k) =>
    ids.slice(k * size, (k + 1) * size),
  );
  if (db instanceof PgTransaction) {
    const out: T[] = [];
    for (const p of pieces) out.push(await ask(p));
    return out;
  }
  return Promise.all(pieces.map(ask));
}

/** The Drizzle instances over the embedded database (marked by openDb). */
const embedded = new WeakSet<object>();

export function markEmbedded(db: object): void {
  embedded.add(db);
}

/**
 * Independent reads of one request asked together on the embedded database: it runs
 * them back to back, with no round trip of the HTTP thread between them (PGlite runs in
 * a worker thread; ~1 ms each). Elsewhere they go one by one, in order: inside a
 * transaction there is one connection, and on PostgreSQL a request taking several of
 * the pool's connections at once would queue other users' requests (a sign-in) behind
 * more of its queries.
 */
export async function together<T extends readonly (() => Promise<unknown>)[]>(
  db: DbOrTx,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Out = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (embedded.has(db)) return (await Promise.all(reads.map((read) => read()))) as Out;
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as Out;
}
