/**
 * The embedded data directory's single-writer lock.
 *
 * PGlite has no lock between processes: two processes on one data dir silently
 * lose rows. The first process creates `stepwise.lock` exclusively (O_EXCL) and
 * writes its pid and command; a second process finds the file, sees the holder
 * is alive and refuses with a message naming it. A lock left by a dead process
 * (crash, kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../domain/errors.js";

export interface DataDirLock {
  path: string;
  release(): void;
}

interface Holder {
  pid: number;
  command: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, "stepwise.lock");
  const me: Holder = {
    pid: process.pid,
    command: process.argv.slice(1).join(" "),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(path)?.pid === process.pid) unlinkSync(path);
        process.off("exit", release);
      };
      process.on("exit", release);
      return { path, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = readHolder(path);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new AppError(
          "conflict",
          `The data directory ${dir} is in use by process ${holder.pid} (${holder.command}) since ${holder.since}. ` +
            "Stop that process first, or set STEPWISE_DATA_DIR to another directory.",
        );
      }
      if (holder?.pid === process.pid) {
        throw new AppError("conflict", `The data directory ${dir} is already open in this process.`);
      }
      // Stale lock of a dead process: move it aside atomically, then retry the exclusive create.
      try {
        renameSync(path, `${path}.stale-${process.pid}`);
        unlinkSync(`${path}.stale-${process.pid}`);
      } catch {
        // another process took it over first; retry
      }
    }
  }
  throw new AppError("conflict", `Could not lock the data directory ${dir}.`);
}
