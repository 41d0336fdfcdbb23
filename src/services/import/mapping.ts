/**
 * The mapping file of the vendor imports (docs/import-vendors.md): vendor stage
 * names → Stepwise steps (or won / lost / disqualified / ignore), vendor owners
 * (names, emails or ids exactly as they appear in the export) → Stepwise people
 * emails, and the day/month order of slash dates. Shared by the CLI, the HTTP
 * import endpoint and the web wizard: guessMapping() proposes one, the user
 * confirms or edits it, importFiles({ mapping }) applies it.
 */
import { AppError } from "../../domain/errors.js";
import { STEP_KEYS, type StepKey } from "../../domain/steps.js";

export const VENDOR_FORMATS = ["pipedrive", "hubspot", "salesforce"] as const;
export type VendorFormat = (typeof VENDOR_FORMATS)[number];

/** What a vendor stage becomes. A step key records the step; the others close or drop the deal. */
export const STAGE_TARGETS = [...STEP_KEYS, "won", "lost", "disqualified", "ignore"] as const;
export type StageTarget = StepKey | "won" | "lost" | "disqualified" | "ignore";

export type DateOrder = "MDY" | "DMY";

export interface ImportMapping {
  format: VendorFormat;
  /** How to read slash dates such as 3/4/2026 (month first in the US, day first elsewhere). */
  dateOrder: DateOrder;
  /** Vendor stage name → target; null = not decided (an error until it is). */
  stages: Record<string, StageTarget | null>;
  /** Vendor owner as it appears in the export → a Stepwise person's email; null = not decided. */
  owners: Record<string, string | null>;
}

/** A guessed entry the user must confirm (or fill) before the import runs. */
export interface MappingReviewItem {
  kind: "stage" | "owner" | "dateOrder";
  value: string;
  guess: string | null;
  reason: string;
  /** Where the value first appears (physical line; 1 = header). */
  file: string;
  line: number;
  column: string;
}

export interface MappingGuess {
  mapping: ImportMapping;
  /** Empty when every stage and owner matched exactly: the guess can be used as it is. */
  review: MappingReviewItem[];
  /** Rows per distinct value, to show the user what a choice affects. */
  counts: { stages: Record<string, number>; owners: Record<string, number> };
  /** Problems with the files themselves (unrecognised, missing columns, not CSV), found while guessing. */
  problems: { file: string; line: number; column: string; value: string | null; reason: string }[];
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+$/;

/** Parses and validates a mapping file's text; every problem names the key. */
export function parseMapping(text: string, file: string, format: VendorFormat): ImportMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError("validation_failed", `${file}: not valid JSON: ${(e as Error).message}`);
  }
  const problems: string[] = [];
  const obj = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new AppError("validation_failed", `${file}: must be a JSON object with "stages" and "owners"`);
  }
  if (obj.format !== undefined && obj.format !== format) {
    problems.push(`"format" is ${JSON.stringify(obj.format)} but the import is --format ${format}`);
  }
  const dateOrder = obj.dateOrder ?? "MDY";
  if (dateOrder !== "MDY" && dateOrder !== "DMY") problems.push(`"dateOrder" must be "MDY" or "DMY"`);
  const section = <T>(key: string, check: (v: unknown) => T | undefined, expected: string) => {
    const out: Record<string, T | null> = {};
    const s = obj[key];
    if (s === undefined) return out;
    if (typeof s !== "object" || s === null || Array.isArray(s)) {
      problems.push(`"${key}" must be an object`);
      return out;
    }
    for (const [k, v] of Object.entries(s)) {
      if (v === null || v === "") {
        out[k] = null;
        continue;
      }
      const ok = check(v);
      if (ok === undefined)
        problems.push(`${key}.${JSON.stringify(k)}: ${JSON.stringify(v)} is not ${expected}`);
      else out[k] = ok;
    }
    return out;
  };
  const stages = section<StageTarget>(
    "stages",
    (v) =>
      typeof v === "string" && (STAGE_TARGETS as readonly string[]).includes(v.toLowerCase())
        ? (v.toLowerCase() as StageTarget)
        : undefined,
    `one of ${STAGE_TARGETS.join(", ")}`,
  );
  const owners = section<string>(
    "owners",
    (v) => (typeof v === "string" && EMAIL.test(v.trim()) ? v.trim().toLowerCase() : undefined),
    "an email address",
  );
  if (problems.length > 0) {
    throw new AppError(
      "validation_failed",
      `${file}: ${problems.join("; ")}`,
      problems.map((p) => ({ path: file, message: p })),
    );
  }
  return { format, dateOrder: dateOrder as DateOrder, stages, owners };
}

/**
 * The mapping as the file the user edits (keys in the order first seen). A
 * proposal lists what to check under "_confirm" (ignored when read back).
 */
export function formatMapping(m: ImportMapping, review: MappingReviewItem[] = []): string {
  const confirm = review.map(
    (r) =>
      `${r.kind} ${JSON.stringify(r.value)} (${r.file} line ${r.line}, ${r.column}): ${r.reason}${
        r.kind === "owner" ? "" : `; proposed ${JSON.stringify(r.guess)}`
      }`,
  );
  return `${JSON.stringify(
    {
      ...(confirm.length > 0 ? { _confirm: confirm } : {}),
      format: m.format,
      dateOrder: m.dateOrder,
      stages: m.stages,
      owners: m.owners,
    },
    null,
    2,
  )}\n`;
}
