import type { Command } from "commander";

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("apply the database migrations (also done automatically on start)")
    .action(async () => {
      const { migrate, openDb } = await import("../db/client.js");
      const h = await openDb();
      try {
        await migrate(h);
        process.stdout.write(`migrations applied (${h.kind})\n`);
      } finally {
        await h.close();
      }
    });
}
