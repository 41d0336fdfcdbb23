/**
 * The whole-organisation export (docs/export.md) round-trips:
 *
 * (a) the sample organisation, imported with the generic import, exported, and
 *     imported into a new empty organisation: every report kind for 2026-Q3 as
 *     of 2026-09-01 is identical (deep equal) — and exporting the copy gives the
 *     same bytes;
 * (b) the same for an organisation built through the API (moves with skips,
 *     moving back and re-entering, backfilled times, a deal created at step 3,
 *     won/lost/disqualified deals, activities with and without deal/contact,
 *     quotas with cents; time entries inserted directly — there is no API for them),
 *     in Europe/Berlin;
 * (c) importing the export back into the organisation it came from changes
 *     nothing (inserted = updated = 0, every table's rows identical).
 *
 * Some file contents are checked against values worked out by hand.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCliDb } from "../src/cli/db.js";
import { main } from "../src/cli/main.js";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { reportTime } from "../src/domain/periods.js";
import { createApp } from "../src/http/app.js";
import { exportOrganisation } from "../src/services/export.service.js";
import { type ImportResult, importFiles } from "../src/services/import.service.js";
import { REPORT_KINDS, report, systemActor } from "../src/services/metrics.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

const SAMPLE = "/work/shared/samples/generic-2026Q3";
const FILES = [
  "people.csv",
  "contacts.csv",
  "quotas.csv",
  "deals.csv",
  "deal_steps.csv",
  "activities.csv",
  "time_entries.csv",
];
const T = (d: string) => `2026-${d}T12:00:00Z`;
const tmp = () => mkdtempSync(join(tmpdir(), "stepwise-export-"));
const pathsIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .map((f) => join(dir, f));
const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
const lines = (dir: string, file: string) => read(dir, file).trimEnd().split("\n");

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
beforeAll(async () => {
  h = await createTestDb();
  h.pool?.on("error", () => {});
  ({ app } = createApp({ db: h.db }));
});
afterAll(async () => {
  await h.close();
});

async function orgId(slug: string): Promise<string> {
  const [r] = await rows<{ id: string }>(h.db, sql`SELECT id FROM organisations WHERE slug = ${slug}`);
  return r.id;
}

/** Every report kind as JSON for the organisation (the CLI's system actor: the whole organisation). */
async function allReports(slug: string, period: string, asOf: string) {
  const id = await orgId(slug);
  const out: Record<string, unknown> = {};
  for (const kind of REPORT_KINDS) {
    out[kind] = JSON.parse(
      JSON.stringify(await report({ db: h.db, actor: systemActor(id) }, kind, reportTime(period, asOf))),
    );
  }
  return out;
}

const ORG_TABLES = [
  "people",
  "accounts",
  "contacts",
  "quotas",
  "deals",
  "deal_steps",
  "activities",
  "time_entries",
];
/** Every row of the organisation's tables, as text, in a stable order. */
async function snapshot(slug: string): Promise<Record<string, string[]>> {
  const id = await orgId(slug);
  const out: Record<string, string[]> = {};
  for (const t of ORG_TABLES) {
    const r = await rows<{ r: string }>(
      h.db,
      sql.raw(`SELECT t::text AS r FROM ${t} t WHERE org_id = '${id}' ORDER BY 1`),
    );
    out[t] = r.map((x) => x.r);
  }
  return out;
}

