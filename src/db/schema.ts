/**
 * The one schema of Stepwise (PostgreSQL 15+ and PGlite).
 *
 * Every table that holds an organisation's data carries `org_id`, and its primary
 * and unique keys start with it, so the tables can be distributed by organisation
 * (Citus) without changing a key. Foreign keys between organisation tables are
 * composite `(org_id, x_id)` for the same reason.
 *
 * Money is `numeric(14,2)` (never float). Times are `timestamptz`.
 * History that accountability depends on (deal_steps, audit_log) is append-only.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CandidateStatus } from "../domain/hiring.js";
import type {
  ActivityKind,
  CoachingKind,
  CommitmentStatusValue,
  DealStatus,
  PLAN_OUTCOMES,
  PLAN_STATUSES,
  ReviewKind,
  Role,
  TimeCategory,
  WebhookEvent,
} from "../domain/vocabulary.js";

// The vocabulary is declared once in src/domain/vocabulary.ts; re-exported for the db layer.
export {
  ACTIVITY_KINDS,
  type ActivityKind,
  COACHING_KINDS,
  COMMITMENT_STATUSES,
  type CoachingKind,
  type CommitmentStatusValue,
  DEAL_STATUSES,
  type DealStatus,
  PLAN_OUTCOMES,
  PLAN_STATUSES,
  REVIEW_KINDS,
  type ReviewKind,
  ROLES,
  type Role,
  TIME_CATEGORIES,
  type TimeCategory,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from "../domain/vocabulary.js";

const id = () => uuid("id").notNull().defaultRandom();
const orgId = () =>
  uuid("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => ts("created_at").notNull().defaultNow();

export const organisations = pgTable("organisations", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  currency: text("currency").notNull().default("USD"),
  /** Overrides of the defaults in src/domain/settings.ts (metrics.md). */
  settings: jsonb("settings").notNull().default({}),
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: createdAt(),
});

export const people = pgTable(
  "people",
  {
    orgId: orgId(),
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull().$type<Role>(),
    managerId: uuid("manager_id"),
    team: text("team"),
    passwordHash: text("password_hash"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("people_org_email").on(t.orgId, t.email),
    index("people_org_manager").on(t.orgId, t.managerId),
    index("people_email").on(t.email),
    foreignKey({ columns: [t.orgId, t.managerId], foreignColumns: [t.orgId, t.id] }),
    check("people_role", sql`${t.role} in ('salesperson','manager','executive','admin')`),
  ],
);

/** The 7 steps: keys and numbers are fixed, names and exit criteria are the organisation's. */
export const processSteps = pgTable(
  "process_steps",
  {
    orgId: orgId(),
    step: smallint("step").notNull(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    exitCriteria: text("exit_criteria").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.step] }),
    check("process_steps_step", sql`${t.step} between 1 and 7`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    orgId: orgId(),
    id: id(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id").notNull(),
    industry: text("industry"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("accounts_org_name").on(t.orgId, t.name),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [people.orgId, people.id] }),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    orgId: orgId(),
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id").notNull(),
    accountId: uuid("account_id"),
    leadSource: text("lead_source"),
    status: text("status").notNull().default("active").$type<"active" | "inactive">(),
    customer: boolean("customer").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("contacts_org_email").on(t.orgId, t.email),
    index("contacts_org_owner").on(t.orgId, t.ownerId),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [people.orgId, people.id] }),
    foreignKey({ columns: [t.orgId, t.accountId], foreignColumns: [accounts.orgId, accounts.id] }),
    check("contacts_status", sql`${t.status} in ('active','inactive')`),
  ],
);

