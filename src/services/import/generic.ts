/**
 * The generic CSV import (docs/import.md): streams each file through csv-parse,
 * validates every row, stages the rows in TEMP tables, checks references and
 * duplicates set-based in SQL, then upserts everything in ONE transaction.
 * Any problem anywhere means nothing is written; the caller gets every problem
 * with its file, line, column, value and reason.
 *
 * Memory stays flat: rows are streamed in batches; only problems are kept
 * (up to MAX_ISSUES).
 */
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse";
import type { DbHandle } from "../../db/client.js";
import {
  createStagingTables,
  FILE_KINDS,
  type FileKind,
  type ImportConn,
  prepareSession,
  STAGING,
  type StagedValue,
  withImportTransaction,
} from "../../db/import/generic.queries.js";
import { AppError } from "../../domain/errors.js";
import { parseStep } from "../../domain/steps.js";
import {
  ACTIVITY_KINDS,
  CONTACT_STATUSES,
  DEAL_STATUSES,
  ROLES,
  TIME_CATEGORIES,
} from "../../domain/vocabulary.js";
import {
  checkAndApply,
  findOrCreateOrg,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type InputFile,
  Issues,
  resolveOrgSlug,
} from "./pipeline.js";

// ------------------------------------------------------------- column rules

/** A rule's verdict on a bad value (a good value is returned as is: no object per field). */
class Invalid {
  constructor(readonly reason: string) {}
}
type Rule = (raw: string) => StagedValue | Invalid;

const bad = (reason: string) => new Invalid(reason);

const text: Rule = (v) => v;
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;
const email: Rule = (v) => (EMAIL.test(v) ? v.toLowerCase() : bad("not an email address"));
const oneOf = (values: readonly string[]): Rule => {
  const reason = `must be one of ${values.join(", ")}`;
  return (v) => {
    if (values.includes(v)) return v;
    const l = v.toLowerCase();
    return values.includes(l) ? l : bad(reason);
  };
};
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const money: Rule = (v) =>
  MONEY.test(v) ? v : bad("not an amount (a decimal number ≥ 0 with up to 2 decimals)");
const INTEGER = /^\d{1,9}$/;
const integer = (min: number): Rule => {
  const reason = `not a whole number ≥ ${min}`;
  return (v) => (INTEGER.test(v) && Number(v) >= min ? Number(v) : bad(reason));
};
const step: Rule = (v) => {
  const s = parseStep(v);
  return s ? s : bad("not a step (lead … relationship or 1–7)");
};
const bool: Rule = (v) => {
  const l = v.toLowerCase();
  return l === "true" || l === "false" ? l === "true" : bad("must be true or false");
};
const PERIOD = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;
const period: Rule = (v) => (PERIOD.test(v) ? v : bad("not a period (YYYY-MM or YYYY-Qn)"));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A real calendar day (proleptic Gregorian), without allocating a Date. */
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[m - 1] + (leap ? 1 : 0) && y >= 1;
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const date: Rule = (v) => {
  const m = DATE.exec(v);
  return m && validDate(+m[1], +m[2], +m[3]) ? v : bad("not a date (YYYY-MM-DD)");
};
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** ISO 8601 time; kept as text so PostgreSQL reads one without an offset in the org's time zone. */
const time: Rule = (v) => {
  const m = ISO_TIME.exec(v);
  const fine =
    m &&
    validDate(+m[1], +m[2], +m[3]) &&
    (m[4] === undefined || (+m[4] <= 23 && +m[5] <= 59 && (m[6] === undefined || +m[6] <= 59))) &&
    (m[8] === undefined || m[8] === "Z" || m[8] === "z" || +m[8].slice(1, 3) <= 15);
  return fine
    ? m[7] === undefined
      ? v
      : v.replace(",", ".")
    : bad("not an ISO 8601 time (YYYY-MM-DDTHH:MM:SS with optional offset)");
};

interface ColumnSpec {
  rule: Rule;
  required?: boolean;
}

