/** GET /people/{id}/profile: the Person screen's figures. */
import { z } from "zod";
import { STEP_KEYS } from "../domain/steps.js";
import { ROLES } from "../domain/vocabulary.js";
import { byStep, ScorecardPerson } from "./figures.js";

const FunnelSide = z.strictObject({
  advanced: z.number(),
  exited: z.number(),
  /** advanced / (advanced + exited); null with nothing resolved. */
  rate: z.number().nullable(),
});

export const PersonProfile = z
  .strictObject({
    person: z.strictObject({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      team: z.string().nullable(),
      managerId: z.string().nullable(),
    }),
    period: z.string(),
    asOf: z.string(),
    elapsed: z.number(),
    /** The person's scorecard row (null for somebody who is not a salesperson). */
    scorecard: ScorecardPerson.nullable(),
    /** Per step, over the rate window ending at asOf: own and team counts and rates, and the smoothed rate. */
    funnel: byStep(z.strictObject({ own: FunnelSide, team: FunnelSide, smoothed: z.number() })),
    /** The coaching focus with its evidence, or null. */
    coachingFocus: z
      .strictObject({
        step: z.enum(STEP_KEYS),
        rate: z.number(),
        trials: z.number(),
        teamRate: z.number(),
        teamTrials: z.number(),
        ratio: z.number(),
      })
      .nullable(),
    /** Step entries per week of the period (week 1 = the period's first 7 days), by asOf; `begun`: the weeks begun by asOf. */
    weekly: z.strictObject({ weeks: z.number(), begun: z.number(), entries: byStep(z.array(z.number())) }),
  })
  .meta({ id: "PersonProfile" });
export type PersonProfile = z.infer<typeof PersonProfile>;
