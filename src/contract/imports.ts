/** The import wizard's answers (POST /imports/preview, POST /imports; docs/import.md). */
import { z } from "zod";

/** One uploaded file as the preview read it. */
export const FilePreview = z
  .strictObject({
    file: z.string(),
    /** What the file name says it holds; null for a name the import does not know. */
    kind: z.string().nullable(),
    /** Data rows (the header not counted). */
    rows: z.number(),
    columns: z.array(z.string()),
    /** The first data rows, as the file has them. */
    sample: z.array(z.array(z.string())),
    /** A problem that stops this file from importing, found already by the preview. */
    problem: z.string().nullable(),
  })
  .meta({ id: "FilePreview" });
export type FilePreview = z.infer<typeof FilePreview>;

/** A guessed mapping entry the user should look at, with where the value first appears. */
export const MappingReviewItem = z
  .strictObject({
    kind: z.enum(["stage", "owner", "dateOrder"]),
    value: z.string(),
    guess: z.string().nullable(),
    reason: z.string(),
    file: z.string(),
    line: z.number(),
    column: z.string(),
  })
  .meta({ id: "MappingReviewItem" });
export type MappingReviewItem = z.infer<typeof MappingReviewItem>;

export const ImportPreview = z
  .strictObject({
    organisation: z.strictObject({ slug: z.string(), name: z.string() }),
    format: z.string(),
    files: z.array(FilePreview),
    /** Vendor formats: the stage → step and owner → email mapping to confirm; null for the generic format. */
    mapping: z
      .strictObject({
        format: z.string(),
        dateOrder: z.enum(["MDY", "DMY"]),
        stages: z.record(z.string(), z.string().nullable()),
        owners: z.record(z.string(), z.string().nullable()),
      })
      .nullable(),
    review: z.array(MappingReviewItem),
  })
  .meta({ id: "ImportPreview" });
export type ImportPreview = z.infer<typeof ImportPreview>;

const TableCount = z.strictObject({
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
});

/** One file of the import: its kind and what happened to its rows. */
export const ImportFileCount = TableCount.extend({ file: z.string(), kind: z.string() }).meta({
  id: "ImportFileCount",
});
export type ImportFileCount = z.infer<typeof ImportFileCount>;

export const ImportResult = z
  .strictObject({
    org: z.strictObject({ slug: z.string(), created: z.boolean() }),
    dryRun: z.boolean(),
    /** Per file kind present in the input, in apply order. */
    files: z.array(ImportFileCount),
    tables: z.record(z.string(), TableCount),
    accountsCreated: z.number(),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

/** One problem in the input (in a 400's error.issues). */
export const ImportIssue = z
  .strictObject({
    file: z.string(),
    /** The 1-based physical line (header = 1; 0 = the whole file). */
    line: z.number(),
    column: z.string(),
    value: z.string().nullable(),
    reason: z.string(),
  })
  .meta({ id: "ImportIssue" });
export type ImportIssue = z.infer<typeof ImportIssue>;
