/** The action of `stepwise import` (src/cli/import.ts registers it): loaded only when importing. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import cliProgress from "cli-progress";
import type { DbHandle } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import { formatMapping, type ImportMapping, parseMapping } from "../services/import/mapping.js";
import { guessMapping, reviewIssue } from "../services/import/vendor-import.js";
import {
  formatIssue,
  type ImportFormat,
  type ImportProgress,
  type ImportResult,
  ImportValidationError,
  importFiles,
} from "../services/import.service.js";
import { withCliDb } from "./db.js";

export interface ImportCliOptions {
  format: ImportFormat;
  org?: string;
  mapping?: string;
  mappingOut?: string;
  dryRun?: boolean;
}

export async function runImport(paths: string[], opts: ImportCliOptions): Promise<void> {
  if ((opts.mapping || opts.mappingOut) && opts.format === "generic") {
    throw new AppError("validation_failed", "--mapping and --mapping-out are only for the vendor formats");
  }
  if (opts.mapping && opts.mappingOut) {
    throw new AppError(
      "validation_failed",
      "--mapping-out is where a proposal is written when no --mapping is given: pass one or the other",
    );
  }
  const progress = progressReporter();
  try {
    const result = await withCliDb(async (h) => {
      let mapping: ImportMapping | undefined;
      if (opts.format !== "generic") mapping = await vendorMapping(h, paths, opts.format, opts);
      return importFiles(h, {
        paths,
        format: opts.format,
        org: opts.org,
        dryRun: opts.dryRun,
        mapping,
        onProgress: progress.update,
      });
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
  }
}

/** The mapping file given, or an exact guess; otherwise writes the proposal and stops. */
async function vendorMapping(
  h: DbHandle,
  paths: string[],
  format: Exclude<ImportFormat, "generic">,
  opts: ImportCliOptions,
): Promise<ImportMapping> {
  if (opts.mapping) {
    let text: string;
    try {
      text = readFileSync(opts.mapping, "utf8");
    } catch (e) {
      throw new AppError(
        "not_found",
        `cannot read the mapping file ${opts.mapping}: ${(e as Error).message}`,
      );
    }
    return parseMapping(text, opts.mapping, format);
  }
  const guess = await guessMapping(h, { paths, format, org: opts.org });
  const n = `${Object.keys(guess.mapping.stages).length} stages, ${Object.keys(guess.mapping.owners).length} owners`;
  if (guess.review.length === 0) {
    process.stderr.write(`import: mapping: every stage and owner matched exactly (${n})\n`);
    return guess.mapping;
  }
  for (const p of guess.problems) process.stderr.write(`${formatIssue(p)}\n`);
  const file = opts.mappingOut ?? join(dirname(paths[0]), `stepwise-mapping.${format}.json`);
  for (const r of guess.review) process.stderr.write(`${formatIssue(reviewIssue(r))}\n`);
  if (existsSync(file)) {
    throw new AppError(
      "validation_failed",
      `the mapping needs confirming (${guess.review.length} entries) and ${file} already exists: edit it and run again with --mapping ${file}, or delete it to get a fresh proposal`,
    );
  }
  writeFileSync(file, formatMapping(guess.mapping, guess.review));
  throw new AppError(
    "validation_failed",
    `the mapping needs confirming (${guess.review.length} ${guess.review.length === 1 ? "entry" : "entries"}; ${n} in the files): wrote the proposal to ${file}; check and fill it, then run again with --mapping ${file}`,
  );
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
