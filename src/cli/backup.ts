import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { AppError } from "../domain/errors.js";

export const PG_BACKUP_HINT =
  "On PostgreSQL (DATABASE_URL is set) back up with pg_dump: " +
  'pg_dump --format=custom --file=stepwise.dump "$DATABASE_URL", and restore with ' +
  'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" stepwise.dump.';

export function registerBackup(program: Command) {
  program
    .command("backup")
    .description(
      "back up the embedded database to a file (consistent while the server runs; on PostgreSQL use pg_dump)",
    )
    .requiredOption("--out <file>", "the backup file to write (a .tar.gz)")
    .option("--force", "overwrite the file if it exists")
    .action(async (opts: { out: string; force?: boolean }) => {
      if (process.env.DATABASE_URL) throw new AppError("validation_failed", PG_BACKUP_HINT);
      const out = resolve(opts.out);
      if (existsSync(out) && !opts.force) {
        throw new AppError("conflict", `--out: ${out} exists already (pass --force to overwrite it).`);
      }
      const [{ defaultDataDir }, { backupClosedDataDir, dataDirHolder, writeBackupFile }] = await Promise.all(
        [import("../db/client.js"), import("../services/operations.service.js")],
      );
      const dir = defaultDataDir();
      if (!existsSync(join(dir, "pgdata"))) {
        throw new AppError(
          "not_found",
          `There is no embedded database in ${dir} to back up (set STEPWISE_DATA_DIR to its folder).`,
        );
      }
      const holder = dataDirHolder(dir);
      let bytes: number;
      if (holder) {
        // The data directory is the running server's: ask it for the dump.
        const { controlSocketPath, requestBackup } = await import("../http/control.js");
        let data: Uint8Array;
        try {
          data = await requestBackup(dir);
        } catch (e) {
          throw new AppError(
            "conflict",
            `The data directory ${dir} is in use by process ${holder.pid} (${holder.command}), which did not answer ` +
              `a backup request on ${controlSocketPath(dir)} (${(e as Error).message}). ` +
              "Is it a stepwise serve of this version? Otherwise stop it and run the backup again.",
          );
        }
        writeBackupFile(out, data);
        bytes = data.length;
      } else {
        // Nobody has it open: open it here (no migration: the backup is of the database as it is).
        bytes = await backupClosedDataDir(dir, out);
      }
      process.stdout.write(
        `Backed up ${dir} to ${out} (${(bytes / 1e6).toFixed(1)} MB${holder ? `, through the running server ${holder.pid}` : ""}).\n`,
      );
    });
}
