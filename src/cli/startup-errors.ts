/**
 * Start-up failures as one sentence a person can act on: the cause and the
 * setting to change. Anything not recognised keeps its own first line.
 */
import { AppError } from "../domain/errors.js";

export interface StartContext {
  port: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** What start-up was doing when it failed. */
  phase?: "listen" | "open" | "migrate";
}

function pgTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the server";
  }
}

/** Checks DATABASE_URL's form before anything connects; a sentence when it is not a PostgreSQL URL. */
export function checkDatabaseUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "DATABASE_URL is not a URL: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use the embedded database.";
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    return `DATABASE_URL starts with ${u.protocol}// but must be a PostgreSQL URL (postgres://USER:PASSWORD@HOST:5432/DATABASE).`;
  }
  return undefined;
}

export function explainStartupError(e: unknown, ctx: StartContext): string {
  if (e instanceof AppError) return e.message;
  // Drizzle wraps a driver's error ("Failed query: …") with the driver's as its cause.
  let err = e as NodeJS.ErrnoException & { syscall?: string; cause?: unknown };
  while (err?.cause && !err.code) err = err.cause as typeof err;
  const where = ctx.host ? `${ctx.host}:${ctx.port}` : `port ${ctx.port}`;
  if (err?.syscall === "listen") {
    if (err.code === "EADDRINUSE") {
      return `Port ${ctx.port} is already in use by another program: stop it, or choose another port with --port or PORT.`;
    }
    if (err.code === "EACCES") {
      return `Listening on ${where} needs privileges this user lacks: choose a port above 1023 with --port or PORT.`;
    }
    if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") {
      return `--host ${ctx.host} is not an address of this machine: use 0.0.0.0, 127.0.0.1 or one of its addresses (--host or HOST).`;
    }
  }
  if (ctx.databaseUrl) {
    const target = pgTarget(ctx.databaseUrl);
    const code = err?.code;
    if (code === "ECONNREFUSED")
      return `PostgreSQL at ${target} refused the connection: is it running, and is DATABASE_URL's host and port right?`;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
      return `The host of DATABASE_URL (${target}) was not found: correct DATABASE_URL.`;
    if (code === "ETIMEDOUT" || code === "stepwise_timeout")
      return `PostgreSQL at ${target} did not answer in time: check that it is reachable from here, and DATABASE_URL.`;
    if (code === "28P01" || code === "28000")
      return `PostgreSQL at ${target} rejected the user or password in DATABASE_URL: correct them.`;
    if (code === "3D000")
      return `The database in DATABASE_URL (${target}) does not exist: create it (createdb) or correct DATABASE_URL.`;
  } else if (ctx.dataDir) {
    const code = err?.code;
    if (code === "EACCES" || code === "EPERM")
      return `The data directory ${ctx.dataDir} cannot be written by this user: fix its permissions, or set STEPWISE_DATA_DIR to another folder.`;
    if (code === "ENOTDIR" || code === "EEXIST")
      return `The data directory ${ctx.dataDir} is not a folder (a file is in the way): set STEPWISE_DATA_DIR to a folder.`;
    if (code === "EROFS")
      return `The data directory ${ctx.dataDir} is on a read-only file system: set STEPWISE_DATA_DIR to a writable folder.`;
    if (code === "ENOSPC")
      return `The disk of the data directory ${ctx.dataDir} is full: free space and start again.`;
    if (ctx.phase === "open" && !(e instanceof AppError)) {
      return (
        `The embedded database in ${ctx.dataDir} could not be opened (${(err?.message ?? String(e)).split("\n")[0]}): ` +
        "it is damaged or not a Stepwise database. Restore a backup (stepwise restore --force FILE), or set STEPWISE_DATA_DIR to another folder."
      );
    }
  }
  const first = (err?.message ?? String(e)).split("\n")[0];
  return `Stepwise could not start: ${first} (run with --verbose for details).`;
}
