/**
 * The vendor imports (docs/import-vendors.md): Pipedrive, HubSpot and Salesforce
 * exports are recognised by their headers, translated row by row into the
 * generic import's staging tables (deals, step entries, activities; a generic
 * people.csv may come along), and then checked and applied by the generic
 * pipeline (pipeline.ts checkAndApply) in the same single transaction:
 * all or nothing, idempotent by the vendor's record id, streaming.
 *
 * Staged rows carry `line` = file number × 10^8 + physical line, so every problem
 * found later in SQL is reported against the original vendor file, line and
 * column.
 */
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse";
import type { DbHandle } from "../../db/client.js";
import {
  createStagingTables,
  type FileKind,
  type ImportConn,
  prepareSession,
  type RowProblem,
  type StagedValue,
  withImportTransaction,
} from "../../db/import/generic.queries.js";
import {
  createVendorStaging,
  insertVendorRows,
  moveVendorActivities,
  moveVendorSteps,
  resolveActivityDeals,
  VENDOR_STAGING,
  type VendorTable,
  vendorStepProblems,
} from "../../db/import/vendor.queries.js";
import { listOrganisations } from "../../db/orgs.queries.js";
import { peopleOfOrgSlug } from "../../db/people.queries.js";
import { AppError } from "../../domain/errors.js";
import { readFile } from "./generic.js";
import type {
  DateOrder,
  ImportMapping,
  MappingGuess,
  MappingReviewItem,
  StageTarget,
  VendorFormat,
} from "./mapping.js";
import {
  checkAndApply,
  findOrCreateOrg,
  type ImportIssue,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  ImportValidationError,
  type InputFile,
  Issues,
  MAX_ISSUES,
  resolveOrgSlug,
} from "./pipeline.js";
import { slashOrderEvidence } from "./values.js";
import {
  type ActivityOut,
  DATE_FORMATS,
  type DealOut,
  detectRole,
  guessStage,
  hubspotEnteredStage,
  type RoleSpec,
  resolveFields,
  type StepOut,
  translate,
  VENDOR_SPECS,
  VendorRow,
} from "./vendors.js";

const LINE_BASE = 100_000_000;
const MAX_VENDOR_FILES = 20;
const BATCH = 5000;

interface VendorInput {
  path: string;
  file: string;
  /** 1-based among the vendor files: staged lines are n × LINE_BASE + line. */
  n: number;
  spec: RoleSpec;
  header: string[];
  index: Record<string, number>;
}

// ------------------------------------------------------------------ CSV reading

/**
 * Streams a CSV file's records with their physical line (1 = header). A run of
 * one-field rows at the end is a report footer (Salesforce adds one) and is
 * ignored; elsewhere a row with the wrong number of fields is reported.
 */
async function streamRecords(
  path: string,
  file: string,
  issues: Issues,
  onRecord: (record: string[], line: number) => Promise<void> | void,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  let bytes = 0;
  const source = createReadStream(path);
  source.on("data", (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes);
  });
  const parser = source.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n"],
    }),
  );
  let width = -1;
  let crlfInFields = 0;
  const short: number[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      let breaks = 0;
      for (const f of record) {
        if (f.includes("\r") || f.includes("\n")) {
          for (let i = 0; i < f.length; i++) {
            const ch = f.charCodeAt(i);
            if (ch === 10 || (ch === 13 && f.charCodeAt(i + 1) !== 10)) breaks++;
          }
          crlfInFields += f.split("\r\n").length - 1;
        }
      }
      const line = info.lines - crlfInFields - breaks;
      if (width < 0) {
        width = record.length;
        await onRecord(record, line);
        continue;
      }
      if (record.length === 1 && width > 1) {
        short.push(line);
        continue;
      }
      for (const l of short.splice(0)) {
        issues.add({
          file,
          line: l,
          column: "",
          value: null,
          reason: `has 1 field, the header has ${width}`,
        });
      }
      if (record.length !== width) {
        issues.add({
          file,
          line,
          column: "",
          value: null,
          reason: `has ${record.length} fields, the header has ${width}`,
        });
        continue;
      }
      await onRecord(record, line);
    }
    if (width < 0)
      issues.add({ file, line: 1, column: "", value: null, reason: "empty file (no header row)" });
  } catch (e) {
    const err = e as Error & { lines?: number };
    issues.add({
      file,
      line: err.lines ?? 0,
      column: "",
      value: null,
      reason: `not valid CSV: ${err.message.replace(/ at line \d+.*$/s, "")}`,
    });
    source.destroy();
  }
}

