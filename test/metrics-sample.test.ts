/**
 * The sample organisation generic-2026Q3 loaded into a real database: the
 * service's scorecard, plan and team reports for 2026-Q3 as of 2026-09-01
 * equal expected-reports.json figure by figure (1e-6 relative, groups as sets).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCliDb } from "../src/cli/db.js";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { reportTime } from "../src/domain/periods.js";
import type { Ctx } from "../src/services/context.js";
import { report, systemActor } from "../src/services/metrics.service.js";
import { runCli } from "./helpers/cli.js";
import { compareReport, SAMPLE_ADDITIONS, TEAM_ADDITIONS } from "./helpers/compare-report.js";
import { createTestDb } from "./helpers/db.js";
import { SAMPLE_DIR } from "./helpers/sample-dir.js";

const PARAMS = reportTime("2026-Q3", "2026-09-01T00:00:00Z");

describe("the sample organisation, imported with `stepwise import`", () => {
  let h: DbHandle;
  let ctx: Ctx;
  const expected = JSON.parse(readFileSync(join(SAMPLE_DIR, "expected-reports.json"), "utf8"));

  beforeAll(async () => {
    h = await createTestDb();
    setCliDb(h);
    // As the sample's README says: `stepwise import` of all its files, then the reports.
    const files = readdirSync(SAMPLE_DIR)
      .filter((f) => f.endsWith(".csv"))
      .map((f) => join(SAMPLE_DIR, f));
    const imported = await runCli("import", ...files, "--format", "generic", "--org", "sample");
    expect(imported.code, imported.stderr).toBe(0);
    const [org] = await rows<{ id: string }>(h.db, sql`SELECT id FROM organisations WHERE slug = 'sample'`);
    ctx = { db: h.db, actor: systemActor(org.id) };
  });
  afterAll(async () => {
    setCliDb(undefined);
    await h?.close();
  });

  it("scorecard matches expected-reports.json", async () => {
    const r = await report(ctx, "scorecard", PARAMS);
    expect(compareReport(expected.scorecard, r, "scorecard", [], SAMPLE_ADDITIONS)).toEqual([]);
  });

  it("plan matches expected-reports.json", async () => {
    const r = await report(ctx, "plan", PARAMS);
    expect(compareReport(expected.plan, r, "plan", [], SAMPLE_ADDITIONS)).toEqual([]);
  });

  it("team matches expected-reports.json (groups as sets)", async () => {
    const r = (await report(ctx, "team", PARAMS)) as any;
    const { groups, ...rest } = expected.team;
    expect(compareReport(rest, r, "team", [], TEAM_ADDITIONS)).toEqual([]);
    for (const g of ["red", "white", "blue"] as const)
      expect(new Set(r.groups[g])).toEqual(new Set(groups[g]));
  });

  const cli = runCli;

  const CLI = ["--period", "2026-Q3", "--as-of", "2026-09-01T00:00:00Z"];

  it("report scorecard --json prints the interfaces.md keys", async () => {
    const r = await cli("report", "scorecard", ...CLI, "--org", "sample", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.period).toBe("2026-Q3");
    expect(doc.asOf).toBe("2026-09-01T00:00:00Z");
    expect(compareReport(expected.scorecard, doc, "scorecard", [], SAMPLE_ADDITIONS)).toEqual([]);
    expect(Object.keys(doc.people[0]).sort()).toEqual(
      [
        "email",
        "name",
        "quota",
        "plan",
        "agreedPlan",
        "entered",
        "attainment",
        "effortIndex",
        "wonRevenue",
        "pipelineExpected",
        "resultsIndex",
        "quadrant",
        "rates",
        "avgDealSize",
        "coachingFocus",
        "nextStepCoverage",
        "processCompliance",
        "loggingTimeliness",
        "usageScore",
      ].sort(),
    );
  });

  it("report team --json and plan --json (the only organisation is the default)", async () => {
    const team = await cli("report", "team", ...CLI, "--json");
    expect(team.code).toBe(0);
    expect(JSON.parse(team.stdout).paretoShare).toBeCloseTo(expected.team.paretoShare, 9);
    const plan = await cli("report", "plan", ...CLI, "--json");
    expect(compareReport(expected.plan, JSON.parse(plan.stdout), "plan", [], SAMPLE_ADDITIONS)).toEqual([]);
  });

  it("the default output is a table with step names", async () => {
    const r = await cli("report", "scorecard", ...CLI);
    expect(r.code).toBe(0);
    for (const name of ["Lead management", "Prospecting", "Qualification", "Needs analysis", "Closing"])
      expect(r.stdout).toContain(name);
    expect(r.stdout).toContain("rep1@sample.test");
    expect(r.stdout).toMatch(/33 \/ 99/); // rep1: entered 33 of 99 lead entries planned
    for (const kind of [
      "quad",
      "plan",
      "funnel",
      "team",
      "forecast",
      "manager-time",
      "usage",
      "early-warning",
    ]) {
      const t = await cli("report", kind, ...CLI);
      expect(t.code, kind).toBe(0);
      expect(t.stdout.startsWith(`${kind} — 2026-Q3`)).toBe(true);
    }
  });

  it("--csv prints one row per person", async () => {
    const r = await cli("report", "scorecard", ...CLI, "--csv");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0].split(",").slice(0, 3)).toEqual(["period", "asOf", "email"]);
    expect(lines[0]).toContain("plan.lead");
    expect(lines.length).toBe(1 + expected.scorecard.people.length);
  });

  it("--team narrows the report; an unknown team, organisation or bad period exits 1 naming it", async () => {
    const east = JSON.parse((await cli("report", "quad", ...CLI, "--team", "East", "--json")).stdout);
    expect(east.people.length).toBeGreaterThan(0);
    const bad = [
      [["report", "quad", ...CLI, "--team", "Nowhere"], "Nowhere"],
      [["report", "quad", ...CLI, "--org", "nope"], "nope"],
      [["report", "quad", "--period", "2026-Q7"], "2026-Q7"],
      [["report", "quad", "--period", "2026-Q3", "--as-of", "yesterday"], "yesterday"],
    ] as const;
    for (const [args, named] of bad) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(named);
    }
  });

  it("bad usage exits 2", async () => {
    expect((await cli("report", "bogus", "--period", "2026-Q3")).code).toBe(2);
    expect((await cli("report", "quad")).code).toBe(2);
    expect((await cli("report", "quad", ...CLI, "--json", "--csv")).code).toBe(2);
  });
});
