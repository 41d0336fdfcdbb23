/**
 * The sample organisation generic-2026Q3 loaded into a real database: the
 * service's scorecard, plan and team reports for 2026-Q3 as of 2026-09-01
 * equal expected-reports.json figure by figure (1e-6 relative, groups as sets).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import type { Ctx } from "../src/services/context.js";
import { report, systemActor } from "../src/services/metrics.service.js";
import { compareReport } from "./helpers/compare-report.js";
import { createTestDb } from "./helpers/db.js";
import { loadSampleDb, SAMPLE_DIR } from "./helpers/load-sample-db.js";

const PARAMS = { period: "2026-Q3", asOf: "2026-09-01T00:00:00Z" };

describe.skipIf(!existsSync(SAMPLE_DIR))("sample organisation in the database", () => {
  let h: DbHandle;
  let ctx: Ctx;
  const expected = existsSync(SAMPLE_DIR)
    ? JSON.parse(readFileSync(join(SAMPLE_DIR, "expected-reports.json"), "utf8"))
    : {};

  beforeAll(async () => {
    h = await createTestDb();
    const { orgId } = await loadSampleDb(h.db);
    ctx = { db: h.db, actor: systemActor(orgId) };
  });
  afterAll(async () => {
    await h?.close();
  });

  it("scorecard matches expected-reports.json", async () => {
    const r = await report(ctx, "scorecard", PARAMS);
    expect(compareReport(expected.scorecard, r, "scorecard")).toEqual([]);
  });

  it("plan matches expected-reports.json", async () => {
    const r = await report(ctx, "plan", PARAMS);
    expect(compareReport(expected.plan, r, "plan")).toEqual([]);
  });

  it("team matches expected-reports.json (groups as sets)", async () => {
    const r = (await report(ctx, "team", PARAMS)) as any;
    const { groups, ...rest } = expected.team;
    expect(compareReport(rest, r, "team")).toEqual([]);
    for (const g of ["red", "white", "blue"] as const)
      expect(new Set(r.groups[g])).toEqual(new Set(groups[g]));
  });
});
