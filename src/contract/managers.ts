/** GET /managers: each manager the actor can see, with their team's figures. */
import { z } from "zod";

export const ManagerRow = z
  .strictObject({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    directReports: z.number(),
    managingShare: z.number().nullable(),
    reviewCompliance: z.number().nullable(),
    /** Salespeople in the manager's team. */
    salespeople: z.number(),
    /** Sum of the team's quotas for the period. */
    quota: z.number(),
    wonRevenue: z.number(),
    pipelineExpected: z.number(),
    /** won / quota; null without quota. */
    wonShareOfQuota: z.number().nullable(),
    /** (won + pipelineExpected) / quota; null without quota. */
    projectedShareOfQuota: z.number().nullable(),
    paretoShare: z.number().nullable(),
    /** How many of the team's salespeople are in each quadrant (noQuota: no quadrant). */
    quads: z.strictObject({
      Q1: z.number(),
      Q2: z.number(),
      Q3: z.number(),
      Q4: z.number(),
      noQuota: z.number(),
    }),
    /** The line's candidates in pipeline and the days since the last new one (hiring). */
    recruiting: z.strictObject({ inPipeline: z.number(), daysSinceLast: z.number().nullable() }).optional(),
  })
  .meta({ id: "ManagerRow" });
export type ManagerRow = z.infer<typeof ManagerRow>;

export const ManagersOverview = z
  .strictObject({
    period: z.string(),
    asOf: z.string(),
    managingShareTarget: z.number(),
    managers: z.array(ManagerRow),
  })
  .meta({ id: "ManagersOverview" });
export type ManagersOverview = z.infer<typeof ManagersOverview>;
