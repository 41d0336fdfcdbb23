/**
 * Vendor exports as they come (issue 13 A): written from the vendors' documented
 * columns, with what real exports lack or add — Pipedrive activities without
 * `Activity - ID`, a Salesforce users export (Data Loader's all-caps headers),
 * a deal currency, HubSpot's "Date entered" without the pipeline and its API
 * names — and the CLI's organisation, mapping-file and path handling. Expected
 * values are read off the files by hand (comments).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCliDb } from "../src/cli/db.js";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import type { ImportMapping } from "../src/services/import/mapping.js";
import { guessMapping } from "../src/services/import/vendor-import.js";
import { type ImportIssue, ImportValidationError, importFiles } from "../src/services/import.service.js";
import { createOrganisation } from "../src/services/orgs.service.js";
import { runCli } from "./helpers/cli.js";
import { createTestDb } from "./helpers/db.js";
import { writeFiles } from "./helpers/import-files.js";

const FIXTURES = join(import.meta.dirname, "fixtures/vendors");
const tmp = () => mkdtempSync(join(tmpdir(), "stepwise-vendors-real-"));

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
  h.pool?.on("error", () => {});
  setCliDb(h);
});
afterAll(async () => {
  setCliDb(undefined);
  await h.close();
});

async function failure(p: Promise<unknown>): Promise<ImportValidationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportValidationError) return e;
    throw e;
  }
  throw new Error("expected the import to fail");
}
const brief = (i: ImportIssue) => `${i.file}:${i.line}:${i.column} ${JSON.stringify(i.value)} ${i.reason}`;

/** Every table a vendor import writes, as text rows: equal before and after means nothing changed. */
async function snapshot(): Promise<string> {
  const out: string[] = [];
  for (const t of ["organisations", "people", "accounts", "deals", "deal_steps", "activities", "audit_log"]) {
    const r = await rows<{ n: string; s: string }>(
      h.db,
      sql.raw(
        `SELECT count(*)::text AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS s FROM ${t} t`,
      ),
    );
    out.push(`${t}:${r[0].n}:${r[0].s}`);
  }
  return out.join("\n");
}

describe("Pipedrive activities without Activity - ID", () => {
  /** The fixture's activities export without its first column (the ID), and "Cold call" twice. */
  function files(): string[] {
    const dir = tmp();
    copyFileSync(join(FIXTURES, "pipedrive/people.csv"), join(dir, "people.csv"));
    copyFileSync(join(FIXTURES, "pipedrive/deals-export.csv"), join(dir, "deals-export.csv"));
    const src = readFileSync(join(FIXTURES, "pipedrive/activities-export.csv"), "utf8");
    // Drop the ID column: every record starts with "9001," … or the header with "Activity - ID,".
    const noId = src.replace(/^Activity - ID,/, "").replace(/^900\d,|^9010,/gm, "");
    const cold = noId.split("\n").find((l) => l.startsWith("Cold call,"));
    if (!cold) throw new Error("fixture changed: no Cold call row");
    writeFiles(dir, { "activities-export.csv": `${noId.trimEnd()}\n${cold}\n` });
    return ["people.csv", "deals-export.csv", "activities-export.csv"].map((f) => join(dir, f));
  }

  it("imports them with a natural key, the two identical calls as two activities", async () => {
    const r = await importFiles(h, { paths: files(), format: "pipedrive", org: "pd-noid" });
    // 10 rows in the fixture, the one on the deleted deal 110 left out (9 as with ids), plus the copy of Cold call.
    const acts = r.files.find((f) => f.kind === "activities");
    expect([acts?.rows, acts?.inserted]).toEqual([10, 10]);
    const ids = await rows<{ external_id: string; outcome: string }>(
      h.db,
      sql`SELECT a.external_id, a.outcome FROM activities a JOIN organisations o ON o.id = a.org_id
          WHERE o.slug = 'pd-noid' AND a.outcome = 'Cold call' ORDER BY a.external_id`,
    );
    expect(ids.map((x) => x.external_id.replace(/[0-9a-f]{24}/, "<hash>"))).toEqual([
      "pd-activity:<hash>",
      "pd-activity:<hash>#2",
    ]);
  });

  it("changes nothing when the same export is imported again", async () => {
    const before = await snapshot();
    const r = await importFiles(h, { paths: files(), format: "pipedrive", org: "pd-noid" });
    for (const f of r.files)
      expect([f.kind, f.inserted, f.updated, f.unchanged]).toEqual([f.kind, 0, 0, f.rows]);
    expect(await snapshot()).toBe(before);
  });
});