export const deals = pgTable(
  "deals",
  {
    orgId: orgId(),
    id: id(),
    externalId: text("external_id"),
    name: text("name").notNull(),
    ownerId: uuid("owner_id").notNull(),
    accountId: uuid("account_id"),
    contactId: uuid("contact_id"),
    value: numeric("value", { precision: 14, scale: 2 }).notNull(),
    product: text("product"),
    leadSource: text("lead_source"),
    prospectingMethod: text("prospecting_method"),
    expectedClose: date("expected_close", { mode: "string" }),
    status: text("status").notNull().default("open").$type<DealStatus>(),
    closedAt: ts("closed_at"),
    lostReason: text("lost_reason"),
    /** Furthest step reached (1..7), maintained with deal_steps. */
    currentStep: smallint("current_step").notNull().default(1),
    /** When the deal entered its latest step (for "days in step"). */
    stepEnteredAt: ts("step_entered_at").notNull().defaultNow(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("deals_org_external").on(t.orgId, t.externalId),
    index("deals_org_owner_status").on(t.orgId, t.ownerId, t.status),
    index("deals_org_status_close").on(t.orgId, t.status, t.expectedClose),
    // metrics: an owner's deals closed after the rate window's start
    index("deals_org_owner_closed").on(t.orgId, t.ownerId, t.closedAt),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [people.orgId, people.id] }),
    foreignKey({ columns: [t.orgId, t.accountId], foreignColumns: [accounts.orgId, accounts.id] }),
    foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
    check("deals_status", sql`${t.status} in ('open','won','lost','disqualified')`),
    check("deals_closed", sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
    check("deals_step", sql`${t.currentStep} between 1 and 7`),
  ],
);

/**
 * Append-only step history. A row is an explicit entry into `step`; `skipped`
 * lists the steps this move jumped over (reached implicitly at `entered_at`).
 * `backfilled` marks an entry whose time was given explicitly (in the past).
 */
