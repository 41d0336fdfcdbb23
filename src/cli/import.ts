/**
 * `stepwise import PATH... --format generic|pipedrive|hubspot|salesforce [--org SLUG]
 * [--mapping FILE] [--dry-run]`: parses the arguments, shows progress on stderr (a
 * bar on a TTY, plain lines otherwise), calls the import service and prints its
 * summary (stdout) or its problems (stderr, one per line, then the one-line
 * summary from main). For a vendor format without --mapping it first guesses the
 * stage/owner mapping: an exact guess is used as it is; otherwise the proposal is
 * written to --mapping-out (default stepwise-mapping.<format>.json next to the first file) and the
 * command stops (exit 1) listing what to confirm (docs/import-vendors.md).
 */
import { type Command, Option } from "commander";
import { IMPORT_FORMATS } from "../domain/import-formats.js";
import type { ImportCliOptions } from "./import-run.js";
import { userPath } from "./paths.js";

export function registerImport(program: Command) {
  program
    .command("import")
    .description(
      "import CSV files: the generic format (people, contacts, quotas, deals, deal_steps, activities, time_entries) or Pipedrive / HubSpot / Salesforce exports",
    )
    .argument("<paths...>", "CSV files; generic: the file name says what each holds (deals.csv, …)")
    .addOption(new Option("--format <format>", "input format").choices(IMPORT_FORMATS).makeOptionMandatory())
    .option("--org <slug>", "organisation (default: the only one; created if missing)")
    .option("--mapping <file>", "vendor formats: the stage/owner mapping file (JSON, docs/import-vendors.md)")
    .option(
      "--mapping-out <file>",
      "vendor formats: where to write the proposed mapping (default: stepwise-mapping.<format>.json beside the first file)",
    )
    .option("--dry-run", "check everything and report all errors, write nothing")
    .action(async (paths: string[], opts: ImportCliOptions) => {
      const { runImport } = await import("./import-run.js");
      await runImport(paths.map(userPath), {
        ...opts,
        mapping: opts.mapping && userPath(opts.mapping),
        mappingOut: opts.mappingOut && userPath(opts.mappingOut),
      });
    });
}