describe("Salesforce: a users export fills the owner mapping", () => {
  // Data Loader's export: all-caps API names. Owners are user ids; the users file gives their emails.
  const opps = [
    "ID,NAME,STAGENAME,OWNERID,AMOUNT,CREATEDDATE,CLOSEDATE,ISCLOSED,ISWON",
    "006A000000000011,Tess deal,Prospecting,005A0000000000TAAA,1000,2026-01-05T09:00:00.000Z,2026-03-31,false,false",
    // The 15-character form of Uma's 18-character id.
    "006A000000000012,Uma deal,Qualification,005A0000000000U,2000,2026-01-06T09:00:00.000Z,2026-03-31,false,false",
    "006A000000000013,Vic deal,Prospecting,005A0000000000VAAA,3000,2026-01-07T09:00:00.000Z,2026-03-31,false,false",
  ].join("\n");
  const users = [
    "ID,NAME,EMAIL,USERNAME",
    "005A0000000000TAAA,Tess Tran,TESS@sf.test,tess@sf.test.prod",
    "005A0000000000UAAA,Uma Ugo,uma@sf.test,uma@sf.test.prod",
    "005A0000000000VAAA,Vic Vale,vic@sf.test,vic@sf.test.prod",
  ].join("\n");

  it("maps user ids (18 and 15 characters) to the people's emails; a user who is not a person is named with both", async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, "salesforce/people.csv"), join(dir, "people.csv"));
    const paths = writeFiles(dir, { "Opportunity.csv": `${opps}\n`, "User.csv": `${users}\n` });
    const g = await guessMapping(h, {
      paths: [join(dir, "people.csv"), ...paths],
      format: "salesforce",
      org: "sf-users",
    });
    expect(g.problems).toEqual([]);
    // Tess and Uma are in people.csv; Vic is only in the users export.
    expect(g.mapping.owners).toEqual({
      "005A0000000000TAAA": "tess@sf.test",
      "005A0000000000U": "uma@sf.test",
      "005A0000000000VAAA": "vic@sf.test",
    });
    expect(g.review.map((r) => [r.kind, r.value, r.guess, r.reason])).toEqual([
      [
        "owner",
        "005A0000000000VAAA",
        "vic@sf.test",
        "Vic Vale <vic@sf.test> from the users export is not a person in the organisation yet: add them to people.csv, or map 005A0000000000VAAA to an existing person's email",
      ],
    ]);
  });

  it("without the users export, says that an owner looks like a user id", async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, "salesforce/people.csv"), join(dir, "people.csv"));
    const paths = writeFiles(dir, { "Opportunity.csv": `${opps}\n` });
    const g = await guessMapping(h, {
      paths: [join(dir, "people.csv"), ...paths],
      format: "salesforce",
      org: "sf-users",
    });
    expect(g.review.map((r) => r.reason)).toEqual(
      Array(3).fill(
        "looks like a user id, not a name or email: add the CRM's users export (Salesforce User: Id, Name, Email) to the files, or map it to a person's email",
      ),
    );
  });

  it("names ISCLOSED and ISWON as the file spells them when the stage mapping disagrees", async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, "salesforce/people.csv"), join(dir, "people.csv"));
    const paths = writeFiles(dir, {
      "Opportunity.csv": [
        "ID,NAME,STAGENAME,OWNERID,AMOUNT,CREATEDDATE,CLOSEDATE,ISCLOSED,ISWON",
        "006A000000000021,Odd,Closed Won,005A0000000000TAAA,1000,2026-01-05T09:00:00.000Z,2026-03-31,false,false",
        "",
      ].join("\n"),
    });
    const mapping: ImportMapping = {
      format: "salesforce",
      dateOrder: "MDY",
      stages: { "Closed Won": "won" },
      owners: { "005A0000000000TAAA": "tess@sf.test" },
    };
    const e = await failure(
      importFiles(h, {
        paths: [join(dir, "people.csv"), ...paths],
        format: "salesforce",
        org: "sf-flags",
        mapping,
      }),
    );
    expect(e.issues.map(brief)).toEqual([
      'Opportunity.csv:2:STAGENAME "Closed Won" stage is mapped to won but ISCLOSED is false',
    ]);
  });
});

