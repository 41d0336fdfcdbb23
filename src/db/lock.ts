/**
 * The embedded data directory's single-writer lock.
 *
 * PGlite has no lock between processes: two processes on one data dir silently
 * lose rows. The first process creates `stepwise.lock` exclusively (O_EXCL) and
 * writes its pid and command, its host, the machine's boot id and the process's
 * start time; a second process finds the file, sees the holder is alive and
 * refuses with a message naming it. A lock left by a dead process (crash,
 * kill -9) is taken over. So is the lock of a directory copied from another
 * machine, or left before a restart, whose pid now names some other process:
 * the host, boot id or start time differ, and a line on stderr says so.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { AppError } from "../domain/errors.js";

export interface DataDirLock {
  path: string;
  release(): void;
}

export interface Holder {
  pid: number;
  command: string;
  since: string;
  /** Absent in locks written before these were recorded. */
  host?: string;
  boot?: string;
  /** The process's start time in clock ticks since boot (Linux /proc), to tell a reused pid. */
  start?: string;
}

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(command)": state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Why the recorded holder is not running here, or undefined when it may be. */
function notRunningHere(h: Holder): string | undefined {
  if (h.host && h.host !== hostname()) return `was locked on host ${h.host}`;
  const boot = bootId();
  if (h.boot && boot && h.boot !== boot) return "was locked before this machine restarted";
  const start = startTime(h.pid);
  if (h.start && start && h.start !== start) return `names process ${h.pid}, which is now another program`;
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process holding the lock of `dir`, when it is running here; undefined when the lock is free or stale. */
export function liveHolder(dir: string): Holder | undefined {
  const h = readHolder(join(dir, "stepwise.lock"));
  return h && alive(h.pid) && !notRunningHere(h) ? h : undefined;
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
    host: hostname(),
    boot: bootId(),
    start: startTime(process.pid),
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
      const elsewhere = holder && notRunningHere(holder);
      if (holder && elsewhere) {
        process.stderr.write(
          `stepwise: the data directory ${dir} ${elsewhere} (process ${holder.pid}, since ${holder.since}); ` +
            "that process is not running here, so this one takes the lock over.\n",
        );
      } else if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new AppError(
          "conflict",
          `The data directory ${dir} is in use by process ${holder.pid} (${holder.command}) since ${holder.since}. ` +
            "Stop that process first, or set STEPWISE_DATA_DIR to another directory.",
        );
      }
      if (holder?.pid === process.pid && !elsewhere) {
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
