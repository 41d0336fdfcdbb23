/**
 * What the vendor translations share (docs/import-vendors.md): how a file's columns are described
 * (RoleSpec), the rows a translation emits (deals, step entries, activities), one vendor row with
 * error reporting in the vendor's own column names (VendorRow), and the helpers the translators use.
 * One file per vendor beside this one; vendors.ts puts them together.
 */
import { STEP_KEYS, type StepKey } from "../../../domain/steps.js";
import type { ActivityKind, DealStatus } from "../../../domain/vocabulary.js";
import type { ImportMapping, StageTarget, VendorFormat } from "../mapping.js";
import { moneyCurrency, readBool, readDate, readDuration, readMoney, readTime } from "../values.js";

/** `users`: a users export (Salesforce `User`) that only fills the owner mapping. */
export type Role = "deals" | "history" | "activities" | "users";

interface FieldSpec {
  aliases: string[];
  required?: boolean;
}
type Fields = Record<string, FieldSpec>;

export interface RoleSpec {
  role: Role;
  label: string;
  fields: Fields;
  /** Recognises the role from the header (lower-case names). */
  detect: (h: Set<string>) => boolean;
  /** Generic staging column → the fields that feed it, first present wins (for error messages). */
  generic: Record<string, string[]>;
  /** Fields whose values are stage names / owners (for the mapping guess). */
  stageFields: string[];
  ownerFields: string[];
  /** Fields holding dates (for guessing the day/month order). */
  dateFields: string[];
}

export const f = (required: boolean, ...aliases: string[]): FieldSpec => ({ aliases, required });
export const any = (h: Set<string>, ...names: string[]) => names.some((n) => h.has(n));

// ------------------------------------------------------------------ translation

export interface DealOut {
  external_id: string;
  name: string;
  owner_email: string;
  value: string;
  created_at: string;
  account: string | null;
  lead_source: string | null;
  expected_close: string | null;
  status: DealStatus;
  closed_at: string | null;
  lost_reason: string | null;
}
export interface StepOut {
  /** 0 = a recorded entry time (HubSpot "Date entered", stage history); 1 = a stand-in (created, last change). */
  prio: 0 | 1;
  column: string;
  deal: string;
  step: number;
  at: string;
}
export interface ActivityOut {
  external_id: string;
  owner_email: string;
  kind: ActivityKind;
  deal_external_id: string | null;
  deal_name: string | null;
  scheduled_for: string | null;
  done_at: string | null;
  logged_at: string | null;
  duration_minutes: number | null;
  outcome: string | null;
}

export interface Emit {
  deal(d: DealOut): void;
  step(s: StepOut): void;
  activity(a: ActivityOut): void;
  skipDeal(id: string): void;
}

