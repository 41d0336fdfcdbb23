/**
 * The fuzz harness (issue 12): for EVERY route of the OpenAPI document (read at
 * test time), fast-check generates path ids, query strings and bodies — mostly
 * shaped like the documented schema, with wrong types, out-of-range values,
 * NUL characters, forged ids and junk mixed in — and sends them as one of
 * several callers. Whatever comes back:
 *   - never a 5xx;
 *   - every error is `{ error: { code, message, details? } }`;
 *   - a 4xx writes nothing (row counts of every table and the audit log unchanged).
 * Seed fixed (FUZZ_SEED), runs per route configurable (FUZZ_RUNS, default 12).
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson } from "./helpers/fixtures.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let doc: any;
const who: Record<string, string | null> = {};
const known: string[] = [];

/** Tables whose row counts a refused request must leave alone (sign-in attempts are counted by design). */
let tables: string[] = [];

async function fingerprint(): Promise<Record<string, number>> {
  const union = tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(" union all ");
  const r = await rows<{ t: string; n: number }>(h.db, sql.raw(union));
  return Object.fromEntries(r.map((x) => [x.t, x.n]));
}

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "fz");
  const admin = await makePerson(h.db, org.id, { email: "admin@fz.test", role: "admin" });
  const manager = await makePerson(h.db, org.id, { email: "m@fz.test", role: "manager" });
  const rep = await makePerson(h.db, org.id, {
    email: "rep@fz.test",
    role: "salesperson",
    managerId: manager.id,
  });
  const other = await makeOrg(h.db, "fz-other");
  const outsider = await makePerson(h.db, other.id, { email: "exec@fz-other.test", role: "executive" });
  // A person nobody fuzzes as: safe to deactivate or re-role.
  const victim = await makePerson(h.db, org.id, {
    email: "v@fz.test",
    role: "salesperson",
    managerId: manager.id,
  });
  who.admin = admin.token;
  who.manager = manager.token;
  who.rep = rep.token;
  who.outsider = outsider.token;
  who.anonymous = null;
  who.garbage = "swt_not-a-token";
  const call = caller(app, rep);
  const acc = await call("POST", "/accounts", { name: "Acme" });
  const con = await call("POST", "/contacts", { name: "Jo", email: "jo@acme.test", accountId: acc.body.id });
  const deal = await call("POST", "/deals", { name: "Big", value: 1000, accountId: acc.body.id });
  const act = await call("POST", "/activities", { kind: "call", step: 1, doneAt: "2026-01-02T10:00:00Z" });
  const obj = await call("POST", "/objections", { step: 6, objection: "Too dear" });
  const hook = await caller(app, admin)("POST", "/webhooks", {
    url: "https://hooks.example.com/fz",
    events: ["deal.won"],
  });
  for (const r of [acc, con, deal, act, obj, hook]) expect(r.status).toBe(201);
  known.push(victim.id, acc.body.id, con.body.id, deal.body.id, act.body.id, obj.body.id, hook.body.id);
  doc = await (await app.request("/api/v1/openapi.json")).json();
  tables = (
    await rows<{ t: string }>(
      h.db,
      sql`select table_name as t from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'
            and table_name not in ('sign_in_attempts', '__drizzle_migrations')`,
    )
  ).map((r) => r.t);
  expect(tables).toContain("audit_log");
});
afterAll(async () => {
  await h.close();
});

// ---- arbitraries from the OpenAPI schemas --------------------------------

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    " 2 ",
    "-1",
    "1e309",
    "null",
    "0000-01-01",
    "💥",
    "../../etc",
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

const isoTimes = fc.oneof(
  fc
    .date({
      min: new Date("1990-01-01T00:00:00Z"),
      max: new Date("2026-11-01T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "2999-01-01T00:00:00Z",
    "2026-01-01T00:00:00+15:00",
    "2026-01-01T00:00:00-12:00",
    "2026-02-30T00:00:00Z",
    "2026-01-01T24:00:00Z",
  ),
);
const isoDates = fc.oneof(
  fc
    .date({
      min: new Date("1990-01-01T00:00:00Z"),
      max: new Date("2100-01-01T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom("0000-01-01", "2026-02-30", "99999-01-01", "2026-13-01"),
);
const uuids = () =>
  fc.oneof(fc.constantFrom(...known), fc.uuid(), fc.constant("00000000-0000-0000-0000-000000000000"));

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(doc.components.schemas[schema.$ref.split("/").pop()]);
  return schema ?? {};
}

function fromSchema(s0: any, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(s0);
  const options: fc.Arbitrary<unknown>[] = [];
  const alts = s.anyOf ?? s.oneOf;
  if (alts) options.push(...alts.map((x: any) => fromSchema(x, depth + 1)));
  else if (s.enum) options.push(fc.constantFrom(...s.enum));
  else {
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
    if (Array.isArray(s.type) && s.type.includes("null")) options.push(fc.constant(null));
    if (s.nullable) options.push(fc.constant(null));
    switch (type) {
      case "string":
        if (s.format === "uuid") options.push(uuids());
        else if (s.format === "date-time") options.push(isoTimes);
        else if (s.format === "date") options.push(isoDates);
        else if (s.format === "email") options.push(fc.emailAddress(), fc.constant("not-an-email"));
        else if (s.pattern) options.push(fc.constantFrom("2026-Q1", "2026-03", "2026-Q5", "26-Q1"));
        else if (s.example === "qualification")
          options.push(fc.constantFrom("lead", "qualification", "closing", "relationship", "3", 7, 0, " 2 "));
        else
          options.push(
            fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }),
            fc.constant("x".repeat((s.maxLength ?? 200) + 1)),
          );
        break;
      case "number":
      case "integer": {
        const min = s.minimum ?? -1e6;
        const max = s.maximum ?? 1e6;
        options.push(
          type === "integer"
            ? fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) })
            : fc.double({ min, max, noNaN: true }),
          fc.constantFrom(min - 1, max + 1, 0.5),
        );
        break;
      }
      case "boolean":
        options.push(fc.boolean());
        break;
      case "array":
        if (depth < 4) options.push(fc.array(fromSchema(s.items, depth + 1), { maxLength: 4 }));
        break;
      default:
        if (s.properties && depth < 4) options.push(objectFrom(s, depth));
        else
          options.push(
            fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
          );
    }
  }
  // Mostly what the schema says, sometimes anything at all.
  return fc.oneof({ arbitrary: fc.oneof(...options), weight: 5 }, { arbitrary: junk, weight: 1 });
}

