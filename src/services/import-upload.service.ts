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
import type { DbHandle } from "../db/client.js";
import { FILE_KINDS, type FileKind } from "../db/import.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { AppError } from "../domain/errors.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";
import { type ImportFormat, type ImportResult, importFiles } from "./import.service.js";

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

/**
 * A vendor format's stage → step and owner → person mapping (a guess the user
 * can edit). The generic format has nothing to map: preview says `null`.
 */
export type ImportMapping = Record<string, unknown>;

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
  mapping: ImportMapping | null;
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

function checkFormat(format: ImportFormat, mapping: ImportMapping | undefined) {
  if (format === "generic" && mapping !== undefined) {
    throw new AppError("validation_failed", "The generic format has nothing to map; send no mapping.", [
      { path: "mapping", message: "only for the vendor formats" },
    ]);
  }
}

async function previewFile(file: string, bytes: Uint8Array): Promise<FilePreview> {
  const lower = file.toLowerCase();
  const kind = KIND_NAMES.includes(lower) ? (lower.slice(0, -4) as FileKind) : null;
  const out: FilePreview = { file, kind, rows: 0, columns: [], sample: [], problem: null };
  if (!kind) out.problem = `Unknown file name: the import takes ${KIND_NAMES.join(", ")}.`;
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

/** What the uploaded files hold, before anything is checked against the database. Admins only. */
export async function previewImport(
  ctx: Ctx,
  input: { uploads: Upload[]; format: ImportFormat; mapping?: ImportMapping },
): Promise<ImportPreview> {
  requireRole(ctx.actor, "admin");
  const names = fileNames(input.uploads);
  checkFormat(input.format, input.mapping);
  const org = await ownOrganisation(ctx);
  const files: FilePreview[] = [];
  for (let i = 0; i < names.length; i++) files.push(await previewFile(names[i], input.uploads[i].bytes));
  return {
    organisation: { slug: org.slug, name: org.name },
    format: input.format,
    files,
    // The generic format maps nothing; the vendor formats will return their guess here.
    mapping: null,
  };
}

/**
 * Imports the uploaded files into the actor's organisation (never another: the
 * slug comes from the actor, not the client). Admins with write access only.
 * Throws ImportValidationError with every problem; a dry run writes nothing.
 */
export async function runImport(
  ctx: Ctx,
  handle: DbHandle,
  input: { uploads: Upload[]; format: ImportFormat; dryRun: boolean; mapping?: ImportMapping },
): Promise<ImportResult> {
  requireRole(ctx.actor, "admin");
  requireWrite(ctx.actor);
  const names = fileNames(input.uploads);
  checkFormat(input.format, input.mapping);
  const org = await ownOrganisation(ctx);
  const dir = await mkdtemp(join(tmpdir(), "stepwise-import-"));
  try {
    const paths: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const path = join(dir, names[i]);
      await writeFile(path, input.uploads[i].bytes, { mode: 0o600, flag: "wx" });
      paths.push(path);
    }
    return await importFiles(handle, {
      paths,
      format: input.format,
      org: org.slug,
      dryRun: input.dryRun,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
