/**
 * The vendor export formats (docs/import-vendors.md): which columns each file of
 * Pipedrive, HubSpot and Salesforce has (matched by header, case-insensitive,
 * several spellings each), how a file's role is recognised from its header, the
 * vendors' default pipeline stages, and the translation of one vendor row into
 * rows of the generic import (deals, step entries, activities).
 */
import { createHash } from "node:crypto";
import { STEP_KEYS, STEP_NAMES, type StepKey, stepNumber } from "../../domain/steps.js";
import type { DateOrder, ImportMapping, StageTarget, VendorFormat } from "./mapping.js";
import { moneyCurrency, readBool, readDate, readDuration, readMoney, readTime } from "./values.js";

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

const f = (required: boolean, ...aliases: string[]): FieldSpec => ({ aliases, required });
const any = (h: Set<string>, ...names: string[]) => names.some((n) => h.has(n));

const PIPEDRIVE: RoleSpec[] = [
  {
    role: "deals",
    label: "Pipedrive deals export",
    fields: {
      id: f(true, "Deal - ID", "Deal - Pipedrive System ID", "Deal - System ID"),
      title: f(true, "Deal - Title"),
      value: f(false, "Deal - Value"),
      owner: f(true, "Deal - Owner"),
      stage: f(true, "Deal - Stage", "Deal - Stage (pipeline)"),
      status: f(true, "Deal - Status"),
      created: f(true, "Deal - Deal created", "Deal - Creation date", "Deal - Add time", "Deal - Created"),
      stageChange: f(false, "Deal - Last stage change", "Deal - Stage change time"),
      wonTime: f(false, "Deal - Won time"),
      lostTime: f(false, "Deal - Lost time"),
      closedOn: f(false, "Deal - Deal closed on", "Deal - Closed on", "Deal - Close time"),
      expectedClose: f(false, "Deal - Expected close date"),
      lostReason: f(false, "Deal - Lost reason"),
      organization: f(false, "Deal - Organization", "Organization", "Deal - Organization name"),
      source: f(false, "Deal - Source channel", "Deal - Source"),
      currency: f(false, "Deal - Currency of Value", "Deal - Currency"),
    },
    detect: (h) => any(h, "deal - title") && !any(h, "activity - subject", "activity - type"),
    generic: {
      external_id: ["id"],
      name: ["title"],
      owner_email: ["owner"],
      value: ["value"],
      created_at: ["created"],
      closed_at: ["closedOn", "wonTime", "lostTime"],
      expected_close: ["expectedClose"],
      status: ["status"],
    },
    stageFields: ["stage"],
    ownerFields: ["owner"],
    dateFields: ["created", "stageChange", "wonTime", "lostTime", "closedOn", "expectedClose"],
  },
  {
    role: "activities",
    label: "Pipedrive activities export",
    fields: {
      // Optional: the ID is in an export only when the user added that column to the list view;
      // without it each activity gets a natural key (pipedriveActivityKey).
      id: f(false, "Activity - ID", "Activity - Pipedrive System ID", "Activity - System ID"),
      type: f(true, "Activity - Type"),
      owner: f(true, "Activity - Assigned to user", "Activity - Owner", "Activity - User"),
      subject: f(false, "Activity - Subject"),
      dueDate: f(false, "Activity - Due date"),
      dueTime: f(false, "Activity - Due time"),
      done: f(false, "Activity - Done"),
      doneTime: f(false, "Activity - Marked as done time"),
      added: f(false, "Activity - Add time", "Activity - Creation date"),
      duration: f(false, "Activity - Duration"),
      dealId: f(false, "Deal - ID", "Deal - Pipedrive System ID", "Activity - Deal ID"),
      dealTitle: f(false, "Activity - Deal", "Deal", "Deal - Title"),
    },
    detect: (h) => any(h, "activity - subject", "activity - type"),
    generic: {
      external_id: ["id"],
      owner_email: ["owner"],
      kind: ["type"],
      deal_external_id: ["dealId", "dealTitle"],
      done_at: ["doneTime", "dueDate"],
      scheduled_for: ["dueDate"],
      logged_at: ["added"],
      duration_minutes: ["duration"],
    },
    stageFields: [],
    ownerFields: ["owner"],
    dateFields: ["dueDate", "doneTime", "added"],
  },
];