describe("owners mapped to an email that is nobody", () => {
  it("is said once, naming the vendor's owner and the email", async () => {
    const dir = tmp();
    const paths = writeFiles(dir, {
      "people.csv": "email,name,role\nann@pd.test,Ann Archer,salesperson\n",
      "deals.csv": [
        "Deal - ID,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created",
        "301,One,Zed Zero,Qualified,open,2026-01-02 09:00:00",
        "302,Two,Zed Zero,Qualified,open,2026-01-03 09:00:00",
        "303,Three,Zed Zero,Qualified,open,2026-01-04 09:00:00",
        "304,Four,Ann Archer,Qualified,open,2026-01-04 09:00:00",
        "",
      ].join("\n"),
    });
    const mapping: ImportMapping = {
      format: "pipedrive",
      dateOrder: "MDY",
      stages: { Qualified: "qualification" },
      owners: { "Zed Zero": "zed@pd.test", "Ann Archer": "ann@pd.test" },
    };
    const before = await snapshot();
    const e = await failure(importFiles(h, { paths, format: "pipedrive", org: "pd-zed", mapping }));
    // Three rows of Zed Zero, one problem; line 2 is the first of them.
    expect(e.issues.map(brief)).toEqual([
      'deals.csv:2:Deal - Owner "zed@pd.test" the owner Zed Zero is mapped to zed@pd.test, but there is no such person in people.csv or in the organisation (first row shown; every row of this owner has the same problem)',
    ]);
    expect(await snapshot()).toBe(before);
  });
});

