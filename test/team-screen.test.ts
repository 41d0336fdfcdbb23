/**
 * The screens' endpoints (issue 14): GET /team-screen gives the Team screen's four
 * reports from one load of the facts, and GET /managers reads the lean facts. Both
 * must show exactly what the per-report path (`report`, GET /metrics/{kind}) shows:
 * on a seeded demo organisation, for a manager and the executive, now and in the past.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one, rows } from "../src/db/sql.js";
import { reportTime } from "../src/domain/periods.js";
import type { Ctx } from "../src/services/context.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { managersReport, report, teamScreen } from "../src/services/metrics.service.js";
import { createTestDb } from "./helpers/db.js";

let h: DbHandle;
let orgId: string;
const asOf = new Date("2026-11-15T12:00:00Z");

beforeAll(async () => {
  h = await createTestDb();
  orgId = (await createDemoOrg(h, { slug: "screens", people: 24, seed: 5, asOf, passwordHash: "x" })).orgId;
});
afterAll(async () => {
  await h.close();
});

async function ctxOf(email: string, role: "manager" | "executive"): Promise<Ctx> {
  const p = await one<{ id: string; name: string }>(
    h.db,
    sql`select id, name from people where org_id = ${orgId} and email = ${email}`,
  );
  return {
    db: h.db,
    actor: { orgId, personId: p!.id, email, name: p!.name, role, scope: "read", via: "session" },
  };
}

const SCOPES = [
  reportTime("2026-Q4", asOf.toISOString()),
  reportTime("2026-Q3", "2026-08-20T00:00:00Z"),
  { ...reportTime("2026-10", "2026-10-09T00:00:00Z"), threshold: 0.9 },
];

describe("GET /team-screen", () => {
  for (const [email, role] of [
    ["manager1@demo.test", "manager"],
    ["exec@demo.test", "executive"],
  ] as const) {
    it(`${role}: each of its reports equals the report on its own`, async () => {
      const ctx = await ctxOf(email, role);
      for (const params of SCOPES) {
        const screen = await teamScreen(ctx, params);
        expect(screen.scorecard).toEqual(await report(ctx, "scorecard", params));
        expect(screen.team).toEqual(await report(ctx, "team", params));
        expect(screen.earlyWarning).toEqual(await report(ctx, "early-warning", params));
        expect(screen.managerTime).toEqual(await report(ctx, "manager-time", params));
        // Not trivially equal: people with figures.
        expect(screen.scorecard.people.length).toBeGreaterThan(1);
        expect(screen.scorecard.people.some((p) => p.wonRevenue > 0)).toBe(true);
        expect(screen.managerTime.managers.length).toBeGreaterThan(0);
      }
    });
  }

  it("refuses a threshold out of range, naming it", async () => {
    const ctx = await ctxOf("manager1@demo.test", "manager");
    await expect(teamScreen(ctx, { ...reportTime("2026-Q4"), threshold: 11 })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "threshold" }],
    });
  });
});

describe("GET /managers (lean facts)", () => {
  it("agrees with the full-facts scorecard and manager-time reports, manager by manager", async () => {
    const ctx = await ctxOf("exec@demo.test", "executive");
    const people = await rows<{ email: string; role: string; team: string | null; manager: string | null }>(
      h.db,
      sql`select p.email, p.role, p.team, m.email as manager from people p
          left join people m on m.id = p.manager_id where p.org_id = ${orgId} and p.active`,
    );
    for (const params of SCOPES.slice(0, 2)) {
      const overview = await managersReport(ctx, params);
      const sc = new Map(
        ((await report(ctx, "scorecard", params)) as { people: { email: string }[] }).people.map((p) => [
          p.email,
          p as unknown as {
            quota: number | null;
            wonRevenue: number;
            pipelineExpected: number;
            quadrant: string | null;
          },
        ]),
      );
      const mt = new Map(
        (
          (await report(ctx, "manager-time", params)) as {
            managers: {
              email: string;
              directReports: number;
              managingShare: number | null;
              reviewCompliance: number | null;
            }[];
          }
        ).managers.map((m) => [m.email, m]),
      );
      expect(overview.managers.length).toBe(mt.size);
      expect(overview.managers.length).toBeGreaterThan(1);
      for (const m of overview.managers) {
        const t = mt.get(m.email)!;
        expect([m.directReports, m.managingShare, m.reviewCompliance]).toEqual([
          t.directReports,
          t.managingShare,
          t.reviewCompliance,
        ]);
        // The manager's team: the salespeople carrying the manager's team name.
        const sellers = people
          .filter(
            (p) => p.role === "salesperson" && (m.team != null ? p.team === m.team : p.manager === m.email),
          )
          .map((p) => sc.get(p.email)!);
        expect(m.salespeople).toBe(sellers.length);
        const sum = (f: (x: (typeof sellers)[number]) => number) => sellers.reduce((a, x) => a + f(x), 0);
        expect(m.quota).toBeCloseTo(
          sum((x) => x.quota ?? 0),
          6,
        );
        expect(m.wonRevenue).toBeCloseTo(
          sum((x) => x.wonRevenue),
          6,
        );
        expect(m.pipelineExpected).toBeCloseTo(
          sum((x) => x.pipelineExpected),
          6,
        );
        const quads = { Q1: 0, Q2: 0, Q3: 0, Q4: 0, noQuota: 0 };
        for (const x of sellers) quads[(x.quadrant ?? "noQuota") as keyof typeof quads] += 1;
        expect(m.quads).toEqual(quads);
      }
    }
  });
});
