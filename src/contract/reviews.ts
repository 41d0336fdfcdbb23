/** Reviews, their agendas, commitments and the review cadence (GET/POST /reviews…, /commitments…). */
import { z } from "zod";
import { STEP_KEYS } from "../domain/steps.js";
import { ACTIVITY_KINDS, COMMITMENT_STATUSES, REVIEW_KINDS } from "../domain/vocabulary.js";
import { Quadrant } from "./figures.js";

export const Commitment = z
  .strictObject({
    id: z.string(),
    personId: z.string(),
    personName: z.string().nullable(),
    reviewId: z.string().nullable(),
    text: z.string(),
    /** What is counted: entries into a step, or activities of a kind; null for a free-text commitment. */
    measure: z
      .union([
        z.strictObject({ step: z.enum(STEP_KEYS) }),
        z.strictObject({ activityKind: z.enum(ACTIVITY_KINDS) }),
      ])
      .nullable(),
    target: z.number().nullable(),
    dueDate: z.string(),
    dueAt: z.string(),
    status: z.enum(COMMITMENT_STATUSES),
    count: z.number().nullable(),
    checkedAt: z.string().nullable(),
    checkedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Commitment" });
export type Commitment = z.infer<typeof Commitment>;

export const AgendaStep = z
  .strictObject({
    step: z.string(),
    /** The plan efforts are measured against (agreed, else computed); null without one. */
    plan: z.number().nullable(),
    /** plan × elapsed: where the person should be by now. */
    expected: z.number().nullable(),
    entered: z.number(),
    attainment: z.number().nullable(),
    onPace: z.boolean().nullable(),
  })
  .meta({ id: "AgendaStep" });
export type AgendaStep = z.infer<typeof AgendaStep>;

export const AgendaDeal = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    step: z.string(),
    value: z.number(),
    daysInStep: z.number(),
  })
  .meta({ id: "AgendaDeal" });
export type AgendaDeal = z.infer<typeof AgendaDeal>;

/**
 * The agenda as it was when the review was opened (stored with the review): fields added later are
 * missing from older agendas (`pipeline`, `coaching`), so it is not strict.
 */
export const Agenda = z
  .object({
    period: z.string(),
    asOf: z.string(),
    elapsed: z.number(),
    quota: z.number().nullable(),
    steps: z.array(AgendaStep),
    effortIndex: z.number().nullable(),
    wonRevenue: z.number(),
    pipelineExpected: z.number(),
    resultsIndex: z.number().nullable(),
    /** won + pipelineExpected: the period's forecast. */
    forecast: z.number(),
    quadrant: Quadrant.nullable(),
    action: z.string().nullable(),
    coachingFocus: z.string().nullable(),
    dealsWithoutNextStep: z.array(AgendaDeal),
    stuckDeals: z.array(AgendaDeal),
    /** Open deals by step (agendas from before this field have none). */
    pipeline: z.array(z.strictObject({ step: z.string(), deals: z.array(AgendaDeal) })).optional(),
    /** Commitments due since the last review (or still open), with their status. */
    commitments: z.array(
      z.strictObject({
        id: z.string(),
        text: z.string(),
        dueDate: z.string(),
        status: z.enum(COMMITMENT_STATUSES),
        target: z.number().nullable(),
        count: z.number().nullable(),
      }),
    ),
    /** Coaching sessions held since the last review, newest first (agendas from before this field have none). */
    coaching: z
      .array(
        z.strictObject({
          id: z.string(),
          heldOn: z.string(),
          kind: z.string(),
          step: z.string().nullable(),
          minutes: z.number(),
          coach: z.string().nullable(),
          notes: z.string().nullable(),
          followUpOn: z.string().nullable(),
        }),
      )
      .optional(),
  })
  .meta({ id: "Agenda" });
export type Agenda = z.infer<typeof Agenda>;

export const Review = z
  .strictObject({
    id: z.string(),
    kind: z.enum(REVIEW_KINDS),
    personId: z.string(),
    personName: z.string().nullable(),
    managerId: z.string(),
    managerName: z.string().nullable(),
    heldAt: z.string(),
    period: z.string().nullable(),
    notes: z.string().nullable(),
    managerSignedAt: z.string().nullable(),
    personSignedAt: z.string().nullable(),
    /** The agenda (null in lists). */
    agenda: Agenda.nullable(),
    commitments: z.array(Commitment),
  })
  .meta({ id: "Review" });
export type Review = z.infer<typeof Review>;

/** GET /reviews/cadence: each person's last review and whether one is overdue. */
export const Cadence = z
  .strictObject({
    personId: z.string(),
    name: z.string(),
    managerId: z.string().nullable(),
    lastReviewAt: z.string().nullable(),
    overdue: z.boolean(),
    daysSince: z.number().nullable(),
    cadenceDays: z.number(),
  })
  .meta({ id: "Cadence" });
export type Cadence = z.infer<typeof Cadence>;