/** The generic format (docs/import.md, interfaces.md). Column names = STAGING column names. */
const SPECS: Record<FileKind, Record<string, ColumnSpec>> = {
  people: {
    email: { rule: email, required: true },
    name: { rule: text, required: true },
    role: { rule: oneOf(ROLES), required: true },
    manager_email: { rule: email },
    team: { rule: text },
  },
  contacts: {
    email: { rule: email, required: true },
    name: { rule: text, required: true },
    owner_email: { rule: email, required: true },
    account: { rule: text },
    lead_source: { rule: text },
    status: { rule: oneOf(CONTACT_STATUSES) },
    customer: { rule: bool },
  },
  quotas: {
    email: { rule: email, required: true },
    period: { rule: period, required: true },
    amount: { rule: money, required: true },
  },
  deals: {
    external_id: { rule: text, required: true },
    name: { rule: text, required: true },
    owner_email: { rule: email, required: true },
    value: { rule: money, required: true },
    created_at: { rule: time, required: true },
    account: { rule: text },
    product: { rule: text },
    lead_source: { rule: text },
    prospecting_method: { rule: text },
    expected_close: { rule: date },
    status: { rule: oneOf(DEAL_STATUSES) },
    closed_at: { rule: time },
    lost_reason: { rule: text },
  },
  deal_steps: {
    deal_external_id: { rule: text, required: true },
    step: { rule: step, required: true },
    entered_at: { rule: time, required: true },
  },
  activities: {
    external_id: { rule: text, required: true },
    owner_email: { rule: email, required: true },
    kind: { rule: oneOf(ACTIVITY_KINDS), required: true },
    step: { rule: step, required: true },
    deal_external_id: { rule: text },
    contact_email: { rule: email },
    scheduled_for: { rule: time },
    done_at: { rule: time },
    logged_at: { rule: time },
    duration_minutes: { rule: integer(0) },
    outcome: { rule: text },
  },
  time_entries: {
    email: { rule: email, required: true },
    date: { rule: date, required: true },
    category: { rule: oneOf(TIME_CATEGORIES), required: true },
    minutes: { rule: integer(1), required: true },
  },
};

const FILE_NAMES = FILE_KINDS.map((k) => `${k}.csv`);

/** Checks across the columns of one row (deals.csv: status and closed_at). */
function dealRowRule(status: StagedValue | undefined, closedAt: StagedValue | undefined): string | undefined {
  const st = (status ?? "open") as string;
  if (st === "open" && closedAt) return "must be empty while the deal is open";
  if (st !== "open" && closedAt === null) return `required when the status is ${st}`;
  return undefined;
}

// ------------------------------------------------------------- reading

/** Physical line breaks in a field: LF, CRLF and a lone CR each count once. */
function lineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13 && s.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A validated value as a field of COPY's csv format (unquoted empty = NULL; never empty here). */
function csvField(v: StagedValue): string {
  if (typeof v !== "string") return String(v);
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Bytes of staging CSV handed to the database at a time (and the progress granularity). */
const STAGE_CHUNK = 1 << 20;

/**
 * Streams one file into its staging table; returns the number of data rows read.
 * Each row is validated and turned straight into a line of COPY csv
 * (`line`, then the STAGING columns; a bad value is staged as NULL), and the
 * lines go to the database in ~1 MB chunks through one COPY per file, so the
 * database stages chunk n while this reads chunk n+1.
 */
export async function readFile(
  c: ImportConn,
  input: InputFile,
  issues: Issues,
  onProgress?: (p: ImportProgress) => void,
): Promise<number> {
  const { file, kind } = input;
  const spec = SPECS[kind];
  const stagingCols = STAGING[kind].map((x) => x[0]);
  const rules = stagingCols.map((col) => spec[col].rule);
  const required = stagingCols.map((col) => spec[col].required === true);
  const width = stagingCols.length;
  const statusAt = kind === "deals" ? stagingCols.indexOf("status") : -1;
  const closedAt = kind === "deals" ? stagingCols.indexOf("closed_at") : -1;
  const totalBytes = statSync(input.path).size;
  let bytes = 0;
  const source = createReadStream(input.path, { highWaterMark: 1 << 20 });
  source.on("data", (chunk) => {
    bytes += chunk.length;
  });
  source.on("error", (e) => parser.destroy(e)); // e.g. unreadable: ends the loop below with the error
  // No `info` and no `skip_empty_lines`: the physical line of each record is counted
  // here (1 + the line breaks inside its fields), and an empty line is a record [""].
  const parser = source.pipe(
    parse({ bom: true, relax_column_count: true, record_delimiter: ["\r\n", "\n"] }),
  );
  let header: string[] | undefined;
  let index: number[] = []; // staging column → CSV field index (-1 absent)
  let rows = 0;
  let line = 1; // the physical line the next record starts on
  const values: StagedValue[] = new Array(width).fill(null);
  const writer = c.copyIn(kind);
  let csv = "";
  const flush = async (done: boolean) => {
    if (csv.length > 0) {
      const chunk = csv;
      csv = "";
      await writer.write(chunk);
    }
    onProgress?.({ phase: "read", file, rows, bytes: done ? totalBytes : bytes, totalBytes, done });
  };
  onProgress?.({ phase: "read", file, rows: 0, bytes: 0, totalBytes, done: false });
  try {
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const at = line;
        let breaks = 0;
        for (let f = 0; f < record.length; f++) {
          const v = record[f];
          if (v.length > 0 && (v.includes("\n") || v.includes("\r"))) breaks += lineBreaks(v);
        }
        line += 1 + breaks;
        if (record.length === 1 && record[0] === "") continue; // an empty line
        if (!header) {
          header = readHeader(record, at, file, spec, issues);
          index = stagingCols.map((col) => header!.indexOf(col));
          continue;
        }
        rows++;
        if (record.length !== header.length) {
          issues.add({
            file,
            line: at,
            column: "",
            value: null,
            reason: `has ${record.length} fields, the header has ${header.length}`,
          });
          continue;
        }
        let out = String(at);
        for (let n = 0; n < width; n++) {
          const i = index[n];
          const raw = i >= 0 ? record[i].trim() : "";
          let value: StagedValue = null;
          if (raw === "") {
            if (required[n] && i >= 0) {
              issues.add({ file, line: at, column: stagingCols[n], value: "", reason: "required" });
            }
            out += ",";
          } else {
            const p = rules[n](raw);
            if (p instanceof Invalid) {
              issues.add({ file, line: at, column: stagingCols[n], value: raw, reason: p.reason });
              out += ",";
            } else {
              value = p;
              out += `,${csvField(p)}`;
            }
          }
          values[n] = value;
        }
        if (statusAt >= 0) {
          const reason = dealRowRule(values[statusAt], values[closedAt]);
          if (reason) {
            const i = index[closedAt];
            issues.add({
              file,
              line: at,
              column: "closed_at",
              value: i >= 0 ? record[i] : null,
              reason,
            });
          }
        }
        csv += `${out}\n`;
        if (csv.length >= STAGE_CHUNK) await flush(false);
      }
      if (!header)
        issues.add({ file, line: 1, column: "", value: null, reason: "empty file (no header row)" });
    } catch (e) {
      const err = e as Error & { lines?: number; code?: string };
      if (!err.code?.startsWith("CSV_")) throw e; // not the input's fault
      issues.add({
        file,
        line: err.lines ?? 0,
        column: "",
        value: null,
        reason: `not valid CSV: ${err.message.replace(/ at line \d+.*$/s, "")}`,
      });
      source.destroy();
    }
    await flush(true);
  } finally {
    // Always finish the COPY: the connection is unusable (even for ROLLBACK) while one is open.
    await writer.end();
  }
  return rows;
}