const HUBSPOT: RoleSpec[] = [
  {
    role: "deals",
    label: "HubSpot deals export",
    fields: {
      id: f(true, "Record ID", "Deal ID", "hs_object_id"),
      name: f(true, "Deal Name", "dealname"),
      stage: f(true, "Deal Stage", "dealstage"),
      owner: f(true, "Deal owner", "Owner", "hubspot_owner_id"),
      amount: f(false, "Amount", "amount"),
      created: f(true, "Create Date", "createdate"),
      closeDate: f(false, "Close Date", "closedate"),
      lostReason: f(false, "Closed Lost Reason", "closed_lost_reason"),
      company: f(false, "Associated Company (Primary)", "Associated Company", "Company name"),
      source: f(false, "Original Source Type", "Original Traffic Source"),
      currency: f(false, "Currency", "Deal currency code", "deal_currency_code"),
    },
    detect: (h) => any(h, "deal name", "dealname"),
    generic: {
      external_id: ["id"],
      name: ["name"],
      owner_email: ["owner"],
      value: ["amount"],
      created_at: ["created"],
      closed_at: ["closeDate"],
      expected_close: ["closeDate"],
      status: ["stage"],
    },
    stageFields: ["stage"],
    ownerFields: ["owner"],
    dateFields: ["created", "closeDate"],
  },
  {
    role: "activities",
    label: "HubSpot activities export",
    fields: {
      id: f(true, "Record ID", "Activity ID", "Engagement ID", "hs_object_id"),
      type: f(false, "Activity type", "Engagement type", "Type"),
      date: f(true, "Activity date", "Timestamp", "hs_timestamp"),
      owner: f(true, "Activity assigned to", "Assigned to", "Activity owner", "HubSpot owner"),
      dealId: f(
        false,
        "Associated Deal IDs",
        "Associated Deal ID",
        "Associated Deal IDs (Primary)",
        "Deal ID",
      ),
      status: f(false, "Task status", "Status"),
      completed: f(false, "Completed at", "Task completed at", "Completion date"),
      outcome: f(false, "Call outcome", "Meeting outcome", "Outcome"),
      duration: f(false, "Call duration", "Duration"),
      created: f(false, "Create Date", "Created at", "createdate"),
      callTitle: f(false, "Call Title"),
      meetingName: f(false, "Meeting name"),
      taskTitle: f(false, "Task Title"),
      emailSubject: f(false, "Email subject"),
      noteBody: f(false, "Note body"),
    },
    detect: (h) =>
      any(
        h,
        "activity date",
        "activity assigned to",
        "engagement id",
        "call title",
        "meeting name",
        "task title",
      ),
    generic: {
      external_id: ["id"],
      owner_email: ["owner"],
      kind: ["type"],
      deal_external_id: ["dealId"],
      done_at: ["completed", "date"],
      scheduled_for: ["date"],
      logged_at: ["created"],
      duration_minutes: ["duration"],
      outcome: ["outcome"],
    },
    stageFields: [],
    ownerFields: ["owner"],
    dateFields: ["date", "completed", "created"],
  },
];