async function readHeader(path: string, file: string): Promise<string[] | undefined> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, to_line: 1 }),
  );
  try {
    for await (const record of parser as AsyncIterable<string[]>) return record.map((h) => h.trim());
  } catch (e) {
    throw new AppError("validation_failed", `${file}: not valid CSV: ${(e as Error).message}`);
  }
  return undefined;
}

// ------------------------------------------------------------------ files

async function classifyVendor(
  format: VendorFormat,
  paths: string[],
  issues: Issues,
): Promise<{ vendor: VendorInput[]; people?: InputFile }> {
  const vendor: VendorInput[] = [];
  let people: InputFile | undefined;
  for (const path of paths) {
    const file = basename(path);
    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
    } catch (e) {
      throw new AppError("not_found", `cannot read ${path}: ${(e as Error).message}`);
    }
    if (vendor.some((v) => v.file === file) || (people && file.toLowerCase() === "people.csv")) {
      issues.add({ file, line: 0, column: "", value: null, reason: `${file} is given twice` });
      continue;
    }
    if (file.toLowerCase() === "people.csv") {
      people = { path, file, kind: "people" };
      continue;
    }
    const header = await readHeader(path, file);
    if (!header) {
      issues.add({ file, line: 1, column: "", value: null, reason: "empty file (no header row)" });
      continue;
    }
    const spec = detectRole(format, header);
    if (!spec) {
      issues.add({
        file,
        line: 1,
        column: "",
        value: null,
        reason: `not a recognised ${format} export: expected ${VENDOR_SPECS[format]
          .map((s) => s.label)
          .join(", ")} (or a generic people.csv); see docs/import-vendors.md`,
      });
      continue;
    }
    const index = resolveFields(spec, header);
    for (const [name, fs] of Object.entries(spec.fields)) {
      if (fs.required && index[name] < 0) {
        issues.add({
          file,
          line: 1,
          column: fs.aliases[0],
          value: null,
          reason: `required column is missing from the ${spec.label}${
            fs.aliases.length > 1 ? ` (also accepted: ${fs.aliases.slice(1).join(", ")})` : ""
          }`,
        });
      }
    }
    if (vendor.length >= MAX_VENDOR_FILES) {
      // Staged lines are n × 10^8 + line in an integer column.
      issues.add({
        file,
        line: 0,
        column: "",
        value: null,
        reason: `at most ${MAX_VENDOR_FILES} vendor files per import`,
      });
      continue;
    }
    vendor.push({ path, file, n: vendor.length + 1, spec, header, index });
  }
  return { vendor, people };
}

// ------------------------------------------------------------------ the mapping guess

interface Seen {
  count: number;
  file: string;
  line: number;
  column: string;
}

const EMAIL_IN = /<([^<>\s]+@[^<>\s]+)>|\(([^()\s]+@[^()\s]+)\)|^([^\s@,;<>"]+@[^\s@,;<>"]+)$/;
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

async function knownPeople(
  h: DbHandle,
  org: string | undefined,
  people: InputFile | undefined,
  issues: Issues,
): Promise<{ email: string; name: string }[]> {
  const out = new Map<string, string>();
  let slug = org;
  if (slug === undefined) {
    const orgs = await listOrganisations(h.db);
    if (orgs.length === 1) slug = orgs[0].slug;
  }
  if (slug !== undefined) {
    const stored = await peopleOfOrgSlug(h.db, slug);
    for (const p of stored) out.set(p.email, p.name);
  }
  if (people) {
    let cols: string[] = [];
    await streamRecords(people.path, people.file, issues, (r) => {
      if (cols.length === 0) {
        cols = r.map((x) => x.trim().toLowerCase());
        return;
      }
      const email = r[cols.indexOf("email")]?.trim().toLowerCase();
      const name = r[cols.indexOf("name")]?.trim() ?? "";
      if (email) out.set(email, name);
    });
  }
  return [...out].map(([email, name]) => ({ email, name }));
}

