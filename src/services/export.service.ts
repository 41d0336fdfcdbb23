/**
 * The whole-organisation export, in exactly the generic import format
 * (interfaces.md; docs/export.md): people, contacts, quotas, deals, deal_steps,
 * activities, time_entries. Each file is streamed batch by batch (keyset
 * pagination in src/db/export.queries.ts, csv-stringify per batch), so memory
 * stays flat for big organisations.
 *
 * - `exportCsv(ctx, file)`: one file as a stream of CSV text (the API). Admins only.
 * - `exportOrganisation(handle, options)`: all 7 files into a folder (the CLI),
 *   read in one REPEATABLE READ transaction so the files agree with each other,
 *   written under temporary names and renamed only when all are complete.
 */
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { DbHandle, DbOrTx } from "../db/client.js";
import {
  assignExternalIds,
  countNotCarried,
  EXPORT_COLUMNS,
  EXPORT_FILES,
  type ExportFile,
  exportBatches,
  missingExternalIds,
  type NotCarried,
} from "../db/export.queries.js";
import { AppError } from "../domain/errors.js";
import { type Ctx, requireRole } from "./context.js";
import { resolveOrg } from "./orgs.service.js";

export { EXPORT_COLUMNS, EXPORT_FILES, type ExportFile };

/** Rows per query (and per CSV chunk). */
export const EXPORT_BATCH = 5000;

/** The CSV text of one file: the header, then one chunk per batch. `onRow` counts rows. */
export async function* csvChunks(
  db: DbOrTx,
  orgId: string,
  file: ExportFile,
  opts: { batchSize?: number; onRows?: (n: number) => void } = {},
): AsyncGenerator<string> {
  yield stringify([EXPORT_COLUMNS[file]]);
  for await (const batch of exportBatches(db, orgId, file, opts.batchSize ?? EXPORT_BATCH)) {
    opts.onRows?.(batch.length);
    // null → an empty cell (the import reads an empty value as "not given").
    yield stringify(batch.map((r) => r.map((v) => v ?? "")));
  }
}

/**
 * Deals and activities created in the app have no external_id; the export's key
 * for them is their id, recorded as their external_id the first time they are
 * exported (so every export writes the same key and a re-import finds them).
 */
async function ensureExternalIds(db: DbOrTx, orgId: string) {
  if (!(await missingExternalIds(db, orgId))) return { deals: 0, activities: 0 };
  return db.transaction((tx) => assignExternalIds(tx, orgId));
}

/**
 * One file of the actor's organisation as CSV text, streamed. Admins only: it
 * is everything of everybody, in bulk. (Each batch is its own query, so a slow
 * download holds no connection; the CLI export is the one consistent snapshot.)
 */
export async function exportCsv(ctx: Ctx, file: ExportFile): Promise<AsyncGenerator<string>> {
  requireRole(ctx.actor, "admin");
  if (!EXPORT_FILES.includes(file)) {
    throw new AppError("validation_failed", `unknown export file "${file}"`, [
      { path: "file", message: `expected one of ${EXPORT_FILES.join(", ")}`, value: file },
    ]);
  }
  await ensureExternalIds(ctx.db, ctx.actor.orgId);
  return csvChunks(ctx.db, ctx.actor.orgId, file);
}

export interface ExportOptions {
  /** The folder to write into (created if missing). */
  out: string;
  /** Organisation slug; default the only one. */
  org?: string;
  /** Write into a non-empty folder (the 7 files are replaced; nothing else is touched). */
  force?: boolean;
  batchSize?: number;
}

export interface ExportResult {
  org: string;
  dir: string;
  files: { file: string; path: string; rows: number }[];
  /** Deals and activities that got their id as external_id in this export. */
  assignedExternalIds: { deals: number; activities: number };
  /** What the format cannot carry (docs/export.md). */
  notCarried: NotCarried;
}

function prepareDir(dir: string, force: boolean) {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new AppError("validation_failed", `${dir} is not a folder`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !force) {
      throw new AppError(
        "validation_failed",
        `${dir} is not empty (${entries.length} entries); choose an empty folder or pass --force`,
      );
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
}

async function writeFileFrom(path: string, chunks: AsyncIterable<string>) {
  const out = createWriteStream(path, { encoding: "utf8" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  failed.catch(() => {});
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
  }
  out.end();
  await Promise.race([once(out, "finish"), failed]);
}

/** All 7 files of one organisation into `out`; a file appears only complete (written as `.NAME.csv.partial`, renamed at the end). */
export async function exportOrganisation(h: DbHandle, opts: ExportOptions): Promise<ExportResult> {
  const dir = resolve(opts.out);
  const org = await resolveOrg(h.db, opts.org);
  prepareDir(dir, !!opts.force);
  const assigned = await ensureExternalIds(h.db, org.id);
  const parts = EXPORT_FILES.map((f) => join(dir, `.${f}.csv.partial`));
  try {
    return await h.db.transaction(
      async (tx) => {
        const files: ExportResult["files"] = [];
        for (const [i, file] of EXPORT_FILES.entries()) {
          let n = 0;
          await writeFileFrom(
            parts[i],
            csvChunks(tx, org.id, file, { batchSize: opts.batchSize, onRows: (k) => (n += k) }),
          );
          files.push({ file: `${file}.csv`, path: join(dir, `${file}.csv`), rows: n });
        }
        const notCarried = await countNotCarried(tx, org.id);
        for (const [i, f] of files.entries()) renameSync(parts[i], f.path);
        return { org: org.slug, dir, files, assignedExternalIds: assigned, notCarried };
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
  } finally {
    for (const p of parts) rmSync(p, { force: true });
  }
}