function objectFrom(s: any, depth: number): fc.Arbitrary<unknown> {
  const required = new Set<string>(s.required ?? []);
  const entries = Object.entries<any>(s.properties ?? {});
  const props = fc.tuple(
    ...entries.map(([k, v]) =>
      fc.tuple(
        fc.constant(k),
        fromSchema(v, depth + 1),
        // Required fields are there 9 times in 10, optional ones half the time.
        fc.integer({ min: 0, max: 9 }).map((n) => (required.has(k) ? n > 0 : n >= 5)),
      ),
    ),
  );
  return fc
    .tuple(
      props,
      fc.option(fc.tuple(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })), { freq: 8 }),
    )
    .map(([ps, extra]) => {
      const o: Record<string, unknown> = {};
      for (const [k, v, present] of ps) if (present) o[k] = v;
      if (extra) o[extra[0]] = extra[1];
      return o;
    });
}

const ERROR_SHAPE = (body: any) =>
  body !== null &&
  typeof body === "object" &&
  typeof body.error === "object" &&
  typeof body.error.code === "string" &&
  typeof body.error.message === "string" &&
  (body.error.details === undefined ||
    (Array.isArray(body.error.details) &&
      body.error.details.every((d: any) => typeof d.path === "string" && typeof d.message === "string")));

describe("fuzzing every route of the OpenAPI document", () => {
  it("the document lists the routes (a sanity check of the harness itself)", () => {
    const ops = Object.values<any>(doc.paths).flatMap((p) => Object.keys(p));
    // At least the 50-odd routes of today; more when routes are added.
    expect(ops.length).toBeGreaterThanOrEqual(50);
  });

  it("never a 5xx, errors in the documented shape, nothing written on a 4xx", {
    timeout: 600_000,
  }, async () => {
    const failures: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const params: any[] = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === "path");
        const queryParams = params.filter((p) => p.in === "query");
        const jsonBody = op.requestBody?.content?.["application/json"]?.schema;
        const multipart = !!op.requestBody?.content?.["multipart/form-data"];
        const request = fc.record({
          as: fc.constantFrom(...Object.keys(who)),
          path: fc.tuple(...pathParams.map((p) => fromSchema(p.schema))),
          query: fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema), { freq: 2 }))),
          body: jsonBody
            ? fc.oneof(
                { arbitrary: fromSchema(jsonBody).map((b) => JSON.stringify(b)), weight: 8 },
                { arbitrary: fc.constantFrom("{bad json", "", "[]", "null", '"x"'), weight: 1 },
              )
            : fc.option(
                fc.jsonValue({ maxDepth: 2 }).map((b) => JSON.stringify(b)),
                { freq: 3 },
              ),
          contentType: fc.oneof(
            {
              arbitrary: fc.constant(multipart ? "multipart/form-data; boundary=x" : "application/json"),
              weight: 8,
            },
            {
              arbitrary: fc.constantFrom(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
              ),
              weight: 1,
            },
          ),
        });
        await fc
          .assert(
            fc.asyncProperty(request, async (r) => {
              let url = `/api/v1${path}`;
              pathParams.forEach((p, i) => {
                url = url.replace(`{${p.name}}`, encodeURIComponent(String(r.path[i] ?? "")));
              });
              const qs = new URLSearchParams();
              queryParams.forEach((p, i) => {
                const v = r.query[i];
                if (v !== null && v !== undefined)
                  qs.set(p.name, typeof v === "string" ? v : JSON.stringify(v));
              });
              if ([...qs].length) url += `?${qs}`;
              const token = who[r.as];
              const headers: Record<string, string> = {};
              if (token) headers.authorization = `Bearer ${token}`;
              const hasBody = method !== "get" && r.body !== null && r.body !== undefined;
              if (hasBody) headers["content-type"] = r.contentType;
              const before = await fingerprint();
              const res = await app.request(url, {
                method: method.toUpperCase(),
                headers,
                body: hasBody ? (r.body as string) : undefined,
              });
              const text = await res.text();
              const label = `${method.toUpperCase()} ${url} as ${r.as} (${res.status}) body ${String(r.body).slice(0, 200)}`;
              if (res.status >= 500) {
                failures.push(`5xx: ${label}: ${text.slice(0, 300)}`);
                return false;
              }
              if (res.status >= 400) {
                let body: unknown;
                try {
                  body = JSON.parse(text);
                } catch {
                  body = undefined;
                }
                if (!ERROR_SHAPE(body)) {
                  failures.push(`shape: ${label}: ${text.slice(0, 300)}`);
                  return false;
                }
                const after = await fingerprint();
                if (JSON.stringify(after) !== JSON.stringify(before)) {
                  failures.push(`wrote on ${res.status}: ${label}`);
                  return false;
                }
              }
              return true;
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          )
          .catch((e) =>
            failures.push(
              `${method.toUpperCase()} ${path}: ${String(e.message).split("\n").slice(0, 6).join(" | ")}`,
            ),
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
