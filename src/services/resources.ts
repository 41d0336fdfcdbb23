/**
 * The CRM resources: what each one is, who owns it, which filters it takes and
 * which references it checks. The generic use-cases are in records.service.ts;
 * deal step moves are in deals.service.ts.
 */
import { endCredentials } from "../db/auth.queries.js";
import type { Tx } from "../db/client.js";
import { insertDealStep } from "../db/deals.queries.js";
import { personIdByEmail } from "../db/people.queries.js";
import { type RecordRowOf, writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import type { ActivityKind, ContactStatus, Role } from "../domain/vocabulary.js";
import type { Ctx } from "./context.js";
import { checkRef, type ResourceSpec } from "./records.service.js";
import { emit } from "./webhooks.service.js";

// Each resource's bodies as its zod schemas in src/http/schemas.ts let them through
// (records.routes.ts checks that the schemas' output fits these types).
export type PersonInput = { email: string; name: string; role: Role; managerId?: string; team?: string };
export type PersonPatch = Partial<{
  name: string;
  role: Role;
  managerId: string | null;
  team: string | null;
  active: boolean;
}>;
export type AccountInput = { name: string; ownerId?: string; industry?: string };
export type ContactInput = {
  email: string;
  name: string;
  ownerId?: string;
  accountId?: string;
  leadSource?: string;
  status?: ContactStatus;
  customer?: boolean;
};
export type DealInput = {
  name: string;
  value: number;
  ownerId?: string;
  accountId?: string;
  contactId?: string;
  product?: string;
  leadSource?: string;
  prospectingMethod?: string;
  expectedClose?: string;
  step?: number;
  createdAt?: string;
};
export type DealPatch = Partial<{
  name: string;
  value: number;
  ownerId: string;
  accountId: string | null;
  contactId: string | null;
  product: string | null;
  leadSource: string | null;
  prospectingMethod: string | null;
  expectedClose: string | null;
}>;
type ActivityTimes = { scheduledFor?: string | null; doneAt?: string | null };
export type ActivityInput = ActivityTimes & {
  kind: ActivityKind;
  step: number;
  ownerId?: string;
  dealId?: string;
  contactId?: string;
  durationMinutes?: number;
  outcome?: string;
  notes?: string;
};
export type ActivityPatch = ActivityTimes &
  Partial<{
    kind: ActivityKind;
    step: number;
    dealId: string | null;
    contactId: string | null;
    durationMinutes: number | null;
    outcome: string | null;
    notes: string | null;
  }>;
export type ObjectionInput = { step: number; objection: string; response?: string; dealId?: string };
export type ObjectionPatch = Partial<{ step: number; objection: string; response: string | null }>;

export type PersonRow = RecordRowOf<"people">;
export type DealRow = RecordRowOf<"deals">;
export type ActivityRow = RecordRowOf<"activities">;

const HIDDEN = new Set(["orgId", "passwordHash"]);

/** Row → JSON: dates as ISO strings, money as numbers, no org_id or secrets. */
export function serializeRow(row: Record<string, unknown>, moneyFields: string[] = []) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (HIDDEN.has(k)) continue;
    if (v instanceof Date) out[k] = v.toISOString();
    else if (moneyFields.includes(k) && v !== null) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

const pick = (o: object, keys: string[]): Record<string, unknown> => {
  const values = o as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
};

/** A filter on a uuid column, named as the query parameter (`ownerId`, `dealId`, …). */
const uuidFilter =
  <C extends string>(name: C) =>
  (v: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(v)) {
      throw new AppError("validation_failed", `${name} must be a UUID.`, [
        { path: name, message: "not a UUID", value: v },
      ]);
    }
    return { column: name, equals: v };
  };
const equals =
  <C extends string>(column: C, as: (v: string) => string | number | boolean = (v) => v) =>
  (v: string) => ({ column, equals: as(v) });

/** The owner given, or the actor; it must be somebody the actor may act for. */
async function ownerFor(ctx: Ctx, tx: Tx, ownerId: string | undefined, path = "ownerId") {
  const id = ownerId ?? ctx.actor.personId;
  await checkRef(ctx, tx, peopleSpec, id, path);
  return id;
}