export const dealSteps = pgTable(
  "deal_steps",
  {
    orgId: orgId(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    dealId: uuid("deal_id").notNull(),
    step: smallint("step").notNull(),
    enteredAt: ts("entered_at").notNull(),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
    recordedBy: uuid("recorded_by"),
    skipped: smallint("skipped").array().notNull().default(sql`'{}'::smallint[]`),
    backfilled: boolean("backfilled").notNull().default(false),
    source: text("source").notNull().default("app").$type<"app" | "import">(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("deal_steps_org_deal").on(t.orgId, t.dealId, t.enteredAt),
    index("deal_steps_org_entered").on(t.orgId, t.enteredAt),
    uniqueIndex("deal_steps_import_key").on(t.orgId, t.dealId, t.step).where(sql`source = 'import'`),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    check("deal_steps_step", sql`${t.step} between 1 and 7`),
  ],
);

/**
 * Corrections of mistaken step moves (docs/step-corrections.md). Append-only like
 * deal_steps: a correction never changes or deletes the step row it corrects; it
 * names it (`deal_step_id`), says which step the deal is really at (`to_step`,
 * with the step row recorded for it, if one was needed) and why. The reports read
 * the step rows that no correction names (the view `deal_steps_in_force`, in this
 * table's migration), so a corrected entry no longer counts as reached.
 */
export const dealStepCorrections = pgTable(
  "deal_step_corrections",
  {
    orgId: orgId(),
    id: id(),
    dealId: uuid("deal_id").notNull(),
    dealStepId: bigint("deal_step_id", { mode: "number" }).notNull(),
    toStep: smallint("to_step").notNull(),
    replacementStepId: bigint("replacement_step_id", { mode: "number" }),
    reason: text("reason").notNull(),
    recordedBy: uuid("recorded_by"),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("deal_step_corrections_step").on(t.orgId, t.dealStepId),
    index("deal_step_corrections_deal").on(t.orgId, t.dealId),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    foreignKey({
      columns: [t.orgId, t.dealStepId],
      foreignColumns: [dealSteps.orgId, dealSteps.id],
    }).onDelete("cascade"),
    check("deal_step_corrections_to_step", sql`${t.toStep} between 1 and 6`),
  ],
);

/**
 * One row per deal: the earliest entry time over its step rows with step ≥ s
 * (m1..m7) and with step = s (e1..e7), with copies of the deal columns the
 * reports read — all that the organisation-wide reports need from `deals` and
 * `deal_steps`, in one narrow table (src/db/dealstats.queries.ts). Maintained by
 * statement-level triggers on deals and deal_steps, in the writing transaction
 * (ENABLE ALWAYS: they also run for the demo writer's bulk load with
 * session_replication_role = replica) — see the migration 0003_deal_step_minima.
 * A minimum over all rows is the minimum over the rows up to any asOf when it
 * lies at or before asOf (and there is none by asOf otherwise), so a report as
 * of the past stays exact.
 */
export const dealStepMinima = pgTable(
  "deal_step_minima",
  {
    orgId: orgId(),
    dealId: uuid("deal_id").notNull(),
    // Copies of the deal's columns the reports read (kept by triggers on deals).
    ownerId: uuid("owner_id").notNull(),
    value: numeric("value", { precision: 14, scale: 2 }).notNull(),
    status: text("status").notNull().$type<DealStatus>(),
    closedAt: ts("closed_at"),
    createdAt: ts("created_at").notNull(),
    expectedClose: date("expected_close", { mode: "string" }),
    m1: ts("m1"),
    m2: ts("m2"),
    m3: ts("m3"),
    m4: ts("m4"),
    m5: ts("m5"),
    m6: ts("m6"),
    m7: ts("m7"),
    e1: ts("e1"),
    e2: ts("e2"),
    e3: ts("e3"),
    e4: ts("e4"),
    e5: ts("e5"),
    e6: ts("e6"),
    e7: ts("e7"),
    // The deal's latest instant: creation, close or any step minimum (greatest ignores
    // nulls). A deal closed by then whose every instant lies before a report's rate
    // windows adds nothing to the lean figures, so organisation-wide reports skip it
    // through deal_step_minima_org_last (src/db/dealstats.queries.ts, docs/performance.md).
    lastAt: ts("last_at").generatedAlwaysAs(sql`greatest(created_at, closed_at, m1, m2, m3, m4, m5, m6, m7)`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    // A team's reports read their owners' rows directly (src/db/dealstats.queries.ts).
    index("deal_step_minima_org_owner").on(t.orgId, t.ownerId),
    index("deal_step_minima_org_last").on(t.orgId, t.lastAt),
    // Open deals add to the open pipeline whenever their expected close lies in the
    // period, however old their last instant.
    index("deal_step_minima_org_open_close").on(t.orgId, t.expectedClose).where(sql`status = 'open'`),
    // A checkpointed report finds the unchanged deals whose creation or close lies where
    // its instants moved since the checkpoint (src/db/checkpoints.queries.ts).
    index("deal_step_minima_org_created").on(t.orgId, t.createdAt),
    index("deal_step_minima_org_closed").on(t.orgId, t.closedAt).where(sql`closed_at is not null`),
  ],
);

/**
 * Checkpoints of the organisation-wide lean deal figures (issue 14;
 * src/db/checkpoints.queries.ts, docs/performance.md): per (organisation,
 * period, time zone, rate window) the per-owner sums of the lean
 * `PersonDealStats` as of `as_of`, taken in one statement whose snapshot is
 * kept (`snapshot`, pg_snapshot text; `snapshot_xmin` its lowest running transaction).
 * A report as of a later instant = the checkpoint − the deals written since
 * that snapshot (as they were, from deal_stats_log) and those whose instants
 * the later as-of moved past + the same deals now. One checkpoint per key.
 */
export const dealStatsCheckpoints = pgTable(
  "deal_stats_checkpoints",
  {
    orgId: orgId(),
    id: id(),
    periodKey: text("period_key").notNull(),
    timeZone: text("time_zone").notNull(),
    windowDays: integer("window_days").notNull(),
    asOf: ts("as_of").notNull(),
    snapshot: text("snapshot").notNull(),
    snapshotXmin: bigint("snapshot_xmin", { mode: "number" }).notNull(),
    takenAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("deal_stats_checkpoints_key").on(t.orgId, t.periodKey, t.timeZone, t.windowDays),
  ],
);

/**
 * A checkpoint's per-owner totals: the lean figures as one integer vector
 * (counts, and money in cents; the layout is `LEAN_VECTOR` in
 * src/domain/dealstats.ts).
 */
export const dealStatsCheckpointOwners = pgTable(
  "deal_stats_checkpoint_owners",
  {
    orgId: orgId(),
    checkpointId: uuid("checkpoint_id").notNull(),
    ownerId: uuid("owner_id").notNull(),
    sums: bigint("sums", { mode: "number" }).array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.checkpointId, t.ownerId] }),
    foreignKey({
      columns: [t.orgId, t.checkpointId],
      foreignColumns: [dealStatsCheckpoints.orgId, dealStatsCheckpoints.id],
    }).onDelete("cascade"),
  ],
);

