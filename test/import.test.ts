import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { AppError } from "../src/domain/errors.js";
import { type ImportIssue, ImportValidationError, importFiles } from "../src/services/import.service.js";
import { createTestDb } from "./helpers/db.js";
import { writeFiles } from "./helpers/import-files.js";
import { SAMPLE_DIR } from "./helpers/sample-dir.js";

const SAMPLE = SAMPLE_DIR;
const samplePaths = () =>
  readdirSync(SAMPLE)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => join(SAMPLE, f));
const tmp = () => mkdtempSync(join(tmpdir(), "stepwise-import-"));

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
  // pool.end() resolves before the sockets close, and the helper then drops the database WITH (FORCE):
  // a still-closing connection gets "terminating connection" (57P01), which must not crash the run.
  h.pool?.on("error", () => {});
});
afterAll(async () => {
  await h.close();
});

const TABLES = [
  "organisations",
  "process_steps",
  "people",
  "accounts",
  "contacts",
  "quotas",
  "deals",
  "deal_steps",
  "activities",
  "time_entries",
];

/** Every row of every table, as text, in a stable order: "identical contents" means equal snapshots. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const r = await rows<{ r: string }>(h.db, sql.raw(`SELECT t::text AS r FROM ${t} t ORDER BY 1`));
    out[t] = r.map((x) => x.r);
  }
  return out;
}

async function count(table: string, where = "true"): Promise<number> {
  const [r] = await rows<{ n: number }>(
    h.db,
    sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`),
  );
  return r.n;
}

async function failure(p: Promise<unknown>): Promise<ImportValidationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportValidationError) return e;
    throw e;
  }
  throw new Error("expected the import to fail");
}

const brief = (i: ImportIssue) => `${i.file}:${i.line}:${i.column} ${JSON.stringify(i.value)}`;

describe("importing the sample organisation (generic format)", () => {
  it("creates the organisation with its 7 steps and imports every file", async () => {
    const r = await importFiles(h, { paths: samplePaths(), format: "generic", org: "sample" });
    expect(r.org).toEqual({ slug: "sample", created: true });
    const byFile = Object.fromEntries(
      r.files.map((f) => [f.file, [f.rows, f.inserted, f.updated, f.unchanged]]),
    );
    // wc -l minus the header
    expect(byFile).toEqual({
      "people.csv": [7, 7, 0, 0],
      "contacts.csv": [18, 18, 0, 0],
      "quotas.csv": [5, 5, 0, 0],
      "deals.csv": [1106, 1106, 0, 0],
      "deal_steps.csv": [2589, 2589, 0, 0],
      "activities.csv": [5842, 5842, 0, 0],
    });
    const [org] = await rows<{ name: string; time_zone: string; currency: string }>(
      h.db,
      sql`SELECT name, time_zone, currency FROM organisations WHERE slug = 'sample'`,
    );
    expect(org).toEqual({ name: "sample", time_zone: "UTC", currency: "USD" });
    const steps = await rows<{ step: number; key: string }>(
      h.db,
      sql`SELECT ps.step, ps.key FROM process_steps ps JOIN organisations o ON o.id = ps.org_id
          WHERE o.slug = 'sample' ORDER BY ps.step`,
    );
    expect(steps.map((s) => s.key)).toEqual([
      "lead",
      "prospecting",
      "qualification",
      "needs_analysis",
      "presenting",
      "closing",
      "relationship",
    ]);
    expect(await count("deals", "status = 'won'")).toBe(28);
    expect(await count("deals", "status = 'lost'")).toBe(962);
    expect(await count("deals", "status = 'disqualified'")).toBe(41);
    expect(await count("deals", "status = 'open'")).toBe(75);
    expect(await count("deal_steps", "source = 'import'")).toBe(2589);
  });

  it("keeps people's managers and teams", async () => {
    const r = await rows<{ email: string; role: string; manager: string | null; team: string }>(
      h.db,
      sql`SELECT p.email, p.role, m.email AS manager, p.team FROM people p
          LEFT JOIN people m ON m.org_id = p.org_id AND m.id = p.manager_id
          WHERE p.email IN ('mgr@sample.test', 'rep1@sample.test') ORDER BY p.email`,
    );
    expect(r).toEqual([
      { email: "mgr@sample.test", role: "manager", manager: null, team: "East" },
      { email: "rep1@sample.test", role: "salesperson", manager: "mgr@sample.test", team: "East" },
    ]);
  });

  it("imports deal D00001 (lost after closing) with its six steps", async () => {
    const [d] = await rows<Record<string, unknown>>(
      h.db,
      sql`SELECT d.name, p.email AS owner, d.value, d.status, d.closed_at::text AS closed_at,
                 d.lost_reason, d.expected_close, d.current_step, d.step_entered_at::text AS step_entered_at,
                 d.created_at::text AS created_at
          FROM deals d JOIN people p ON p.org_id = d.org_id AND p.id = d.owner_id
          WHERE d.external_id = 'D00001'`,
    );
    expect(d).toEqual({
      name: "Deal D00001",
      owner: "rep1@sample.test",
      value: "20490.00",
      status: "lost",
      closed_at: "2026-03-19 18:50:06+00",
      lost_reason: "competitor",
      expected_close: "2026-12-14",
      current_step: 6,
      step_entered_at: "2026-03-18 21:08:55+00",
      created_at: "2026-01-29 07:56:00+00",
    });
    const steps = await rows<{ step: number; entered_at: string; skipped: string; source: string }>(
      h.db,
      sql`SELECT s.step, s.entered_at::text AS entered_at, s.skipped::text AS skipped, s.source
          FROM deal_steps s JOIN deals d ON d.org_id = s.org_id AND d.id = s.deal_id
          WHERE d.external_id = 'D00001' ORDER BY s.entered_at`,
    );
    expect(steps).toEqual([
      { step: 1, entered_at: "2026-01-29 07:56:00+00", skipped: "{}", source: "import" },
      { step: 2, entered_at: "2026-01-31 13:39:27+00", skipped: "{}", source: "import" },
      { step: 3, entered_at: "2026-02-07 06:35:04+00", skipped: "{}", source: "import" },
      { step: 4, entered_at: "2026-02-12 17:47:57+00", skipped: "{}", source: "import" },
      { step: 5, entered_at: "2026-02-24 01:29:52+00", skipped: "{}", source: "import" },
      { step: 6, entered_at: "2026-03-18 21:08:55+00", skipped: "{}", source: "import" },
    ]);
  });

  it("records skips and puts a won deal at step 7 from its close, without a step-7 row", async () => {
    // D00089: lead → prospecting → needs_analysis (skips 3), lost.
    // D00149: lead → prospecting → needs_analysis → presenting → closing, won 2026-07-09T09:46:56Z.
    const r = await rows<{ ext: string; current_step: number; step_entered_at: string; steps: string }>(
      h.db,
      sql`SELECT d.external_id AS ext, d.current_step, d.step_entered_at::text AS step_entered_at,
                 string_agg(s.step || ':' || s.skipped::text, ' ' ORDER BY s.entered_at) AS steps
          FROM deals d JOIN deal_steps s ON s.org_id = d.org_id AND s.deal_id = d.id
          WHERE d.external_id IN ('D00089', 'D00149', 'D00036')
          GROUP BY d.external_id, d.current_step, d.step_entered_at ORDER BY 1`,
    );
    expect(r).toEqual([
      {
        ext: "D00036",
        current_step: 7,
        step_entered_at: "2026-05-06 08:57:42+00",
        steps: "1:{} 2:{} 3:{} 4:{} 5:{} 6:{}",
      },
      { ext: "D00089", current_step: 4, step_entered_at: "2026-03-20 00:26:19+00", steps: "1:{} 2:{} 4:{3}" },
      {
        ext: "D00149",
        current_step: 7,
        step_entered_at: "2026-07-09 09:46:56+00",
        steps: "1:{} 2:{} 4:{3} 5:{} 6:{}",
      },
    ]);
  });

  it("imports activities, contacts and quotas", async () => {
    const a = await rows<Record<string, unknown>>(
      h.db,
      sql`SELECT a.external_id, p.email AS owner, a.kind, a.step, d.external_id AS deal,
                 a.scheduled_for, a.done_at::text AS done_at, a.logged_at::text AS logged_at
          FROM activities a JOIN people p ON p.org_id = a.org_id AND p.id = a.owner_id
          LEFT JOIN deals d ON d.org_id = a.org_id AND d.id = a.deal_id
          WHERE a.external_id IN ('A000001', 'A000002') ORDER BY 1`,
    );
    expect(a).toEqual([
      {
        external_id: "A000001",
        owner: "rep1@sample.test",
        kind: "email",
        step: 1,
        deal: "D00001",
        scheduled_for: null,
        done_at: "2026-01-30 12:00:49+00",
        logged_at: "2026-02-09 07:04:49+00",
      },
      {
        external_id: "A000002",
        owner: "rep1@sample.test",
        kind: "email",
        step: 1,
        deal: "D00001",
        scheduled_for: null,
        done_at: "2026-01-30 16:03:49+00",
        logged_at: null,
      },
    ]);
    const [c] = await rows<Record<string, unknown>>(
      h.db,
      sql`SELECT c.name, p.email AS owner, c.status, c.customer FROM contacts c
          JOIN people p ON p.org_id = c.org_id AND p.id = c.owner_id WHERE c.email = 'cust2.rep1@sample.test'`,
    );
    expect(c).toEqual({
      name: "Customer 2 of rep1@sample.test",
      owner: "rep1@sample.test",
      status: "inactive",
      customer: true,
    });
    const [q] = await rows<{ amount: string }>(
      h.db,
      sql`SELECT q.amount FROM quotas q JOIN people p ON p.org_id = q.org_id AND p.id = q.person_id
          WHERE p.email = 'rep3@sample.test' AND q.period = '2026-Q3'`,
    );
    expect(q.amount).toBe("92437.00");
  });

  it("changes nothing when the same files are imported again (default organisation)", async () => {
    const before = await snapshot();
    const r = await importFiles(h, { paths: samplePaths(), format: "generic" });
    expect(r.org).toEqual({ slug: "sample", created: false });
    for (const f of r.files)
      expect([f.file, f.inserted, f.updated, f.unchanged]).toEqual([f.file, 0, 0, f.rows]);
    expect(await snapshot()).toEqual(before);
  });

  it("updates a changed row in place, keyed by external_id", async () => {
    const dir = tmp();
    const deals = readFileSync(join(SAMPLE, "deals.csv"), "utf8").replace(
      "D00001,Deal D00001,rep1@sample.test,20490,",
      "D00001,Deal D00001 renamed,rep1@sample.test,20490.5,",
    );
    const paths = writeFiles(dir, { "deals.csv": deals });
    const r = await importFiles(h, { paths, format: "generic", org: "sample" });
    expect(r.files[0]).toMatchObject({ rows: 1106, inserted: 0, updated: 1, unchanged: 1105 });
    const [d] = await rows<{ name: string; value: string; current_step: number }>(
      h.db,
      sql`SELECT name, value, current_step FROM deals WHERE external_id = 'D00001'`,
    );
    expect(d).toEqual({ name: "Deal D00001 renamed", value: "20490.50", current_step: 6 });
    expect(await count("deals")).toBe(1106);
    // put it back for the tests below
    await importFiles(h, { paths: [join(SAMPLE, "deals.csv")], format: "generic", org: "sample" });
  });
});

describe("problems in the input", () => {
  it("reports every error with file, line, column and value, and writes nothing", async () => {
    const dir = tmp();
    const paths = writeFiles(dir, {
      "leads.csv": "email\nx@x.test\n",
      "people.csv": [
        "email,name,role,manager_email,team",
        "boss@x.test,Boss,manager,,A",
        "rep@x.test,Rep,seller,boss@x.test,A",
        "rep2@x.test,,salesperson,nobody@x.test,A",
        "rep@x.test,Rep Again,salesperson,,A",
        "",
      ].join("\n"),
      "contacts.csv": "email,name,owner_email,customer\nnot-an-email,C,boss@x.test,yes\n",
      "quotas.csv": "email,period,amount\nboss@x.test,2026-Q5,100\n",
      "deals.csv": [
        "external_id,name,owner_email,value,created_at,status,closed_at,notes",
        'D1,"Deal',
        'one",rep@x.test,12.345,2026-02-30T10:00:00Z,won,,x',
        "D2,Deal two,ghost@x.test,100,2026-03-01T10:00:00,lost,2026-02-01T00:00:00Z,y",
        "D3,Deal three,boss@x.test,100,2026-03-01,open,2026-03-05T00:00:00Z,z",
        "",
      ].join("\r\n"),
      "deal_steps.csv": [
        "deal_external_id,step,entered_at",
        "D2,lead,2026-02-28T23:00:00Z",
        "D2,8,2026-03-02T00:00:00Z",
        "D9,2,2026-03-02T00:00:00Z",
        "D3,relationship,2026-03-10T00:00:00Z",
        "D2,1,2026-03-03T00:00:00Z",
        "",
      ].join("\n"),
      "activities.csv": [
        "external_id,owner_email,kind,step,deal_external_id,contact_email,done_at,duration_minutes",
        "A1,boss@x.test,lunch,lead,D3,,2026-13-01T00:00:00Z,-5",
        "A2,boss@x.test,call,qualification,,who@x.test,,",
        "A3,boss@x.test,call,lead,D3",
        "",
      ].join("\n"),
      "time_entries.csv": "email,date,category\nboss@x.test,2026-02-29,golf\n",
    });
    const before = await snapshot();
    const e = await failure(importFiles(h, { paths, format: "generic", org: "errs" }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("validation_failed");
    expect(e.issues.map(brief)).toEqual([
      "leads.csv:0: null",
      'people.csv:3:role "seller"',
      'people.csv:4:name ""',
      'people.csv:4:manager_email "nobody@x.test"',
      'people.csv:5:email "rep@x.test"',
      'contacts.csv:2:email "not-an-email"',
      'contacts.csv:2:customer "yes"',
      'quotas.csv:2:period "2026-Q5"',
      'deals.csv:1:notes "notes"',
      'deals.csv:2:value "12.345"',
      'deals.csv:2:created_at "2026-02-30T10:00:00Z"',
      'deals.csv:2:closed_at ""',
      'deals.csv:4:owner_email "ghost@x.test"',
      'deals.csv:4:closed_at "2026-02-01 00:00:00+00"',
      'deals.csv:5:closed_at "2026-03-05T00:00:00Z"',
      'deal_steps.csv:2:entered_at "2026-02-28 23:00:00+00"',
      'deal_steps.csv:3:step "8"',
      'deal_steps.csv:4:deal_external_id "D9"',
      'deal_steps.csv:5:step "relationship"',
      'deal_steps.csv:6:deal_external_id "D2 + 1"',
      'activities.csv:2:kind "lunch"',
      'activities.csv:2:done_at "2026-13-01T00:00:00Z"',
      'activities.csv:2:duration_minutes "-5"',
      'activities.csv:3:contact_email "who@x.test"',
      "activities.csv:4: null",
      "time_entries.csv:1:minutes null",
      'time_entries.csv:2:date "2026-02-29"',
      'time_entries.csv:2:category "golf"',
    ]);
    const reason = (key: string) => e.issues.find((i) => brief(i).startsWith(key))?.reason;
    expect(reason("leads.csv:0")).toMatch(/^unknown file name/);
    expect(reason("people.csv:3:role")).toBe("must be one of salesperson, manager, executive, admin");
    expect(reason("people.csv:4:name")).toBe("required");
    expect(reason("people.csv:4:manager_email")).toBe("no such person in people.csv or in the organisation");
    expect(reason("people.csv:5:email")).toBe("duplicate key email (first on line 3)");
    expect(reason("deals.csv:1:notes")).toMatch(/^unknown column/);
    expect(reason("deals.csv:2:closed_at")).toBe("required when the status is won");
    expect(reason("deals.csv:4:closed_at")).toBe(
      "closed before the deal was created (created_at 2026-03-01 10:00:00+00)",
    );
    expect(reason("deals.csv:5:closed_at")).toBe("must be empty while the deal is open");
    expect(reason("deal_steps.csv:2:entered_at")).toBe(
      "entered before the deal was created (created_at 2026-03-01 10:00:00+00)",
    );
    expect(reason("deal_steps.csv:5:step")).toBe(
      "only a won deal reaches relationship (7); this deal is open",
    );
    expect(reason("deal_steps.csv:6")).toBe("duplicate key deal_external_id+step (first on line 2)");
    expect(reason("activities.csv:4")).toBe("has 5 fields, the header has 8");
    expect(reason("time_entries.csv:1")).toBe("required column is missing");
    expect(e.message).toBe(
      "import failed: 28 errors, nothing was written; first: leads.csv: unknown file name; expected one of people.csv, contacts.csv, quotas.csv, deals.csv, deal_steps.csv, activities.csv, time_entries.csv",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("writes nothing from any file when one row of one file is wrong", async () => {
    const dir = tmp();
    const files: Record<string, string> = {};
    for (const p of samplePaths()) files[p.split("/").pop()!] = readFileSync(p, "utf8");
    files["activities.csv"] += "A999999,nobody@sample.test,call,lead,D00001,,,2026-02-01T00:00:00Z,\n";
    const before = await snapshot();
    const e = await failure(
      importFiles(h, { paths: writeFiles(dir, files), format: "generic", org: "partial" }),
    );
    expect(e.issues.map(brief)).toEqual(['activities.csv:5844:owner_email "nobody@sample.test"']);
    expect(await snapshot()).toEqual(before);
  });

  it("a dry run checks and counts everything but writes nothing", async () => {
    const before = await snapshot();
    const r = await importFiles(h, { paths: samplePaths(), format: "generic", org: "dry", dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.org).toEqual({ slug: "dry", created: true });
    expect(r.files.map((f) => f.inserted)).toEqual([7, 18, 5, 1106, 2589, 5842]);
    expect(await snapshot()).toEqual(before);
  });

  it("rejects generic files given as a vendor format, and an ambiguous default organisation", async () => {
    // The generic files are no HubSpot export: each is named (vendor formats: test/import-vendors.test.ts).
    const e = await failure(importFiles(h, { paths: samplePaths(), format: "hubspot" }));
    expect(e.issues.map(brief).sort()).toEqual(
      ["activities.csv", "contacts.csv", "deal_steps.csv", "deals.csv", "quotas.csv"].map(
        (f) => `${f}:1: null`,
      ),
    );
    await importFiles(h, {
      paths: writeFiles(tmp(), { "people.csv": "email,name,role\na@b.test,A,admin\n" }),
      format: "generic",
      org: "second",
    });
    await expect(importFiles(h, { paths: samplePaths(), format: "generic" })).rejects.toThrow(
      "there are several organisations (sample, second): pass --org SLUG",
    );
  });

  it("reads a time without an offset in the organisation's time zone", async () => {
    await h.db.execute(
      sql`INSERT INTO organisations (slug, name, time_zone) VALUES ('berlin', 'Berlin', 'Europe/Berlin')`,
    );
    const paths = writeFiles(tmp(), {
      "people.csv": "email,name,role\nb@berlin.test,B,salesperson\n",
      "deals.csv": [
        "external_id,name,owner_email,value,created_at",
        "B1,Winter,b@berlin.test,1,2026-03-01T10:00:00",
        "B2,Summer,b@berlin.test,1,2026-07-01T10:00:00",
        "B3,Offset,b@berlin.test,1,2026-07-01T10:00:00-05:00",
        "",
      ].join("\n"),
    });
    await importFiles(h, { paths, format: "generic", org: "berlin" });
    const r = await rows<{ external_id: string; utc: string }>(
      h.db,
      sql`SELECT external_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS utc
          FROM deals WHERE external_id LIKE 'B%' ORDER BY 1`,
    );
    expect(r).toEqual([
      { external_id: "B1", utc: "2026-03-01T09:00" },
      { external_id: "B2", utc: "2026-07-01T08:00" },
      { external_id: "B3", utc: "2026-07-01T15:00" },
    ]);
  });
});

describe("values that COPY's csv format treats specially", () => {
  it("stores quotes, commas, line breaks, backslashes and \\N exactly, and skips empty lines", async () => {
    const paths = writeFiles(tmp(), {
      "people.csv": 'email,name,role\nQ@Quote.TEST,"O\'Brien, ""Q""",salesperson\n',
      "deals.csv": [
        "external_id,name,owner_email,value,created_at,product,lost_reason",
        'Q1,"Line one',
        'line two, with ""quotes""",q@quote.test,10,2026-01-05T10:00:00Z,\\.,\\N',
        "",
        "Q2,C:\\temp\\x,q@quote.test,0.5,2026-01-06,NULL,",
        "",
      ].join("\r\n"),
      "activities.csv": [
        "external_id,owner_email,kind,step,deal_external_id,duration_minutes,outcome",
        'QA1,q@quote.test,Call,2,Q1,0,"said: ""yes, but""',
        'later"',
        "",
      ].join("\n"),
    });
    const r = await importFiles(h, { paths, format: "generic", org: "quoting" });
    expect(r.files.map((f) => [f.file, f.rows, f.inserted])).toEqual([
      ["people.csv", 1, 1],
      ["deals.csv", 2, 2],
      ["activities.csv", 1, 1],
    ]);
    const people = await rows<{ email: string; name: string }>(
      h.db,
      sql`SELECT p.email, p.name FROM people p JOIN organisations o ON o.id = p.org_id WHERE o.slug = 'quoting'`,
    );
    expect(people).toEqual([{ email: "q@quote.test", name: 'O\'Brien, "Q"' }]);
    const deals = await rows<Record<string, unknown>>(
      h.db,
      sql`SELECT d.external_id, d.name, d.value, d.product, d.lost_reason, d.created_at::text AS created_at
          FROM deals d JOIN organisations o ON o.id = d.org_id WHERE o.slug = 'quoting' ORDER BY 1`,
    );
    expect(deals).toEqual([
      {
        external_id: "Q1",
        name: 'Line one\r\nline two, with "quotes"',
        value: "10.00",
        product: "\\.",
        lost_reason: "\\N",
        created_at: "2026-01-05 10:00:00+00",
      },
      {
        external_id: "Q2",
        name: "C:\\temp\\x",
        value: "0.50",
        product: "NULL",
        lost_reason: null,
        created_at: "2026-01-06 00:00:00+00",
      },
    ]);
    const acts = await rows<Record<string, unknown>>(
      h.db,
      sql`SELECT a.kind, a.step, a.duration_minutes, a.outcome FROM activities a
          JOIN organisations o ON o.id = a.org_id WHERE o.slug = 'quoting'`,
    );
    expect(acts).toEqual([
      { kind: "call", step: 2, duration_minutes: 0, outcome: 'said: "yes, but"\nlater' },
    ]);
    // Empty lines and a record spanning lines still count as physical lines.
    const bad = writeFiles(tmp(), {
      "deals.csv": [
        "external_id,name,owner_email,value,created_at",
        "",
        'Q3,"two',
        'lines",q@quote.test,1,2026-01-01',
        "",
        "Q4,x,q@quote.test,bad,2026-01-01",
        "",
      ].join("\n"),
    });
    const e = await failure(importFiles(h, { paths: bad, format: "generic", org: "quoting" }));
    expect(e.issues.map(brief)).toEqual(['deals.csv:6:value "bad"']);
  });
});
