/**
 * The import pipeline every format shares (docs/import.md): the problems found (`Issues`, reported
 * with file, line, column, value and reason), the organisation to import into, and after staging,
 * `checkAndApply` — the set-based checks in SQL (duplicates, references, consistency; any problem →
 * ImportValidationError, nothing written) and the upserts in dependency order, in the caller's one
 * transaction. The readers that stage rows are generic.ts (the generic CSV files) and
 * vendor-import.ts (Pipedrive, HubSpot, Salesforce).
 */
import {
  analyzeStaging,
  duplicateKeys,
  type FileKind,
  type ImportConn,
  type ImportOrg,
  inconsistentRows,
  insertAccounts,
  missingReferences,
  type RowProblem,
  recomputeStepFlow,
  type UpsertCount,
  upsertActivities,
  upsertContacts,
  upsertDealSteps,
  upsertDeals,
  upsertPeople,
  upsertQuotas,
  upsertTimeEntries,
} from "../../db/import/generic.queries.js";
import { getOrganisationBySlug, insertOrganisation, listOrganisations } from "../../db/orgs.queries.js";
import { AppError } from "../../domain/errors.js";
import type { ImportFormat } from "../../domain/import-formats.js";
import type { ImportMapping } from "./mapping.js";

/** One problem in the input. `line` is the 1-based physical line (header = 1; 0 = the whole file). */
export interface ImportIssue {
  file: string;
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export class ImportValidationError extends AppError {
  constructor(
    readonly issues: ImportIssue[],
    /** Problems found beyond MAX_ISSUES (not listed). */
    readonly more: number,
  ) {
    const total = issues.length + more;
    const first = issues[0] ? `; first: ${formatIssue(issues[0])}` : "";
    super(
      "validation_failed",
      `import failed: ${total} error${total === 1 ? "" : "s"}, nothing was written${first}`,
      issues.map((i) => ({
        path: `${i.file}:${i.line}:${i.column}`,
        message: i.reason,
        value: i.value ?? undefined,
      })),
    );
  }
}

export function formatIssue(i: ImportIssue): string {
  const where = [i.file, i.line > 0 ? String(i.line) : "", i.column].filter((x, n) => n === 0 || x).join(":");
  return `${where}: ${i.reason}${i.value !== null ? ` (value ${JSON.stringify(i.value)})` : ""}`;
}

export type ImportProgress =
  | { phase: "read"; file: string; rows: number; bytes: number; totalBytes: number; done: boolean }
  | { phase: "check" | "apply"; step: string };

export interface ImportOptions {
  paths: string[];
  format: ImportFormat;
  /** Organisation slug; default the only organisation. Created when missing. */
  org?: string;
  dryRun?: boolean;
  /** Vendor formats: the confirmed stage/owner mapping (docs/import-vendors.md); default: the guess, if exact. */
  mapping?: ImportMapping;
  onProgress?: (p: ImportProgress) => void;
}

export interface TableCount {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  org: { slug: string; created: boolean };
  dryRun: boolean;
  /** Per file kind present in the input, in apply order. */
  files: ({ file: string; kind: FileKind } & TableCount)[];
  tables: Partial<Record<FileKind, TableCount>>;
  accountsCreated: number;
}

export const MAX_ISSUES = 100_000;

export class Issues {
  list: ImportIssue[] = [];
  more = 0;
  add(i: ImportIssue) {
    if (this.list.length < MAX_ISSUES) this.list.push(i);
    else this.more++;
  }
}

export interface InputFile {
  path: string;
  file: string;
  kind: FileKind;
}

export async function resolveOrgSlug(c: ImportConn, slug: string | undefined): Promise<string> {
  if (slug !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
      throw new AppError(
        "validation_failed",
        `--org ${JSON.stringify(slug)} is not a valid slug (lowercase letters, digits and dashes)`,
      );
    }
    return slug;
  }
  const slugs = (await listOrganisations(c.db)).map((o) => o.slug);
  if (slugs.length === 1) return slugs[0];
  if (slugs.length === 0)
    throw new AppError("validation_failed", "there is no organisation yet: pass --org SLUG");
  throw new AppError(
    "validation_failed",
    `there are several organisations (${slugs.join(", ")}): pass --org SLUG`,
  );
}

