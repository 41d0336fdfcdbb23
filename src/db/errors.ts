/**
 * Database errors that are the caller's fault, as AppErrors. Drizzle wraps the
 * driver's error (`DrizzleQueryError`, the PostgreSQL error in `cause`), so the
 * SQLSTATE is looked for along the cause chain.
 */
import { AppError } from "../domain/errors.js";

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

function pgErrorOf(e: unknown): PgError | undefined {
  let x = e as (PgError & { cause?: unknown }) | undefined;
  for (let depth = 0; x && depth < 5; x = x.cause as typeof x, depth++) {
    if (typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code)) return x;
  }
  return undefined;
}

/** `Key (org_id, email)=(…, a@b.test) already exists.` → ["email"] (org_id is implied). */
function keyColumns(detail: string | undefined): string[] {
  const m = /^Key \(([^)]*)\)=/.exec(detail ?? "");
  if (!m) return [];
  return m[1]
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c && c !== "org_id")
    .map((c) => c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()));
}

/** A query cancelled before it ran (57014: the embedded database drops a gone request's queries). */
export function isCancelled(e: unknown): boolean {
  return pgErrorOf(e)?.code === "57014";
}

/** The AppError for a database error the input caused; undefined for anything else. */
export function mapDbError(e: unknown): AppError | undefined {
  if (e instanceof AppError) return e;
  const pg = pgErrorOf(e);
  if (!pg) return undefined;
  switch (pg.code) {
    case "23505": {
      const cols = keyColumns(pg.detail);
      const what = pg.table ? pg.table.replace(/_/g, " ").replace(/s$/, "") : "record";
      const field = cols.length ? cols.join(", ") : undefined;
      const article = /^[aeiou]/.test(what) ? "An" : "A";
      return new AppError(
        "conflict",
        field ? `${article} ${what} with this ${field} exists already.` : "That record exists already.",
        cols.map((path) => ({ path, message: "already taken" })),
      );
    }
    case "22021": // invalid byte sequence (e.g. \u0000 in text)
      return new AppError("validation_failed", "Text may not contain NUL characters (\\u0000).");
    case "22007": // invalid datetime format
    case "22008": // datetime field out of range
      return new AppError("validation_failed", "A date or time is out of range.");
    case "22P02": // invalid text representation (e.g. a malformed uuid)
      return new AppError("validation_failed", "A value has the wrong format.");
    case "22003": // numeric value out of range
      return new AppError("validation_failed", "A number is out of range.");
    default:
      return undefined;
  }
}

/** Runs `fn`, turning database errors the input caused into AppErrors. */
export async function mappingDbErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapDbError(e) ?? e;
  }
}
