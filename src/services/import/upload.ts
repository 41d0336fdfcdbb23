/**
 * The import wizard's use-cases (web upload): preview uploaded CSV files, and
 * run the import service on them — dry run or for real — always into the
 * actor's own organisation. The files are written to a private temporary
 * folder (mode 0700, files 0600) that is removed whatever happens; the import
 * itself is `importFiles` (import.service.ts), unchanged: all or nothing.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse";
import type { DbHandle } from "../../db/client.js";
import { FILE_KINDS, type FileKind } from "../../db/import/generic.queries.js";
import { getOrganisation } from "../../db/orgs.queries.js";
import { AppError } from "../../domain/errors.js";
import type { ImportFormat } from "../../domain/import-formats.js";
import { type Ctx, requireRole, requireWrite } from "../context.js";
import { importFiles } from "../import.service.js";
import {
  type ImportMapping,
  type MappingReviewItem,
  parseMapping,
  VENDOR_FORMATS,
  type VendorFormat,
} from "./mapping.js";
import { type ImportResult, ImportValidationError } from "./pipeline.js";
import { guessMapping } from "./vendor-import.js";

/** One uploaded file: its name as the browser sent it, and its bytes. */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

export const UPLOAD_LIMITS = {
  /** One file per kind (7), with room for a misnamed one to be reported. */
  maxFiles: 10,
  /** The whole request; bigger imports belong to the CLI (`stepwise import`). */
  maxBytes: Number(process.env.STEPWISE_IMPORT_MAX_MB ?? 50) * 1024 * 1024,
};

/** How many data rows the preview shows per file. */
export const PREVIEW_ROWS = 5;

const isVendor = (f: ImportFormat): f is VendorFormat => (VENDOR_FORMATS as readonly string[]).includes(f);

export interface FilePreview {
  file: string;
  /** What the file name says it holds; null for a name the import does not know. */
  kind: FileKind | null;
  /** Data rows (the header not counted). */
  rows: number;
  columns: string[];
  /** The first PREVIEW_ROWS data rows, as the file has them. */
  sample: string[][];
  /** A problem that stops this file from importing, found already by the preview. */
  problem: string | null;
}

export interface ImportPreview {
  organisation: { slug: string; name: string };
  format: ImportFormat;
  files: FilePreview[];
  /**
   * A vendor format's stage → step and owner → person mapping: the guess from
   * the files (or the mapping sent, as edited), for the user to confirm. The
   * generic format has nothing to map: null.
   */
  mapping: ImportMapping | null;
  /** The guessed entries the user should look at (empty when every one matched exactly). */
  review: MappingReviewItem[];
}

const KIND_NAMES = FILE_KINDS.map((k) => `${k}.csv`);

/** The file's own name: no folders (either separator), checked for duplicates. */
function fileNames(uploads: Upload[]): string[] {
  if (uploads.length === 0) {
    throw new AppError("validation_failed", "Upload at least one CSV file.", [
      { path: "files", message: "upload at least one CSV file" },
    ]);
  }
  if (uploads.length > UPLOAD_LIMITS.maxFiles) {
    throw new AppError("validation_failed", `Upload at most ${UPLOAD_LIMITS.maxFiles} files at once.`, [
      { path: "files", message: `at most ${UPLOAD_LIMITS.maxFiles} files` },
    ]);
  }
  const seen = new Set<string>();
  return uploads.map((u, i) => {
    const name = u.name.split(/[\\/]/).pop()!.trim();
    if (!name || name.startsWith(".") || name.length > 200) {
      throw new AppError("validation_failed", `File ${i + 1} has no usable name ("${u.name}").`, [
        { path: `files.${i}`, message: "a file name like deals.csv is needed" },
      ]);
    }
    if (seen.has(name.toLowerCase())) {
      throw new AppError("validation_failed", `${name} was uploaded twice; upload each file once.`, [
        { path: `files.${i}`, message: `${name} was uploaded twice` },
      ]);
    }
    seen.add(name.toLowerCase());
    return name;
  });
}

async function ownOrganisation(ctx: Ctx) {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "Your organisation no longer exists.");
  return org;
}

/** The mapping as sent, checked like a mapping file (each problem names its key). */
function checkFormat(format: ImportFormat, mapping: unknown): ImportMapping | undefined {
  if (mapping === undefined) return undefined;
  if (!isVendor(format)) {
    throw new AppError("validation_failed", "The generic format has nothing to map; send no mapping.", [
      { path: "mapping", message: "only for the vendor formats" },
    ]);
  }
  try {
    return parseMapping(JSON.stringify(mapping), "mapping", format);
  } catch (e) {
    if (e instanceof AppError) {
      throw new AppError("validation_failed", e.message, [{ path: "mapping", message: e.message }]);
    }
    throw e;
  }
}