describe("currency", () => {
  const deals = [
    "Deal - ID,Deal - Title,Deal - Value,Deal - Currency of Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created",
    "401,Euro one,1000,EUR,Ann Archer,Qualified,open,2026-01-02 09:00:00",
    "402,Euro two,2000,EUR,Ann Archer,Qualified,open,2026-01-03 09:00:00",
    "",
  ].join("\n");
  const people = "email,name,role\nann@pd.test,Ann Archer,salesperson\n";
  const mapping: ImportMapping = {
    format: "pipedrive",
    dateOrder: "MDY",
    stages: { Qualified: "qualification" },
    owners: { "Ann Archer": "ann@pd.test" },
  };

  it("refuses deals in another currency than the organisation's, once per currency, writing nothing", async () => {
    const paths = writeFiles(tmp(), { "people.csv": people, "deals.csv": deals });
    const before = await snapshot();
    const e = await failure(importFiles(h, { paths, format: "pipedrive", org: "pd-usd", mapping }));
    expect(e.issues.map(brief)).toEqual([
      'deals.csv:2:Deal - Currency of Value "EUR" an amount in EUR, but the organisation\'s currency is USD: Stepwise does not convert currencies; convert the amounts in the export, or import into an organisation in EUR (stepwise org create --currency EUR); reported once for all rows in EUR',
    ]);
    expect(await snapshot()).toBe(before);
  });

  it("imports them into an organisation in that currency, made with stepwise org create", async () => {
    const r = await runCli(
      "org",
      "create",
      "--slug",
      "pd-eur",
      "--name",
      "Euro GmbH",
      "--time-zone",
      "Europe/Berlin",
      "--currency",
      "eur",
    );
    expect(r).toMatchObject({
      code: 0,
      stdout: 'created organisation pd-eur ("Euro GmbH", Europe/Berlin, EUR)\n',
    });
    const paths = writeFiles(tmp(), { "people.csv": people, "deals.csv": deals });
    await importFiles(h, { paths, format: "pipedrive", org: "pd-eur", mapping });
    // "2026-01-02 09:00:00" without an offset is Berlin time: 08:00 UTC in winter.
    const d = await rows<{ v: string; c: string }>(
      h.db,
      sql`SELECT d.value::text AS v, to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS c
          FROM deals d JOIN organisations o ON o.id = d.org_id WHERE o.slug = 'pd-eur' ORDER BY d.external_id`,
    );
    expect(d).toEqual([
      { v: "1000.00", c: "2026-01-02 08:00" },
      { v: "2000.00", c: "2026-01-03 08:00" },
    ]);
  });

  it("org create names every bad option and refuses an existing slug", async () => {
    const bad = await runCli(
      "org",
      "create",
      "--slug",
      "Bad Slug",
      "--time-zone",
      "Mars/Base",
      "--currency",
      "XYZ1",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--slug: lower-case letters, digits and hyphens");
    expect(bad.stderr).toContain('--time-zone: not an IANA time zone (e.g. Europe/Berlin) (got "Mars/Base")');
    expect(bad.stderr).toContain('--currency: not an ISO 4217 currency code (e.g. EUR) (got "XYZ1")');
    const again = await runCli("org", "create", "--slug", "pd-eur");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('An organisation "pd-eur" exists already.');
    await expect(createOrganisation(h.db, { slug: "ok-slug" })).resolves.toMatchObject({
      timeZone: "UTC",
      currency: "USD",
    });
  });
});

describe("HubSpot header spellings", () => {
  it('reads "Date entered" without the pipeline and the API names hs_date_entered_ / hs_v2_date_entered_', async () => {
    const dir = tmp();
    const paths = writeFiles(dir, {
      "people.csv": "email,name,role\nhal@hs.test,Hal Hart,salesperson\n",
      "deals.csv": [
        // As HubSpot writes it: the quoted stage name doubled inside a quoted field.
        'Record ID,Deal Name,Deal Stage,Deal owner,Create Date,Amount,"Date entered ""Appointment Scheduled""","Date entered ""Qualified To Buy""",hs_v2_date_entered_presentationscheduled,hs_date_entered_contractsent',
        "501,Nimbus,presentationscheduled,Hal Hart,2026-02-01 09:00,5000,2026-02-01 09:00,2026-02-03 10:00,2026-02-05 11:00,",
        "502,Orbit,contractsent,Hal Hart,2026-02-02 09:00,7000,2026-02-02 09:00,,,2026-02-09 15:00",
        "",
      ].join("\n"),
    });
    const g = await guessMapping(h, { paths, format: "hubspot", org: "hs-spell" });
    // Every stage is a default stage (by label or internal id): no review.
    expect(g.review).toEqual([]);
    await importFiles(h, { paths, format: "hubspot", org: "hs-spell", mapping: g.mapping });
    const steps = await rows<{ id: string; s: string }>(
      h.db,
      sql`SELECT d.external_id AS id, string_agg(s.step::text || '@' || to_char(s.entered_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI'), ' ' ORDER BY s.entered_at) AS s
          FROM deal_steps s JOIN deals d ON d.org_id = s.org_id AND d.id = s.deal_id
          JOIN organisations o ON o.id = d.org_id WHERE o.slug = 'hs-spell' GROUP BY d.external_id ORDER BY 1`,
    );
    // Appointment scheduled → prospecting (2), qualified to buy → 3, presentation → presenting (5), contract sent → closing (6).
    expect(steps).toEqual([
      { id: "501", s: "2@02-01 09:00 3@02-03 10:00 5@02-05 11:00" },
      { id: "502", s: "2@02-02 09:00 6@02-09 15:00" },
    ]);
  });
});

describe("one run reports everything; where files are", () => {
  it("reports a missing column of one file together with the cell problems of another, and a bad due time as its own cell", async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, "pipedrive/people.csv"), join(dir, "people.csv"));
    const paths = writeFiles(dir, {
      // No "Deal - Deal created" column.
      "deals.csv":
        "Deal - ID,Deal - Title,Deal - Owner,Deal - Stage,Deal - Status\n601,X,Ann Archer,Qualified,open\n",
      "acts.csv": [
        "Activity - ID,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Assigned to user,Deal - ID",
        "A1,Call,2026-01-05,noon,Done,Ann Archer,",
        "A2,Call,2026-01-32,10:00,Done,Ann Archer,",
        "",
      ].join("\n"),
    });
    const r = await runCli(
      "import",
      join(dir, "people.csv"),
      ...paths,
      "--format",
      "pipedrive",
      "--org",
      "pd-all",
    );
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(
      lines.some(
        (l) =>
          l.includes("deals.csv") &&
          l.includes("Deal - Deal created") &&
          l.includes("required column is missing"),
      ),
    ).toBe(true);
    expect(
      lines.some(
        (l) => l.includes("acts.csv:2") && l.includes("Activity - Due time") && l.includes('"noon"'),
      ),
    ).toBe(true);
    expect(
      lines.some(
        (l) => l.includes("acts.csv:3") && l.includes("Activity - Due date") && l.includes('"2026-01-32"'),
      ),
    ).toBe(true);
  });

  it("writes the mapping proposal where --mapping-out says, and reads paths relative to where npm was started", async () => {
    const dir = tmp();
    const elsewhere = tmp();
    copyFileSync(join(FIXTURES, "pipedrive/deals-export.csv"), join(dir, "deals-export.csv"));
    // No people: every owner needs confirming, so a proposal is written.
    const saved = { cwd: process.env.INIT_CWD, ev: process.env.npm_lifecycle_event };
    process.env.INIT_CWD = dir;
    process.env.npm_lifecycle_event = "cli";
    try {
      const r = await runCli(
        "import",
        "deals-export.csv",
        "--format",
        "pipedrive",
        "--org",
        "pd-out",
        "--mapping-out",
        join(elsewhere, "m.json"),
      );
      expect(r.code).toBe(1);
      expect(existsSync(join(elsewhere, "m.json"))).toBe(true);
      expect(existsSync(join(dir, "stepwise-mapping.pipedrive.json"))).toBe(false);
      expect(JSON.parse(readFileSync(join(elsewhere, "m.json"), "utf8")).owners).toEqual({
        "Ann Archer": null,
        "Ben Baker": null,
        "Mia Manager": null,
      });
    } finally {
      process.env.INIT_CWD = saved.cwd;
      process.env.npm_lifecycle_event = saved.ev;
      if (saved.cwd === undefined) delete process.env.INIT_CWD;
      if (saved.ev === undefined) delete process.env.npm_lifecycle_event;
    }
  });
});
