/**
 * The vendor export formats (docs/import-vendors.md), put together: each vendor's files, default
 * stages, date format and translation are in its own file under vendors/ (pipedrive.ts, hubspot.ts,
 * salesforce.ts; what they share in vendors/common.ts). Here: recognising a file's role from its
 * header, resolving its columns, guessing a stage's target, and dispatching a row to its translator.
 */
import { STEP_KEYS, STEP_NAMES } from "../../domain/steps.js";
import type { DateOrder, StageTarget, VendorFormat } from "./mapping.js";
import type { Emit, RoleSpec, Vendor, VendorRow } from "./vendors/common.js";
import { hubspot } from "./vendors/hubspot.js";
import { pipedrive } from "./vendors/pipedrive.js";
import { salesforce } from "./vendors/salesforce.js";

export type { ActivityOut, DealOut, Emit, Role, RoleSpec, StepOut } from "./vendors/common.js";
export { VendorRow } from "./vendors/common.js";
export { hubspotEnteredStage } from "./vendors/hubspot.js";

export const VENDORS: Record<VendorFormat, Vendor> = { pipedrive, hubspot, salesforce };

export const VENDOR_SPECS: Record<VendorFormat, RoleSpec[]> = {
  pipedrive: pipedrive.specs,
  hubspot: hubspot.specs,
  salesforce: salesforce.specs,
};

export const DATE_FORMATS: Record<VendorFormat, string> = {
  pipedrive: pipedrive.dateFormat,
  hubspot: hubspot.dateFormat,
  salesforce: salesforce.dateFormat,
};

/** The default pipeline stages of each vendor, mapped exactly (no confirmation needed). */
export const DEFAULT_STAGES: Record<VendorFormat, Record<string, StageTarget>> = {
  pipedrive: pipedrive.defaultStages,
  hubspot: hubspot.defaultStages,
  salesforce: salesforce.defaultStages,
};

/** The role of a file from its header, or undefined. */
export function detectRole(format: VendorFormat, header: string[]): RoleSpec | undefined {
  const h = new Set(header.map((x) => x.trim().toLowerCase()));
  return VENDOR_SPECS[format].find((s) => s.detect(h));
}

/** Field → CSV index for a header (first alias present); -1 when absent. */
export function resolveFields(spec: RoleSpec, header: string[]): Record<string, number> {
  const lower = header.map((x) => x.trim().toLowerCase());
  const out: Record<string, number> = {};
  for (const [name, fs] of Object.entries(spec.fields)) {
    out[name] = -1;
    for (const a of fs.aliases) {
      const i = lower.indexOf(a.toLowerCase());
      if (i >= 0) {
        out[name] = i;
        break;
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ stage guesses

const KEYWORDS: [RegExp, StageTarget][] = [
  [/\blost\b|\bdead\b|churn|rejected|declined/, "lost"],
  [/disqualif|unqualif|junk|spam|not a fit/, "disqualified"],
  [/\bwon\b|signed|closed.?won|purchased/, "won"],
  [/negotiat|contract|closing|commit|verbal|legal/, "closing"],
  [/proposal|quote|demo|present|pitch|value prop|trial|evaluat|decision/, "presenting"],
  [/need|discovery|analysis|requirement/, "needs_analysis"],
  [/qualif/, "qualification"],
  [/contact|prospect|outreach|appointment|meeting|call|connect/, "prospecting"],
  [/lead|new|inbound|incoming|open/, "lead"],
];

/** The guess for one stage name: exact (vendor default, step key or step name) or by keyword. */
export function guessStage(
  format: VendorFormat,
  stage: string,
): { target: StageTarget | null; exact: boolean } {
  const l = stage.trim().toLowerCase().replace(/\s+/g, " ");
  const def = DEFAULT_STAGES[format][l];
  if (def) return { target: def, exact: true };
  for (const k of STEP_KEYS) {
    if (l === k || l === k.replace("_", " ") || l === STEP_NAMES[k].toLowerCase())
      return { target: k, exact: true };
  }
  for (const [re, t] of KEYWORDS) if (re.test(l)) return { target: t, exact: false };
  return { target: null, exact: false };
}

/** Translates one row of a vendor file into generic rows. */
export function translate(row: VendorRow, emit: Emit): void {
  const t = VENDORS[row.format].translators[row.spec.role];
  if (!t) throw new Error(`no ${row.spec.role} translator for ${row.format}`);
  t(row, emit);
}

export type { DateOrder };
