/**
 * The bulk import's entry point (docs/import.md, docs/import-vendors.md). The pipeline every
 * format shares is import/pipeline.ts; the readers are import/generic.ts (the generic CSV files)
 * and import/vendor-import.ts with one translation file per vendor under import/vendors/.
 */
import type { DbHandle } from "../db/client.js";
import { getOrganisationBySlug } from "../db/orgs.queries.js";
import { IMPORT_FORMATS, type ImportFormat } from "../domain/import-formats.js";
import { checkpointAfterBulkWrite } from "./checkpoints.service.js";
import { importGenericFiles } from "./import/generic.js";
import type { ImportOptions, ImportResult } from "./import/pipeline.js";
import { importVendorFiles } from "./import/vendor-import.js";

export {
  formatIssue,
  type ImportIssue,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  ImportValidationError,
  MAX_ISSUES,
  type TableCount,
} from "./import/pipeline.js";
export { IMPORT_FORMATS, type ImportFormat };

/**
 * Imports the files into the organisation, all or nothing. Throws
 * ImportValidationError (every problem) when any row is wrong; a dry run does
 * everything (so it reports the same problems and counts) and rolls back.
 */
export async function importFiles(h: DbHandle, opts: ImportOptions): Promise<ImportResult> {
  const result =
    opts.format !== "generic"
      ? await importVendorFiles(h, { ...opts, format: opts.format })
      : await importGenericFiles(h, opts);
  if (!result.dryRun) {
    // A big organisation's organisation-wide figures: a checkpoint with the imported deals.
    const org = await getOrganisationBySlug(h.db, result.org.slug);
    if (org) await checkpointAfterBulkWrite(h.db, org.id, new Date());
  }
  return result;
}
