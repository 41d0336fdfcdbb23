/** list / read / create / update routes for every CRM resource, generated from one table. */
import { createRoute, z } from "@hono/zod-openapi";
import { CONTACT_STATUSES, DEAL_STATUSES } from "../domain/vocabulary.js";
import {
  createResource,
  getResource,
  listResource,
  type RecordInput,
  type RecordRow,
  type ResourceSpec,
  updateResource,
} from "../services/records.service.js";
import {
  accountsSpec,
  activitiesSpec,
  contactsSpec,
  dealsSpec,
  objectionsSpec,
  peopleSpec,
} from "../services/resources.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { json } from "./openapi.js";
import * as S from "./schemas.js";

export const ERRORS = {
  400: json(S.ErrorBody, "Invalid input (error.code = validation_failed, with field paths)"),
  401: json(S.ErrorBody, "Not signed in"),
  403: json(S.ErrorBody, "Not allowed"),
  404: json(S.ErrorBody, "Not found (or not visible to you)"),
};

interface ResourceRoutes<Row extends RecordRow = RecordRow, I = RecordInput, P = RecordInput> {
  spec: ResourceSpec<Row, I, P>;
  create: z.ZodType<I>;
  update: z.ZodType<P>;
  filters: Record<string, z.ZodType>;
}

/** A resource's routes: the compiler checks that its zod schemas give the bodies its spec takes. */
const routes = <Row extends RecordRow, I, P>(r: ResourceRoutes<Row, I, P>) => r as unknown as ResourceRoutes;

const RESOURCE_ROUTES: ResourceRoutes[] = [
  routes({
    spec: peopleSpec,
    create: S.PersonCreate,
    update: S.PersonUpdate,
    filters: { role: z.string().optional(), team: z.string().optional(), managerId: z.string().optional() },
  }),
  routes({
    spec: accountsSpec,
    create: S.AccountCreate,
    update: S.AccountUpdate,
    filters: { ownerId: z.string().optional() },
  }),
  routes({
    spec: contactsSpec,
    create: S.ContactCreate,
    update: S.ContactUpdate,
    filters: {
      ownerId: z.string().optional(),
      accountId: z.string().optional(),
      status: z.enum(CONTACT_STATUSES).optional(),
      customer: z.enum(["true", "false"]).optional(),
    },
  }),
  routes({
    spec: dealsSpec,
    create: S.DealCreate,
    update: S.DealUpdate,
    filters: {
      ownerId: z.string().optional(),
      accountId: z.string().optional(),
      status: z.enum(DEAL_STATUSES).optional(),
      step: z.coerce.number().int().min(1).max(7).optional(),
    },
  }),
  routes({
    spec: activitiesSpec,
    create: S.ActivityCreate,
    update: S.ActivityUpdate,
    filters: {
      ownerId: z.string().optional(),
      dealId: z.string().optional(),
      contactId: z.string().optional(),
      kind: z.string().optional(),
      step: z.coerce.number().int().min(1).max(7).optional(),
      state: z.enum(["done", "scheduled"]).optional(),
    },
  }),
  routes({
    spec: objectionsSpec,
    create: S.ObjectionCreate,
    update: S.ObjectionUpdate,
    filters: { dealId: z.string().optional(), step: z.coerce.number().int().min(1).max(7).optional() },
  }),
];

export function registerRecordRoutes(api: Api) {
  for (const r of RESOURCE_ROUTES) {
    const { name, label } = r.spec;
    const tags = [name];
    api.openapi(
      createRoute({
        method: "get",
        path: `/${name}`,
        tags,
        summary: `List ${name} you may see (cursor pagination)`,
        request: { query: S.ListQuery.extend(r.filters) },
        responses: { 200: json(S.Page, `A page of ${name}`), ...ERRORS },
      }),
      async (c) => {
        // The filters' schemas are per resource (a record of them), the paging fields ListQuery's.
        const query = c.req.valid("query") as z.infer<typeof S.ListQuery> & Record<string, unknown>;
        const { cursor, limit, sort, ...filters } = query;
        const f = Object.fromEntries(
          Object.entries(filters).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
        );
        return c.json(
          await listResource(ctxOf(c), r.spec, {
            cursor,
            limit,
            filters: f,
            newestFirst: sort === "-createdAt",
          }),
          200,
        );
      },
    );
    api.openapi(
      createRoute({
        method: "get",
        path: `/${name}/{id}`,
        tags,
        summary: `Read one ${label}`,
        request: { params: S.IdParam },
        responses: { 200: json(S.Item, `The ${label}`), ...ERRORS },
      }),
      async (c) => c.json(await getResource(ctxOf(c), r.spec, c.req.valid("param").id), 200),
    );
    api.openapi(
      createRoute({
        method: "post",
        path: `/${name}`,
        tags,
        summary: `Create a ${label}`,
        request: { body: { content: { "application/json": { schema: r.create } }, required: true } },
        responses: {
          201: json(S.Item, `The new ${label}`),
          ...ERRORS,
          409: json(S.ErrorBody, "Exists already"),
        },
      }),
      async (c) => c.json(await createResource(ctxOf(c), r.spec, c.req.valid("json")), 201),
    );
    api.openapi(
      createRoute({
        method: "patch",
        path: `/${name}/{id}`,
        tags,
        summary: `Update a ${label}`,
        request: {
          params: S.IdParam,
          body: { content: { "application/json": { schema: r.update } }, required: true },
        },
        responses: { 200: json(S.Item, `The updated ${label}`), ...ERRORS },
      }),
      async (c) =>
        c.json(await updateResource(ctxOf(c), r.spec, c.req.valid("param").id, c.req.valid("json")), 200),
    );
  }
}