/**
 * The organisations whose deal_step_minima writes are logged (deal_stats_log).
 * Switched on in two transactions: this row first, then `since`, the ids of the
 * database's transactions running after it committed (text of a text[]); a
 * checkpoint is taken only once they have all ended, so no write escaped the log.
 */
export const dealStatsLogging = pgTable("deal_stats_logging", {
  orgId: orgId().primaryKey(),
  since: text("since"),
  startedAt: createdAt(),
});

/**
 * The old image of every deal_step_minima row written in an organisation whose
 * writes are logged, with the writer's transaction id (triggers of migration
 * 0011); `present` false for an inserted row (the deal had none before). The
 * first entry of a deal by a transaction a checkpoint did not see is the deal
 * as that checkpoint saw it. Entries every checkpoint saw are pruned.
 */
export const dealStatsLog = pgTable(
  "deal_stats_log",
  {
    orgId: orgId(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    xid: bigint("xid", { mode: "number" }).notNull(),
    dealId: uuid("deal_id").notNull(),
    present: boolean("present").notNull(),
    ownerId: uuid("owner_id"),
    value: numeric("value", { precision: 14, scale: 2 }),
    status: text("status").$type<DealStatus>(),
    closedAt: ts("closed_at"),
    createdAt: ts("created_at"),
    expectedClose: date("expected_close", { mode: "string" }),
    m1: ts("m1"),
    m2: ts("m2"),
    m3: ts("m3"),
    m4: ts("m4"),
    m5: ts("m5"),
    m6: ts("m6"),
    m7: ts("m7"),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("deal_stats_log_org_xid").on(t.orgId, t.xid)],
);

export const activities = pgTable(
  "activities",
  {
    orgId: orgId(),
    id: id(),
    externalId: text("external_id"),
    ownerId: uuid("owner_id").notNull(),
    kind: text("kind").notNull().$type<ActivityKind>(),
    step: smallint("step").notNull(),
    dealId: uuid("deal_id"),
    contactId: uuid("contact_id"),
    scheduledFor: ts("scheduled_for"),
    doneAt: ts("done_at"),
    loggedAt: ts("logged_at"),
    durationMinutes: integer("duration_minutes"),
    outcome: text("outcome"),
    notes: text("notes"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("activities_org_external").on(t.orgId, t.externalId),
    index("activities_org_owner_done").on(t.orgId, t.ownerId, t.doneAt),
    index("activities_org_deal").on(t.orgId, t.dealId),
    index("activities_org_contact").on(t.orgId, t.contactId),
    index("activities_org_scheduled").on(t.orgId, t.ownerId, t.scheduledFor),
    foreignKey({ columns: [t.orgId, t.ownerId], foreignColumns: [people.orgId, people.id] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.contactId], foreignColumns: [contacts.orgId, contacts.id] }),
    check("activities_kind", sql`${t.kind} in ('call','email','meeting','demo','proposal','task','note')`),
    check("activities_step", sql`${t.step} between 1 and 7`),
    check("activities_duration", sql`${t.durationMinutes} is null or ${t.durationMinutes} >= 0`),
  ],
);

/** The objection log: readable by everybody in the organisation. */
export const objections = pgTable(
  "objections",
  {
    orgId: orgId(),
    id: id(),
    dealId: uuid("deal_id"),
    step: smallint("step").notNull(),
    objection: text("objection").notNull(),
    response: text("response"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [people.orgId, people.id] }),
    check("objections_step", sql`${t.step} between 1 and 7`),
  ],
);

