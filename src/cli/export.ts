/**
 * `stepwise export --out DIR [--org SLUG] [--force]`: the whole organisation as
 * the 7 files of the generic import format (docs/export.md). Prints each file
 * with its row count, and what the format could not carry.
 */
import type { Command } from "commander";
import type { ExportResult } from "../services/export.service.js";
import { withCliDb } from "./db.js";
import { userPath } from "./paths.js";

interface ExportCliOptions {
  out: string;
  org?: string;
  force?: boolean;
}

export function registerExport(program: Command) {
  program
    .command("export")
    .description("export the whole organisation as generic CSV files (re-importable with `import`)")
    .requiredOption("--out <dir>", "folder to write people.csv … time_entries.csv into (created if missing)")
    .option("--org <slug>", "organisation (default: the only one)")
    .option("--force", "write into a folder that is not empty (the 7 files are replaced)")
    .action(async (opts: ExportCliOptions) => {
      const { exportOrganisation } = await import("../services/export.service.js");
      const r = await withCliDb((h) =>
        exportOrganisation(h, { out: userPath(opts.out), org: opts.org, force: opts.force }),
      );
      process.stdout.write(summary(r));
    });
}

function summary(r: ExportResult): string {
  const out = [`exported organisation ${r.org} to ${r.dir}:`];
  const w = Math.max(...r.files.map((f) => f.file.length));
  for (const f of r.files) out.push(`  ${f.file.padEnd(w)}  ${String(f.rows).padStart(8)} rows`);
  const a = r.assignedExternalIds;
  if (a.deals + a.activities > 0) {
    out.push(
      `  ${a.deals} deals and ${a.activities} activities without an external_id now have their id as one`,
    );
  }
  const n = r.notCarried;
  const left = [
    n.inactivePeople ? `${n.inactivePeople} inactive people (exported as active)` : "",
    n.agreedPlans ? `${n.agreedPlans} agreed plan versions` : "",
    n.reviews ? `${n.reviews} reviews` : "",
    n.objections ? `${n.objections} objections` : "",
  ].filter(Boolean);
  if (left.length) out.push(`  not in the format, so not exported: ${left.join(", ")} (docs/export.md)`);
  return `${out.join("\n")}\n`;
}