export const peopleSpec: ResourceSpec<PersonRow, PersonInput, PersonPatch> = {
  name: "people",
  label: "person",
  table: "people",
  ownerColumn: "id",
  readScope: "owner",
  writeRoles: ["admin"],
  filters: {
    role: equals("role"),
    team: equals("team"),
    managerId: uuidFilter("managerId"),
  },
  serialize: (r) => serializeRow(r),
  async prepareCreate(ctx, tx, input) {
    if (input.managerId) await checkRef(ctx, tx, peopleSpec, input.managerId, "managerId");
    if (await personIdByEmail(tx, ctx.actor.orgId, input.email.toLowerCase())) {
      throw new AppError("conflict", `A person with email ${input.email} exists already.`, [
        { path: "email", message: "already taken", value: input.email },
      ]);
    }
    return { ...pick(input, ["name", "role", "managerId", "team"]), email: input.email.toLowerCase() };
  },
  async prepareUpdate(ctx, tx, before, patch) {
    if (patch.managerId) {
      if (patch.managerId === before.id) {
        throw new AppError("validation_failed", "A person cannot manage themselves.", [
          { path: "managerId", message: "cannot be the person", value: patch.managerId },
        ]);
      }
      await checkRef(ctx, tx, peopleSpec, patch.managerId, "managerId");
    }
    return pick(patch, ["name", "role", "managerId", "team", "active"]);
  },
  async afterUpdate(ctx, tx, before, row) {
    // Deactivation ends the person's sessions and revokes their API tokens for good.
    if (before.active && !row.active) {
      const ended = await endCredentials(tx, ctx.actor.orgId, row.id, new Date());
      await writeAudit(tx, {
        orgId: ctx.actor.orgId,
        actorId: ctx.actor.personId,
        entity: "person",
        entityId: row.id,
        action: "deactivate: credentials ended",
        after: ended,
      });
    }
  },
};

export const accountsSpec: ResourceSpec<RecordRowOf<"accounts">, AccountInput, Partial<AccountInput>> = {
  name: "accounts",
  label: "account",
  table: "accounts",
  ownerColumn: "ownerId",
  readScope: "owner",
  filters: { ownerId: uuidFilter("ownerId") },
  serialize: (r) => serializeRow(r),
  async prepareCreate(ctx, tx, input) {
    return { ...pick(input, ["name", "industry"]), ownerId: await ownerFor(ctx, tx, input.ownerId) };
  },
  async prepareUpdate(ctx, tx, _before, patch) {
    if (patch.ownerId) await ownerFor(ctx, tx, patch.ownerId);
    return pick(patch, ["name", "industry", "ownerId"]);
  },
};

export const contactsSpec: ResourceSpec<RecordRowOf<"contacts">, ContactInput, Partial<ContactInput>> = {
  name: "contacts",
  label: "contact",
  table: "contacts",
  ownerColumn: "ownerId",
  readScope: "owner",
  filters: {
    ownerId: uuidFilter("ownerId"),
    accountId: uuidFilter("accountId"),
    status: equals("status"),
    customer: equals("customer", (v) => v === "true"),
  },
  serialize: (r) => serializeRow(r),
  async prepareCreate(ctx, tx, input) {
    await checkRef(ctx, tx, accountsSpec, input.accountId, "accountId");
    return {
      ...pick(input, ["name", "accountId", "leadSource", "status", "customer"]),
      email: input.email.toLowerCase(),
      ownerId: await ownerFor(ctx, tx, input.ownerId),
    };
  },
  async prepareUpdate(ctx, tx, _before, patch) {
    if (patch.ownerId) await ownerFor(ctx, tx, patch.ownerId);
    await checkRef(ctx, tx, accountsSpec, patch.accountId, "accountId");
    return pick(patch, ["name", "email", "ownerId", "accountId", "leadSource", "status", "customer"]);
  },
};

const DEAL_FIELDS = [
  "name",
  "product",
  "leadSource",
  "prospectingMethod",
  "expectedClose",
  "accountId",
  "contactId",
];

