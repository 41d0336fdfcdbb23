import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { fingerprint } from "./helpers/fingerprint.js";
import { caller, makeOrg, makePerson, type TestPerson, uploader } from "./helpers/fixtures.js";

let h: DbHandle;
let call: ReturnType<typeof caller>;
let upload: ReturnType<typeof uploader>;
let admin: TestPerson;
let rep: TestPerson;
let dealId: string;
const ids: Record<string, string> = {};

/** Every table, row by row (the audit log included): a refused write changes none. */
const counts = () => fingerprint(h.db);
beforeAll(async () => {
  h = await createTestDb();
  const { app } = createApp({ db: h.db, handle: h });
  const org = await makeOrg(h.db, "v");
  admin = await makePerson(h.db, org.id, { email: "admin@v.test", role: "admin" });
  rep = await makePerson(h.db, org.id, { email: "rep@v.test", role: "salesperson" });
  call = caller(app, admin);
  upload = uploader(app, admin);
  ids.account = (await call("POST", "/accounts", { name: "Acme" })).body.id;
  ids.contact = (await call("POST", "/contacts", { email: "a@acme.test", name: "A" })).body.id;
  dealId = (await call("POST", "/deals", { name: "D", value: 10, createdAt: "2026-01-01T00:00:00Z" })).body
    .id;
  ids.deal = dealId;
  ids.activity = (
    await call("POST", "/activities", { kind: "call", step: 1, doneAt: "2026-01-02T00:00:00Z" })
  ).body.id;
  ids.objection = (await call("POST", "/objections", { step: 6, objection: "price" })).body.id;
  ids.person = rep.id;
  ids.step = "qualification";
  ids.webhook = (
    await call("POST", "/webhooks", { url: "https://hooks.example.com/v", events: ["deal.won", "deal.lost"] })
  ).body.id;
  ids.notADelivery = "not-a-uuid";
  ids.bad = "not-a-uuid";
  ids.zero = ZERO;
  ids.team = "East";
});
afterAll(async () => {
  await h.close();
});

const ZERO = "00000000-0000-4000-8000-000000000000";

