/**
 * The API's response shapes (zod), declared once: the routes describe their responses with them
 * (so the OpenAPI document at /api/v1/openapi.json has them) and the web app takes its types from
 * them (`import type`, z.infer). This folder imports only zod and src/domain's values
 * (test/architecture.test.ts). Each top-level shape carries its name in the document
 * (`.meta({ id })`). Objects are strict: a field a service adds without adding it here
 * fails test/contract.test.ts, which checks real responses against these schemas for every role.
 */
import { z } from "zod";
import { STEP_KEYS } from "../domain/steps.js";

/** A value per step (`lead` … `relationship`); steps without one are left out. */
export const byStep = <T extends z.ZodType>(value: T) => z.partialRecord(z.enum(STEP_KEYS), value);

export const Quadrant = z.enum(["Q1", "Q2", "Q3", "Q4"]);
export type Quadrant = z.infer<typeof Quadrant>;

/** One salesperson's row of the scorecard (metrics.md). */
export const ScorecardPerson = z
  .strictObject({
    email: z.string(),
    name: z.string(),
    quota: z.number().nullable(),
    plan: byStep(z.number().nullable()).nullable(),
    agreedPlan: byStep(z.number()).nullable(),
    entered: byStep(z.number()),
    attainment: byStep(z.number()).nullable(),
    effortIndex: z.number().nullable(),
    wonRevenue: z.number(),
    pipelineExpected: z.number(),
    resultsIndex: z.number().nullable(),
    quadrant: Quadrant.nullable(),
    rates: byStep(z.number()),
    avgDealSize: z.number(),
    coachingFocus: z.enum(STEP_KEYS).nullable(),
    nextStepCoverage: z.number().nullable(),
    processCompliance: z.number().nullable(),
    loggingTimeliness: z.number().nullable(),
    usageScore: z.number().nullable(),
  })
  .meta({ id: "ScorecardPerson" });
export type ScorecardPerson = z.infer<typeof ScorecardPerson>;