/**
 * Proposes a mapping for the files: every stage and owner that occurs, with a
 * guess. `review` lists what is not an exact match (vendor default stage, step
 * name, a person's email or unique name) and so must be confirmed or filled.
 */
export async function guessMapping(
  h: DbHandle,
  opts: { paths: string[]; format: VendorFormat; org?: string },
): Promise<MappingGuess> {
  const issues = new Issues();
  // Header problems do not stop the guess: they are returned with it, so that one run
  // reports them together with everything else (the import reports them again).
  const { vendor, people } = await classifyVendor(opts.format, opts.paths, issues);
  const stages = new Map<string, Seen>();
  const owners = new Map<string, Seen>();
  const evidence: Partial<Record<DateOrder | "ambiguous", Seen>> = {};
  const see = (m: Map<string, Seen>, v: string, file: string, line: number, column: string, count = 1) => {
    const s = m.get(v);
    if (s) s.count += count;
    else m.set(v, { count, file, line, column });
  };
  /** Salesforce users by id (15 and 18 characters) and by name, from a users export. */
  const users = new Map<string, { name: string; email: string }>();
  for (const input of vendor) {
    const { spec, header, index, file } = input;
    if (spec.role === "users") {
      let head = true;
      await streamRecords(input.path, file, issues, (record) => {
        if (head) {
          head = false;
          return;
        }
        const cell = (f: string) => (index[f] >= 0 ? (record[index[f]] ?? "").trim() : "");
        const email = cell("email").toLowerCase();
        const name = cell("name") || `${cell("first")} ${cell("last")}`.trim();
        const id = cell("id");
        if (!email || !id) return;
        const u = { name, email };
        users.set(id, u);
        if (id.length === 18) users.set(id.slice(0, 15), u);
        if (name) users.set(norm(name), u);
      });
      continue;
    }
    if (opts.format === "hubspot" && spec.role === "deals") {
      for (const hd of header) {
        const st = hubspotEnteredStage(hd);
        if (st !== undefined) see(stages, st, file, 1, hd, 0);
      }
    }
    let first = true;
    await streamRecords(input.path, file, issues, (record, line) => {
      if (first) {
        first = false;
        return;
      }
      for (const fld of spec.stageFields) {
        const v = (record[index[fld]] ?? "").trim();
        if (index[fld] >= 0 && v) see(stages, v, file, line, header[index[fld]]);
      }
      for (const fld of spec.ownerFields) {
        const v = (record[index[fld]] ?? "").trim();
        if (index[fld] >= 0 && v) see(owners, v, file, line, header[index[fld]]);
      }
      for (const fld of spec.dateFields) {
        if (index[fld] < 0) continue;
        const ev = slashOrderEvidence((record[index[fld]] ?? "").trim());
        if (ev && !evidence[ev]) evidence[ev] = { count: 1, file, line, column: header[index[fld]] };
      }
    });
  }

  const review: MappingReviewItem[] = [];
  const mapping: ImportMapping = { format: opts.format, dateOrder: "MDY", stages: {}, owners: {} };
  for (const [stage, s] of stages) {
    const g = guessStage(opts.format, stage);
    mapping.stages[stage] = g.target;
    if (!g.exact) {
      review.push({
        kind: "stage",
        value: stage,
        guess: g.target,
        reason: g.target
          ? `stage guessed as ${g.target} from its name: confirm it`
          : "no step matches this stage name: choose a step, won, lost, disqualified or ignore",
        file: s.file,
        line: s.line,
        column: s.column,
      });
    }
  }
  const known = await knownPeople(h, opts.org, people, issues);
  const byEmail = new Map(known.map((p) => [p.email, p]));
  const byName = new Map<string, string[]>();
  for (const p of known) byName.set(norm(p.name), [...(byName.get(norm(p.name)) ?? []), p.email]);
  for (const [owner, s] of owners) {
    const m = EMAIL_IN.exec(owner.trim());
    const user = users.get(owner.trim()) ?? users.get(norm(owner));
    const email = user?.email ?? (m ? (m[1] ?? m[2] ?? m[3]).toLowerCase() : undefined);
    const named = byName.get(norm(owner.replace(EMAIL_IN, "")));
    let found: string | null = null;
    let guess: string | null = null;
    let reason = looksLikeUserId(owner)
      ? `looks like a user id, not a name or email: add the CRM's users export (${
          opts.format === "salesforce" ? "Salesforce User: Id, Name, Email" : "owners with their emails"
        }) to the files, or map it to a person's email`
      : "no person with this name or email: add them to people.csv, or map them to an existing email";
    if (email && byEmail.has(email)) found = email;
    else if (named?.length === 1) found = named[0];
    else if (named && named.length > 1)
      reason = `${named.length} people have this name: choose one (${named.join(", ")})`;
    else if (user) {
      guess = user.email;
      reason = `${user.name || owner} <${user.email}> from the users export is not a person in the organisation yet: add them to people.csv, or map ${owner} to an existing person's email`;
    }
    mapping.owners[owner] = found ?? guess;
    if (!found)
      review.push({
        kind: "owner",
        value: owner,
        guess,
        reason,
        file: s.file,
        line: s.line,
        column: s.column,
      });
  }
  if (evidence.DMY && !evidence.MDY) mapping.dateOrder = "DMY";
  if ((evidence.DMY && evidence.MDY) || (evidence.ambiguous && !evidence.DMY && !evidence.MDY)) {
    const at = evidence.DMY ?? evidence.ambiguous!;
    review.push({
      kind: "dateOrder",
      value: mapping.dateOrder,
      guess: mapping.dateOrder,
      reason:
        evidence.DMY && evidence.MDY
          ? "dates with the day first and with the month first both occur: check the export's date format and set dateOrder"
          : "every slash date could be month/day or day/month: confirm dateOrder (MDY = 3/4/2026 is March 4)",
      file: at.file,
      line: at.line,
      column: at.column,
    });
  }
  const counts = {
    stages: Object.fromEntries([...stages].map(([k, s]) => [k, s.count])),
    owners: Object.fromEntries([...owners].map(([k, s]) => [k, s.count])),
  };
  return { mapping, review, counts, problems: issues.list };
}