/** Checks the header row; returns the column names (trimmed, lower-case). */
function readHeader(
  record: string[],
  line: number,
  file: string,
  spec: Record<string, ColumnSpec>,
  issues: Issues,
): string[] {
  const header = record.map((h) => h.trim().toLowerCase());
  header.forEach((h, i) => {
    if (!(h in spec)) {
      issues.add({
        file,
        line,
        column: h,
        value: record[i],
        reason: `unknown column; ${file} has ${Object.keys(spec).join(", ")}`,
      });
    } else if (header.indexOf(h) !== i) {
      issues.add({ file, line, column: h, value: record[i], reason: "column appears twice" });
    }
  });
  for (const [col, s] of Object.entries(spec)) {
    if (s.required && !header.includes(col)) {
      issues.add({ file, line, column: col, value: null, reason: "required column is missing" });
    }
  }
  return header;
}

// ------------------------------------------------------------- the use-case

function classify(paths: string[], issues: Issues): InputFile[] {
  const inputs: InputFile[] = [];
  for (const path of paths) {
    const file = basename(path);
    const kind = file.toLowerCase().replace(/\.csv$/, "") as FileKind;
    if (!file.toLowerCase().endsWith(".csv") || !FILE_KINDS.includes(kind)) {
      issues.add({
        file,
        line: 0,
        column: "",
        value: null,
        reason: `unknown file name; expected one of ${FILE_NAMES.join(", ")}`,
      });
      continue;
    }
    if (inputs.some((x) => x.kind === kind)) {
      issues.add({ file, line: 0, column: "", value: null, reason: `${kind}.csv is given twice` });
      continue;
    }
    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
    } catch (e) {
      throw new AppError("not_found", `cannot read ${path}: ${(e as Error).message}`);
    }
    inputs.push({ path, file, kind });
  }
  return inputs.sort((a, b) => FILE_KINDS.indexOf(a.kind) - FILE_KINDS.indexOf(b.kind));
}

/** The generic CSV files (people.csv, deals.csv, …) into the organisation, all or nothing. */
export async function importGenericFiles(h: DbHandle, opts: ImportOptions): Promise<ImportResult> {
  const issues = new Issues();
  const inputs = classify(opts.paths, issues);
  const progress = opts.onProgress;
  return withImportTransaction(h, opts.dryRun ?? false, async (c) => {
    const slug = await resolveOrgSlug(c, opts.org);
    const org = await findOrCreateOrg(c, slug);
    await prepareSession(c, org);
    await createStagingTables(c);
    const rowsByKind = new Map<FileKind, number>();
    for (const input of inputs) rowsByKind.set(input.kind, await readFile(c, input, issues, progress));
    const { tables, accountsCreated } = await checkAndApply(c, org.id, rowsByKind, issues, {
      fileOrder: inputs.map((i) => i.file),
      onProgress: progress,
    });
    return {
      org: { slug: org.slug, created: org.created },
      dryRun: opts.dryRun ?? false,
      files: inputs.map((i) => ({ file: i.file, kind: i.kind, ...tables[i.kind]! })),
      tables,
      accountsCreated,
    };
  });
}
