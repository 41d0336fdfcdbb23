/** A salesperson's plans for a period (GET/POST /people/{id}/plans; metrics.md: the effort plan). */
import { z } from "zod";
import { byStep } from "./figures.js";

/** Entries needed per step; null where a conversion rate of 0 leaves no figure. */
const Need = byStep(z.number().nullable());

/** One agreed version of a plan (what efforts are measured against). */
export const AgreedPlan = z
  .strictObject({
    id: z.string(),
    version: z.number(),
    need: byStep(z.number()),
    /** The computed proposal when this version was agreed. */
    computedNeed: Need.nullable(),
    agreedBy: z.string().nullable(),
    agreedAt: z.string(),
    note: z.string().nullable(),
  })
  .meta({ id: "AgreedPlan" });
export type AgreedPlan = z.infer<typeof AgreedPlan>;

export const PersonPlan = z
  .strictObject({
    personId: z.string(),
    email: z.string(),
    period: z.string(),
    quota: z.number().nullable(),
    /** The computed plan (rates and deal size as of the period's start); null without quota. */
    computed: z
      .strictObject({
        avgDealSize: z.number(),
        wins: z.number(),
        need: Need,
        perWeek: Need,
        activities: byStep(z.number()).nullable(),
      })
      .nullable(),
    /** The latest agreed version, or null. */
    agreed: AgreedPlan.nullable(),
    /** Every agreed version, newest first. */
    versions: z.array(AgreedPlan),
  })
  .meta({ id: "PersonPlan" });
export type PersonPlan = z.infer<typeof PersonPlan>;
