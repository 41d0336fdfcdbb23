/**
 * The vendor imports on a real database: the sample exports in
 * test/fixtures/vendors/ (built from the vendors' documented columns) are
 * imported and every resulting deal, step entry and activity is compared with
 * values worked out by hand from the files (see the comments).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { formatMapping, type ImportMapping, parseMapping } from "../src/services/import/mapping.js";
import { guessMapping } from "../src/services/import/vendor-import.js";
import { type ImportIssue, ImportValidationError, importFiles } from "../src/services/import.service.js";
import { createTestDb } from "./helpers/db.js";
import { writeFiles } from "./helpers/import-files.js";

const FIXTURES = join(import.meta.dirname, "fixtures/vendors");
const files = (vendor: string, ...names: string[]) =>
  (names.length > 0
    ? names
    : readdirSync(join(FIXTURES, vendor))
        .filter((f) => f.endsWith(".csv"))
        .sort()
  ).map((f) => join(FIXTURES, vendor, f));
const HUBSPOT = [
  "people.csv",
  "hubspot-crm-exports-all-deals-2026-03-01.csv",
  "hubspot-crm-exports-activities-2026-03-01.csv",
];
const hubspotMapping = () =>
  parseMapping(
    readFileSync(join(FIXTURES, "hubspot/stepwise-mapping.edited.json"), "utf8"),
    "stepwise-mapping.edited.json",
    "hubspot",
  );

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
  h.pool?.on("error", () => {});
});
afterAll(async () => {
  await h.close();
});

const TABLES = ["organisations", "people", "accounts", "deals", "deal_steps", "activities"];
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const r = await rows<{ r: string }>(h.db, sql.raw(`SELECT t::text AS r FROM ${t} t ORDER BY 1`));
    out[t] = r.map((x) => x.r);
  }
  return out;
}

/** id|name|owner|value|status|closed_at|lost_reason|expected_close|current_step|step_entered_at|created_at|account */
async function dealRows(org: string): Promise<string[]> {
  const r = await rows<{ r: string }>(
    h.db,
    sql`SELECT concat_ws('|', d.external_id, d.name, p.email, d.value::text, d.status,
                 coalesce(to_char(d.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-'),
                 coalesce(d.lost_reason, '-'), coalesce(d.expected_close::text, '-'), d.current_step::text,
                 to_char(d.step_entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                 to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), coalesce(a.name, '-')) AS r
        FROM deals d JOIN organisations o ON o.id = d.org_id
        JOIN people p ON p.org_id = d.org_id AND p.id = d.owner_id
        LEFT JOIN accounts a ON a.org_id = d.org_id AND a.id = d.account_id
        WHERE o.slug = ${org} ORDER BY d.external_id`,
  );
  return r.map((x) => x.r);
}

/** Per deal: "step:skipped@entered_at" in order of entry. */
async function stepRows(org: string): Promise<Record<string, string>> {
  const r = await rows<{ id: string; steps: string }>(
    h.db,
    sql`SELECT d.external_id AS id,
               string_agg(s.step || ':' || s.skipped::text || '@' || to_char(s.entered_at AT TIME ZONE 'UTC', 'MM-DD HH24:MI'),
                          ' ' ORDER BY s.entered_at) AS steps
        FROM deal_steps s JOIN deals d ON d.org_id = s.org_id AND d.id = s.deal_id
        JOIN organisations o ON o.id = d.org_id
        WHERE o.slug = ${org} AND s.source = 'import' GROUP BY d.external_id ORDER BY 1`,
  );
  return Object.fromEntries(r.map((x) => [x.id, x.steps]));
}