/** Writes the uploads to a private temporary folder, runs `f` on their paths, and always removes it. */
async function withUploads<T>(names: string[], uploads: Upload[], f: (paths: string[]) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), "stepwise-import-"));
  try {
    const paths: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const path = join(dir, names[i]);
      await writeFile(path, uploads[i].bytes, { mode: 0o600, flag: "wx" });
      paths.push(path);
    }
    return await f(paths);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function previewFile(file: string, bytes: Uint8Array, format: ImportFormat): Promise<FilePreview> {
  const lower = file.toLowerCase();
  const kind = KIND_NAMES.includes(lower) ? (lower.slice(0, -4) as FileKind) : null;
  const out: FilePreview = { file, kind, rows: 0, columns: [], sample: [], problem: null };
  // Vendor exports are recognised by their header row, whatever their name (a
  // generic people.csv may come along); the generic format goes by the name.
  if (!kind && !isVendor(format))
    out.problem = `Unknown file name: the import takes ${KIND_NAMES.join(", ")}.`;
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  parser.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  let header = true;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        out.columns = record;
        header = false;
        continue;
      }
      if (out.sample.length < PREVIEW_ROWS) out.sample.push(record);
      out.rows++;
    }
  } catch (e) {
    out.problem ??= `Not valid CSV: ${(e as Error).message}`;
  }
  if (out.columns.length === 0) out.problem ??= "The file is empty: a header row is needed.";
  return out;
}

/**
 * What the uploaded files hold, and for a vendor format the stage/owner mapping
 * to confirm (guessed from the files and the organisation's people, or the one
 * sent back, as edited). Writes nothing to the database. Admins only.
 */
export async function previewImport(
  ctx: Ctx,
  handle: DbHandle | undefined,
  input: { uploads: Upload[]; format: ImportFormat; mapping?: unknown },
): Promise<ImportPreview> {
  requireRole(ctx.actor, "admin");
  const names = fileNames(input.uploads);
  const sent = checkFormat(input.format, input.mapping);
  const org = await ownOrganisation(ctx);
  const files: FilePreview[] = [];
  for (let i = 0; i < names.length; i++) {
    files.push(await previewFile(names[i], input.uploads[i].bytes, input.format));
  }
  let mapping: ImportMapping | null = null;
  let review: MappingReviewItem[] = [];
  const format = input.format;
  if (isVendor(format)) {
    if (!handle) throw new AppError("internal", "Imports are not available on this server.");
    const guess = await withUploads(names, input.uploads, (paths) =>
      guessMapping(handle, { paths, format, org: org.slug }),
    );
    // The preview stops at problems with the files themselves, as before a trial run.
    if (guess.problems.length > 0) throw new ImportValidationError(guess.problems, 0);
    mapping = guess.mapping;
    review = guess.review;
    if (sent) {
      // The user's choices win; values the files no longer hold are dropped.
      for (const k of Object.keys(mapping.stages)) if (k in sent.stages) mapping.stages[k] = sent.stages[k];
      for (const k of Object.keys(mapping.owners)) if (k in sent.owners) mapping.owners[k] = sent.owners[k];
      mapping.dateOrder = sent.dateOrder;
    }
  }
  return { organisation: { slug: org.slug, name: org.name }, format, files, mapping, review };
}

/**
 * Imports the uploaded files into the actor's organisation (never another: the
 * slug comes from the actor, not the client). Admins with write access only.
 * Throws ImportValidationError with every problem; a dry run writes nothing.
 */
export async function runImport(
  ctx: Ctx,
  handle: DbHandle,
  input: { uploads: Upload[]; format: ImportFormat; dryRun: boolean; mapping?: unknown },
): Promise<ImportResult> {
  requireRole(ctx.actor, "admin");
  requireWrite(ctx.actor);
  const names = fileNames(input.uploads);
  const mapping = checkFormat(input.format, input.mapping);
  const org = await ownOrganisation(ctx);
  return withUploads(names, input.uploads, (paths) =>
    importFiles(handle, {
      paths,
      format: input.format,
      org: org.slug,
      dryRun: input.dryRun,
      mapping,
    }),
  );
}
