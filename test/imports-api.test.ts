/**
 * The import wizard's API: POST /imports/preview and POST /imports (multipart),
 * on a real database. Expected counts are worked out by hand from the files.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { UPLOAD_LIMITS } from "../src/services/import/upload.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson, uploader } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let adminA: TestPerson;
let adminB: TestPerson;
let orgA: string;
let orgB: string;
let tmp: string;
const oldTmp = process.env.TMPDIR;

const PEOPLE = `email,name,role,manager_email,team
ana@a.test,Ana Diaz,manager,,East
ben@a.test,Ben Ode,salesperson,ana@a.test,East
`;
const DEALS = `external_id,name,owner_email,value,created_at,status,closed_at
D1,Alpha,ben@a.test,1000.50,2026-01-05,open,
D2,Beta,ben@a.test,2500,2026-01-10,won,2026-02-01
D3,Gamma,ana@a.test,300,2026-01-12,open,
`;
const STEPS = `deal_external_id,step,entered_at
D1,1,2026-01-05
D1,2,2026-01-08
D2,1,2026-01-10
`;
const FILES = { "people.csv": PEOPLE, "deals.csv": DEALS, "deal_steps.csv": STEPS };
// Two mistakes: a value that is not an amount (deals.csv line 3) and a step of a deal that exists nowhere.
const BAD = {
  ...FILES,
  "deals.csv": DEALS.replace("D2,Beta,ben@a.test,2500", "D2,Beta,ben@a.test,lots"),
  "deal_steps.csv": `${STEPS}D9,1,2026-01-10\n`,
};

async function counts(orgId: string) {
  const n = async (table: string) =>
    (await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from ${sql.raw(table)} where org_id = ${orgId}`,
    ))!.n;
  return {
    people: await n("people"),
    deals: await n("deals"),
    deal_steps: await n("deal_steps"),
    audit_log: await n("audit_log"),
  };
}

beforeAll(async () => {
  // Uploads go to os.tmpdir(): a folder of our own, to see that each request leaves nothing behind.
  tmp = mkdtempSync(join(tmpdir(), "imports-api-"));
  mkdirSync(join(tmp, "t"));
  process.env.TMPDIR = join(tmp, "t");
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const a = await makeOrg(h.db, "org-a");
  const b = await makeOrg(h.db, "org-b");
  orgA = a.id;
  orgB = b.id;
  adminA = await makePerson(h.db, a.id, { email: "admin@a.test", role: "admin" });
  adminB = await makePerson(h.db, b.id, { email: "admin@b.test", role: "admin" });
  const repB = await makePerson(h.db, b.id, { email: "ben@a.test", role: "salesperson" });
  // Organisation B has a person with the same email as the files, and a deal: both must stay as they are.
  expect((await caller(app, repB)("POST", "/deals", { name: "B's own deal", value: 7 })).status).toBe(201);
});

afterAll(async () => {
  await h.close();
  if (oldTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = oldTmp;
  rmSync(tmp, { recursive: true, force: true });
});

const leftovers = () => readdirSync(join(tmp, "t"));

describe("POST /imports/preview", () => {
  it("names each file's kind, counts its rows, shows its columns and first rows; nothing to map", async () => {
    const r = await uploader(app, adminA)(
      "/imports/preview",
      { ...FILES, "Deals (old).csv": "a,b\n1,2\n" },
      { format: "generic" },
    );
    expect(r.status).toBe(200);
    expect(r.body.organisation).toEqual({ slug: "org-a", name: "ORG-A" });
    expect(r.body.mapping).toBeNull();
    expect(r.body.files.map((f: any) => [f.file, f.kind, f.rows, f.problem === null])).toEqual([
      ["people.csv", "people", 2, true],
      ["deals.csv", "deals", 3, true],
      ["deal_steps.csv", "deal_steps", 3, true],
      ["Deals (old).csv", null, 1, false],
    ]);
    expect(r.body.files[1].columns).toEqual([
      "external_id",
      "name",
      "owner_email",
      "value",
      "created_at",
      "status",
      "closed_at",
    ]);
    expect(r.body.files[0].sample).toEqual([
      ["ana@a.test", "Ana Diaz", "manager", "", "East"],
      ["ben@a.test", "Ben Ode", "salesperson", "ana@a.test", "East"],
    ]);
    expect(r.body.files[3].problem).toMatch(/^Unknown file name: the import takes people\.csv, /);
    expect(await counts(orgA)).toEqual({ people: 1, deals: 0, deal_steps: 0, audit_log: 0 });
  });

  it("shows at most 5 rows of a long file but counts them all, and reports a broken one", async () => {
    const many = `email,name,role\n${Array.from({ length: 12 }, (_, i) => `p${i}@a.test,P${i},salesperson`).join("\n")}\n`;
    const r = await uploader(app, adminA)(
      "/imports/preview",
      { "people.csv": many, "deals.csv": 'external_id,name\nD1,"unclosed\n' },
      { format: "generic" },
    );
    expect(r.body.files[0].rows).toBe(12);
    expect(r.body.files[0].sample.map((x: string[]) => x[0])).toEqual([
      "p0@a.test",
      "p1@a.test",
      "p2@a.test",
      "p3@a.test",
      "p4@a.test",
    ]);
    expect(r.body.files[1].problem).toMatch(/^Not valid CSV: /);
  });
});

describe("POST /imports", () => {
  it("a dry run with mistakes lists every one with file, line, column, value and reason, and writes nothing", async () => {
    const before = await counts(orgA);
    const r = await uploader(app, adminA)("/imports", BAD, { format: "generic", dryRun: "true" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.message).toMatch(/^import failed: 2 errors, nothing was written/);
    expect(r.body.error.more).toBe(0);
    const issues = r.body.error.issues.map((i: any) => [i.file, i.line, i.column, i.value]);
    expect(issues).toEqual([
      ["deals.csv", 3, "value", "lots"],
      ["deal_steps.csv", 5, "deal_external_id", "D9"],
    ]);
    expect(r.body.error.issues[0].reason).toMatch(/amount/);
    expect(await counts(orgA)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it("a real run with the same mistakes writes nothing either", async () => {
    const before = await counts(orgA);
    const r = await uploader(app, adminA)("/imports", BAD, { format: "generic" });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toHaveLength(2);
    expect(await counts(orgA)).toEqual(before);
  });

  it("a clean dry run gives the counts and writes nothing", async () => {
    const before = await counts(orgA);
    const r = await uploader(app, adminA)("/imports", FILES, { format: "generic", dryRun: "true" });
    expect(r.status).toBe(200);
    expect(r.body.dryRun).toBe(true);
    expect(r.body.tables).toEqual({
      people: { rows: 2, inserted: 2, updated: 0, unchanged: 0 },
      deals: { rows: 3, inserted: 3, updated: 0, unchanged: 0 },
      deal_steps: { rows: 3, inserted: 3, updated: 0, unchanged: 0 },
    });
    expect(await counts(orgA)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it("imports into the admin's own organisation only; another organisation is untouched", async () => {
    const b = await counts(orgB);
    const r = await uploader(app, adminA)("/imports", FILES, { format: "generic", dryRun: "false" });
    expect(r.status).toBe(200);
    expect(r.body.org).toEqual({ slug: "org-a", created: false });
    expect(r.body.files.map((f: any) => [f.file, f.rows, f.inserted])).toEqual([
      ["people.csv", 2, 2],
      ["deals.csv", 3, 3],
      ["deal_steps.csv", 3, 3],
    ]);
    const a = await counts(orgA);
    expect([a.people, a.deals]).toEqual([3, 3]);
    const deals = (await caller(app, adminA)("GET", "/deals?limit=50")).body.items;
    expect(deals.map((d: any) => [d.name, d.value]).sort()).toEqual([
      ["Alpha", 1000.5],
      ["Beta", 2500],
      ["Gamma", 300],
    ]);
    expect(await counts(orgB)).toEqual(b);
    const bDeals = (await caller(app, adminB)("GET", "/deals")).body.items;
    expect(bDeals.map((d: any) => d.name)).toEqual(["B's own deal"]);
    expect(leftovers()).toEqual([]);
  });

  it("importing the same files again changes nothing", async () => {
    const before = await counts(orgA);
    const r = await uploader(app, adminA)("/imports", FILES, { format: "generic" });
    expect(r.status).toBe(200);
    expect(r.body.tables.people).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    expect(r.body.tables.deals).toEqual({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await counts(orgA)).toEqual(before);
  });

  it("refuses a read-only token, even an admin's", async () => {
    const tok = await caller(app, adminA)("GET", "/tokens");
    expect(tok.status).toBe(200);
    const { createHash, randomBytes } = await import("node:crypto");
    const secret = `swt_${randomBytes(16).toString("hex")}`;
    await h.db.execute(
      sql`insert into api_tokens (org_id, person_id, name, scope, token_hash)
          values (${orgA}, ${adminA.id}, 'ro', 'read', ${createHash("sha256").update(secret).digest("hex")})`,
    );
    const r = await uploader(app, { ...adminA, token: secret })("/imports", FILES, { format: "generic" });
    expect(r.status).toBe(403);
  });

  it("answers 413 with a clear message when the upload is too large, and leaves nothing behind", async () => {
    const old = UPLOAD_LIMITS.maxBytes;
    UPLOAD_LIMITS.maxBytes = 2048;
    try {
      const r = await uploader(app, adminA)(
        "/imports",
        { "deals.csv": `external_id\n${"x\n".repeat(2000)}` },
        { format: "generic" },
      );
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe("payload_too_large");
      expect(r.body.error.message).toMatch(
        /^The upload is larger than 2 KB\. Import bigger files with the command line/,
      );
    } finally {
      UPLOAD_LIMITS.maxBytes = old;
    }
    expect(leftovers()).toEqual([]);
  });

  it("400s: no files, too many files, the same file twice, a mapping for the generic format", async () => {
    const up = uploader(app, adminA);
    const cases: [Record<string, string>, Record<string, string>, string][] = [
      [{}, { format: "generic" }, "files"],
      [
        Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.csv`, "a\n"])),
        { format: "generic" },
        "files",
      ],
      [FILES, { format: "generic", mapping: '{"stages":{}}' }, "mapping"],
      [FILES, { format: "generic", mapping: "[1]" }, "mapping"],
      [FILES, { format: "csv" }, "format"],
      [FILES, { format: "generic", dryRun: "maybe" }, "dryRun"],
    ];
    for (const [files, fields, path] of cases) {
      const r = await up("/imports", files, fields);
      expect(r.status, path).toBe(400);
      expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
    }
    // The same name twice (case-insensitive): checked before anything is written.
    const form = new FormData();
    form.append("files", new File([PEOPLE], "people.csv"));
    form.append("files", new File([PEOPLE], "People.CSV"));
    form.append("format", "generic");
    const res = await app.request("/api/v1/imports", {
      method: "POST",
      headers: { authorization: `Bearer ${adminA.token}` },
      body: form,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toEqual({
      path: "files.1",
      message: "People.CSV was uploaded twice",
    });
    expect(leftovers()).toEqual([]);
  });
});

describe("a vendor export through the wizard (Pipedrive)", () => {
  const dir = join(process.cwd(), "test/fixtures/vendors/pipedrive");
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  const pdFiles = () => ({
    "deals-export.csv": read("deals-export.csv"),
    "activities-export.csv": read("activities-export.csv"),
    "people.csv": read("people.csv"),
  });
  const GUESS = {
    Qualified: "qualification",
    "Contact Made": "prospecting",
    "Demo Scheduled": "presenting",
    "Proposal Made": "presenting",
    "Negotiations Started": "closing",
    "Lead In": "lead",
  };

  it("preview guesses the stage and owner mapping; vendor files are not judged by their names", async () => {
    const r = await uploader(app, adminA)("/imports/preview", pdFiles(), { format: "pipedrive" });
    expect(r.status).toBe(200);
    expect(r.body.files.map((f: any) => [f.file, f.kind, f.problem])).toEqual([
      ["deals-export.csv", null, null],
      ["activities-export.csv", null, null],
      ["people.csv", "people", null],
    ]);
    expect(r.body.mapping).toEqual({
      format: "pipedrive",
      dateOrder: "MDY",
      stages: GUESS,
      // the owners are named in the export; people.csv gives their emails
      owners: { "Ann Archer": "ann@pd.test", "Ben Baker": "ben@pd.test", "Mia Manager": "mia@pd.test" },
    });
    expect(r.body.review).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it("an edited mapping comes back from preview as edited and is what the import applies", async () => {
    const edited = {
      format: "pipedrive",
      dateOrder: "MDY",
      stages: { ...GUESS, Qualified: "needs_analysis" },
      owners: { "Ann Archer": "ann@pd.test", "Ben Baker": "ben@pd.test", "Mia Manager": "mia@pd.test" },
    };
    const p = await uploader(app, adminA)("/imports/preview", pdFiles(), {
      format: "pipedrive",
      mapping: JSON.stringify(edited),
    });
    expect(p.body.mapping.stages.Qualified).toBe("needs_analysis");

    const before = await counts(orgA);
    const dry = await uploader(app, adminA)("/imports", pdFiles(), {
      format: "pipedrive",
      dryRun: "true",
      mapping: JSON.stringify(edited),
    });
    expect(dry.status).toBe(200);
    // 3 people, 11 deals (of 12: deal 110 is deleted in Pipedrive), one step entry each, 9 activities
    expect(dry.body.files.map((f: any) => [f.kind, f.rows, f.inserted])).toEqual([
      ["people", 3, 3],
      ["deals", 11, 11],
      ["deal_steps", 11, 11],
      ["activities", 9, 9],
    ]);
    expect(await counts(orgA)).toEqual(before);

    const real = await uploader(app, adminA)("/imports", pdFiles(), {
      format: "pipedrive",
      mapping: JSON.stringify(edited),
    });
    expect(real.status).toBe(200);
    // Deal 101 sits in "Qualified", mapped to needs analysis (step 4) instead of qualification (3).
    const d = await one<{ step: number }>(
      h.db,
      sql`select current_step as step from deals where org_id = ${orgA} and external_id = '101'`,
    );
    expect(d?.step).toBe(4);
    expect(leftovers()).toEqual([]);
  });

  it("a mapping with an unknown step is refused naming the key; the generic format takes none", async () => {
    const bad = { format: "pipedrive", stages: { Qualified: "qualify" }, owners: {} };
    const r = await uploader(app, adminA)("/imports", pdFiles(), {
      format: "pipedrive",
      mapping: JSON.stringify(bad),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.details[0].path).toBe("mapping");
    expect(r.body.error.message).toContain("Qualified");
  });
});
