import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { AppError } from "../domain/errors.js";
import { PG_BACKUP_HINT } from "./backup.js";

export function registerRestore(program: Command) {
  program
    .command("restore")
    .description(
      "restore a backup made by stepwise backup into the embedded data directory (the server stopped)",
    )
    .argument("<file>", "the backup file")
    .option("--force", "replace the database already in the data directory (it is kept aside, not deleted)")
    .action(async (file: string, opts: { force?: boolean }) => {
      if (process.env.DATABASE_URL) throw new AppError("validation_failed", PG_BACKUP_HINT);
      const path = resolve(file);
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = new Uint8Array(readFileSync(path));
      } catch (e) {
        throw new AppError(
          "not_found",
          `Cannot read the backup file ${path}: ${(e as NodeJS.ErrnoException).code}.`,
        );
      }
      const [{ defaultDataDir }, { restoreDataDir }] = await Promise.all([
        import("../db/client.js"),
        import("../services/operations.service.js"),
      ]);
      const dir = defaultDataDir();
      const { mkdirSync } = await import("node:fs");
      mkdirSync(dir, { recursive: true });
      // A running server holds the lock: restoring under it is refused with its pid.
      await restoreDataDir(dir, bytes, { force: opts.force });
      process.stdout.write(
        `Restored ${path} into ${dir}. Start the server (stepwise serve); it applies any newer migrations.\n`,
      );
    });
}
