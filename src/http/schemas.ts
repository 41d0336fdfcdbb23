/** zod schemas of the REST API: request bodies, query strings and responses (OpenAPI is generated from these). */
import { z } from "@hono/zod-openapi";
import { parseStep } from "../domain/steps.js";
import { ACTIVITY_KINDS, CONTACT_STATUSES, ROLES } from "../domain/vocabulary.js";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string(), message: z.string(), value: z.any().optional() }))
        .optional(),
    }),
  })
  .openapi("Error");

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

/** A step given as its key (`needs_analysis`) or number (1–7). */
export const Step = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const n = typeof v === "string" && v !== v.trim() ? undefined : parseStep(v);
    if (n === undefined) {
      ctx.addIssue({ code: "custom", message: "expected a step key (lead … relationship) or a number 1–7" });
      return z.NEVER;
    }
    return n;
  })
  .openapi({ type: "string", example: "qualification" });

/** Years the API accepts in dates and times (PostgreSQL has no year 0; nothing here is older than 1900). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
const yearOk = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
/** UTC offsets in use run from −12:00 to +14:00. */
const offsetOk = (s: string) => {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (!m || s.endsWith("Z")) return true;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return Number(m[3]) < 60 && (m[1] === "+" ? minutes <= 14 * 60 : minutes <= 12 * 60);
};
const isoTime = z.iso
  .datetime({ offset: true })
  .refine(yearOk, `the year must be ${MIN_YEAR}–${MAX_YEAR}`)
  .refine(offsetOk, "the UTC offset must be between -12:00 and +14:00");
const isoDate = z.iso.date().refine(yearOk, `the year must be ${MIN_YEAR}–${MAX_YEAR}`);
/** Clocks differ a little; a backfilled time may be this far ahead of the server's. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A time something already happened (backfills): not in the future. */
const pastTime = isoTime.refine(
  (s) => Date.parse(s) <= Date.now() + CLOCK_SKEW_MS,
  "must not be in the future (a backfill records what already happened)",
);
const money = z.number().nonnegative().max(999_999_999_999);
const text = (max = 200) => z.string().trim().min(1).max(max);

export const ListQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  sort: z
    .enum(["createdAt", "-createdAt"])
    .optional()
    .openapi({ description: "createdAt: oldest first (the default); -createdAt: newest first" }),
});

export const Item = z.record(z.string(), z.any()).openapi("Record");
export const Page = z.object({ items: z.array(Item), nextCursor: z.string().nullable() }).openapi("Page");

export const PersonCreate = z
  .object({
    email: z.email(),
    name: text(),
    role: z.enum(ROLES),
    managerId: z.uuid().optional(),
    team: text(100).optional(),
  })
  .strict();
export const PersonUpdate = z
  .object({
    name: text(),
    role: z.enum(ROLES),
    managerId: z.uuid().nullable(),
    team: text(100).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();

export const AccountCreate = z
  .object({ name: text(), ownerId: z.uuid().optional(), industry: text(100).optional() })
  .strict();
export const AccountUpdate = AccountCreate.partial().strict();

export const ContactCreate = z
  .object({
    email: z.email(),
    name: text(),
    ownerId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    leadSource: text(100).optional(),
    status: z.enum(CONTACT_STATUSES).optional(),
    customer: z.boolean().optional(),
  })
  .strict();
export const ContactUpdate = ContactCreate.partial().strict();

export const DealCreate = z
  .object({
    name: text(),
    value: money,
    ownerId: z.uuid().optional(),
    accountId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    product: text(100).optional(),
    leadSource: text(100).optional(),
    prospectingMethod: text(100).optional(),
    expectedClose: isoDate.optional(),
    /** The step the deal starts at (default lead); above 1 is recorded as a skip. */
    step: Step.optional().refine((s) => s === undefined || s <= 6, "a new deal starts at steps 1–6"),
    /** Backfill: when the deal was created, if not now. */
    createdAt: pastTime.optional(),
  })
  .strict();
export const DealUpdate = z
  .object({
    name: text(),
    value: money,
    ownerId: z.uuid(),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    product: text(100).nullable(),
    leadSource: text(100).nullable(),
    prospectingMethod: text(100).nullable(),
    expectedClose: isoDate.nullable(),
  })
  .partial()
  .strict();
export const DealMove = z.object({ step: Step, at: pastTime.optional() }).strict();
export const DealCorrectStep = z.object({ step: Step, reason: text(500) }).strict();
export const DealWin = z.object({ at: pastTime.optional() }).strict();
export const DealLose = z
  .object({
    status: z.enum(["lost", "disqualified"]).default("lost"),
    reason: text(500),
    at: pastTime.optional(),
  })
  .strict();

/** POST /activities/log: what was done, the move it led to, and the next step — one transaction. */
export const ActivityLog = z
  .object({
    kind: z.enum(ACTIVITY_KINDS),
    step: Step.optional(),
    dealId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    doneAt: isoTime.optional(),
    outcome: text(500).optional(),
    notes: z.string().max(10_000).optional(),
    moveTo: Step.optional(),
    next: z
      .object({
        kind: z.enum(ACTIVITY_KINDS),
        scheduledFor: isoTime,
        notes: z.string().max(10_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((a) => a.dealId || a.contactId, { message: "name the deal or the contact", path: ["dealId"] });

export const ActivityCreate = z
  .object({
    kind: z.enum(ACTIVITY_KINDS),
    step: Step,
    ownerId: z.uuid().optional(),
    dealId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    scheduledFor: isoTime.optional(),
    doneAt: isoTime.optional(),
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    outcome: text(500).optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict()
  .refine((a) => a.scheduledFor || a.doneAt, {
    message: "an activity is either scheduled (scheduledFor) or done (doneAt)",
    path: ["scheduledFor"],
  });
export const ActivityUpdate = z
  .object({
    kind: z.enum(ACTIVITY_KINDS),
    step: Step,
    dealId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    scheduledFor: isoTime.nullable(),
    doneAt: isoTime.nullable(),
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .nullable(),
    outcome: text(500).nullable(),
    notes: z.string().max(10_000).nullable(),
  })
  .partial()
  .strict();

export const ObjectionCreate = z
  .object({
    step: Step,
    objection: text(2000),
    response: z.string().max(5000).optional(),
    dealId: z.uuid().optional(),
  })
  .strict();
export const ObjectionUpdate = z
  .object({ step: Step, objection: text(2000), response: z.string().max(5000).nullable() })
  .partial()
  .strict();

export const SignIn = z
  .object({ email: z.email(), password: z.string().min(1).max(1000), org: z.string().optional() })
  .strict();

export const Setup = z
  .object({
    organisation: z.object({
      name: text(),
      slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes"),
      timeZone: z.string().min(1).default("UTC"),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD")
        .default("USD"),
    }),
    admin: z.object({ name: text(), email: z.email(), password: z.string().min(10).max(1000) }),
    /** The one-time code printed in the server's log. */
    setupCode: z.string().max(100).optional(),
  })
  .strict();

export const TokenCreate = z
  .object({ name: text(100), scope: z.enum(["read", "write"]).default("read") })
  .strict();
