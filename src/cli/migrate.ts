import type { Command } from "commander";
import { migrate, openDb } from "../db/client.js";

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("apply the database migrations (also done automatically on start)")
    .action(async () => {
      const h = await openDb();
      try {
        await migrate(h);
        process.stdout.write(`migrations applied (${h.kind})\n`);
      } finally {
        await h.close();
      }
    });
}