/** Runs the CLI in-process on this file's database, capturing stdout and stderr. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  setCliDb(h);
  try {
    const code = await main(args);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
    setCliDb(undefined);
  }
}

const counts = (r: ImportResult) =>
  Object.fromEntries(r.files.map((f) => [f.file, { inserted: f.inserted, updated: f.updated }]));
const nothingChanged = (r: ImportResult) =>
  Object.fromEntries(r.files.map((f) => [f.file, { inserted: 0, updated: 0 }]));

describe("(a) the sample organisation: import → export → import into an empty organisation", () => {
  let out: string;
  beforeAll(async () => {
    await importFiles(h, { paths: pathsIn(SAMPLE), format: "generic", org: "sample" });
    out = tmp();
    const r = await exportOrganisation(h, { out, org: "sample" });
    expect(r.files.map((f) => f.file)).toEqual(FILES);
  });

  it("writes the 7 files with one row per record (counts as in the sample files)", async () => {
    const sampleRows = (f: string) => read(SAMPLE, f).trimEnd().split("\n").length - 1;
    for (const f of ["people.csv", "contacts.csv", "quotas.csv", "deals.csv", "activities.csv"]) {
      expect(lines(out, f).length - 1, f).toBe(sampleRows(f));
    }
    // The sample lists no won deal's entry into relationship, so every step row comes back.
    expect(lines(out, "deal_steps.csv").length - 1).toBe(sampleRows("deal_steps.csv"));
    expect(lines(out, "time_entries.csv")).toEqual(["email,date,category,minutes"]);
  });

  it("writes values in the import format (rows checked by hand against the sample)", () => {
    expect(lines(out, "people.csv")[0]).toBe("email,name,role,manager_email,team");
    expect(lines(out, "people.csv")).toContain(
      "rep1@sample.test,Rep 1 Person,salesperson,mgr@sample.test,East",
    );
    expect(lines(out, "people.csv")).toContain("mgr@sample.test,Morgan Manager,manager,,East");
    // sample: D00001,Deal D00001,rep1@sample.test,20490,2026-01-29T07:56:00Z,2026-12-14,lost,2026-03-19T18:50:06Z,competitor
    expect(lines(out, "deals.csv")[0]).toBe(
      "external_id,name,owner_email,value,created_at,account,product,lead_source,prospecting_method,expected_close,status,closed_at,lost_reason",
    );
    expect(lines(out, "deals.csv")[1]).toBe(
      "D00001,Deal D00001,rep1@sample.test,20490.00,2026-01-29T07:56:00Z,,,,,2026-12-14,lost,2026-03-19T18:50:06Z,competitor",
    );
    expect(lines(out, "deal_steps.csv").slice(0, 3)).toEqual([
      "deal_external_id,step,entered_at",
      "D00001,lead,2026-01-29T07:56:00Z",
      "D00001,prospecting,2026-01-31T13:39:27Z",
    ]);
    // sample: A000001,rep1@sample.test,email,lead,D00001,,,2026-01-30T12:00:49Z,2026-02-09T07:04:49Z
    expect(lines(out, "activities.csv").slice(0, 2)).toEqual([
      "external_id,owner_email,kind,step,deal_external_id,contact_email,scheduled_for,done_at,logged_at,duration_minutes,outcome",
      "A000001,rep1@sample.test,email,lead,D00001,,,2026-01-30T12:00:49Z,2026-02-09T07:04:49Z,,",
    ]);
    expect(lines(out, "quotas.csv")).toContain("rep1@sample.test,2026-Q3,39237.00");
    expect(lines(out, "contacts.csv")).toContain(
      "cust0.rep1@sample.test,Customer 0 of rep1@sample.test,rep1@sample.test,,,active,true",
    );
  });

  it("gives identical reports of every kind after importing into an empty organisation", async () => {
    const r = await importFiles(h, { paths: pathsIn(out), format: "generic", org: "sample-copy" });
    expect(r.org).toEqual({ slug: "sample-copy", created: true });
    const original = await allReports("sample", "2026-Q3", "2026-09-01T00:00:00Z");
    const copy = await allReports("sample-copy", "2026-Q3", "2026-09-01T00:00:00Z");
    expect(copy).toEqual(original);
    // Not vacuous: the scorecard has people with figures.
    expect((original.scorecard as any).people.length).toBeGreaterThan(0);
    // And the copy exports to the very same bytes.
    const again = tmp();
    await exportOrganisation(h, { out: again, org: "sample-copy" });
    for (const f of FILES) expect(read(again, f), f).toBe(read(out, f));
  });

  it("writes the same bytes whatever the batch size (keyset pagination across batch boundaries)", async () => {
    const small = tmp();
    await exportOrganisation(h, { out: small, org: "sample", batchSize: 97 });
    for (const f of FILES) expect(read(small, f), f).toBe(read(out, f));
  });

  it("(c) re-importing the export into the organisation it came from changes nothing", async () => {
    const before = await snapshot("sample");
    const r = await importFiles(h, { paths: pathsIn(out), format: "generic", org: "sample" });
    expect(counts(r)).toEqual(nothingChanged(r));
    expect(await snapshot("sample")).toEqual(before);
  });
});

describe("(b) an organisation built through the API round-trips too", () => {
  const TZ = "Europe/Berlin";
  const P: Record<string, TestPerson> = {};
  const ids: Record<string, string> = {};
  let out: string;
  const as = (p: TestPerson) => caller(app, p);

  async function deal(
    who: TestPerson,
    body: Record<string, unknown>,
    moves: [number, string][],
    end?: ["win" | "lost" | "disqualified", string],
  ) {
    const call = as(who);
    const d = await call("POST", "/deals", body);
    expect(d.status).toBe(201);
    for (const [step, at] of moves)
      expect((await call("POST", `/deals/${d.body.id}/move`, { step, at })).status).toBe(200);
    if (end?.[0] === "win")
      expect((await call("POST", `/deals/${d.body.id}/win`, { at: end[1] })).status).toBe(200);
    else if (end)
      expect(
        (
          await call("POST", `/deals/${d.body.id}/lose`, {
            status: end[0],
            reason: 'price, "too high"',
            at: end[1],
          })
        ).status,
      ).toBe(200);
    return d.body.id as string;
  }

  beforeAll(async () => {
    const org = await makeOrg(h.db, "api", TZ);
    P.admin = await makePerson(h.db, org.id, { email: "admin@api.test", role: "admin" });
    P.m = await makePerson(h.db, org.id, {
      email: "m@api.test",
      role: "manager",
      team: "North",
      name: "Mia M",
    });
    P.a = await makePerson(h.db, org.id, {
      email: "a@api.test",
      role: "salesperson",
      team: "North",
      managerId: P.m.id,
    });
    P.b = await makePerson(h.db, org.id, {
      email: "b@api.test",
      role: "salesperson",
      team: "North",
      managerId: P.m.id,
    });
    const a = as(P.a);
    const acc = await a("POST", "/accounts", { name: "Acme, Inc." });
    expect(acc.status).toBe(201);
    const c1 = await a("POST", "/contacts", {
      email: "c1@acme.test",
      name: "C One",
      accountId: acc.body.id,
      customer: true,
      leadSource: "referral",
    });
    expect(c1.status).toBe(201);
    ids.c1 = c1.body.id;
    ids.d1 = await deal(
      P.a,
      { name: "D1", value: 20000, createdAt: T("09-01") },
      [
        [2, T("09-02")],
        [3, T("09-03")],
        [4, T("09-04")],
        [5, T("09-05")],
        [6, T("09-06")],
      ],
      ["win", T("09-10")],
    );
    ids.d2 = await deal(
      P.a,
      { name: "D2", value: 5000.5, createdAt: T("09-05") },
      [[2, T("09-06")]],
      ["lost", T("09-07")],
    );
    // D3: 3 skipped. (Moving back to 2 and on to 4 again changes nothing and is refused: 409.)
    ids.d3 = await deal(
      P.a,
      { name: "D3", value: 8000, createdAt: T("10-02"), expectedClose: "2026-10-30", product: "Pro" },
      [
        [2, T("10-03")],
        [4, T("10-05")],
      ],
    );
    expect((await as(P.a)("POST", `/deals/${ids.d3}/move`, { step: 2, at: T("10-06") })).status).toBe(409);
    ids.d4 = await deal(
      P.a,
      {
        name: "D4",
        value: 12000,
        createdAt: T("10-04"),
        accountId: acc.body.id,
        expectedClose: "2026-10-31",
      },
      [[2, T("10-18")]],
      ["win", T("10-20")],
    );
    // D5 starts at step 3 (1 and 2 skipped), created "now" (not backfilled).
    ids.d5 = await deal(P.a, { name: "D5", value: 1500, step: 3, leadSource: "web" }, []);
    ids.e1 = await deal(P.b, { name: "E1", value: 3000, createdAt: T("09-10") }, [[2, T("09-11")]]);
    ids.e2 = await deal(
      P.b,
      { name: "E2", value: 3000, createdAt: T("09-12") },
      [],
      ["disqualified", T("09-13")],
    );

    const act = async (who: TestPerson, body: Record<string, unknown>) => {
      const r = await as(who)("POST", "/activities", body);
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    ids.act1 = await act(P.a, { kind: "call", step: "prospecting", dealId: ids.d3, doneAt: T("10-03") });
    ids.act2 = await act(P.a, {
      kind: "meeting",
      step: "needs_analysis",
      dealId: ids.d3,
      scheduledFor: T("10-20"),
    });
    ids.act3 = await act(P.a, {
      kind: "meeting",
      step: "relationship",
      contactId: ids.c1,
      doneAt: "2026-10-10T09:30:00.250+02:00",
      durationMinutes: 30,
      outcome: "renewal, next year",
    });
    ids.act4 = await act(P.b, { kind: "email", step: "lead", dealId: ids.e1, doneAt: T("10-01") });

    const adm = as(P.admin);
    expect((await adm("PUT", "/quotas", { personId: P.a.id, period: "2026-10", amount: 30000 })).status).toBe(
      200,
    );
    expect(
      (await adm("PUT", "/quotas", { personId: P.b.id, period: "2026-10", amount: 10000.5 })).status,
    ).toBe(200);
    await h.db.execute(sql`INSERT INTO time_entries (org_id, person_id, date, category, minutes) VALUES
      (${org.id}, ${P.m.id}, '2026-10-05', 'coaching', 60),
      (${org.id}, ${P.m.id}, '2026-10-05', 'selling', 120),
      (${org.id}, ${P.m.id}, '2026-10-06', 'accountability', 45),
      (${org.id}, ${P.a.id}, '2026-10-07', 'selling', 30)`);

    out = tmp();
    const r = await exportOrganisation(h, { out, org: "api" });
    // 7 deals and 4 activities had no external_id: they now have their id as one.
    expect(r.assignedExternalIds).toEqual({ deals: 7, activities: 4 });
    expect(Object.fromEntries(r.files.map((f) => [f.file, f.rows]))).toEqual({
      "people.csv": 4,
      "contacts.csv": 1,
      "quotas.csv": 2,
      "deals.csv": 7,
      // D1 1–6 (7 implied by the win), D2 1–2, D3 1, 2, 4, D4 1–2, D5 3, E1 1–2, E2 1
      "deal_steps.csv": 6 + 2 + 3 + 2 + 1 + 2 + 1,
      "activities.csv": 4,
      "time_entries.csv": 4,
    });
  });

  it("writes the API's records with their ids as external_id, times in UTC, steps as keys", () => {
    const dealLine = (id: string) => lines(out, "deals.csv").find((l) => l.startsWith(`${id},`));
    expect(dealLine(ids.d2)).toBe(
      `${ids.d2},D2,a@api.test,5000.50,2026-09-05T12:00:00Z,,,,,,lost,2026-09-07T12:00:00Z,"price, ""too high"""`,
    );
    expect(dealLine(ids.d4)).toBe(
      `${ids.d4},D4,a@api.test,12000.00,2026-10-04T12:00:00Z,"Acme, Inc.",,,,2026-10-31,won,2026-10-20T12:00:00Z,`,
    );
    const steps = (id: string) => lines(out, "deal_steps.csv").filter((l) => l.startsWith(`${id},`));
    expect(steps(ids.d3)).toEqual([
      `${ids.d3},lead,2026-10-02T12:00:00Z`,
      `${ids.d3},prospecting,2026-10-03T12:00:00Z`,
      `${ids.d3},needs_analysis,2026-10-05T12:00:00Z`,
    ]);
    expect(steps(ids.d1).map((l) => l.split(",")[1])).toEqual([
      "lead",
      "prospecting",
      "qualification",
      "needs_analysis",
      "presenting",
      "closing",
    ]);
    expect(steps(ids.d5).map((l) => l.split(",")[1])).toEqual(["qualification"]);
    const actLine = (id: string) => lines(out, "activities.csv").find((l) => l.startsWith(`${id},`));
    // 09:30:00.250 at +02:00 is 07:30:00.25 UTC; logged_at is "now" (when it was recorded).
    expect(actLine(ids.act3)).toMatch(
      new RegExp(
        `^${ids.act3},a@api\\.test,meeting,relationship,,c1@acme\\.test,,2026-10-10T07:30:00\\.25Z,20\\d\\d-[^,]+Z,30,"renewal, next year"$`,
      ),
    );
    expect(actLine(ids.act2)).toBe(
      `${ids.act2},a@api.test,meeting,needs_analysis,${ids.d3},,2026-10-20T12:00:00Z,,,,`,
    );
    expect(lines(out, "quotas.csv")).toEqual([
      "email,period,amount",
      "a@api.test,2026-10,30000.00",
      "b@api.test,2026-10,10000.50",
    ]);
    expect(lines(out, "time_entries.csv")).toEqual([
      "email,date,category,minutes",
      "a@api.test,2026-10-07,selling,30",
      "m@api.test,2026-10-05,coaching,60",
      "m@api.test,2026-10-05,selling,120",
      "m@api.test,2026-10-06,accountability,45",
    ]);
    expect(lines(out, "contacts.csv")).toEqual([
      "email,name,owner_email,account,lead_source,status,customer",
      'c1@acme.test,C One,a@api.test,"Acme, Inc.",referral,active,true',
    ]);
  });

  it("gives identical reports of every kind in an empty organisation (same time zone)", async () => {
    await makeOrg(h.db, "api-copy", TZ);
    const r = await importFiles(h, { paths: pathsIn(out), format: "generic", org: "api-copy" });
    expect(r.org.created).toBe(false);
    for (const asOf of ["2026-10-16T00:00:00Z", "2026-10-25T00:00:00Z"]) {
      const original = await allReports("api", "2026-10", asOf);
      expect(await allReports("api-copy", "2026-10", asOf)).toEqual(original);
    }
    const now = new Date().toISOString();
    const period = `${now.slice(0, 7)}`;
    expect(await allReports("api-copy", period, now)).toEqual(await allReports("api", period, now));
    // Not vacuous: A's scorecard has a plan, entries and pipeline.
    const a = ((await allReports("api", "2026-10", "2026-10-16T00:00:00Z")).scorecard as any).people.find(
      (p: any) => p.email === "a@api.test",
    );
    expect(a.quota).toBe(30000);
    expect(a.entered.lead).toBe(2);
  });

  it("(c) re-importing the export into the organisation it came from changes nothing", async () => {
    const before = await snapshot("api");
    const r = await importFiles(h, { paths: pathsIn(out), format: "generic", org: "api" });
    expect(counts(r)).toEqual(nothingChanged(r));
    expect(await snapshot("api")).toEqual(before);
    // A second export writes the same keys and bytes.
    const again = tmp();
    const r2 = await exportOrganisation(h, { out: again, org: "api" });
    expect(r2.assignedExternalIds).toEqual({ deals: 0, activities: 0 });
    for (const f of FILES) expect(read(again, f), f).toBe(read(out, f));
  });

  it("has every report kind as JSON and CSV, on the API and the CLI (the same figures)", async () => {
    const q = "period=2026-10&asOf=2026-10-16T00:00:00Z";
    for (const kind of REPORT_KINDS) {
      const get = (format: string) =>
        app.request(`/api/v1/metrics/${kind}?${q}&format=${format}`, {
          headers: { authorization: `Bearer ${P.admin.token}` },
        });
      const json = await get("json");
      expect(json.status, kind).toBe(200);
      const apiJson = await json.json();
      const csv = await get("csv");
      expect(csv.status, kind).toBe(200);
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
      const apiCsv = await csv.text();
      expect(apiCsv.split("\n")[0], kind).toMatch(/^period,(asOf,)?email(,|$)/);
      expect(apiCsv.trimEnd().split("\n").length, kind).toBeGreaterThan(1);
      const args = ["report", kind, "--org", "api", "--period", "2026-10", "--as-of", "2026-10-16T00:00:00Z"];
      const cliJson = await run([...args, "--json"]);
      expect(cliJson.code, `${kind} ${cliJson.err}`).toBe(0);
      expect(JSON.parse(cliJson.out), kind).toEqual(apiJson);
      const cliCsv = await run([...args, "--csv"]);
      expect(cliCsv.code, kind).toBe(0);
      expect(cliCsv.out, kind).toBe(apiCsv);
    }
  });

  it("takes the early-warning threshold on the CLI as on the API", async () => {
    const api = await app.request(
      "/api/v1/metrics/early-warning?period=2026-10&asOf=2026-10-16T00:00:00Z&threshold=2",
      { headers: { authorization: `Bearer ${P.admin.token}` } },
    );
    const args = ["report", "early-warning", "--org", "api", "--period", "2026-10"];
    const cli = await run([...args, "--as-of", "2026-10-16T00:00:00Z", "--threshold", "2", "--json"]);
    expect(cli.code).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.threshold).toBe(2);
    expect(r).toEqual(await api.json());
    // With a threshold of 2 every salesperson with a plan (A and B have quotas) is behind.
    expect(r.people.map((p: any) => p.email).sort()).toEqual(["a@api.test", "b@api.test"]);
    const bad = await run([...args, "--threshold", "lots"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("threshold must be a number between 0 and 10");
  });

  it("writes the same bytes whatever the batch size (time entries: windows of people, pages within)", async () => {
    for (const batchSize of [1, 2, 3, 10]) {
      const small = tmp();
      await exportOrganisation(h, { out: small, org: "api", batchSize });
      for (const f of FILES) expect(read(small, f), `${f} ${batchSize}`).toBe(read(out, f));
    }
  });

  it("serves each file over the API to admins, streamed as CSV", async () => {
    for (const f of FILES) {
      const res = await app.request(`/api/v1/export/${f.replace(".csv", "")}`, {
        headers: { authorization: `Bearer ${P.admin.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${f}"`);
      expect(await res.text(), f).toBe(read(out, f));
    }
  });
});

describe("stepwise export (CLI)", () => {
  it("writes the files and prints them with their row counts", async () => {
    const dir = join(tmp(), "new-folder");
    const r = await run(["export", "--out", dir, "--org", "api"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`exported organisation api to ${dir}:`);
    expect(r.out).toMatch(/deals\.csv\s+7 rows/);
    expect(r.out).toMatch(/deal_steps\.csv\s+17 rows/);
    expect(r.out).toMatch(/time_entries\.csv\s+4 rows/);
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
  });

  it("refuses a folder that is not empty unless --force, and names the organisation choices", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "notes.txt"), "keep me");
    const r = await run(["export", "--out", dir, "--org", "api"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not empty .*--force/);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    const forced = await run(["export", "--out", dir, "--org", "api", "--force"]);
    expect(forced.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...FILES, "notes.txt"].sort());
    expect(read(dir, "notes.txt")).toBe("keep me");

    const several = await run(["export", "--out", tmp()]);
    expect(several.code).toBe(1);
    expect(several.err).toMatch(/several organisations .*--org/);
    const unknown = await run(["export", "--out", tmp(), "--org", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown organisation "nope"');
    expect((await run(["export"])).code).toBe(2);
  });

  it("says what the format could not carry", async () => {
    const org = await makeOrg(h.db, "notes");
    const boss = await makePerson(h.db, org.id, { email: "boss@notes.test", role: "manager" });
    const gone = await makePerson(h.db, org.id, { email: "gone@notes.test", role: "salesperson" });
    await h.db.execute(sql`UPDATE people SET active = false WHERE org_id = ${org.id} AND id = ${gone.id}`);
    await h.db.execute(sql`INSERT INTO reviews (org_id, person_id, manager_id, held_at)
                           VALUES (${org.id}, ${gone.id}, ${boss.id}, '2026-10-01T10:00:00Z')`);
    await h.db.execute(sql`INSERT INTO objections (org_id, step, objection, created_by)
                           VALUES (${org.id}, 6, 'too dear', ${boss.id}), (${org.id}, 5, 'no time', ${boss.id})`);
    const dir = tmp();
    const r = await run(["export", "--out", dir, "--org", "notes"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "not in the format, so not exported: 1 inactive people (exported as active), 1 reviews, 2 objections (docs/export.md)",
    );
    expect(lines(dir, "people.csv")).toEqual([
      "email,name,role,manager_email,team",
      "boss@notes.test,boss,manager,,",
      "gone@notes.test,gone,salesperson,,",
    ]);
  });

  it("leaves no partial file behind when it fails", async () => {
    const dir = tmp();
    // A folder where deals.csv should go makes the rename fail after the other files were written.
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "deals.csv", "blocker"), { recursive: true });
    await expect(exportOrganisation(h, { out: dir, org: "api", force: true })).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