/** A quota per person and period (`2026-11` or `2026-Q4`). */
export const quotas = pgTable(
  "quotas",
  {
    orgId: orgId(),
    personId: uuid("person_id").notNull(),
    period: text("period").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2 }).notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.personId, t.period] }),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    check("quotas_period", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`),
    check("quotas_amount", sql`${t.amount} >= 0`),
  ],
);

/**
 * Agreed effort plans (metrics.md): the computed plan is a proposal; the plan a
 * manager and salesperson agree (possibly edited) is stored here, append-only,
 * one row per version. The latest version is the one efforts are measured
 * against; `computed_need` keeps the proposal as it was when agreed.
 */
export const agreedPlans = pgTable(
  "agreed_plans",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    period: text("period").notNull(),
    version: integer("version").notNull(),
    needLead: integer("need_lead").notNull(),
    needProspecting: integer("need_prospecting").notNull(),
    needQualification: integer("need_qualification").notNull(),
    needNeedsAnalysis: integer("need_needs_analysis").notNull(),
    needPresenting: integer("need_presenting").notNull(),
    needClosing: integer("need_closing").notNull(),
    /** The computed proposal at the time of agreement (`{step: n | null}`), null if there was none. */
    computedNeed: jsonb("computed_need"),
    agreedBy: uuid("agreed_by"),
    agreedAt: ts("agreed_at").notNull().defaultNow(),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("agreed_plans_version").on(t.orgId, t.personId, t.period, t.version),
    index("agreed_plans_org_period").on(t.orgId, t.period),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.agreedBy], foreignColumns: [people.orgId, people.id] }),
    check("agreed_plans_period", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`),
    check(
      "agreed_plans_need",
      sql`least(${t.needLead}, ${t.needProspecting}, ${t.needQualification}, ${t.needNeedsAnalysis}, ${t.needPresenting}, ${t.needClosing}) >= 0`,
    ),
  ],
);

export const timeEntries = pgTable(
  "time_entries",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    category: text("category").notNull().$type<TimeCategory>(),
    minutes: integer("minutes").notNull(),
    createdAt: createdAt(),
    /** `manual`, `ics` (calendar import) or `coaching` (a coaching session's time). */
    source: text("source").notNull().default("manual"),
    title: text("title"),
    /** A calendar occurrence (`uid/recurrence instant`): re-importing the same calendar updates, never duplicates. */
    externalKey: text("external_key"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("time_entries_external").on(t.orgId, t.personId, t.externalKey),
    index("time_entries_org_person_date").on(t.orgId, t.personId, t.date),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    check(
      "time_entries_category",
      sql`${t.category} in ('selling','accountability','coaching','motivating','recruiting','admin')`,
    ),
    check("time_entries_minutes", sql`${t.minutes} > 0`),
  ],
);

/**
 * Accountability reviews: one-on-ones and deal/pipeline reviews. `agenda` is the
 * agenda as it was built when the review was opened (frozen: re-opening a past
 * review shows what was true then). Signed off by both the manager and the person.
 */
export const reviews = pgTable(
  "reviews",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    managerId: uuid("manager_id").notNull(),
    heldAt: ts("held_at").notNull(),
    notes: text("notes"),
    createdAt: createdAt(),
    kind: text("kind").notNull().default("one_on_one").$type<ReviewKind>(),
    period: text("period"),
    agenda: jsonb("agenda"),
    managerSignedAt: ts("manager_signed_at"),
    personSignedAt: ts("person_signed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("reviews_org_person_held").on(t.orgId, t.personId, t.heldAt),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.managerId], foreignColumns: [people.orgId, people.id] }),
    check("reviews_kind", sql`${t.kind} in ('one_on_one','pipeline')`),
  ],
);

/**
 * Commitments made in a review (or outside one). Measurable ones count a step's
 * entries or an activity kind between `created_at` and `due_at` (the end of the
 * local due date) and are checked by a job at `due_at`; the others are marked by
 * the manager. `checked_by` null with a `checked_at` = checked by the job.
 */
