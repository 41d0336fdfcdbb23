/**
 * The CRM records as one set of use-cases: list (filters, cursor), read,
 * create, update — each checking who is asking (visibility by reporting line,
 * write scope, roles) and writing an audit row for every change.
 *
 * A resource is described once (ResourceSpec, in resources.ts); the rules that
 * differ per resource (references to check, derived fields) are its hooks.
 */
import type { Tx } from "../db/client.js";
import {
  getRecord,
  insertRecord,
  listRecords,
  personNames,
  type RecordFilter,
  type RecordRow,
  type RecordTableName,
  updateRecord,
  writeAudit,
} from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import type { Role } from "../domain/vocabulary.js";
import { type Actor, type Ctx, requireRole, requireWrite } from "./context.js";
import { visibleOwnerIds } from "./visibility.js";

export type { RecordRow };
/** A create or update body as its zod schema (src/http/schemas.ts) passed it. */
export type RecordInput = Record<string, unknown>;

/**
 * One resource: `Row` is its table's row, `Input` its create body, `Patch` its update body (each
 * resource's own types in resources.ts; the generic use-cases below see any of them).
 */
export interface ResourceSpec<Row extends RecordRow = RecordRow, Input = RecordInput, Patch = RecordInput> {
  /** Plural, as in the URL: `deals`. */
  name: string;
  /** Singular, for messages: `deal`. */
  label: string;
  table: RecordTableName;
  /** Whose record it is, for visibility: ownerId, createdBy, or id (people). */
  ownerColumn: string;
  /** `org`: everybody in the organisation may read (the objection log). */
  readScope: "owner" | "org";
  /** Roles allowed to create/update at all (default: everybody, within visibility). */
  writeRoles?: Role[];
  /** Query parameter → filter on one of `Row`'s columns (the condition is built in src/db). */
  filters: Record<string, (value: string) => RecordFilter & { column: keyof Row & string }>;
  serialize(row: Row): Record<string, unknown>;
  /** Validate references, fill defaults; returns the values to insert (without org_id). */
  prepareCreate(ctx: Ctx, tx: Tx, input: Input): Promise<Record<string, unknown>>;
  prepareUpdate(ctx: Ctx, tx: Tx, before: Row, patch: Patch): Promise<Record<string, unknown>>;
  afterCreate?(ctx: Ctx, tx: Tx, row: Row, input: Input): Promise<void>;
  /** Runs in the update's transaction (webhook events). */
  afterUpdate?(ctx: Ctx, tx: Tx, before: Row, row: Row): Promise<void>;
}

/** What the checks need of a resource, whatever its row and bodies. */
type SpecShape = Pick<ResourceSpec, "label" | "table" | "ownerColumn" | "readScope" | "writeRoles">;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const MAX_PAGE = 200;

// A cursor is base64url(JSON [createdAt, id]): createdAt as PostgreSQL gave it, in UTC
// with microseconds (a Date would round to milliseconds and repeat rows), id a uuid.
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const [at, id] = Array.isArray(value) && value.length === 2 ? value : [];
  const year = typeof at === "string" ? Number(at.slice(0, 4)) : 0;
  if (
    typeof at !== "string" ||
    !CURSOR_AT.test(at) ||
    year < 1900 ||
    Number.isNaN(Date.parse(at)) ||
    typeof id !== "string" ||
    !UUID.test(id)
  ) {
    throw new AppError("validation_failed", "Invalid cursor: pass nextCursor from the previous page.", [
      { path: "cursor", message: "not a cursor of this list" },
    ]);
  }
  return { createdAt: at, id };
}

const encodeCursor = (key: [string, string]) => Buffer.from(JSON.stringify(key)).toString("base64url");

// Inside a transaction every query must go through `tx`: PGlite has one connection,
// and a query on the outer handle would wait for the transaction forever.
async function readableOwners(
  ctx: Ctx,
  spec: SpecShape,
  db: Ctx["db"] | Tx = ctx.db,
): Promise<string[] | null> {
  if (spec.readScope === "org") return null;
  return visibleOwnerIds(db, ctx.actor);
}

function canSee(owners: string[] | null, row: RecordRow, spec: SpecShape): boolean {
  return owners === null || owners.includes(row[spec.ownerColumn] as string);
}

export async function listResource<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  params: {
    cursor?: string;
    limit?: number;
    filters?: Record<string, string | undefined>;
    newestFirst?: boolean;
  },
): Promise<Page<Record<string, unknown>>> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), MAX_PAGE);
  const filters: RecordFilter[] = [];
  for (const [k, v] of Object.entries(params.filters ?? {})) {
    if (v === undefined || v === "") continue;
    const f = spec.filters[k];
    if (!f)
      throw new AppError("validation_failed", `Unknown filter ${k}.`, [
        { path: k, message: "unknown filter" },
      ]);
    filters.push(f(v));
  }
  const rows = await listRecords(ctx.db, spec.table, {
    orgId: ctx.actor.orgId,
    ownerIds: await readableOwners(ctx, spec),
    ownerColumn: spec.ownerColumn,
    filters,
    limit: limit + 1,
    after: params.cursor ? decodeCursor(params.cursor) : undefined,
    desc: params.newestFirst,
  });
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: await withOwnerNames(
      ctx,
      spec,
      items.map((r) => spec.serialize(r.row as Row)),
    ),
    nextCursor: more ? encodeCursor(items[items.length - 1].key) : null,
  };
}