/** id|owner|kind|step|deal|scheduled_for|done_at|logged_at|duration|outcome */
async function activityRows(org: string): Promise<string[]> {
  const t = (c: string) => `coalesce(to_char(a.${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-')`;
  const r = await rows<{ r: string }>(
    h.db,
    sql.raw(`SELECT concat_ws('|', a.external_id, p.email, a.kind, a.step::text, coalesce(d.external_id, '-'),
                 ${t("scheduled_for")}, ${t("done_at")}, ${t("logged_at")},
                 coalesce(a.duration_minutes::text, '-'), coalesce(a.outcome, '-')) AS r
        FROM activities a JOIN organisations o ON o.id = a.org_id
        JOIN people p ON p.org_id = a.org_id AND p.id = a.owner_id
        LEFT JOIN deals d ON d.org_id = a.org_id AND d.id = a.deal_id
        WHERE o.slug = '${org}' ORDER BY a.external_id`),
  );
  return r.map((x) => x.r);
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
const brief = (i: ImportIssue) => `${i.file}:${i.line}:${i.column} ${JSON.stringify(i.value)} ${i.reason}`;

describe("Pipedrive", () => {
  it("guesses the default pipeline's stages and the owners by name, exactly", async () => {
    const g = await guessMapping(h, { paths: files("pipedrive"), format: "pipedrive", org: "pd" });
    expect(g.review).toEqual([]);
    expect(g.mapping).toEqual({
      format: "pipedrive",
      dateOrder: "MDY",
      stages: {
        Qualified: "qualification",
        "Contact Made": "prospecting",
        "Demo Scheduled": "presenting",
        "Proposal Made": "presenting",
        "Negotiations Started": "closing",
        "Lead In": "lead",
      },
      owners: { "Ann Archer": "ann@pd.test", "Ben Baker": "ben@pd.test", "Mia Manager": "mia@pd.test" },
    });
    // Rows per value: activities first (file names sort), then deals; deal 110 is deleted but still counted.
    expect(g.counts.owners).toEqual({ "Ann Archer": 10, "Ben Baker": 10, "Mia Manager": 2 });
  });

  it("a dry run counts everything and writes nothing", async () => {
    const before = await snapshot();
    const r = await importFiles(h, {
      paths: files("pipedrive"),
      format: "pipedrive",
      org: "pd",
      dryRun: true,
    });
    expect(r.dryRun).toBe(true);
    expect(r.files.map((f) => [f.kind, f.rows, f.inserted])).toEqual([
      ["people", 3, 3],
      ["deals", 11, 11],
      ["deal_steps", 11, 11],
      ["activities", 9, 9],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("imports the deals, one step entry each, and the activities (without a mapping file: the guess was exact)", async () => {
    const r = await importFiles(h, { paths: files("pipedrive"), format: "pipedrive", org: "pd" });
    expect(r.org).toEqual({ slug: "pd", created: true });
    // Deal 110 is "deleted" in Pipedrive: not imported, nor its activity 9010.
    expect(await dealRows("pd")).toEqual([
      "101|Acme CRM rollout|ann@pd.test|12000.00|open|-|-|2026-03-31|3|2026-01-05 09:00|2026-01-05 09:00|Acme Ltd",
      "102|Birch onboarding|ben@pd.test|5000.00|open|-|-|-|2|2026-01-08 14:00|2026-01-06 10:30|Birch Co",
      "103|Cedar licences|ann@pd.test|1500.50|open|-|-|2026-04-15|5|2026-01-20 16:45|2026-01-10 08:00|Cedar GmbH",
      "104|Delta upgrade|ben@pd.test|25000.00|open|-|-|-|5|2026-02-02 09:15|2026-01-12 11:00|Delta Inc",
      "105|Echo renewal|ann@pd.test|8000.00|open|-|-|2026-03-20|6|2026-02-10 13:00|2026-01-15 00:00|Echo plc",
      "106|Fjord expansion|ben@pd.test|30000.00|won|2026-02-20 15:30|-|-|7|2026-02-20 15:30|2026-01-03 09:00|Fjord AS",
      "107|Granite pilot|ann@pd.test|4000.00|won|2026-02-25 10:00|-|-|7|2026-02-25 10:00|2026-01-20 09:00|Granite Ltd",
      "108|Harbor deal|ben@pd.test|9000.00|lost|2026-02-15 17:00|Price|-|5|2026-01-30 12:00|2026-01-22 00:00|Harbor LLC",
      "109|Iris trial|ann@pd.test|0.00|lost|2026-02-01 09:00|No budget|-|2|2026-01-26 10:00|2026-01-25 10:00|Iris Org",
      "111|Kestrel services|mia@pd.test|15000.00|open|-|-|-|1|2026-02-01 09:00|2026-02-01 09:00|Kestrel",
      '112|Lumen "Phase 2", EU|ann@pd.test|11000.00|open|-|-|-|5|2026-02-12 09:00|2026-02-03 09:00|Lumen SA',
    ]);
    // The current stage at "Last stage change" (created when empty); the steps below are skipped.
    expect(await stepRows("pd")).toEqual({
      "101": "3:{1,2}@01-05 09:00",
      "102": "2:{1}@01-08 14:00",
      "103": "5:{1,2,3,4}@01-20 16:45",
      "104": "5:{1,2,3,4}@02-02 09:15",
      "105": "6:{1,2,3,4,5}@02-10 13:00",
      "106": "6:{1,2,3,4,5}@02-01 10:00",
      "107": "5:{1,2,3,4}@02-05 11:00",
      "108": "5:{1,2,3,4}@01-30 12:00",
      "109": "2:{1}@01-26 10:00",
      "111": "1:{}@02-01 09:00",
      "112": "5:{1,2,3,4}@02-12 09:00",
    });
    expect(await activityRows("pd")).toEqual([
      "9001|ann@pd.test|call|3|101|2026-01-05 10:00|2026-01-05 10:35|2026-01-04 16:00|30|Intro call",
      // done without a marked-as-done time: done at the due time
      "9002|ann@pd.test|meeting|5|103|2026-01-21 14:00|2026-01-21 14:00|2026-01-19 09:00|60|Demo",
      "9003|ben@pd.test|task|5|104|2026-02-03 00:00|2026-02-03 17:20|2026-02-02 09:30|-|Send proposal",
      "9004|ben@pd.test|call|6|106|2026-02-18 09:30|2026-02-18 09:50|2026-02-17 12:00|15|Contract call",
      // after the win (2026-02-20 15:30): relationship; Lunch is a meeting
      "9005|ben@pd.test|meeting|7|106|2026-03-02 12:00|2026-03-02 13:30|2026-02-25 08:00|90|Kick-off lunch",
      "9006|ann@pd.test|call|6|105|2026-03-10 00:00|-|2026-02-11 09:00|-|Follow up",
      // no deal id: found by the deal's title; before its only step entry (01-30) → that first step
      "9007|ben@pd.test|email|5|108|2026-01-29 11:00|2026-01-29 11:05|2026-01-29 11:05|-|Price discussion",
      "9008|ann@pd.test|call|1|-|2026-01-15 09:00|2026-01-15 09:06|2026-01-15 09:06|5|Cold call",
      "9009|mia@pd.test|task|1|111|2026-02-28 00:00|-|2026-02-01 09:00|-|Deadline",
    ]);
  });

  it("honours an edited mapping: a stage set to ignore drops its deals and their activities", async () => {
    const g = await guessMapping(h, { paths: files("pipedrive"), format: "pipedrive", org: "pd" });
    const mapping: ImportMapping = { ...g.mapping, stages: { ...g.mapping.stages, "Lead In": "ignore" } };
    const r = await importFiles(h, {
      paths: files("pipedrive"),
      format: "pipedrive",
      org: "pd-ignore",
      mapping,
      dryRun: true,
    });
    // Deal 111 (Lead In) and its activity 9009 are left out, besides the deleted 110 and its 9010.
    expect(r.files.map((f) => [f.kind, f.rows])).toEqual([
      ["people", 3],
      ["deals", 10],
      ["deal_steps", 10],
      ["activities", 8],
    ]);
  });

  it("changes nothing when the same exports are imported again", async () => {
    const before = await snapshot();
    const r = await importFiles(h, { paths: files("pipedrive"), format: "pipedrive", org: "pd" });
    for (const f of r.files)
      expect([f.kind, f.inserted, f.updated, f.unchanged]).toEqual([f.kind, 0, 0, f.rows]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("HubSpot", () => {
  it("asks to confirm a guessed stage and an unknown owner, at their first appearance", async () => {
    const g = await guessMapping(h, { paths: files("hubspot", ...HUBSPOT), format: "hubspot", org: "hs" });
    expect(g.mapping.stages).toEqual({
      "Appointment Scheduled": "prospecting",
      "Qualified To Buy": "qualification",
      Discovery: "needs_analysis",
      "Presentation Scheduled": "presenting",
      "Decision Maker Bought-In": "closing",
      "Contract Sent": "closing",
      "Closed Won": "won",
      "Closed Lost": "lost",
    });
    expect(g.mapping.owners).toEqual({
      "Cara Cole": "cara@hs.test",
      "Dan Dale": "dan@hs.test",
      "Eve Ex": null,
    });
    expect(g.review.map((r) => `${r.kind} ${r.value} → ${r.guess} ${r.file}:${r.line}:${r.column}`)).toEqual([
      'stage Discovery → needs_analysis hubspot-crm-exports-all-deals-2026-03-01.csv:1:Date entered "Discovery (Sales Pipeline)"',
      "owner Eve Ex → null hubspot-crm-exports-all-deals-2026-03-01.csv:10:Deal owner",
    ]);
    // The proposal file round-trips.
    expect(parseMapping(formatMapping(g.mapping), "m.json", "hubspot")).toEqual(g.mapping);
  });

  it("refuses to import on an unconfirmed guess, naming each entry, and writes nothing", async () => {
    const before = await snapshot();
    const e = await failure(
      importFiles(h, { paths: files("hubspot", ...HUBSPOT), format: "hubspot", org: "hs" }),
    );
    expect(e.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.value}`)).toEqual([
      'hubspot-crm-exports-all-deals-2026-03-01.csv:1:Date entered "Discovery (Sales Pipeline)" Discovery',
      "hubspot-crm-exports-all-deals-2026-03-01.csv:10:Deal owner Eve Ex",
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("imports with the edited mapping file: Eve Ex → hal, Decision Maker Bought-In → presenting (not the guessed closing)", async () => {
    await importFiles(h, {
      paths: files("hubspot", ...HUBSPOT),
      format: "hubspot",
      org: "hs",
      mapping: hubspotMapping(),
    });
    expect(await dealRows("hs")).toEqual([
      "2001|Alpha analytics|cara@hs.test|3000.00|open|-|-|2026-04-30|2|2026-01-05 09:00|2026-01-05 09:00|Alpha Inc",
      "2002|Bravo BI|dan@hs.test|8000.00|open|-|-|2026-05-15|3|2026-01-10 15:30|2026-01-06 10:00|Bravo",
      "2003|Charlie CRM|cara@hs.test|12000.75|open|-|-|-|4|2026-01-14 16:00|2026-01-07 11:00|Charlie",
      "2004|Delta data|dan@hs.test|20000.00|open|-|-|-|5|2026-01-20 13:00|2026-01-08 08:30|Delta",
      // presenting entered with "Presentation Scheduled" (01-19), not with "Decision Maker Bought-In" (01-28)
      "2005|Echo email|cara@hs.test|6500.00|open|-|-|-|5|2026-01-19 10:00|2026-01-09 09:00|Echo",
      "2006|Foxtrot forms|dan@hs.test|9900.00|open|-|-|-|6|2026-02-03 12:00|2026-01-10 10:00|Foxtrot",
      "2007|Golf game|cara@hs.test|15000.00|won|2026-02-20 16:00|-|-|7|2026-02-20 16:00|2026-01-11 09:00|Golf",
      "2008|Hotel hub|dan@hs.test|4000.00|lost|2026-02-12 12:00|Went with competitor|-|3|2026-01-15 10:00|2026-01-12 09:00|Hotel",
      // no Close Date: closed when it entered Closed Won
      "2009|India import|hal@hs.test|7000.00|won|2026-02-25 09:30|-|-|7|2026-02-25 09:30|2026-01-20 09:00|India",
      "2010|Juliet jobs|dan@hs.test|0.00|open|-|-|-|2|2026-02-01 09:00|2026-02-01 09:00|-",
      "2011|Kilo kit|cara@hs.test|2500.00|lost|2026-02-05 17:00|Timing|-|2|2026-01-25 14:00|2026-01-25 14:00|Kilo",
      "2012|Lima labs|hal@hs.test|5400.00|open|-|-|-|3|2026-02-04 09:00|2026-02-02 09:00|Lima",
    ]);
    expect(await stepRows("hs")).toEqual({
      "2001": "2:{1}@01-05 09:00",
      "2002": "2:{1}@01-06 10:00 3:{}@01-10 15:30",
      "2003": "2:{1}@01-07 11:00 3:{}@01-09 09:00 4:{}@01-14 16:00",
      "2004": "2:{1}@01-08 08:30 5:{3,4}@01-20 13:00",
      "2005": "2:{1}@01-09 09:00 3:{}@01-12 09:00 5:{4}@01-19 10:00",
      "2006": "2:{1}@01-10 10:00 3:{}@01-13 11:00 4:{}@01-16 11:00 5:{}@01-22 09:00 6:{}@02-03 12:00",
      "2007": "2:{1}@01-11 09:00 3:{}@01-14 09:00 5:{4}@01-25 10:00 6:{}@02-10 11:00",
      "2008": "2:{1}@01-12 09:00 3:{}@01-15 10:00",
      "2009": "2:{1}@01-20 09:00 6:{3,4,5}@02-15 10:00",
      // no "Date entered" values: the current stage from the Create Date
      "2010": "2:{1}@02-01 09:00",
      "2011": "2:{1}@01-25 14:00",
      "2012": "2:{1}@02-02 09:00 3:{}@02-04 09:00",
    });
    expect(await activityRows("hs")).toEqual([
      "30001|cara@hs.test|call|2|2001|-|2026-01-05 10:00|2026-01-05 10:15|12|Connected",
      "30002|dan@hs.test|meeting|5|2004|-|2026-01-21 14:00|2026-01-19 08:00|-|Completed",
      "30003|dan@hs.test|task|6|2006|-|2026-02-08 09:00|2026-02-04 09:00|-|-",
      "30004|cara@hs.test|task|4|2003|2026-03-05 09:00|-|2026-02-20 09:00|-|-",
      "30005|cara@hs.test|email|7|2007|-|2026-02-21 08:00|2026-02-21 08:00|-|-",
      // several deals: the first; 300000 ms = 5 minutes
      "30006|hal@hs.test|call|2|2009|-|2026-01-26 11:00|2026-01-26 11:10|5|Connected",
      "30007|dan@hs.test|note|3|2002|-|2026-01-13 16:00|2026-01-13 16:00|-|-",
      "30008|cara@hs.test|meeting|1|-|2026-03-12 10:00|-|2026-02-26 10:00|-|SCHEDULED",
    ]);
  });

  it("changes nothing on a second import with the same mapping", async () => {
    const before = await snapshot();
    const r = await importFiles(h, {
      paths: files("hubspot", ...HUBSPOT),
      format: "hubspot",
      org: "hs",
      mapping: hubspotMapping(),
    });
    expect(r.files.map((f) => [f.kind, f.rows, f.inserted, f.updated])).toEqual([
      ["people", 3, 0, 0],
      ["deals", 12, 0, 0],
      ["deal_steps", 28, 0, 0],
      ["activities", 8, 0, 0],
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("Salesforce", () => {
  it("imports the Opportunities, Opportunity History and Tasks and Events reports (footers ignored)", async () => {
    const g = await guessMapping(h, { paths: files("salesforce"), format: "salesforce", org: "sf" });
    expect(g.review).toEqual([]);
    expect(g.mapping.dateOrder).toBe("MDY"); // 3/31/2026, 1/13/2026 …
    expect(g.mapping.stages).toEqual({
      Prospecting: "prospecting",
      Qualification: "qualification",
      "Needs Analysis": "needs_analysis",
      "Value Proposition": "presenting",
      "Proposal/Price Quote": "presenting",
      "Negotiation/Review": "closing",
      "Closed Won": "won",
      "Closed Lost": "lost",
      "Id. Decision Makers": "presenting",
      "Perception Analysis": "presenting",
    });
    const r = await importFiles(h, { paths: files("salesforce"), format: "salesforce", org: "sf" });
    expect(r.files.map((f) => [f.kind, f.rows, f.inserted])).toEqual([
      ["people", 3, 3],
      ["deals", 12, 12],
      ["deal_steps", 25, 25],
      ["activities", 6, 6],
    ]);
    const id = (n: number) => `006A0000000000${String(n).padStart(2, "0")}`;
    expect(await dealRows("sf")).toEqual([
      `${id(1)}|Northwind CRM|tess@sf.test|4000.00|open|-|-|2026-03-31|2|2026-01-05 09:00|2026-01-05 00:00|Northwind`,
      `${id(2)}|Contoso ERP|uma@sf.test|12500.00|open|-|-|2026-04-15|3|2026-01-13 14:30|2026-01-06 00:00|Contoso`,
      `${id(3)}|Fabrikam upgrade|tess@sf.test|8000.00|open|-|-|2026-04-30|4|2026-01-15 16:00|2026-01-07 00:00|Fabrikam`,
      `${id(4)}|Litware licences|uma@sf.test|15000.00|open|-|-|2026-05-29|5|2026-01-21 10:00|2026-01-08 00:00|Litware`,
      `${id(5)}|Adatum rollout|tess@sf.test|22000.00|open|-|-|2026-03-20|5|2026-01-26 15:00|2026-01-09 00:00|Adatum`,
      `${id(6)}|Tailspin support|uma@sf.test|9500.00|open|-|-|2026-03-13|6|2026-02-02 09:00|2026-01-10 00:00|Tailspin`,
      `${id(7)}|Wingtip expansion|tess@sf.test|30000.00|won|2026-02-27 00:00|-|-|7|2026-02-27 00:00|2026-01-12 00:00|Wingtip`,
      `${id(8)}|Proseware pilot|uma@sf.test|5000.00|lost|2026-02-13 00:00|-|-|3|2026-01-19 09:00|2026-01-14 00:00|Proseware`,
      `${id(9)}|Coho winery|sam@sf.test|7250.00|won|2026-03-02 00:00|-|-|7|2026-03-02 00:00|2026-01-20 00:00|Coho`,
      `${id(10)}|Margie travel|tess@sf.test|3300.00|open|-|-|2026-06-30|5|2026-01-22 00:00|2026-01-22 00:00|Margie`,
      `${id(11)}|Lucerne publishing|uma@sf.test|6600.00|open|-|-|2026-06-15|5|2026-01-25 00:00|2026-01-25 00:00|Lucerne`,
      // lost without any stage history: no step entries, current step lead
      `${id(12)}|Trey research|tess@sf.test|1200.00|lost|2026-02-02 00:00|-|-|1|2026-01-28 00:00|2026-01-28 00:00|Trey`,
    ]);
    // From the history report (its repeated Proposal/Price Quote row on 1/30 is not a new entry);
    // 10 and 11 have no history: their stage from the Created Date.
    expect(await stepRows("sf")).toEqual({
      [id(1)]: "2:{1}@01-05 09:00",
      [id(2)]: "2:{1}@01-06 10:00 3:{}@01-13 14:30",
      [id(3)]: "2:{1}@01-07 11:00 3:{}@01-09 09:00 4:{}@01-15 16:00",
      [id(4)]: "2:{1}@01-08 08:00 5:{3,4}@01-21 10:00",
      [id(5)]: "2:{1}@01-09 09:00 3:{}@01-12 09:00 4:{}@01-16 13:00 5:{}@01-26 15:00",
      [id(6)]: "2:{1}@01-10 09:00 3:{}@01-11 09:00 4:{}@01-14 09:00 5:{}@01-20 09:00 6:{}@02-02 09:00",
      [id(7)]: "2:{1}@01-12 09:00 3:{}@01-14 09:00 5:{4}@01-28 09:00 6:{}@02-10 09:00",
      [id(8)]: "2:{1}@01-14 09:00 3:{}@01-19 09:00",
      [id(10)]: "5:{1,2,3,4}@01-22 00:00",
      [id(11)]: "5:{1,2,3,4}@01-25 00:00",
    });
    expect(await activityRows("sf")).toEqual([
      // 900 s call = 15 minutes; at midnight of 1/13, before Qualification (14:30) → prospecting
      `00T000000000001|uma@sf.test|call|2|${id(2)}|-|2026-01-13 00:00|2026-01-13 00:00|15|Discovery call`,
      `00T000000000003|tess@sf.test|email|5|${id(5)}|-|2026-01-27 00:00|2026-01-27 00:00|-|Email proposal`,
      // no opportunity id: found by name
      `00T000000000004|tess@sf.test|call|2|${id(1)}|2026-03-16 00:00|-|2026-02-20 00:00|-|Follow up`,
      "00T000000000006|sam@sf.test|task|1|-|-|2026-01-19 00:00|2026-01-19 00:00|-|Prospect list",
      // events (Task = 0) have no status: done at their time
      `00U000000000002|uma@sf.test|meeting|5|${id(4)}|-|2026-01-22 10:00|2026-01-20 00:00|60|Demo meeting`,
      `00U000000000005|tess@sf.test|meeting|7|${id(7)}|-|2026-03-03 09:00|2026-02-28 00:00|90|Kick-off`,
    ]);
  });
});

describe("problems in vendor files", () => {
  const mapping: ImportMapping = {
    format: "pipedrive",
    dateOrder: "MDY",
    stages: { Qualified: "qualification", "Proposal Made": "presenting" },
    owners: { "Ann Archer": "ann@pd.test", "Ben Baker": "ben@pd.test" },
  };
  const bad = () =>
    writeFiles(mkdtempSync(join(tmpdir(), "stepwise-vendors-")), {
      "people.csv":
        "email,name,role\nann@pd.test,Ann Archer,salesperson\nben@pd.test,Ben Baker,salesperson\n",
      "deals.csv": [
        "Deal - ID,Deal - Title,Deal - Value,Deal - Owner,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Last stage change,Deal - Won time",
        "201,Bad date,100,Ann Archer,Qualified,open,2026-02-30 09:00:00,,",
        "202,Unknown owner,100,Zed Zero,Qualified,open,2026-01-02 09:00:00,,",
        "203,Odd stage,100,Ann Archer,Pilot,open,2026-01-02 09:00:00,,",
        "204,Early step,100,Ann Archer,Qualified,open,2026-01-10 09:00:00,2026-01-09 09:00:00,",
        "205,Won without date,100,Ben Baker,Proposal Made,won,2026-01-02 09:00:00,,",
        '206,Bad value,"12,34",Ann Archer,Qualified,open,2026-01-02 09:00:00,,',
        "207,First,100,Ann Archer,Qualified,open,2026-01-02 09:00:00,,",
        "207,Again,100,Ann Archer,Qualified,open,2026-01-02 09:00:00,,",
        "",
      ].join("\n"),
      "activities.csv": [
        "Activity - ID,Activity - Type,Activity - Due date,Activity - Done,Activity - Assigned to user,Activity - Deal,Deal - ID",
        "A1,Call,2026-01-05,Done,Ann Archer,,999",
        "A2,Call,13/05/2026,Done,Ann Archer,,",
        "A3,Call,2026-01-05,Done,Ann Archer,Nope deal,",
        "",
      ].join("\n"),
      "leads.csv": "Lead - Title,Lead - Owner\nX,Ann Archer\n",
    });

  it("reports every problem with the vendor's file, line, column and value; a dry run and a real run write nothing", async () => {
    const before = await snapshot();
    for (const dryRun of [true, false]) {
      const e = await failure(
        importFiles(h, { paths: bad(), format: "pipedrive", org: "bad", mapping, dryRun }),
      );
      expect(e.issues.map(brief)).toEqual([
        "leads.csv:1: null not a recognised pipedrive export: expected Pipedrive deals export, Pipedrive activities export (or a generic people.csv); see docs/import-vendors.md",
        'deals.csv:2:Deal - Deal created "2026-02-30 09:00:00" not a date/time (YYYY-MM-DD HH:MM:SS or YYYY-MM-DD as Pipedrive exports them)',
        'deals.csv:3:Deal - Owner "Zed Zero" unknown owner: not in the mapping file\'s owners',
        'deals.csv:4:Deal - Stage "Pilot" unknown stage: not in the mapping file\'s stages',
        'deals.csv:5:Deal - Last stage change "2026-01-09 09:00:00+00" a step before the deal was created (created 2026-01-10 09:00:00+00)',
        'deals.csv:6:Deal - Won time "" required: the deal is won but has no close date',
        'deals.csv:7:Deal - Value "12,34" not an amount (digits with a decimal point, e.g. 1500 or 1,500.00 or USD 1,500.00)',
        'deals.csv:9:Deal - ID "207" duplicate key external_id (first on line 8)',
        'activities.csv:2:Deal - ID "999" no such deal in the deals export or in the organisation',
        // The due date cell is checked on its own (the due time has its own column).
        'activities.csv:3:Activity - Due date "13/05/2026" not a date (YYYY-MM-DD HH:MM:SS or YYYY-MM-DD as Pipedrive exports them)',
        'activities.csv:4:Activity - Deal "Nope deal" no deal with this name in the deals export or in the organisation',
      ]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("names a missing required column and the accepted spellings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stepwise-vendors-"));
    copyFileSync(join(FIXTURES, "pipedrive/people.csv"), join(dir, "people.csv"));
    const paths = writeFiles(dir, {
      "deals.csv": "Deal - Title,Deal - Owner,Deal - Stage,Deal - Status\nX,Ann Archer,Qualified,open\n",
    });
    const e = await failure(
      importFiles(h, {
        paths: [join(dir, "people.csv"), ...paths],
        format: "pipedrive",
        org: "bad",
        mapping,
      }),
    );
    expect(e.issues.map(brief)).toEqual([
      "deals.csv:1:Deal - ID null required column is missing from the Pipedrive deals export (also accepted: Deal - Pipedrive System ID, Deal - System ID)",
      "deals.csv:1:Deal - Deal created null required column is missing from the Pipedrive deals export (also accepted: Deal - Creation date, Deal - Add time, Deal - Created)",
    ]);
  });

  it("rejects a mapping file with a bad target or email, naming the entry", () => {
    expect(() =>
      parseMapping(
        JSON.stringify({ stages: { Demo: "demo" }, owners: { Ann: "ann" } }),
        "m.json",
        "pipedrive",
      ),
    ).toThrow(
      'm.json: stages."Demo": "demo" is not one of lead, prospecting, qualification, needs_analysis, presenting, closing, relationship, won, lost, disqualified, ignore; owners."Ann": "ann" is not an email address',
    );
  });
});
