/** Small builders for the OpenAPI route definitions (@hono/zod-openapi). */
import type { z } from "@hono/zod-openapi";

/** A JSON response with its description. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body. */
export const body = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});
