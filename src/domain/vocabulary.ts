/**
 * The words Stepwise's records are made of, declared once: the database schema's check
 * constraints and column types (src/db/schema.ts), the API's zod schemas (src/http), the import's
 * column rules (src/services/import) and the web app's pickers are all built from these lists.
 * The seven steps are in steps.ts.
 */

/** A person's role: what they may see and do (docs/security.md). */
export const ROLES = ["salesperson", "manager", "executive", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CONTACT_STATUSES = ["active", "inactive"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** A deal is open until it is won, lost or disqualified. */
export const DEAL_STATUSES = ["open", "won", "lost", "disqualified"] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const ACTIVITY_KINDS = ["call", "email", "meeting", "demo", "proposal", "task", "note"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The manager's time (metrics.md, "The manager's time"). */
export const TIME_CATEGORIES = [
  "selling",
  "accountability",
  "coaching",
  "motivating",
  "recruiting",
  "admin",
] as const;
export type TimeCategory = (typeof TIME_CATEGORIES)[number];

export const REVIEW_KINDS = ["one_on_one", "pipeline"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** A commitment made in a review, until its due time is checked. */
export const COMMITMENT_STATUSES = ["pending", "kept", "missed"] as const;
export type CommitmentStatusValue = (typeof COMMITMENT_STATUSES)[number];

export const COACHING_KINDS = ["joint_call", "role_play", "skill_coaching"] as const;
export type CoachingKind = (typeof COACHING_KINDS)[number];

/** Performance plans. */
export const PLAN_STATUSES = ["open", "acknowledged", "closed"] as const;
export const PLAN_OUTCOMES = ["met", "extended", "not_met"] as const;

/** The events a webhook may subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENTS = ["deal.step_changed", "deal.won", "deal.lost", "activity.logged"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