/** A CRM's internal user id: Salesforce's 005… (15 or 18 characters) or HubSpot's numeric owner id. */
function looksLikeUserId(owner: string): boolean {
  const o = owner.trim();
  return /^005[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/.test(o) || /^\d{5,}$/.test(o);
}

export function reviewIssue(r: MappingReviewItem): ImportIssue {
  return {
    file: r.file,
    line: r.line,
    column: r.column,
    value: r.value,
    reason: `${r.reason} (in a mapping file passed with --mapping)`,
  };
}

// ------------------------------------------------------------------ import

/** Streams one vendor file through the translation into the staging tables; returns its data rows. */
async function readVendorFile(
  c: ImportConn,
  input: VendorInput,
  format: VendorFormat,
  mapping: ImportMapping,
  issues: Issues,
  counts: { deals: number; steps: number; activities: number },
  currency: string,
  onProgress?: (p: ImportProgress) => void,
): Promise<number> {
  const { file, spec, header, index } = input;
  const base = input.n * LINE_BASE;
  const totalBytes = statSync(input.path).size;
  let bytes = 0;
  let line = 0;
  let dataRows = 0;
  const report = (column: string, value: string | null, reason: string) =>
    issues.add({ file, line, column, value, reason });
  const row = new VendorRow(format, spec, header, index, mapping, report, new Set());
  row.currency = currency;
  row.dateFormat = DATE_FORMATS[format];
  const refCol = row.col(spec.role === "history" ? "oppId" : "id");
  // The column an activity's deal came from: its id column, or (Pipedrive, Salesforce) the deal's name.
  const [idField, nameField] = spec.generic.deal_external_id ?? [];
  const idCol = spec.role === "activities" && idField ? row.col(idField) : "";
  const nameCol = nameField ? row.col(nameField) : idCol;
  let deals: StagedValue[][] = [];
  const buf: Record<VendorTable, StagedValue[][]> = { vstg_steps: [], vstg_activities: [], vstg_skipped: [] };
  const flush = async (all = false) => {
    if (deals.length >= BATCH || (all && deals.length > 0)) {
      await c.load("deals", deals);
      deals = [];
    }
    for (const t of Object.keys(buf) as VendorTable[]) {
      if (buf[t].length >= BATCH || (all && buf[t].length > 0)) {
        await insertVendorRows(c, t, buf[t]);
        buf[t] = [];
      }
    }
  };
  const emit = {
    deal(d: DealOut) {
      counts.deals++;
      deals.push([
        base + line,
        d.external_id,
        d.name,
        d.owner_email,
        d.value,
        d.created_at,
        d.account,
        null,
        d.lead_source,
        null,
        d.expected_close,
        d.status,
        d.closed_at,
        d.lost_reason,
      ]);
    },
    step(s: StepOut) {
      counts.steps++;
      buf.vstg_steps.push([base + line, s.prio, s.column, refCol, s.deal, s.step, s.at]);
    },
    activity(a: ActivityOut) {
      counts.activities++;
      buf.vstg_activities.push([
        base + line,
        a.deal_name ? nameCol : idCol,
        a.external_id,
        a.owner_email,
        a.kind,
        a.deal_external_id,
        a.deal_name,
        a.scheduled_for,
        a.done_at,
        a.logged_at,
        a.duration_minutes,
        a.outcome,
      ]);
    },
    skipDeal(id: string) {
      buf.vstg_skipped.push([id]);
    },
  };
  let first = true;
  onProgress?.({ phase: "read", file, rows: 0, bytes: 0, totalBytes, done: false });
  await streamRecords(
    input.path,
    file,
    issues,
    async (record, l) => {
      if (first) {
        first = false;
        return;
      }
      line = l;
      dataRows++;
      row.record = record;
      translate(row, emit);
      if (deals.length >= BATCH || buf.vstg_steps.length >= BATCH || buf.vstg_activities.length >= BATCH) {
        await flush();
        onProgress?.({ phase: "read", file, rows: dataRows, bytes, totalBytes, done: false });
      }
    },
    (b) => {
      bytes = b;
    },
  );
  await flush(true);
  onProgress?.({ phase: "read", file, rows: dataRows, bytes: totalBytes, totalBytes, done: true });
  return dataRows;
}

/** Imports vendor exports (plus an optional generic people.csv), all or nothing. */
export async function importVendorFiles(
  h: DbHandle,
  opts: ImportOptions & { format: VendorFormat },
): Promise<ImportResult> {
  let mapping = opts.mapping;
  if (!mapping) {
    const g = await guessMapping(h, opts);
    if (g.review.length > 0)
      throw new ImportValidationError([...g.problems, ...g.review.map(reviewIssue)], 0);
    mapping = g.mapping;
  }
  if (mapping.format !== opts.format) {
    throw new AppError(
      "validation_failed",
      `the mapping is for ${mapping.format}, the import is --format ${opts.format}`,
    );
  }
  const issues = new Issues();
  const { vendor, people } = await classifyVendor(opts.format, opts.paths, issues);
  const progress = opts.onProgress;
  const byN = new Map(vendor.map((v) => [v.n, v]));
  const decode = (line: number): { input?: VendorInput; line: number } =>
    line < LINE_BASE ? { line } : { input: byN.get(Math.floor(line / LINE_BASE)), line: line % LINE_BASE };
  const toIssue = (p: RowProblem): ImportIssue | null => {
    const { input, line } = decode(p.line);
    if (!input) return { file: `${p.kind}.csv`, ...p };
    let column = p.column;
    const fields = input.spec.generic[p.column];
    if (fields) {
      const present = fields.find((f) => input.index[f] >= 0);
      column = present ? input.header[input.index[present]] : input.spec.fields[fields[0]].aliases[0];
    }
    let reason = p.reason.replace(/first on line (\d+)/, (_, n) => {
      const d = decode(Number(n));
      return d.input && d.input !== input
        ? `first in ${d.input.file} line ${d.line}`
        : `first on line ${d.line}`;
    });
    reason = reason.replace(" in deals.csv ", " in the deals export ");
    if (p.column === "owner_email") {
      // Once per email, naming the vendor's owner(s) mapped to it, not once per row.
      if (ownerEmailsReported.has(p.value ?? "")) return null;
      ownerEmailsReported.add(p.value ?? "");
      const vendorOwners = Object.entries(mapping.owners)
        .filter(([, e]) => e === p.value)
        .map(([o]) => o);
      const who = vendorOwners.length > 0 ? `the owner ${vendorOwners.join(", ")} is` : "the owner is";
      reason = `${who} mapped to ${p.value}, but there is ${reason} (first row shown; every row of this owner has the same problem)`;
    }
    return { file: input.file, line, column, value: p.value, reason };
  };
  const ownerEmailsReported = new Set<string>();
  return withImportTransaction(h, opts.dryRun ?? false, async (c) => {
    const slug = await resolveOrgSlug(c, opts.org);
    const org = await findOrCreateOrg(c, slug);
    await prepareSession(c, org);
    await createStagingTables(c);
    await createVendorStaging(c);
    const rowsByKind = new Map<FileKind, number>();
    if (people) rowsByKind.set("people", await readFile(c, people, issues, progress));
    const counts = { deals: 0, steps: 0, activities: 0 };
    for (const input of vendor)
      await readVendorFile(c, input, opts.format, mapping, issues, counts, org.currency, progress);

    progress?.({ phase: "check", step: "stage history and activity links" });
    const stepProblems = await vendorStepProblems(c, org.id, MAX_ISSUES);
    for (const p of stepProblems) issues.add({ ...toIssue(p)!, column: p.column });
    for (const p of await resolveActivityDeals(c, org.id, MAX_ISSUES))
      issues.add({ ...toIssue(p)!, column: p.column });
    const roles = new Set(vendor.map((v) => v.spec.role));
    if (roles.has("deals")) rowsByKind.set("deals", counts.deals);
    if (roles.has("deals") || roles.has("history")) {
      rowsByKind.set("deal_steps", stepProblems.length > 0 ? 0 : await moveVendorSteps(c));
    }
    if (roles.has("activities")) rowsByKind.set("activities", await moveVendorActivities(c, org.id));

    const fileOrder = [...(people ? [people.file] : []), ...vendor.map((v) => v.file)];
    const { tables, accountsCreated } = await checkAndApply(c, org.id, rowsByKind, issues, {
      fileOrder,
      toIssue,
      onProgress: progress,
    });
    const sources: Partial<Record<FileKind, string[]>> = {
      people: people ? [people.file] : [],
      deals: vendor.filter((v) => v.spec.role === "deals").map((v) => v.file),
      deal_steps: vendor
        .filter((v) => v.spec.role === "deals" || v.spec.role === "history")
        .map((v) => v.file),
      activities: vendor.filter((v) => v.spec.role === "activities").map((v) => v.file),
    };
    const files = (["people", "deals", "deal_steps", "activities"] as FileKind[])
      .filter((k) => tables[k])
      .map((k) => ({ file: `${k} ← ${sources[k]!.join(", ")}`, kind: k, ...tables[k]! }));
    return {
      org: { slug: org.slug, created: org.created },
      dryRun: opts.dryRun ?? false,
      files,
      tables,
      accountsCreated,
    };
  });
}

export type { StageTarget };
export { VENDOR_STAGING };