const SALESFORCE: RoleSpec[] = [
  {
    role: "history",
    label: "Salesforce Opportunity History report",
    fields: {
      oppId: f(true, "Opportunity ID", "OpportunityId", "Opportunity ID (18)"),
      stage: f(true, "To Stage", "Stage Name", "StageName", "Stage"),
      at: f(true, "Edit Date", "Last Modified", "Stage Change Date", "Created Date", "CreatedDate"),
    },
    detect: (h) =>
      any(h, "to stage", "from stage", "edit date") ||
      (h.has("opportunityid") && any(h, "stagename", "stage name")),
    generic: { deal_external_id: ["oppId"], step: ["stage"], entered_at: ["at"] },
    stageFields: ["stage"],
    ownerFields: [],
    dateFields: ["at"],
  },
  {
    role: "deals",
    label: "Salesforce Opportunities report",
    fields: {
      id: f(true, "Opportunity ID", "Opportunity ID (18)", "Id"),
      name: f(true, "Opportunity Name", "Name"),
      stage: f(true, "Stage", "StageName"),
      owner: f(true, "Opportunity Owner", "Owner Name", "Owner", "OwnerId"),
      amount: f(false, "Amount", "Amount (converted)"),
      created: f(true, "Created Date", "CreatedDate"),
      closeDate: f(false, "Close Date", "CloseDate"),
      won: f(false, "Won", "IsWon"),
      closed: f(false, "Closed", "IsClosed"),
      stageChange: f(false, "Last Stage Change Date", "LastStageChangeDate"),
      account: f(false, "Account Name", "Account.Name"),
      leadSource: f(false, "Lead Source", "LeadSource"),
      lossReason: f(false, "Loss Reason", "Reason Lost", "Closed Lost Reason"),
      currency: f(false, "Opportunity Currency", "Currency", "CurrencyIsoCode"),
    },
    detect: (h) => any(h, "opportunity name") || (h.has("stagename") && h.has("name") && h.has("id")),
    generic: {
      external_id: ["id"],
      name: ["name"],
      owner_email: ["owner"],
      value: ["amount"],
      created_at: ["created"],
      closed_at: ["closeDate"],
      expected_close: ["closeDate"],
      status: ["closed", "stage"],
    },
    stageFields: ["stage"],
    ownerFields: ["owner"],
    dateFields: ["created", "closeDate", "stageChange"],
  },
  {
    role: "activities",
    label: "Salesforce Tasks and Events report",
    fields: {
      id: f(true, "Activity ID", "Task ID", "Event ID", "Id"),
      subject: f(false, "Subject"),
      type: f(false, "Type", "Activity Type", "TaskSubtype", "Task Subtype"),
      isTask: f(false, "Task", "IsTask"),
      owner: f(true, "Assigned", "Assigned To", "Assigned To: Full Name", "Owner", "OwnerId"),
      date: f(true, "Date", "Due Date", "ActivityDate", "Start", "Start Date Time", "StartDateTime"),
      status: f(false, "Status"),
      completed: f(false, "Completed Date/Time", "CompletedDateTime"),
      oppId: f(false, "Opportunity ID", "WhatId", "Related To ID"),
      oppName: f(false, "Opportunity", "Opportunity Name", "Related To"),
      duration: f(false, "Duration", "DurationInMinutes"),
      callDuration: f(false, "Call Duration", "CallDurationInSeconds", "Call Duration (seconds)"),
      created: f(false, "Created Date", "CreatedDate"),
      result: f(false, "Call Result", "CallDisposition"),
    },
    detect: (h) => any(h, "subject") && any(h, "assigned", "assigned to", "activity id", "ownerid"),
    generic: {
      external_id: ["id"],
      owner_email: ["owner"],
      kind: ["type", "isTask"],
      deal_external_id: ["oppId", "oppName"],
      done_at: ["completed", "date"],
      scheduled_for: ["date"],
      logged_at: ["created"],
      duration_minutes: ["duration", "callDuration"],
      outcome: ["result"],
    },
    stageFields: [],
    ownerFields: ["owner"],
    dateFields: ["date", "completed", "created"],
  },
];

/** Salesforce's User object (Setup → Users export, a report, or Data Loader's ID,NAME,EMAIL). */
const SALESFORCE_USERS: RoleSpec = {
  role: "users",
  label: "Salesforce users export (User: Id, Name, Email)",
  fields: {
    id: f(true, "Id", "User ID", "User Id"),
    name: f(false, "Name", "Full Name"),
    first: f(false, "FirstName", "First Name"),
    last: f(false, "LastName", "Last Name"),
    email: f(true, "Email"),
  },
  detect: (h) =>
    h.has("email") &&
    any(h, "id", "user id") &&
    !any(h, "opportunity name", "stagename", "stage", "subject", "opportunityid"),
  generic: {},
  stageFields: [],
  ownerFields: [],
  dateFields: [],
};
SALESFORCE.push(SALESFORCE_USERS);

export const VENDOR_SPECS: Record<VendorFormat, RoleSpec[]> = {
  pipedrive: PIPEDRIVE,
  hubspot: HUBSPOT,
  salesforce: SALESFORCE,
};

export const DATE_FORMATS: Record<VendorFormat, string> = {
  pipedrive: "YYYY-MM-DD HH:MM:SS or YYYY-MM-DD as Pipedrive exports them",
  hubspot: "YYYY-MM-DD HH:MM or YYYY-MM-DD as HubSpot exports them",
  salesforce: "M/D/YYYY, M/D/YYYY h:mm AM/PM or ISO 8601 as Salesforce exports them",
};

