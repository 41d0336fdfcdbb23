/** Pipedrive's exports (docs/import-vendors.md): deals and activities, as Pipedrive names their columns. */
import { createHash } from "node:crypto";
import { stepNumber } from "../../../domain/steps.js";
import type { ActivityKind } from "../../../domain/vocabulary.js";
import {
  any,
  CLOSED,
  closedDeal,
  type DealOut,
  f,
  isStep,
  kindOf,
  type RoleSpec,
  type Vendor,
  type VendorRow,
} from "./common.js";

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

const PIPEDRIVE_KINDS: Record<string, ActivityKind> = {
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

/** Pipedrive: its files, its default pipeline's stages, its date format and its translators. */
export const pipedrive: Vendor = {
  specs: PIPEDRIVE,
  dateFormat: "YYYY-MM-DD HH:MM:SS or YYYY-MM-DD as Pipedrive exports them",
  defaultStages: {
    "lead in": "lead",
    qualified: "qualification",
    "contact made": "prospecting",
    "needs defined": "needs_analysis",
    "demo scheduled": "presenting",
    "proposal made": "presenting",
    "negotiations started": "closing",
  },
  translators: {
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
};