export const commitments = pgTable(
  "commitments",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    reviewId: uuid("review_id"),
    createdBy: uuid("created_by").notNull(),
    text: text("text").notNull(),
    measureStep: smallint("measure_step"),
    measureActivityKind: text("measure_activity_kind"),
    target: integer("target"),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    dueAt: ts("due_at").notNull(),
    status: text("status").notNull().default("pending").$type<CommitmentStatusValue>(),
    count: integer("count"),
    checkedAt: ts("checked_at"),
    checkedBy: uuid("checked_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("commitments_org_person_due").on(t.orgId, t.personId, t.dueAt),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.reviewId], foreignColumns: [reviews.orgId, reviews.id] }).onDelete(
      "set null",
    ),
    check("commitments_status", sql`${t.status} in ('pending','kept','missed')`),
    check(
      "commitments_measure",
      sql`(${t.measureStep} is null or ${t.measureActivityKind} is null) and ((${t.measureStep} is null and ${t.measureActivityKind} is null) = (${t.target} is null))`,
    ),
    check("commitments_target", sql`${t.target} is null or ${t.target} > 0`),
  ],
);

export const JOB_STATUSES = ["pending", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Durable scheduled work (the webhook queue's pattern, generalised): a row is
 * inserted in the transaction of the change that schedules it (outbox), due at
 * `run_at`; workers claim due rows with FOR UPDATE SKIP LOCKED and a lease
 * (`locked_until`) and finish them only while they hold the lease. `key` makes
 * scheduling idempotent (one job per key and organisation).
 */
export const jobs = pgTable(
  "jobs",
  {
    orgId: orgId(),
    id: id(),
    kind: text("kind").notNull(),
    key: text("key"),
    payload: jsonb("payload").notNull().default({}),
    runAt: ts("run_at").notNull(),
    status: text("status").notNull().default("pending").$type<JobStatus>(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: ts("locked_until"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    doneAt: ts("done_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("jobs_org_key").on(t.orgId, t.key),
    index("jobs_due").on(t.runAt).where(sql`status = 'pending'`),
    check("jobs_status", sql`${t.status} in ('pending','done','failed')`),
  ],
);

/** Keyword rules of a manager's calendar import: an event whose title contains `keyword` → `category`. */
export const timeRules = pgTable(
  "time_rules",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    keyword: text("keyword").notNull(),
    category: text("category").notNull().$type<TimeCategory>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("time_rules_person_keyword").on(t.orgId, t.personId, t.keyword),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    check(
      "time_rules_category",
      sql`${t.category} in ('selling','accountability','coaching','motivating','recruiting','admin')`,
    ),
  ],
);

export const coachingSessions = pgTable(
  "coaching_sessions",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    managerId: uuid("manager_id").notNull(),
    kind: text("kind").notNull().$type<CoachingKind>(),
    step: smallint("step"),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    minutes: integer("minutes").notNull(),
    notes: text("notes"),
    followUpOn: date("follow_up_on", { mode: "string" }),
    timeEntryId: uuid("time_entry_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("coaching_org_person").on(t.orgId, t.personId, t.heldOn),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.managerId], foreignColumns: [people.orgId, people.id] }),
    check("coaching_kind", sql`${t.kind} in ('joint_call','role_play','skill_coaching')`),
    check("coaching_step", sql`${t.step} is null or ${t.step} between 1 and 7`),
    check("coaching_minutes", sql`${t.minutes} > 0`),
  ],
);

/** Recognition: a short note tied to an achievement, visible to the person's team. */
export const recognitions = pgTable(
  "recognitions",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    givenBy: uuid("given_by").notNull(),
    achievement: text("achievement").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("recognitions_org_created").on(t.orgId, t.createdAt),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.givenBy], foreignColumns: [people.orgId, people.id] }),
  ],
);

