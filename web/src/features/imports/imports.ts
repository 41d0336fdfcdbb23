/**
 * The import wizard's calls: POST /imports/preview and POST /imports (multipart).
 * A dry run or import with problems answers 400 with `error.issues`; that is an
 * outcome to show, not a failure, so it comes back as `{ ok: false, issues }`.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  ImportFileCount as FileCount,
  FilePreview,
  ImportIssue,
  ImportPreview,
  ImportResult,
  MappingReviewItem,
} from "../../../../src/contract/imports";
import { ApiError, api } from "../../api";

export const FORMATS = [
  { value: "generic", label: "Stepwise generic CSV (people.csv, deals.csv, …)" },
  { value: "pipedrive", label: "Pipedrive export (deals, activities)" },
  { value: "hubspot", label: "HubSpot export (deals, activities)" },
  { value: "salesforce", label: "Salesforce reports (opportunities, stage history, tasks and events)" },
];

export const KIND_LABEL: Record<string, string> = {
  people: "People",
  contacts: "Contacts",
  quotas: "Quotas",
  deals: "Deals",
  deal_steps: "Deal step history",
  activities: "Activities",
  time_entries: "Time entries",
};

/**
 * What a vendor format asks the user to confirm: its stages → Stepwise steps and
 * its owners → people (emails); null values are not mapped yet. The generic format has none.
 */
export interface ImportMapping {
  format?: string;
  /** How slash dates such as 3/4/2026 are read: month first (MDY) or day first (DMY). */
  dateOrder?: "MDY" | "DMY";
  stages?: Record<string, string | null>;
  owners?: Record<string, string | null>;
}

// The shapes the API sends, declared once with its OpenAPI document (src/contract).
export type { FileCount, FilePreview, ImportIssue, ImportPreview, ImportResult, MappingReviewItem };

export type ImportOutcome =
  | { ok: true; result: ImportResult }
  | { ok: false; message: string; issues: ImportIssue[]; more: number };

export interface ImportInput {
  files: File[];
  format: string;
  mapping: ImportMapping | null;
}

function form(input: ImportInput, extra: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const file of input.files) f.append("files", file, file.name);
  f.append("format", input.format);
  if (input.mapping) f.append("mapping", JSON.stringify(input.mapping));
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  return f;
}

export function usePreview() {
  return useMutation({
    mutationFn: (input: ImportInput) =>
      api<ImportPreview>("/imports/preview", { method: "POST", body: form(input) }),
  });
}

export function useRunImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: ImportInput & { dryRun: boolean }): Promise<ImportOutcome> => {
      try {
        const result = await api<ImportResult>("/imports", {
          method: "POST",
          body: form(v, { dryRun: String(v.dryRun) }),
        });
        return { ok: true, result };
      } catch (e) {
        if (e instanceof ApiError && Array.isArray(e.body.issues)) {
          return {
            ok: false,
            message: e.message,
            issues: e.body.issues as ImportIssue[],
            more: Number(e.body.more ?? 0),
          };
        }
        throw e;
      }
    },
    onSuccess: (outcome, v) => {
      // New records change every screen: the board, lists, reports.
      if (outcome.ok && !v.dryRun) qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "session" });
    },
  });
}