/** Finds the organisation, or creates it (name = slug, UTC, USD) with its 7 process steps, in the import's transaction. */
export async function findOrCreateOrg(c: ImportConn, slug: string): Promise<ImportOrg> {
  const found = await getOrganisationBySlug(c.db, slug);
  const org =
    found ?? (await insertOrganisation(c.db, { slug, name: slug, timeZone: "UTC", currency: "USD" }));
  return { id: org.id, slug, timeZone: org.timeZone, currency: org.currency, created: !found };
}

const APPLY: [FileKind, (c: ImportConn, orgId: string) => Promise<UpsertCount>][] = [
  ["people", upsertPeople],
  ["contacts", upsertContacts],
  ["quotas", upsertQuotas],
  ["deals", upsertDeals],
  ["deal_steps", upsertDealSteps],
  ["activities", upsertActivities],
  ["time_entries", upsertTimeEntries],
];

/**
 * After staging: the set-based checks (any problem, staged earlier or found
 * here → ImportValidationError, nothing written) and the upserts in dependency
 * order. `toIssue` turns a staging-table problem into one about the input file
 * (the vendor formats map lines and columns back to the vendor's file).
 */
export async function checkAndApply(
  c: ImportConn,
  orgId: string,
  rowsByKind: Map<FileKind, number>,
  issues: Issues,
  opts: {
    fileOrder: string[];
    /** null: the problem was already reported (e.g. once per unmapped owner, not per row). */
    toIssue?: (p: RowProblem) => ImportIssue | null;
    onProgress?: (p: ImportProgress) => void;
  },
): Promise<{ tables: Partial<Record<FileKind, TableCount>>; accountsCreated: number }> {
  const progress = opts.onProgress;
  const toIssue = opts.toIssue ?? ((p: RowProblem) => ({ file: `${p.kind}.csv`, ...p }));
  progress?.({ phase: "check", step: "duplicates and references" });
  await analyzeStaging(c);
  const problems: RowProblem[] = [
    ...(await duplicateKeys(c, MAX_ISSUES)),
    ...(await missingReferences(c, orgId, MAX_ISSUES)),
    ...(await inconsistentRows(c, orgId, MAX_ISSUES)),
  ];
  for (const p of problems) {
    const issue = toIssue(p);
    if (issue) issues.add(issue);
  }
  if (issues.list.length > 0) {
    const order = (f: string) => {
      const i = opts.fileOrder.indexOf(f);
      return i < 0 ? -1 : i;
    };
    issues.list.sort((a, b) => order(a.file) - order(b.file) || a.line - b.line);
    throw new ImportValidationError(issues.list, issues.more);
  }

  const tables: Partial<Record<FileKind, TableCount>> = {};
  let accountsCreated = 0;
  for (const [kind, apply] of APPLY) {
    if (kind === "contacts" && (rowsByKind.has("contacts") || rowsByKind.has("deals"))) {
      accountsCreated = await insertAccounts(c, orgId);
    }
    const rows = rowsByKind.get(kind);
    if (rows !== undefined) {
      progress?.({ phase: "apply", step: `${kind}.csv` });
      const n = await apply(c, orgId);
      tables[kind] = { rows, ...n, unchanged: rows - n.inserted - n.updated };
    }
    if (kind === "deal_steps" && (rowsByKind.has("deals") || rowsByKind.has("deal_steps"))) {
      progress?.({ phase: "apply", step: "step flow of the imported deals" });
      await recomputeStepFlow(c, orgId);
    }
  }
  return { tables, accountsCreated };
}