/** One row of a vendor file, with error reporting in the vendor's column names. */
export class VendorRow {
  constructor(
    readonly format: VendorFormat,
    readonly spec: RoleSpec,
    readonly header: string[],
    readonly index: Record<string, number>,
    readonly mapping: ImportMapping,
    readonly report: (column: string, value: string | null, reason: string) => void,
    /** Unmapped stage/owner values already reported (once per value). */
    readonly reported: Set<string>,
    public record: string[] = [],
  ) {}
  /** The organisation's currency (set before the rows are read). */
  currency = "";
  /** How the vendor writes dates, for messages (its Vendor.dateFormat; set before the rows are read). */
  dateFormat = "";
  /** Natural keys made so far in this file (for rows without a vendor id), with their counts. */
  readonly keyCounts = new Map<string, number>();
  has(field: string): boolean {
    return this.index[field] >= 0;
  }
  col(field: string): string {
    const i = this.index[field];
    return i >= 0 ? this.header[i] : this.spec.fields[field].aliases[0];
  }
  get(field: string): string {
    const i = this.index[field];
    return i >= 0 ? (this.record[i] ?? "").trim() : "";
  }
  required(field: string): string | null {
    const v = this.get(field);
    if (v === "" && this.has(field)) this.report(this.col(field), "", "required");
    return v === "" ? null : v;
  }
  time(field: string, raw = this.get(field)): string | null {
    return this.timeIn(this.col(field), raw);
  }
  /** A time read from any column (HubSpot's "Date entered …" columns are not fields). */
  timeIn(column: string, raw: string): string | null {
    if (raw === "") return null;
    const r = readTime(raw, this.mapping.dateOrder, this.dateFormat);
    if (!r.ok) this.report(column, raw, r.reason);
    return r.ok ? r.value : null;
  }
  date(field: string): string | null {
    const raw = this.get(field);
    if (raw === "") return null;
    const r = readDate(raw, this.mapping.dateOrder, this.dateFormat);
    if (!r.ok) this.report(this.col(field), raw, r.reason);
    return r.ok ? r.value : null;
  }
  /**
   * An amount in the organisation's currency. A currency column, or a code
   * written with the amount ("EUR 1,500.00"), that names another currency is
   * refused (once per currency): Stepwise does not convert silently.
   */
  money(field: string, currencyField = "currency"): string {
    const raw = this.get(field);
    const code = (this.get(currencyField) || moneyCurrency(raw) || "").trim().toUpperCase();
    if (code && this.currency && code !== this.currency) {
      const key = `currency\u0000${code}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        const fromColumn = this.get(currencyField) !== "";
        this.report(
          fromColumn ? this.col(currencyField) : this.col(field),
          fromColumn ? this.get(currencyField) : raw,
          `an amount in ${code}, but the organisation's currency is ${this.currency}: Stepwise does not convert currencies; convert the amounts in the export, or import into an organisation in ${code} (stepwise org create --currency ${code}); reported once for all rows in ${code}`,
        );
      }
    }
    if (raw === "") return "0";
    const r = readMoney(raw);
    if (!r.ok) this.report(this.col(field), raw, r.reason);
    return r.ok ? r.value : "0";
  }
  bool(field: string): boolean | null {
    const raw = this.get(field);
    if (raw === "" && !this.has(field)) return null;
    const r = readBool(raw);
    if (!r.ok) this.report(this.col(field), raw, r.reason);
    return r.ok ? r.value : null;
  }
  duration(field: string, unit: "minutes" | "seconds" | "milliseconds"): number | null {
    const raw = this.get(field);
    if (raw === "") return null;
    const r = readDuration(raw, unit);
    if (!r.ok) this.report(this.col(field), raw, r.reason);
    return r.ok ? r.value : null;
  }
  /** The owner's Stepwise email through the mapping; unmapped → reported once per value. */
  owner(field: string): string | null {
    const raw = this.required(field);
    if (raw === null) return null;
    const email = this.mapping.owners[raw];
    if (email) return email;
    const key = `owner\u0000${raw}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.report(
        this.col(field),
        raw,
        email === null
          ? "owner not mapped: give this owner a person's email in the mapping file"
          : "unknown owner: not in the mapping file's owners",
      );
    }
    return null;
  }
  /** The stage's target through the mapping; unmapped → reported once per value. */
  stage(stage: string, column: string): StageTarget | null {
    const t = this.mapping.stages[stage];
    if (t) return t;
    const key = `stage\u0000${stage}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.report(
        column,
        stage,
        t === null
          ? "stage not mapped: give it a step (lead … closing), won, lost, disqualified or ignore in the mapping file"
          : "unknown stage: not in the mapping file's stages",
      );
    }
    return null;
  }
}

export const isStep = (t: StageTarget | null): t is StepKey =>
  t !== null && (STEP_KEYS as readonly string[]).includes(t);
export const CLOSED: StageTarget[] = ["won", "lost", "disqualified"];

export type Translator = (r: VendorRow, e: Emit) => void;

/** One vendor: its files (first match by header wins), default stages, date format, translators. */
export interface Vendor {
  specs: RoleSpec[];
  dateFormat: string;
  defaultStages: Record<string, StageTarget>;
  translators: Partial<Record<Role, Translator>>;
}

export const kindOf = (table: Record<string, ActivityKind>, raw: string): ActivityKind =>
  table[raw.trim().toLowerCase()] ?? "task";

/**
 * The head of a HubSpot or Salesforce deal row: its id, its stage (mapped) and the fields every
 * deal has, read (and their problems reported) in this order. A deal whose stage is mapped to
 * ignore is skipped: undefined.
 */
export function dealHead(r: VendorRow, e: Emit) {
  const id = r.required("id");
  const stageName = r.required("stage");
  const target = stageName === null ? null : r.stage(stageName, r.col("stage"));
  if (id !== null && target === "ignore") {
    e.skipDeal(id);
    return undefined;
  }
  const name = r.required("name");
  const owner = r.owner("owner");
  const created = r.required("created") === null ? null : r.time("created");
  const value = r.money("amount");
  return { id, stageName, target, name, owner, created, value };
}

export function closedDeal(
  r: VendorRow,
  e: Emit,
  d: Omit<DealOut, "status" | "closed_at">,
  status: DealOut["status"],
  closedAt: string | null,
  closeColumn: string,
  closeValue: string,
) {
  if (status !== "open" && closedAt === null && closeValue === "") {
    r.report(closeColumn, "", `required: the deal is ${status} but has no close date`);
  }
  e.deal({ ...d, status, closed_at: status === "open" ? null : closedAt });
}