/** Performance plans: targets, dates and consequences; acknowledged by the person; closed with an outcome. */
export const performancePlans = pgTable(
  "performance_plans",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    managerId: uuid("manager_id").notNull(),
    targets: text("targets").notNull(),
    consequences: text("consequences").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    status: text("status").notNull().default("open").$type<(typeof PLAN_STATUSES)[number]>(),
    acknowledgedAt: ts("acknowledged_at"),
    outcome: text("outcome").$type<(typeof PLAN_OUTCOMES)[number]>(),
    outcomeNote: text("outcome_note"),
    closedAt: ts("closed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("performance_plans_org_person").on(t.orgId, t.personId),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.orgId, t.managerId], foreignColumns: [people.orgId, people.id] }),
    check("performance_plans_status", sql`${t.status} in ('open','acknowledged','closed')`),
    check(
      "performance_plans_outcome",
      sql`${t.outcome} is null or ${t.outcome} in ('met','extended','not_met')`,
    ),
    check("performance_plans_dates", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** The in-app inbox: one row per message to one person. `key` dedupes messages made by jobs. */
export const notifications = pgTable(
  "notifications",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    link: text("link"),
    key: text("key"),
    createdAt: createdAt(),
    readAt: ts("read_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("notifications_org_person").on(t.orgId, t.personId, t.createdAt),
    uniqueIndex("notifications_org_key").on(t.orgId, t.personId, t.key),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    orgId: orgId(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    at: ts("at").notNull().defaultNow(),
    actorId: uuid("actor_id"),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("audit_log_org_entity").on(t.orgId, t.entity, t.entityId),
  ],
);

/** Browser sessions: the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    orgId: orgId(),
    personId: uuid("person_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    index("sessions_org_person").on(t.orgId, t.personId),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    scope: text("scope").notNull().default("read").$type<"read" | "write">(),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("api_tokens_hash").on(t.tokenHash),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
    check("api_tokens_scope", sql`${t.scope} in ('read','write')`),
  ],
);

/**
 * One-time sign-in links an admin makes for a person (a newcomer without a password, or one who
 * forgot it): the link sets the password and signs in. Only the token's SHA-256 is stored; a new
 * link for the same person cancels the older unused ones.
 */
export const signInLinks = pgTable(
  "sign_in_links",
  {
    orgId: orgId(),
    id: id(),
    personId: uuid("person_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    cancelledAt: ts("cancelled_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("sign_in_links_hash").on(t.tokenHash),
    index("sign_in_links_person").on(t.orgId, t.personId),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** Sign-in attempts, kept in the database so that several servers share the limit. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    key: text("key").notNull(),
    at: ts("at").notNull().defaultNow(),
    succeeded: boolean("succeeded").notNull(),
  },
  (t) => [index("sign_in_attempts_key_at").on(t.key, t.at)],
);

/** Outgoing webhooks: where to POST which events. The secret signs each body (HMAC-SHA256). */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    orgId: orgId(),
    id: id(),
    url: text("url").notNull(),
    events: text("events").array().notNull().$type<WebhookEvent[]>(),
    secret: text("secret").notNull(),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [people.orgId, people.id] }),
    check("webhook_subscriptions_url", sql`${t.url} ~ '^https?://'`),
  ],
);

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The webhook queue and its log (transactional outbox): a row is inserted in the
 * transaction of the change it reports, and the worker claims due rows with
 * `FOR UPDATE SKIP LOCKED` plus a lease (`locked_until`), so several servers on
 * one database send each delivery once.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    orgId: orgId(),
    id: id(),
    subscriptionId: uuid("subscription_id").notNull(),
    event: text("event").notNull().$type<WebhookEvent>(),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull().default("pending").$type<DeliveryStatus>(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastAttemptAt: ts("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lockedUntil: ts("locked_until"),
    createdAt: createdAt(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("webhook_deliveries_due").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_org_sub").on(t.orgId, t.subscriptionId, t.createdAt),
    foreignKey({
      name: "webhook_deliveries_subscription_fk",
      columns: [t.orgId, t.subscriptionId],
      foreignColumns: [webhookSubscriptions.orgId, webhookSubscriptions.id],
    }).onDelete("cascade"),
    check("webhook_deliveries_status", sql`${t.status} in ('pending','delivered','failed')`),
  ],
);

/*
 * Hiring (issue 15, docs/hiring.md): candidates with their status history, the
 * organisation's interview guide, interviews with answers and scores. The
 * non-predictors (experience, degree, claimed book of business) are columns of
 * the candidate, recorded apart and never scored.
 */
export const candidates = pgTable(
  "candidates",
  {
    orgId: orgId(),
    id: id(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    source: text("source"),
    /** The team (`people.team`) the candidate is considered for. */
    team: text("team").notNull(),
    role: text("role").notNull().default("Salesperson"),
    status: text("status").notNull().default("sourced").$type<CandidateStatus>(),
    notes: text("notes"),
    experience: text("experience"),
    degree: text("degree"),
    claimedBook: text("claimed_book"),
    personId: uuid("person_id"),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("candidates_org_team").on(t.orgId, t.team, t.createdAt),
    uniqueIndex("candidates_org_person").on(t.orgId, t.personId),
    foreignKey({ columns: [t.orgId, t.personId], foreignColumns: [people.orgId, people.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [people.orgId, people.id] }),
    check(
      "candidates_status",
      sql`${t.status} in ('sourced','screened','interviewed','offered','hired','declined','withdrawn')`,
    ),
    check("candidates_hired", sql`(${t.status} = 'hired') = (${t.personId} is not null)`),
  ],
);

/** Every status a candidate entered, with when and who (append-only). */
export const candidateStatusChanges = pgTable(
  "candidate_status_changes",
  {
    orgId: orgId(),
    id: id(),
    candidateId: uuid("candidate_id").notNull(),
    status: text("status").notNull().$type<CandidateStatus>(),
    at: ts("at").notNull().defaultNow(),
    by: uuid("by"),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("candidate_status_changes_candidate").on(t.orgId, t.candidateId, t.at),
    foreignKey({
      columns: [t.orgId, t.candidateId],
      foreignColumns: [candidates.orgId, candidates.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.by], foreignColumns: [people.orgId, people.id] }),
    check(
      "candidate_status_changes_status",
      sql`${t.status} in ('sourced','screened','interviewed','offered','hired','declined','withdrawn')`,
    ),
  ],
);

/** The interview guide: a question probes one attribute or one step (exactly one). Never deleted: deactivated. */
export const interviewQuestions = pgTable(
  "interview_questions",
  {
    orgId: orgId(),
    id: id(),
    attribute: text("attribute"),
    step: smallint("step"),
    text: text("text").notNull(),
    active: boolean("active").notNull().default(true),
    position: integer("position").notNull().default(0),
    /** Set on the questions seeded from the book, so seeding twice adds nothing. */
    seedKey: text("seed_key"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("interview_questions_seed").on(t.orgId, t.seedKey),
    check(
      "interview_questions_subject",
      sql`(${t.attribute} is null) <> (${t.step} is null) and (${t.attribute} is null or ${t.attribute} in ('positive_attitude','does_what_it_takes','trainability','takes_responsibility')) and (${t.step} is null or ${t.step} between 1 and 7)`,
    ),
  ],
);

export const interviews = pgTable(
  "interviews",
  {
    orgId: orgId(),
    id: id(),
    candidateId: uuid("candidate_id").notNull(),
    interviewerId: uuid("interviewer_id").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("interviews_candidate").on(t.orgId, t.candidateId),
    foreignKey({
      columns: [t.orgId, t.candidateId],
      foreignColumns: [candidates.orgId, candidates.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.orgId, t.interviewerId], foreignColumns: [people.orgId, people.id] }),
  ],
);

/** The answer the candidate gave to one guide question in one interview. */
export const interviewAnswers = pgTable(
  "interview_answers",
  {
    orgId: orgId(),
    interviewId: uuid("interview_id").notNull(),
    questionId: uuid("question_id").notNull(),
    answer: text("answer").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.interviewId, t.questionId] }),
    foreignKey({
      columns: [t.orgId, t.interviewId],
      foreignColumns: [interviews.orgId, interviews.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.orgId, t.questionId],
      foreignColumns: [interviewQuestions.orgId, interviewQuestions.id],
    }),
  ],
);

/** One score (1–4, docs/hiring.md) of an attribute or a step in one interview, with the evidence in words. */
export const interviewScores = pgTable(
  "interview_scores",
  {
    orgId: orgId(),
    interviewId: uuid("interview_id").notNull(),
    /** An attribute key or a step key. */
    subject: text("subject").notNull(),
    score: smallint("score").notNull(),
    evidence: text("evidence").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.interviewId, t.subject] }),
    foreignKey({
      columns: [t.orgId, t.interviewId],
      foreignColumns: [interviews.orgId, interviews.id],
    }).onDelete("cascade"),
    check("interview_scores_score", sql`${t.score} between 1 and 4`),
  ],
);