// [method, path, body, the field path that must be named]
const CASES: [string, string, unknown, string][] = [
  ["POST", "/people", { email: "not-an-email", name: "X", role: "salesperson" }, "email"],
  ["POST", "/people", { email: "x@v.test", name: "X", role: "boss" }, "role"],
  ["POST", "/people", { email: "x@v.test", name: "X", role: "salesperson", shoeSize: 9 }, "(body)"],
  ["PATCH", "/people/:person", { managerId: "nope" }, "managerId"],
  ["PATCH", "/people/:person", { managerId: "00000000-0000-4000-8000-000000000000" }, "managerId"],
  ["POST", "/accounts", { name: "" }, "name"],
  ["PATCH", "/accounts/:account", { ownerId: 5 }, "ownerId"],
  ["POST", "/contacts", { email: "c@x.test", name: "C", status: "sleeping" }, "status"],
  ["PATCH", "/contacts/:contact", { customer: "yes" }, "customer"],
  ["POST", "/deals", { name: "D", value: -5 }, "value"],
  ["POST", "/deals", { name: "D", value: 5, step: "negotiation" }, "step"],
  ["POST", "/deals", { name: "D", value: 5, expectedClose: "31/12/2026" }, "expectedClose"],
  ["POST", "/deals", { name: "D", value: 5, accountId: "00000000-0000-4000-8000-000000000000" }, "accountId"],
  ["PATCH", "/deals/:deal", { value: "a lot" }, "value"],
  ["POST", "/deals/:deal/move", { step: 9 }, "step"],
  ["POST", "/deals/:deal/move", { step: 3, at: "yesterday" }, "at"],
  ["POST", "/deals/:deal/move", { step: 3, at: "2025-06-01T00:00:00Z" }, "at"],
  ["POST", "/deals/:deal/move", { step: 3, at: "2099-01-01T00:00:00Z" }, "at"],
  ["POST", "/deals/:deal/move", { step: "relationship" }, "step"],
  ["POST", "/deals/:deal/correct-step", { step: 2 }, "reason"],
  ["POST", "/activities/log", { kind: "call" }, "dealId"],
  ["POST", "/activities/log", { kind: "chat", dealId: "00000000-0000-4000-8000-000000000000" }, "kind"],
  ["POST", "/deals/:deal/correct-step", { step: "sideways", reason: "x" }, "step"],
  ["POST", "/deals/:deal/win", { at: "soon" }, "at"],
  ["POST", "/deals/:deal/lose", { status: "lost" }, "reason"],
  ["POST", "/deals/:deal/lose", { status: "vanished", reason: "x" }, "status"],
  ["POST", "/activities", { kind: "smoke-signal", step: 1, doneAt: "2026-01-02T00:00:00Z" }, "kind"],
  ["POST", "/activities", { kind: "call", step: 1 }, "scheduledFor"],
  [
    "POST",
    "/activities",
    { kind: "call", step: 1, doneAt: "2026-01-02T00:00:00Z", durationMinutes: -1 },
    "durationMinutes",
  ],
  ["PATCH", "/activities/:activity", { step: 0 }, "step"],
  ["POST", "/objections", { step: 2 }, "objection"],
  ["PATCH", "/objections/:objection", { step: "eight" }, "step"],
  ["POST", "/tokens", { name: "t", scope: "admin" }, "scope"],
  ["PATCH", "/steps/:step", { name: "" }, "name"],
  ["PATCH", "/steps/:step", { key: "renamed" }, "(body)"],
  ["PUT", "/quotas", { personId: "nope", period: "2026-Q4", amount: 5 }, "personId"],
  [
    "PUT",
    "/quotas",
    { personId: "00000000-0000-4000-8000-000000000000", period: "2026-13", amount: 5 },
    "period",
  ],
  [
    "PUT",
    "/quotas",
    { personId: "00000000-0000-4000-8000-000000000000", period: "2026-Q4", amount: -1 },
    "amount",
  ],
  ["POST", "/people/:person/plans", { period: "Q4" }, "period"],
  ["PATCH", "/organisation", { timeZone: "Mars/Olympus" }, "timeZone"],
  ["PATCH", "/organisation", { settings: { effortThreshold: -1 } }, "settings.effortThreshold"],
  ["PATCH", "/teams/:team", { name: "" }, "name"],
  [
    "PUT",
    "/quotas/batch",
    { quotas: [{ personId: "nope", period: "2026-Q4", amount: 5 }] },
    "quotas.0.personId",
  ],
  ["PUT", "/quotas/batch", { quotas: [] }, "quotas"],
  [
    "POST",
    "/people/:person/plans",
    {
      period: "2026-Q4",
      need: { lead: -1, prospecting: 1, qualification: 1, needs_analysis: 1, presenting: 1, closing: 1 },
    },
    "need.lead",
  ],
  ["POST", "/webhooks", { url: "ftp://example.test/x", events: ["deal.won"] }, "url"],
  ["POST", "/webhooks", { url: "not a url", events: ["deal.won"] }, "url"],
  ["POST", "/webhooks", { url: "https://example.test/x", events: ["deal.exploded"] }, "events.0"],
  ["POST", "/webhooks", { url: "https://example.test/x", events: [] }, "events"],
  ["POST", "/webhooks", { url: "https://example.test/x", events: ["deal.won"], secret: "mine" }, "(body)"],
  ["PATCH", "/webhooks/:webhook", { url: "javascript:alert(1)" }, "url"],
  ["PATCH", "/webhooks/:webhook", { active: "yes" }, "active"],
  ["POST", "/webhooks/:webhook/deliveries/:notADelivery/retry", undefined, "deliveryId"],
  ["POST", "/auth/sign-in", { email: "admin@v.test" }, "password"],
  ["POST", "/auth/set-password", { token: "swl_x" }, "password"],
  ["POST", "/auth/password", { currentPassword: "whatever it is" }, "newPassword"],
  ["POST", "/people/:bad/sign-in-link", undefined, "id"],
  ["POST", "/reviews", { personId: "nope" }, "personId"],
  ["POST", "/reviews", { personId: ZERO, kind: "chat" }, "kind"],
  ["PATCH", "/reviews/:bad", { notes: "x" }, "id"],
  ["PATCH", "/reviews/:zero", { notes: 5 }, "notes"],
  ["POST", "/reviews/:bad/sign-off", undefined, "id"],
  ["POST", "/commitments", { personId: ZERO, text: "x", dueDate: "Friday" }, "dueDate"],
  ["POST", "/commitments", { personId: ZERO, text: "x", dueDate: "2099-01-01", target: 0 }, "target"],
  [
    "POST",
    "/commitments",
    { personId: ZERO, text: "x", dueDate: "2099-01-01", measure: { activityKind: "nap" } },
    "measure.activityKind",
  ],
  ["PATCH", "/commitments/:zero", { status: "done" }, "status"],
  ["POST", "/inbox/:bad/read", undefined, "id"],
  ["POST", "/time-entries", { date: "2026-11-02", category: "golf", minutes: 30 }, "category"],
  ["POST", "/time-entries", { date: "2026-11-02", category: "admin", minutes: 0 }, "minutes"],
  ["POST", "/time-entries/import-ics", { ics: "nonsense", from: "2026-11-02", to: "2026-11-08" }, "ics"],
  ["POST", "/time-entries/import-ics", { ics: "x", from: "2026-11-09", to: "2026-11-08" }, "from"],
  ["POST", "/time-rules", { keyword: "", category: "admin" }, "keyword"],
  ["POST", "/coaching", { personId: ZERO, kind: "nap", heldOn: "2026-11-02", minutes: 30 }, "kind"],
  ["POST", "/recognitions", { personId: ZERO, achievement: "" }, "achievement"],
  [
    "POST",
    "/performance-plans",
    { personId: ZERO, targets: "t", consequences: "c", startsOn: "2026-11-02", endsOn: "soon" },
    "endsOn",
  ],
  ["POST", "/performance-plans/:bad/acknowledge", undefined, "id"],
  ["POST", "/performance-plans/:zero/close", { outcome: "great" }, "outcome"],
  [
    "POST",
    "/setup",
    { organisation: { name: "X", slug: "X X" }, admin: { name: "A", email: "a@x.test", password: "short" } },
    "organisation.slug",
  ],
];

