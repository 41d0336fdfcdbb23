/**
 * CSV form of the reports (one row per person; `manager-time`: per manager;
 * `team`: per person with their group). Nested objects become dotted columns
 * (`plan.lead`, `steps.closing.rate`); `period` and `asOf` lead every row.
 */
import { stringify } from "csv-stringify/sync";
import type { ReportKind } from "./metrics.service.js";

type Json = Record<string, unknown>;

function flatten(o: Json, prefix: string, out: Json): Json {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Json, key, out);
    else if (Array.isArray(v))
      out[key] = v.map((x) => (typeof x === "object" ? JSON.stringify(x) : x)).join(" ");
    else out[key] = v;
  }
  return out;
}

export function reportRows(kind: ReportKind, report: object): Json[] {
  const r = report as Json;
  const head: Json = { period: r.period, ...(r.asOf !== undefined ? { asOf: r.asOf } : {}) };
  if (kind === "team") {
    const groups = r.groups as Record<string, string[]>;
    return Object.entries(groups).flatMap(([group, emails]) =>
      emails.map((email) => ({ ...head, email, group, paretoShare: r.paretoShare })),
    );
  }
  const list = (kind === "manager-time" ? r.managers : r.people) as Json[];
  return list.map((p) => flatten(p, "", { ...head }));
}

export function reportCsv(kind: ReportKind, report: object): string {
  const rows = reportRows(kind, report);
  const columns: string[] = ["period", "asOf", "email"].filter((c) => rows.some((r) => c in r));
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (rows.length === 0) columns.push("email");
  const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "boolean" ? String(v) : v);
  return stringify(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { header: true, columns, cast: { number: (n) => String(n) } },
  );
}
