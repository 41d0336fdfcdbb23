/**
 * `stepwise org create --slug S [--name N] [--time-zone TZ] [--currency CUR]`:
 * an empty organisation with the 7 steps, so that an import lands in the CRM's
 * time zone and currency (docs/import-vendors.md). `stepwise org list` shows them.
 */
import type { Command } from "commander";
import { withCliDb } from "./db.js";

export function registerOrg(program: Command) {
  const org = program.command("org").description("manage organisations");
  org
    .command("create")
    .description("create an empty organisation (before importing into it)")
    .requiredOption("--slug <slug>", "short name used by --org (lower-case letters, digits, hyphens)")
    .option("--name <name>", "display name (default: the slug)")
    .option("--time-zone <tz>", "IANA time zone of its periods and of times without an offset", "UTC")
    .option("--currency <code>", "ISO 4217 currency of all amounts", "USD")
    .action(async (o: { slug: string; name?: string; timeZone: string; currency: string }) => {
      const { createOrganisation } = await import("../services/orgs.service.js");
      const created = await withCliDb((h) => createOrganisation(h.db, o));
      process.stdout.write(
        `created organisation ${created.slug} ("${created.name}", ${created.timeZone}, ${created.currency})\n`,
      );
    });
  org
    .command("list")
    .description("list the organisations")
    .action(async () => {
      const { organisations } = await import("../services/operations.service.js");
      const orgs = await withCliDb((h) => organisations(h.db));
      if (orgs.length === 0) process.stdout.write("no organisations yet\n");
      for (const o of orgs)
        process.stdout.write(
          `${o.slug}\t${o.name}\t${o.timeZone}\t${o.currency}${o.isDemo ? "\tdemo" : ""}\n`,
        );
    });
}
