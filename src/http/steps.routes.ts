import { createRoute, z } from "@hono/zod-openapi";
import { listSteps, updateStep } from "../services/steps.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import { Step } from "./schemas.js";

const ProcessStep = z
  .object({ step: z.string(), stepNumber: z.number(), name: z.string(), exitCriteria: z.string() })
  .openapi("ProcessStep");
const StepUpdate = z
  .object({ name: z.string().trim().min(1).max(100), exitCriteria: z.string().max(2000) })
  .partial()
  .strict()
  .refine((p) => p.name !== undefined || p.exitCriteria !== undefined, {
    message: "give name or exitCriteria (or both)",
    path: ["name"],
  });

export function registerStepRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/steps",
      tags: ["process"],
      summary: "The 7 steps of the sales process with this organisation's names and exit criteria",
      responses: { 200: json(z.array(ProcessStep), "The steps, in order"), ...ERRORS },
    }),
    async (c) => c.json(await listSteps(ctxOf(c)), 200),
  );
  api.openapi(
    createRoute({
      method: "patch",
      path: "/steps/{step}",
      tags: ["process"],
      summary: "Rename a step or edit its exit criteria (admin; the key and order are fixed)",
      request: {
        params: z.object({ step: Step.openapi({ param: { name: "step", in: "path" } }) }),
        body: { content: { "application/json": { schema: StepUpdate } }, required: true },
      },
      responses: { 200: json(ProcessStep, "The step"), ...ERRORS },
    }),
    async (c) => c.json(await updateStep(ctxOf(c), c.req.valid("param").step, c.req.valid("json")), 200),
  );
}
