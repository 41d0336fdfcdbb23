/** HubSpot's exports (docs/import-vendors.md): deals (with the "Date entered" stage columns) and activities. */
import { stepNumber } from "../../../domain/steps.js";
import type { ActivityKind } from "../../../domain/vocabulary.js";
import {
  any,
  CLOSED,
  closedDeal,
  type DealOut,
  dealHead,
  f,
  isStep,
  kindOf,
  type RoleSpec,
  type StepOut,
  type Vendor,
} from "./common.js";

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

const HUBSPOT_KINDS: Record<string, ActivityKind> = {
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

/** HubSpot: its files, its default pipeline's stages, its date format and its translators. */
export const hubspot: Vendor = {
  specs: HUBSPOT,
  dateFormat: "YYYY-MM-DD HH:MM or YYYY-MM-DD as HubSpot exports them",
  defaultStages: {
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
  translators: {
    deals(r, e) {
      const head = dealHead(r, e);
      if (!head) return;
      const { id, stageName, target, name, owner, created, value } = head;
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
      let kind: ActivityKind | null = null;
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
};