// Multipart routes: [path, files, form fields, the field path that must be named]
const PEOPLE_CSV = { "people.csv": "email,name,role\nx@v.test,X,salesperson\n" };
const FORM_CASES: [string, Record<string, string>, Record<string, string>, string][] = [
  ["/imports/preview", PEOPLE_CSV, { format: "excel" }, "format"],
  ["/imports/preview", {}, { format: "generic" }, "files"],
  ["/imports", PEOPLE_CSV, {}, "format"],
  ["/imports", PEOPLE_CSV, { format: "generic", dryRun: "yes" }, "dryRun"],
  ["/imports", PEOPLE_CSV, { format: "generic", mapping: "{not json" }, "mapping"],
  ["/imports", PEOPLE_CSV, { format: "generic", mapping: '{"stages":{}}' }, "mapping"],
];

describe("invalid input to every write route", () => {
  for (const [path, files, fields, field] of FORM_CASES) {
    it(`POST ${path} (multipart) ${JSON.stringify(fields)} → 400 naming ${field}`, async () => {
      const before = await counts();
      const r = await upload(path, files, fields);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.details.map((d: any) => d.path)).toContain(field);
      expect(await counts()).toEqual(before);
    });
  }

  for (const [method, path, body, field] of CASES) {
    it(`${method} ${path} ${JSON.stringify(body)} → 400 naming ${field}`, async () => {
      const before = await counts();
      const url = path.replace(/:(\w+)/g, (_, k) => ids[k]);
      const r = await call(method, url, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.details.map((d: any) => d.path)).toContain(field);
      expect(await counts()).toEqual(before);
    });
  }

  for (const [query, field] of [
    ["/metrics/scorecard?period=2026-13", "period"],
    ["/metrics/scorecard", "period"],
    ["/metrics/scorecard?period=2026-Q4&asOf=yesterday", "asOf"],
    ["/metrics/scorecard?period=2026-Q4&asOf=2026-02-30", "asOf"],
    ["/metrics/scorecard?period=2026-Q4&team=Nowhere", "team"],
    ["/metrics/bogus?period=2026-Q4", "kind"],
    ["/metrics/scorecard?period=2026-Q4&format=xml", "format"],
    ["/quotas?period=soon", "period"],
    ["/people/:person/plans?period=2026-Q5", "period"],
    ["/export/invoices", "file"],
  ] as const) {
    it(`GET ${query} → 400 naming ${field}`, async () => {
      const r = await call(
        "GET",
        query.replace(/:(\w+)/, (_, k) => ids[k]),
      );
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.details.map((d: any) => d.path)).toContain(field);
    });
  }

  it("a body that is not JSON is a validation error too", async () => {
    const { app } = createApp({ db: h.db });
    const res = await app.request("/api/v1/deals", {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("validation_failed");
  });

  it("every write route of the API has at least one case above", async () => {
    const doc = (await call("GET", "/openapi.json")).body;
    const writes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .filter((r) => /^(POST|PATCH|PUT)/.test(r))
      .filter((r) => r !== "POST /auth/sign-out"); // takes no input
    const PARAMS: Record<string, string> = { step: "{step}", notADelivery: "{deliveryId}", team: "{name}" };
    const tested = new Set([
      ...CASES.map(([m, p]) => `${m} ${p.replace(/:(\w+)/g, (_, k) => PARAMS[k] ?? "{id}")}`),
      ...FORM_CASES.map(([p]) => `POST ${p}`),
    ]);
    expect(writes.filter((w) => !tested.has(w))).toEqual([]);
  });
});
