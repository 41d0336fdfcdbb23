/**
 * `stepwise import PATH... --format generic [--org SLUG] [--dry-run]`: parses the
 * arguments, shows progress on stderr (a bar on a TTY, plain lines otherwise),
 * calls the import service and prints its summary (stdout) or its problems
 * (stderr, one per line, then the one-line summary from main).
 */
import cliProgress from "cli-progress";
import { type Command, Option } from "commander";
import { migrate, openDb } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import {
  formatIssue,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportProgress,
  type ImportResult,
  ImportValidationError,
  importFiles,
} from "../services/import.service.js";

interface ImportCliOptions {
  format: ImportFormat;
  org?: string;
  mapping?: string;
  dryRun?: boolean;
}

export function registerImport(program: Command) {
  program
    .command("import")
    .description("import CSV files (people, contacts, quotas, deals, deal_steps, activities, time_entries)")
    .argument("<paths...>", "CSV files; the file name says what each holds (deals.csv, …)")
    .addOption(new Option("--format <format>", "input format").choices(IMPORT_FORMATS).makeOptionMandatory())
    .option("--org <slug>", "organisation (default: the only one; created if missing)")
    .option("--mapping <file>", "column mapping for the vendor formats")
    .option("--dry-run", "check everything and report all errors, write nothing")
    .action(async (paths: string[], opts: ImportCliOptions) => {
      if (opts.format !== "generic") {
        throw new AppError(
          "validation_failed",
          `--format ${opts.format} is not supported yet; export the generic CSV files (docs/import.md) and use --format generic`,
        );
      }
      if (opts.mapping) throw new AppError("validation_failed", "--mapping is only for the vendor formats");
      const h = await openDb();
      const progress = progressReporter();
      try {
        await migrate(h);
        const result = await importFiles(h, {
          paths,
          format: opts.format,
          org: opts.org,
          dryRun: opts.dryRun,
          onProgress: progress.update,
        });
        progress.stop();
        process.stdout.write(summary(result));
      } catch (e) {
        progress.stop();
        if (e instanceof ImportValidationError) {
          for (const i of e.issues) process.stderr.write(`${formatIssue(i)}\n`);
          if (e.more > 0) process.stderr.write(`… and ${e.more} more errors\n`);
        }
        throw e;
      } finally {
        await h.close();
      }
    });
}

function summary(r: ImportResult): string {
  const out = [
    `${r.dryRun ? "dry run (nothing written) — would import" : "imported"} into organisation ${r.org.slug}${
      r.org.created ? " (created)" : ""
    }:`,
  ];
  const w = Math.max(...r.files.map((f) => f.file.length), 4);
  for (const f of r.files) {
    out.push(
      `  ${f.file.padEnd(w)}  ${String(f.rows).padStart(8)} rows: ${f.inserted} inserted, ${f.updated} updated, ${f.unchanged} unchanged`,
    );
  }
  if (r.accountsCreated > 0) out.push(`  ${r.accountsCreated} accounts created`);
  return `${out.join("\n")}\n`;
}

/** A bar per file with rows/s on a TTY; otherwise a plain line at most every 2 s and at each file's end. */
function progressReporter() {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let barFile = "";
  let started = 0;
  let lastLine = 0;
  const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
  const update = (p: ImportProgress) => {
    if (p.phase !== "read") {
      bar?.stop();
      bar = undefined;
      process.stderr.write(`import: ${p.phase === "check" ? "checking" : "applying"} ${p.step}\n`);
      return;
    }
    if (p.file !== barFile) {
      bar?.stop();
      bar = undefined;
      barFile = p.file;
      started = Date.now();
      lastLine = started;
      if (!tty) {
        process.stderr.write(`import: reading ${p.file} (${(p.totalBytes / 1e6).toFixed(1)} MB)\n`);
      } else {
        bar = new cliProgress.SingleBar(
          {
            format: `${p.file.padEnd(16)} [{bar}] {percentage}% | {rows} rows | {rate} rows/s`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(p.totalBytes, 1), 0, { rows: 0, rate: 0 });
      }
    }
    if (bar) {
      bar.update(p.bytes, { rows: p.rows, rate: rate(p.rows) });
      if (p.done) {
        bar.stop();
        bar = undefined;
      }
    } else if (p.done || Date.now() - lastLine >= 2000) {
      lastLine = Date.now();
      const pct = p.totalBytes > 0 ? Math.round((100 * p.bytes) / p.totalBytes) : 100;
      process.stderr.write(
        `import: ${p.file} ${p.rows} rows (${pct}%, ${rate(p.rows)} rows/s)${p.done ? " read" : ""}\n`,
      );
    }
  };
  return {
    update,
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