/** HubSpot's stage-calculated columns: Date entered "Qualified To Buy (Sales Pipeline)". */
// The pipeline in parentheses is optional (a single-pipeline account's export omits it);
// the API names are hs_date_entered_<stage id> and hs_v2_date_entered_<stage id>.
const HUBSPOT_ENTERED = /^date entered\s+["'“”]?(.+?)(?:\s*\(([^()]*)\))?["'“”]?$/i;
const HUBSPOT_ENTERED_API = /^hs_(?:v2_)?date_entered_(.+)$/i;
export function hubspotEnteredStage(header: string): string | undefined {
  const h = header.trim();
  const m = HUBSPOT_ENTERED.exec(h) ?? HUBSPOT_ENTERED_API.exec(h);
  const stage = m?.[1].trim().replace(/^["'“”]|["'“”]$/g, "");
  return stage ? stage : undefined;
}

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

/** The default pipeline stages of each vendor, mapped exactly (no confirmation needed). */
export const DEFAULT_STAGES: Record<VendorFormat, Record<string, StageTarget>> = {
  pipedrive: {
    "lead in": "lead",
    qualified: "qualification",
    "contact made": "prospecting",
    "needs defined": "needs_analysis",
    "demo scheduled": "presenting",
    "proposal made": "presenting",
    "negotiations started": "closing",
  },
  hubspot: {
    // The default pipeline's internal stage ids (API exports, hs_date_entered_<id> columns).
    appointmentscheduled: "prospecting",
    qualifiedtobuy: "qualification",
    presentationscheduled: "presenting",
    decisionmakerboughtin: "closing",
    contractsent: "closing",
    closedwon: "won",
    closedlost: "lost",
    "appointment scheduled": "prospecting",
    "qualified to buy": "qualification",
    "presentation scheduled": "presenting",
    "decision maker bought-in": "closing",
    "contract sent": "closing",
    "closed won": "won",
    "closed lost": "lost",
  },
  salesforce: {
    prospecting: "prospecting",
    qualification: "qualification",
    "needs analysis": "needs_analysis",
    "value proposition": "presenting",
    "id. decision makers": "presenting",
    "perception analysis": "presenting",
    "proposal/price quote": "presenting",
    "negotiation/review": "closing",
    "closed won": "won",
    "closed lost": "lost",
  },
};

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
  status: "open" | "won" | "lost" | "disqualified";
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
  kind: string;
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
    const r = readTime(raw, this.mapping.dateOrder, DATE_FORMATS[this.format]);
    if (!r.ok) this.report(column, raw, r.reason);
    return r.ok ? r.value : null;
  }
  date(field: string): string | null {
    const raw = this.get(field);
    if (raw === "") return null;
    const r = readDate(raw, this.mapping.dateOrder, DATE_FORMATS[this.format]);
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

const isStep = (t: StageTarget | null): t is StepKey =>
  t !== null && (STEP_KEYS as readonly string[]).includes(t);
const CLOSED: StageTarget[] = ["won", "lost", "disqualified"];

/** Translates one row of a vendor file into generic rows. */
export function translate(row: VendorRow, emit: Emit): void {
  const t = TRANSLATORS[row.format][row.spec.role];
  if (!t) throw new Error(`no ${row.spec.role} translator for ${row.format}`);
  t(row, emit);
}

type Translator = (r: VendorRow, e: Emit) => void;

const PIPEDRIVE_KINDS: Record<string, string> = {
  call: "call",
  meeting: "meeting",
  lunch: "meeting",
  email: "email",
  task: "task",
  deadline: "task",
  demo: "demo",
  proposal: "proposal",
  note: "note",
};
const HUBSPOT_KINDS: Record<string, string> = {
  call: "call",
  calls: "call",
  meeting: "meeting",
  meetings: "meeting",
  email: "email",
  emails: "email",
  incoming_email: "email",
  forwarded_email: "email",
  task: "task",
  tasks: "task",
  note: "note",
  notes: "note",
};
const SALESFORCE_KINDS: Record<string, string> = {
  call: "call",
  email: "email",
  "list email": "email",
  meeting: "meeting",
  event: "meeting",
  task: "task",
  other: "task",
  "send letter": "task",
  "send quote": "proposal",
  demo: "demo",
};
const kindOf = (table: Record<string, string>, raw: string) => table[raw.trim().toLowerCase()] ?? "task";

function closedDeal(
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

/**
 * A Pipedrive activity's key when the export has no `Activity - ID`: the deal
 * (its ID, else its title), type, subject, due date and time and the assigned
 * user, hashed. Identical rows in one file are told apart by their order among
 * themselves (`#2`, `#3` …), so re-importing the same export gives the same keys
 * (the same activity in two files of one run is a duplicate, as with ids). Editing
 * any of these fields in Pipedrive makes it a new activity on the next import
 * (docs/import-vendors.md).
 */
function pipedriveActivityKey(r: VendorRow): string {
  const parts = ["dealId", "dealTitle", "type", "subject", "dueDate", "dueTime", "owner"].map((f) =>
    r.get(f),
  );
  const hash = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);
  const n = (r.keyCounts.get(hash) ?? 0) + 1;
  r.keyCounts.set(hash, n);
  return `pd-activity:${hash}${n > 1 ? `#${n}` : ""}`;
}

const TRANSLATORS: Record<VendorFormat, Partial<Record<Role, Translator>>> = {
  pipedrive: {
    deals(r, e) {
      const id = r.required("id");
      const rawStatus = r.required("status")?.toLowerCase() ?? null;
      if (id !== null && rawStatus === "deleted") {
        e.skipDeal(id);
        return;
      }
      const stageName = r.required("stage");
      const target = stageName === null ? null : r.stage(stageName, r.col("stage"));
      if (id !== null && target === "ignore") {
        e.skipDeal(id);
        return;
      }
      const name = r.required("title");
      const owner = r.owner("owner");
      const created = r.required("created") === null ? null : r.time("created");
      const value = r.money("value");
      let status: DealOut["status"] = "open";
      if (rawStatus === "won" || rawStatus === "lost") status = rawStatus;
      else if (rawStatus !== null && rawStatus !== "open") {
        r.report(r.col("status"), r.get("status"), "must be one of open, won, lost, deleted");
      }
      if (status === "open" && target !== null && CLOSED.includes(target))
        status = target as DealOut["status"];
      const closeField = status === "won" ? "wonTime" : "lostTime";
      const closeRaw = r.get(closeField) || r.get("closedOn");
      const closedAt =
        status === "open"
          ? null
          : r.get(closeField)
            ? r.time(closeField)
            : r.time("closedOn", r.get("closedOn"));
      const expected = r.date("expectedClose");
      const stageAt = r.get("stageChange") ? r.time("stageChange") : created;
      if (id === null || name === null || owner === null || created === null) return;
      closedDeal(
        r,
        e,
        {
          external_id: id,
          name,
          owner_email: owner,
          value,
          created_at: created,
          account: r.get("organization") || null,
          lead_source: r.get("source") || null,
          expected_close: expected,
          lost_reason: status === "lost" ? r.get("lostReason") || null : null,
        },
        status,
        closedAt,
        r.col(closeField),
        closeRaw,
      );
      if (isStep(target) && stageAt !== null) {
        e.step({
          prio: r.get("stageChange") ? 0 : 1,
          column: r.get("stageChange") ? r.col("stageChange") : r.col("created"),
          deal: id,
          step: stepNumber(target),
          at: stageAt,
        });
      }
    },
    activities(r, e) {
      const id = r.has("id") ? r.required("id") : pipedriveActivityKey(r);
      const type = r.required("type");
      const owner = r.owner("owner");
      const dueDate = r.get("dueDate");
      const dueTime = r.get("dueTime");
      let due: string | null = null;
      // Each cell is checked on its own so that a problem shows the cell as the file has it.
      if (dueDate && r.date("dueDate") !== null) {
        if (!dueTime) due = r.time("dueDate", dueDate);
        else if (/^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?(\s*[ap]\.?m\.?)?$/i.test(dueTime)) {
          due = r.time("dueDate", `${dueDate} ${dueTime}`);
        } else r.report(r.col("dueTime"), dueTime, "not a time of day (expected HH:MM, HH:MM:SS or 9:00 AM)");
      }
      const done = r.has("done") ? r.bool("done") : r.get("doneTime") !== "";
      const doneAt = done ? (r.get("doneTime") ? r.time("doneTime") : due) : null;
      const added = r.time("added");
      if (done && doneAt === null && !r.get("doneTime") && !dueDate) {
        r.report(r.col("dueDate"), "", "required: a done activity needs a due date or a marked-as-done time");
      }
      if (!done && due === null && !dueDate) {
        r.report(r.col("dueDate"), "", "required: an activity that is not done needs a due date");
      }
      const duration = r.duration("duration", "minutes");
      if (id === null || type === null || owner === null) return;
      e.activity({
        external_id: id,
        owner_email: owner,
        kind: kindOf(PIPEDRIVE_KINDS, type),
        deal_external_id: r.get("dealId") || null,
        deal_name: r.get("dealId") ? null : r.get("dealTitle") || null,
        scheduled_for: due,
        done_at: doneAt,
        logged_at: added,
        duration_minutes: duration,
        outcome: r.get("subject") || null,
      });
    },
  },
  hubspot: {
    deals(r, e) {
      const id = r.required("id");
      const stageName = r.required("stage");
      const target = stageName === null ? null : r.stage(stageName, r.col("stage"));
      if (id !== null && target === "ignore") {
        e.skipDeal(id);
        return;
      }
      const name = r.required("name");
      const owner = r.owner("owner");
      const created = r.required("created") === null ? null : r.time("created");
      const value = r.money("amount");
      const status: DealOut["status"] =
        target !== null && CLOSED.includes(target) ? (target as DealOut["status"]) : "open";
      // Steps from the "Date entered <stage> (<pipeline>)" columns.
      const steps: StepOut[] = [];
      let enteredCurrent: string | null = null;
      r.header.forEach((h, i) => {
        const stage = hubspotEnteredStage(h);
        const raw = (r.record[i] ?? "").trim();
        if (stage === undefined || raw === "") return;
        const t = r.stage(stage, h);
        const at = r.timeIn(h, raw);
        if (at === null) return;
        if (stageName !== null && stage.toLowerCase() === stageName.toLowerCase()) enteredCurrent = at;
        if (isStep(t) && id !== null) steps.push({ prio: 0, column: h, deal: id, step: stepNumber(t), at });
      });
      const closedAt = status === "open" ? null : r.get("closeDate") ? r.time("closeDate") : enteredCurrent;
      if (id === null || name === null || owner === null || created === null) return;
      closedDeal(
        r,
        e,
        {
          external_id: id,
          name,
          owner_email: owner,
          value,
          created_at: created,
          account: r.get("company") || null,
          lead_source: r.get("source") || null,
          expected_close: status === "open" ? r.date("closeDate") : null,
          lost_reason: status === "lost" ? r.get("lostReason") || null : null,
        },
        status,
        closedAt,
        r.col("closeDate"),
        r.get("closeDate") || (enteredCurrent ?? ""),
      );
      if (isStep(target) && !steps.some((s) => s.step === stepNumber(target))) {
        steps.push({ prio: 1, column: r.col("created"), deal: id, step: stepNumber(target), at: created });
      }
      for (const s of steps) e.step(s);
    },
    activities(r, e) {
      const id = r.required("id");
      const owner = r.owner("owner");
      const date = r.required("date") === null ? null : r.time("date");
      let kind: string | null = null;
      if (r.get("type")) kind = kindOf(HUBSPOT_KINDS, r.get("type"));
      else if (r.has("callTitle")) kind = "call";
      else if (r.has("meetingName")) kind = "meeting";
      else if (r.has("taskTitle")) kind = "task";
      else if (r.has("emailSubject")) kind = "email";
      else if (r.has("noteBody")) kind = "note";
      else
        r.report(
          r.col("type"),
          r.has("type") ? "" : null,
          "required: the activity's type (CALL, EMAIL, MEETING, NOTE, TASK)",
        );
      const status = r.get("status").toUpperCase().replace(/\s+/g, "_");
      const outcome = r.get("outcome");
      const done =
        kind === "task"
          ? status === "COMPLETED" || (status === "" && r.get("completed") !== "")
          : !["SCHEDULED", "RESCHEDULED"].includes(outcome.toUpperCase());
      const completed = r.time("completed");
      const duration = r.duration("duration", "milliseconds");
      const created = r.time("created");
      if (id === null || owner === null || kind === null || date === null) return;
      e.activity({
        external_id: id,
        owner_email: owner,
        kind,
        deal_external_id: r.get("dealId").split(/[;,]/)[0].trim() || null,
        deal_name: null,
        scheduled_for: done ? null : date,
        done_at: done ? (completed ?? date) : null,
        logged_at: created,
        duration_minutes: duration,
        outcome: outcome || null,
      });
    },
  },
  salesforce: {
    // A users export holds no records to import: it only fills the owner mapping (vendor-import.ts).
    users() {},
    deals(r, e) {
      const id = r.required("id");
      const stageName = r.required("stage");
      const target = stageName === null ? null : r.stage(stageName, r.col("stage"));
      if (id !== null && target === "ignore") {
        e.skipDeal(id);
        return;
      }
      const name = r.required("name");
      const owner = r.owner("owner");
      const created = r.required("created") === null ? null : r.time("created");
      const value = r.money("amount");
      const won = r.bool("won");
      const closed = r.bool("closed");
      let status: DealOut["status"] =
        target !== null && CLOSED.includes(target) ? (target as DealOut["status"]) : "open";
      if (closed !== null) {
        const fromFlags: DealOut["status"] = !closed
          ? "open"
          : won
            ? "won"
            : status === "disqualified"
              ? "disqualified"
              : "lost";
        if (fromFlags !== status && stageName !== null && target !== null) {
          r.report(
            r.col("stage"),
            stageName,
            `stage is mapped to ${target} but ${r.col("closed")} is ${closed ? "true" : "false"}${closed ? ` and ${r.col("won")} is ${won ? "true" : "false"}` : ""}`,
          );
        }
        status = fromFlags;
      }
      const closeDate = status === "open" ? null : r.time("closeDate");
      const stageAt = r.get("stageChange") ? r.time("stageChange") : created;
      if (id === null || name === null || owner === null || created === null) return;
      closedDeal(
        r,
        e,
        {
          external_id: id,
          name,
          owner_email: owner,
          value,
          created_at: created,
          account: r.get("account") || null,
          lead_source: r.get("leadSource") || null,
          expected_close: status === "open" ? r.date("closeDate") : null,
          lost_reason: status === "lost" ? r.get("lossReason") || null : null,
        },
        status,
        closeDate,
        r.col("closeDate"),
        r.get("closeDate"),
      );
      if (isStep(target) && stageAt !== null) {
        e.step({
          prio: 1,
          column: r.get("stageChange") ? r.col("stageChange") : r.col("created"),
          deal: id,
          step: stepNumber(target),
          at: stageAt,
        });
      }
    },
    history(r, e) {
      const id = r.required("oppId");
      const stage = r.required("stage");
      const at = r.required("at") === null ? null : r.time("at");
      const target = stage === null ? null : r.stage(stage, r.col("stage"));
      if (id === null || at === null || !isStep(target)) return;
      e.step({ prio: 0, column: r.col("at"), deal: id, step: stepNumber(target), at });
    },
    activities(r, e) {
      const id = r.required("id");
      const owner = r.owner("owner");
      const date = r.required("date") === null ? null : r.time("date");
      const isTask = r.bool("isTask");
      const type = r.get("type");
      const kind = type ? kindOf(SALESFORCE_KINDS, type) : isTask === false ? "meeting" : "task";
      const status = r.get("status").toLowerCase();
      // Events have no status: they are done when they happened.
      const done = status === "" ? isTask !== true : status === "completed";
      const completed = r.time("completed");
      const duration = r.get("duration")
        ? r.duration("duration", "minutes")
        : r.duration("callDuration", "seconds");
      const created = r.time("created");
      if (id === null || owner === null || date === null) return;
      e.activity({
        external_id: id,
        owner_email: owner,
        kind,
        deal_external_id: r.get("oppId") || null,
        deal_name: r.get("oppId") ? null : r.get("oppName") || null,
        scheduled_for: done ? null : date,
        done_at: done ? (completed ?? date) : null,
        logged_at: created,
        duration_minutes: duration,
        outcome: r.get("result") || r.get("subject") || null,
      });
    },
  },
};

export type { DateOrder };
