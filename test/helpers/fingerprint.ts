/**
 * A fingerprint of a database: per table of the public schema, its row count
 * and an MD5 of every row (as JSON, in a fixed order), to show that something
 * left the data "exactly as before" (a refused request, a killed import).
 *
 * Left out, because they change on requests that are refused on purpose:
 *   - sign_in_attempts: a failed sign-in is recorded (the rate limit needs it);
 *   - api_tokens.last_used_at: every authenticated request touches it.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../src/db/client.js";

const SKIP_TABLES = new Set(["sign_in_attempts"]);
const SKIP_COLUMNS = ["last_used_at"];

export type Fingerprint = Record<string, string>;

async function rowsOf<T>(db: DbOrTx, q: ReturnType<typeof sql.raw>): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

/** The tables of the public schema a fingerprint covers (all but SKIP_TABLES). */
export async function fingerprintTables(db: DbOrTx): Promise<string[]> {
  const list = await rowsOf<{ t: string }>(
    db,
    sql.raw(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    ),
  );
  return list.map((r) => r.t).filter((t) => !SKIP_TABLES.has(t));
}

/** `table → "count md5"` for `tables` (default: every table of the public schema but SKIP_TABLES). */
export async function fingerprint(db: DbOrTx, tables?: readonly string[]): Promise<Fingerprint> {
  const list = tables ?? (await fingerprintTables(db));
  const drop = SKIP_COLUMNS.map((c) => ` - '${c}'`).join("");
  const parts = list.map(
    (t) =>
      `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(x)${drop})::text, ',' ORDER BY (to_jsonb(x)${drop})::text), '')) AS h FROM "${t}" x`,
  );
  const out: Fingerprint = {};
  for (const r of await rowsOf<{ t: string; n: number; h: string }>(db, sql.raw(parts.join(" UNION ALL "))))
    out[r.t] = `${r.n} ${r.h}`;
  return out;
}

/** The tables whose fingerprint differs (empty when nothing changed). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}
