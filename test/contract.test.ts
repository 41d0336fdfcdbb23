/**
 * The response schemas of src/contract say what the routes really send: on a seeded demo
 * organisation, every role's answers from the Managers screen, a person's profile, reviews
 * (a list, one with its agenda, a new one), the review cadence and commitments are parsed with
 * them. The objects are strict, so a field a service sends that the contract (and with it the
 * OpenAPI document and the web app's types) does not have fails here, as does a missing one or a
 * wrong type. On PostgreSQL the Managers screen and the profile come from the report worker.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import * as C from "../src/contract/index.js";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import type { Role } from "../src/domain/vocabulary.js";
import { createApp } from "../src/http/app.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, type TestPerson, uploader } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let close: () => Promise<void>;
let orgId: string;
const asOf = new Date("2026-11-15T12:00:00Z");
const Q = `period=2026-Q4&asOf=${asOf.toISOString()}`;
const people: Record<Role, TestPerson> = {} as Record<Role, TestPerson>;

/** A write token for a demo person (the demo gives them passwords, the API tests use tokens). */
async function withToken(email: string, role: Role): Promise<TestPerson> {
  const p = await one<{ id: string }>(
    h.db,
    sql`select id from people where org_id = ${orgId} and email = ${email}`,
  );
  const token = `swt_${randomBytes(24).toString("base64url")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  await h.db.execute(sql`insert into api_tokens (org_id, person_id, name, scope, token_hash)
                         values (${orgId}, ${p!.id}, 'contract', 'write', ${hash})`);
  return { id: p!.id, orgId, email, role, token };
}

beforeAll(async () => {
  h = await createTestDb();
  const created = createApp({ db: h.db, handle: h });
  app = created.app;
  close = async () => {
    await created.reportWorker?.close();
  };
  orgId = (await createDemoOrg(h, { slug: "contract", people: 24, seed: 5, asOf, passwordHash: "x" })).orgId;
  people.salesperson = await withToken("rep1@demo.test", "salesperson");
  people.manager = await withToken("manager1@demo.test", "manager");
  people.executive = await withToken("exec@demo.test", "executive");
  people.admin = await withToken("admin@demo.test", "admin");
}, 120_000);
afterAll(async () => {
  await close();
  await h.close();
});

/** The body fits the schema; on a mismatch the test names every path that does not. */
function fits<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
  return r.data as z.infer<T>;
}

const ROLES: Role[] = ["salesperson", "manager", "executive", "admin"];

describe("the responses fit their schemas, for every role", () => {
  for (const role of ROLES) {
    it(`${role}: the Managers screen, a profile, reviews, the cadence and commitments`, async () => {
      const as = caller(app, people[role]);

      const managers = await as("GET", `/managers?${Q}`);
      expect(managers.status).toBe(200);
      const m = fits(C.ManagersOverview, managers.body);
      // the demo has managers with teams: not an empty list that fits anything (a salesperson sees none)
      if (role !== "salesperson") expect(m.managers.length).toBeGreaterThan(0);

      // Their own profile, and the salesperson's (their manager's line; everybody's for the others).
      for (const who of [people[role], people.salesperson]) {
        const profile = await as("GET", `/people/${who.id}/profile?${Q}`);
        expect(profile.status).toBe(200);
        const p = fits(C.PersonProfile, profile.body);
        expect(p.person.id).toBe(who.id);
        if (who.role === "salesperson") expect(p.scorecard).not.toBeNull();
      }

      const plans = await as("GET", `/people/${people.salesperson.id}/plans?period=2026-Q4`);
      expect(plans.status).toBe(200);
      const plan = fits(C.PersonPlan, plans.body);
      expect(plan.personId).toBe(people.salesperson.id);

      const list = await as("GET", "/reviews");
      expect(list.status).toBe(200);
      const reviews = fits(C.Review.array(), list.body);
      if (role !== "admin") expect(reviews.length).toBeGreaterThan(0);
      if (reviews[0]) {
        const one = await as("GET", `/reviews/${reviews[0].id}`);
        expect(one.status).toBe(200);
        fits(C.Review, one.body);
      }

      const cadence = await as("GET", "/reviews/cadence");
      expect(cadence.status).toBe(200);
      expect(fits(C.Cadence.array(), cadence.body).length).toBeGreaterThan(0);

      const commitments = await as("GET", "/commitments");
      expect(commitments.status).toBe(200);
      fits(C.Commitment.array(), commitments.body);
    });
  }

  it("a review opened now has the whole agenda (strictly), and commitments of each measure fit", async () => {
    const as = caller(app, people.manager);
    const opened = await as("POST", "/reviews", { personId: people.salesperson.id, period: "2026-Q4" });
    expect(opened.status).toBe(201);
    const review = fits(C.Review, opened.body);
    // An agreed plan (the computed one as it is; rep1 has a quota in the demo).
    const agreed = await as("POST", `/people/${people.salesperson.id}/plans`, { period: "2026-Q4" });
    expect([agreed.status, agreed.body.error?.message]).toEqual([201, undefined]);
    expect(fits(C.AgreedPlan, agreed.body).version).toBeGreaterThan(0);
    const withAgreed = await as("GET", `/people/${people.salesperson.id}/plans?period=2026-Q4`);
    expect(fits(C.PersonPlan, withAgreed.body).agreed?.id).toBe(agreed.body.id);
    // A new agenda has every field, pipeline included: checked without the allowance for old ones.
    fits(C.Agenda.strict().required({ pipeline: true }), review.agenda);
    for (const measure of [undefined, { step: "prospecting" }, { activityKind: "call" }]) {
      const made = await as("POST", "/commitments", {
        personId: people.salesperson.id,
        reviewId: review.id,
        text: "Book the demos",
        // after today whenever the suite runs (the API refuses a due date in the past)
        dueDate: "2099-06-30",
        ...(measure ? { measure, target: 5 } : {}),
      });
      expect([made.status, made.body.error?.message]).toEqual([201, undefined]);
      expect(fits(C.Commitment, made.body).measure).toEqual(measure ?? null);
    }
  });

  it("the import wizard's preview, result and problems fit (admins; the others are refused)", async () => {
    // One new salesperson reporting to the demo's first manager, in a dry run: nothing written.
    const files = {
      "people.csv":
        "email,name,role,manager_email,team\nnew@demo.test,New Rep,salesperson,manager1@demo.test,\n",
    };
    for (const role of ["salesperson", "manager", "executive"] as const) {
      expect(
        (await uploader(app, people[role])("/imports/preview", files, { format: "generic" })).status,
      ).toBe(403);
    }
    const upload = uploader(app, people.admin);
    const preview = await upload("/imports/preview", files, { format: "generic" });
    expect(preview.status).toBe(200);
    expect(fits(C.ImportPreview, preview.body).files).toHaveLength(1);
    const result = await upload("/imports", files, { format: "generic", dryRun: "true" });
    expect(result.status).toBe(200);
    // people.csv: 1 row, inserted (a dry run counts what it would do)
    expect(fits(C.ImportResult, result.body).files).toEqual([
      { file: "people.csv", kind: "people", rows: 1, inserted: 1, updated: 0, unchanged: 0 },
    ]);
    const bad = await upload(
      "/imports",
      { "people.csv": "email,name,role,manager_email,team\nnot-an-email,X,salesperson,,\n" },
      { format: "generic", dryRun: "true" },
    );
    expect(bad.status).toBe(400);
    expect(fits(C.ImportIssue.array(), bad.body.error.issues).length).toBeGreaterThan(0);
  });

  it("the OpenAPI document describes them field by field (not as any object)", async () => {
    const doc = (await caller(app, null)("GET", "/openapi.json")).body;
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.ManagersOverview.properties)).toEqual([
      "period",
      "asOf",
      "managingShareTarget",
      "managers",
    ]);
    expect(schemas.PersonProfile.properties.coachingFocus).toBeDefined();
    expect(schemas.Review.properties.agenda).toBeDefined();
    expect(schemas.Commitment.properties.measure).toBeDefined();
    expect(schemas.Cadence.properties.overdue).toEqual({ type: "boolean" });
    expect(schemas.ImportResult.properties.files).toBeDefined();
    expect(schemas.PersonPlan.properties.versions).toBeDefined();
  });
});
