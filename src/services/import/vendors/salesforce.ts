/** Salesforce's exports (docs/import-vendors.md): opportunities, their stage history, activities and users. */
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
  type Vendor,
} from "./common.js";

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

const SALESFORCE_KINDS: Record<string, ActivityKind> = {
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

/** Salesforce: its files, its default pipeline's stages, its date format and its translators. */
export const salesforce: Vendor = {
  specs: SALESFORCE,
  dateFormat: "M/D/YYYY, M/D/YYYY h:mm AM/PM or ISO 8601 as Salesforce exports them",
  defaultStages: {
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
  translators: {
    // A users export holds no records to import: it only fills the owner mapping (vendor-import.ts).
    users() {},
    deals(r, e) {
      const head = dealHead(r, e);
      if (!head) return;
      const { id, stageName, target, name, owner, created, value } = head;
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