export const dealsSpec: ResourceSpec<DealRow, DealInput, DealPatch> = {
  name: "deals",
  label: "deal",
  table: "deals",
  ownerColumn: "ownerId",
  readScope: "owner",
  filters: {
    ownerId: uuidFilter("ownerId"),
    accountId: uuidFilter("accountId"),
    status: equals("status"),
    step: equals("currentStep", Number),
  },
  serialize: (r) => serializeRow(r, ["value"]),
  async prepareCreate(ctx, tx, input) {
    await checkRef(ctx, tx, accountsSpec, input.accountId, "accountId");
    await checkRef(ctx, tx, contactsSpec, input.contactId, "contactId");
    const createdAt = input.createdAt ? new Date(input.createdAt) : new Date();
    return {
      ...pick(input, DEAL_FIELDS),
      value: String(input.value),
      ownerId: await ownerFor(ctx, tx, input.ownerId),
      currentStep: input.step ?? 1,
      stepEnteredAt: createdAt,
      createdAt,
      updatedAt: new Date(),
    };
  },
  async afterCreate(ctx, tx, row, input) {
    const step = row.currentStep as number;
    await insertDealStep(tx, {
      orgId: ctx.actor.orgId,
      dealId: row.id,
      step,
      enteredAt: row.createdAt,
      recordedBy: ctx.actor.personId,
      skipped: Array.from({ length: step - 1 }, (_, i) => i + 1),
      backfilled: !!input.createdAt,
    });
  },
  async prepareUpdate(ctx, tx, before, patch) {
    if (patch.ownerId) await ownerFor(ctx, tx, patch.ownerId);
    await checkRef(ctx, tx, accountsSpec, patch.accountId, "accountId");
    await checkRef(ctx, tx, contactsSpec, patch.contactId, "contactId");
    const values: Record<string, unknown> = pick(patch, [...DEAL_FIELDS, "ownerId"]);
    if (patch.value !== undefined) values.value = String(patch.value);
    if (Object.keys(values).length) values.updatedAt = new Date();
    void before;
    return values;
  },
};

const ACTIVITY_FIELDS = ["kind", "step", "dealId", "contactId", "durationMinutes", "outcome", "notes"];

function activityTimes(input: ActivityTimes, before?: ActivityRow) {
  const out: Record<string, unknown> = {};
  if (input.scheduledFor !== undefined)
    out.scheduledFor = input.scheduledFor ? new Date(input.scheduledFor) : null;
  if (input.doneAt !== undefined) {
    out.doneAt = input.doneAt ? new Date(input.doneAt) : null;
    // logged_at is when the system learned it was done: now, the first time.
    if (input.doneAt && !before?.loggedAt) out.loggedAt = new Date();
  }
  return out;
}

export const activitiesSpec: ResourceSpec<ActivityRow, ActivityInput, ActivityPatch> = {
  name: "activities",
  label: "activity",
  table: "activities",
  ownerColumn: "ownerId",
  readScope: "owner",
  filters: {
    ownerId: uuidFilter("ownerId"),
    dealId: uuidFilter("dealId"),
    contactId: uuidFilter("contactId"),
    kind: equals("kind"),
    step: equals("step", Number),
    state: (v) => {
      if (v === "done") return { column: "doneAt", isNull: false };
      if (v === "scheduled") return { column: "doneAt", isNull: true };
      throw new AppError("validation_failed", "state must be done or scheduled.", [
        { path: "state", message: "expected done|scheduled", value: v },
      ]);
    },
  },
  serialize: (r) => serializeRow(r),
  async prepareCreate(ctx, tx, input) {
    await checkRef(ctx, tx, dealsSpec, input.dealId, "dealId");
    await checkRef(ctx, tx, contactsSpec, input.contactId, "contactId");
    return {
      ...pick(input, ACTIVITY_FIELDS),
      ...activityTimes(input),
      ownerId: await ownerFor(ctx, tx, input.ownerId),
    };
  },
  async prepareUpdate(ctx, tx, before, patch) {
    await checkRef(ctx, tx, dealsSpec, patch.dealId, "dealId");
    await checkRef(ctx, tx, contactsSpec, patch.contactId, "contactId");
    return { ...pick(patch, ACTIVITY_FIELDS), ...activityTimes(patch, before) };
  },
  // activity.logged: when an activity is known to be done for the first time.
  async afterCreate(ctx, tx, row) {
    if (row.doneAt) await emit(tx, ctx.actor.orgId, "activity.logged", { activity: serializeRow(row) });
  },
  async afterUpdate(ctx, tx, before, row) {
    if (row.doneAt && !before.doneAt && !before.loggedAt) {
      await emit(tx, ctx.actor.orgId, "activity.logged", { activity: serializeRow(row) });
    }
  },
};

export const objectionsSpec: ResourceSpec<RecordRowOf<"objections">, ObjectionInput, ObjectionPatch> = {
  name: "objections",
  label: "objection",
  table: "objections",
  ownerColumn: "createdBy",
  readScope: "org",
  filters: {
    dealId: uuidFilter("dealId"),
    step: equals("step", Number),
  },
  serialize: (r) => serializeRow(r),
  async prepareCreate(ctx, tx, input) {
    await checkRef(ctx, tx, dealsSpec, input.dealId, "dealId");
    return { ...pick(input, ["dealId", "step", "objection", "response"]), createdBy: ctx.actor.personId };
  },
  async prepareUpdate(_ctx, _tx, _before, patch) {
    return pick(patch, ["step", "objection", "response"]);
  },
};