/** The row, if it exists in the actor's organisation and the actor may see it; else not_found. */
export async function getVisible<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  id: string,
  db: Ctx["db"] | Tx = ctx.db,
): Promise<Row> {
  const row = await getRecord(db, spec.table, ctx.actor.orgId, id);
  if (!row || !canSee(await readableOwners(ctx, spec, db), row, spec)) {
    throw new AppError("not_found", `No ${spec.label} ${id}.`);
  }
  return row as Row;
}

/**
 * The row for a change: not_found when the actor may not see it, forbidden when they may see it
 * but not change it: who may change a record is its owner's reporting line (objections: the
 * author, their line, admins). The actor's reporting line is read once for both.
 */
export async function getWritable<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  id: string,
  tx: Tx,
): Promise<Row> {
  const row = await getRecord(tx, spec.table, ctx.actor.orgId, id);
  const owners = await visibleOwnerIds(tx, ctx.actor);
  if (!row || !canSee(spec.readScope === "org" ? null : owners, row, spec)) {
    throw new AppError("not_found", `No ${spec.label} ${id}.`);
  }
  if (owners !== null && !owners.includes(row[spec.ownerColumn] as string)) {
    throw new AppError("forbidden", `You may not change this ${spec.label}.`);
  }
  return row as Row;
}

export async function getResource<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  id: string,
) {
  return (await withOwnerNames(ctx, spec, [spec.serialize(await getVisible(ctx, spec, id))]))[0];
}

/** Records with an owner carry the owner's name too (`ownerName`), so a client need not look it up. */
async function withOwnerNames(ctx: Ctx, spec: SpecShape, items: Record<string, unknown>[]) {
  if (spec.ownerColumn !== "ownerId" || items.length === 0) return items;
  const names = await personNames(ctx.db, ctx.actor.orgId, [
    ...new Set(items.map((i) => i.ownerId as string)),
  ]);
  return items.map((i) => ({ ...i, ownerName: names.get(i.ownerId as string) ?? null }));
}

function checkWriter(actor: Actor, spec: SpecShape) {
  requireWrite(actor);
  if (spec.writeRoles) requireRole(actor, ...spec.writeRoles);
}

export async function createResource<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  input: I,
) {
  checkWriter(ctx.actor, spec);
  return ctx.db.transaction(async (tx) => {
    const values = await spec.prepareCreate(ctx, tx, input);
    const row = (await insertRecord(tx, spec.table, { ...values, orgId: ctx.actor.orgId })) as Row;
    await spec.afterCreate?.(ctx, tx, row, input);
    const out = spec.serialize(row);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: spec.label,
      entityId: row.id,
      action: "create",
      after: out,
    });
    return out;
  });
}

export async function updateResource<Row extends RecordRow, I, P>(
  ctx: Ctx,
  spec: ResourceSpec<Row, I, P>,
  id: string,
  patch: P,
) {
  checkWriter(ctx.actor, spec);
  return ctx.db.transaction(async (tx) => {
    const before = await getWritable(ctx, spec, id, tx);
    const values = await spec.prepareUpdate(ctx, tx, before, patch);
    const row = Object.keys(values).length
      ? ((await updateRecord(tx, spec.table, ctx.actor.orgId, id, values)) as Row)
      : before;
    await spec.afterUpdate?.(ctx, tx, before, row);
    const out = spec.serialize(row);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: spec.label,
      entityId: id,
      action: "update",
      before: spec.serialize(before),
      after: out,
    });
    return out;
  });
}

/**
 * A reference given in input (ownerId, dealId…) must be a record of the actor's
 * organisation that the actor may see; otherwise the field is invalid.
 */
export async function checkRef(
  ctx: Ctx,
  tx: Tx,
  spec: SpecShape,
  id: string | null | undefined,
  path: string,
) {
  if (id === undefined || id === null) return undefined;
  const row = await getRecord(tx, spec.table, ctx.actor.orgId, id);
  const owners = spec.readScope === "org" ? null : await visibleOwnerIds(tx, ctx.actor);
  if (!row || (owners !== null && !owners.includes(row[spec.ownerColumn] as string))) {
    throw new AppError("validation_failed", `Unknown ${spec.label} ${id}.`, [
      { path, message: `no such ${spec.label}`, value: id },
    ]);
  }
  return row;
}
