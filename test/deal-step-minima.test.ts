/**
 * deal_step_minima (the per-deal step minima the organisation-wide reports read,
 * kept by triggers on deal_steps; migration 0003) after every write path: API
 * moves (backdated, a move back, a win), the generic import, updates and deletes
 * of step rows, and the demo writer (whose bulk load runs with
 * session_replication_role = replica where the role allows it). Each time:
 * the table holds exactly the minima of the deal's step rows (one hand-worked
 * deal), and the organisation-wide deal figures read through it (more than 64
 * owners) equal the definition (`dealStatsFromDeals` over the raw rows) figure
 * by figure, as of now and as of instants in the past.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { loadDealStats } from "../src/db/dealstats.queries.js";
import { deferDealStepMinima, fillDealStepMinima, withBulkTransaction } from "../src/db/demo.queries.js";
import { loadDeals, loadDealsWithNextStep } from "../src/db/metrics.queries.js";
import { one, rows } from "../src/db/sql.js";
import { dealStatsFromDeals, emptyDealStats, type PersonDealStats } from "../src/domain/dealstats.js";
import { periodRange, windowEndingAt } from "../src/domain/periods.js";
import { resolveSettings } from "../src/domain/settings.js";
import { createApp } from "../src/http/app.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { importFiles } from "../src/services/import.service.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson } from "./helpers/fixtures.js";
import { SAMPLE_DIR } from "./helpers/sample-dir.js";

let h: DbHandle;
const settings = resolveSettings({});

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

const COLS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "e1", "e2", "e3", "e4", "e5", "e6", "e7"] as const;
type Minima = Record<(typeof COLS)[number], string | null>;

async function minimaOf(orgId: string, dealId: string): Promise<Minima | undefined> {
  const r = await one<Minima>(
    h.db,
    sql.raw(
      `select ${COLS.map((c) => `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as ${c}`).join(", ")}
       from deal_step_minima where org_id = '${orgId}' and deal_id = '${dealId}'`,
    ),
  );
  return r ?? undefined;
}

/**
 * Rows of deal_step_minima that differ from what they copy and recompute: every
 * deal's columns, the minima of its step rows and its latest instant (both ways).
 */
async function drift(orgId: string): Promise<number> {
  const mins = [
    "min(s.entered_at)",
    ...[2, 3, 4, 5, 6, 7].map((k) => `min(s.entered_at) filter (where s.step >= ${k})`),
    ...[1, 2, 3, 4, 5, 6, 7].map((k) => `min(s.entered_at) filter (where s.step = ${k})`),
  ].join(", ");
  // last_at: the latest of creation, close and the step minima m1..m7 (the skip of the
  // organisation-wide lean query, docs/performance.md item 14).
  const lastOf = [
    "min(s.entered_at)",
    ...[2, 3, 4, 5, 6, 7].map((k) => `min(s.entered_at) filter (where s.step >= ${k})`),
  ].join(", ");
  const deal = "owner_id, value, status, closed_at, created_at, expected_close";
  const r = await one<{ n: number }>(
    h.db,
    sql.raw(
      `with want as (select d.org_id, d.id, ${deal
        .split(", ")
        .map((c) => `d.${c}`)
        .join(", ")},
                            (select row(${mins})::text from deal_steps s where s.org_id = d.org_id and s.deal_id = d.id) as mins,
                            (select greatest(d.created_at, d.closed_at, ${lastOf}) from deal_steps s
                             where s.org_id = d.org_id and s.deal_id = d.id) as last_at
                     from deals d where d.org_id = '${orgId}'),
            got as (select org_id, deal_id, ${deal}, row(${COLS.join(", ")})::text as mins, last_at
                    from deal_step_minima where org_id = '${orgId}')
       select ((select count(*) from (select * from want except select * from got) a)
             + (select count(*) from (select * from got except select * from want) b))::int as n`,
    ),
  );
  return r!.n;
}

function diff(a: PersonDealStats, b: PersonDealStats, path: string, out: string[]) {
  const walk = (x: unknown, y: unknown, p: string) => {
    if (typeof x === "number") {
      if (!(typeof y === "number" && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))))
        out.push(`${p}: ${x} ≠ ${y}`);
      return;
    }
    for (const k of Object.keys(x as object))
      walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${p}.${k}`);
  };
  walk(a, b, path);
}

/**
 * The organisation-wide figures (all the org's people plus 70 unknown ids: the path
 * through deal_step_minima) against the definition, for both scopes; returns the differences.
 */
async function againstDefinition(orgId: string, period: string, asOf: Date): Promise<string[]> {
  const org = await one<{ tz: string }>(
    h.db,
    sql`select time_zone as tz from organisations where id = ${orgId}`,
  );
  const p = periodRange(period, org!.tz);
  const people = (await rows<{ id: string }>(h.db, sql`select id from people where org_id = ${orgId}`)).map(
    (r) => r.id,
  );
  const a = {
    period: p,
    asOf,
    winNow: windowEndingAt(asOf, settings.rateWindowDays),
    winStart: windowEndingAt(p.start, settings.rateWindowDays),
  };
  const deals = await loadDeals(h.db, orgId, people, new Date("1970-01-01T00:00:00Z"), asOf);
  const open = deals.filter((d) => d.status === "open").map((d) => d.id);
  const want = dealStatsFromDeals(deals, {
    ...a,
    dealsWithNextStep: await loadDealsWithNextStep(h.db, orgId, open, asOf),
  });
  const wide = [
    ...people,
    ...Array.from({ length: 70 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
  ];
  const full = await loadDealStats(h.db, { orgId, ownerIds: wide, scope: "full", ...a });
  const lean = await loadDealStats(h.db, { orgId, ownerIds: wide, scope: "lean", ...a });
  const out: string[] = [];
  for (const id of people) {
    const w = want.get(id) ?? emptyDealStats();
    diff(w, full.get(id) ?? emptyDealStats(), `${id} full`, out);
    const l = lean.get(id) ?? emptyDealStats();
    diff(
      { ...w, openDeals: l.openDeals, compliance: l.compliance, periodFunnel: l.periodFunnel },
      l,
      `${id} lean`,
      out,
    );
  }
  // The figures are not all empty.
  const entered = [...want.values()].reduce((n, s) => n + s.funnelNow[1].entered, 0);
  if (entered === 0) out.push("no deal entered step 1 in the window");
  return out;
}

/**
 * Tables whose planner statistics do not count their rows: ANALYZE of a table this
 * small (< 30,000 rows) reads every page, so right after it pg_class.reltuples is
 * exactly count(*); a table written since (or never analyzed: -1) differs.
 */
async function unanalyzed(tables: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) {
    const r = await one<{ est: number; n: number }>(
      h.db,
      sql.raw(`select (select reltuples::int from pg_class where oid = '${t}'::regclass) as est,
                      (select count(*)::int from ${t}) as n`),
    );
    if (r!.est !== r!.n) out.push(`${t}: reltuples ${r!.est}, rows ${r!.n}`);
  }
  return out;
}

describe("deal_step_minima", () => {
  it("follows API writes: backdated moves, a move back, a win; and equals the definition", async () => {
    const org = await makeOrg(h.db, "minima-api", "Europe/Berlin");
    const rep = await makePerson(h.db, org.id, { email: "rep@minima.test", role: "salesperson" });
    const { app } = createApp({ db: h.db });
    const call = caller(app, rep);
    const d = (await call("POST", "/deals", { name: "A", value: 1000, createdAt: "2026-03-01T09:00:00Z" }))
      .body;
    await call("POST", `/deals/${d.id}/move`, { step: 2, at: "2026-03-02T09:00:00Z" });
    await call("POST", `/deals/${d.id}/move`, { step: 5, at: "2026-03-10T09:00:00Z" });
    expect(await minimaOf(org.id, d.id)).toEqual({
      m1: "2026-03-01T09:00",
      m2: "2026-03-02T09:00",
      m3: "2026-03-10T09:00",
      m4: "2026-03-10T09:00",
      m5: "2026-03-10T09:00",
      m6: null,
      m7: null,
      e1: "2026-03-01T09:00",
      e2: "2026-03-02T09:00",
      e3: null,
      e4: null,
      e5: "2026-03-10T09:00",
      e6: null,
      e7: null,
    });
    // A move back, backdated to before the jump: step 3 was reached on 03-05.
    await call("POST", `/deals/${d.id}/move`, { step: 3, at: "2026-03-05T09:00:00Z" });
    expect(await minimaOf(org.id, d.id)).toMatchObject({
      m3: "2026-03-05T09:00",
      e3: "2026-03-05T09:00",
      m4: "2026-03-10T09:00",
    });
    await call("POST", `/deals/${d.id}/win`, { at: "2026-04-01T12:00:00Z" });
    expect(await minimaOf(org.id, d.id)).toMatchObject({
      m6: "2026-04-01T12:00",
      m7: "2026-04-01T12:00",
      e7: "2026-04-01T12:00",
      e6: null,
    });
    const b = (
      await call("POST", "/deals", { name: "B", value: 500, step: 3, createdAt: "2026-03-03T00:00:00Z" })
    ).body;
    await call("POST", `/deals/${b.id}/lose`, { reason: "budget" });
    await call("POST", "/deals", { name: "C", value: 700, step: 2 });
    expect(await drift(org.id)).toBe(0);
    expect(await againstDefinition(org.id, "2026-Q2", new Date("2026-04-15T00:00:00Z"))).toEqual([]);
    expect(await againstDefinition(org.id, "2026-Q1", new Date("2026-03-06T00:00:00Z"))).toEqual([]);
  });

  it("follows the generic import, and updates and deletes of step rows; equals the definition", async () => {
    const paths = ["people", "contacts", "quotas", "deals", "deal_steps", "activities"].map(
      (f) => `${SAMPLE_DIR}/${f}.csv`,
    );
    await importFiles(h, { paths, format: "generic", org: "minima-sample" });
    // Every table the import wrote has fresh statistics (issue 14).
    expect(
      await unanalyzed([
        "people",
        "accounts",
        "contacts",
        "quotas",
        "deals",
        "deal_steps",
        "deal_step_minima",
        "activities",
      ]),
    ).toEqual([]);
    const org = await one<{ id: string }>(
      h.db,
      sql`select id from organisations where slug = 'minima-sample'`,
    );
    const orgId = org!.id;
    const n = await one<{ deals: number; minima: number }>(
      h.db,
      sql`select (select count(*) from deals where org_id = ${orgId})::int as deals,
                 (select count(*) from deal_step_minima where org_id = ${orgId})::int as minima`,
    );
    expect(n!.minima).toBe(n!.deals);
    expect(n!.deals).toBeGreaterThan(0);
    expect(await drift(orgId)).toBe(0);
    expect(await againstDefinition(orgId, "2026-Q3", new Date("2026-09-30T12:00:00Z"))).toEqual([]);
    expect(await againstDefinition(orgId, "2026-Q3", new Date("2026-08-01T00:00:00Z"))).toEqual([]);
    // An update that moves a deal's earliest step-2 entry later raises its m2; a delete removes it.
    const row = await one<{ id: number; deal_id: string }>(
      h.db,
      sql`select id, deal_id from deal_steps where org_id = ${orgId} and step = 2 order by entered_at, id limit 1`,
    );
    await h.db.execute(
      sql`update deal_steps set entered_at = '2026-09-29T10:00:00Z' where org_id = ${orgId} and id = ${row!.id}`,
    );
    expect(await drift(orgId)).toBe(0);
    await h.db.execute(sql`delete from deal_steps where org_id = ${orgId} and deal_id = ${row!.deal_id}`);
    expect(Object.values((await minimaOf(orgId, row!.deal_id))!)).toEqual(COLS.map(() => null));
    expect(await drift(orgId)).toBe(0);
    // Re-importing the same files changes nothing.
    await importFiles(h, { paths, format: "generic", org: "minima-sample" });
    expect(await drift(orgId)).toBe(0);
    expect(await againstDefinition(orgId, "2026-Q3", new Date("2026-09-30T12:00:00Z"))).toEqual([]);
  });

  it("follows the demo writer's bulk load (and its re-creation); equals the definition", async () => {
    const asOf = new Date("2026-11-15T12:00:00Z");
    await createDemoOrg(h, { slug: "minima-demo", people: 8, seed: 4, asOf, passwordHash: "x" });
    const again = await createDemoOrg(h, {
      slug: "minima-demo",
      people: 8,
      seed: 3,
      asOf,
      passwordHash: "x",
    });
    expect(again.replaced).toBe(true);
    // Every table the demo wrote has fresh statistics, deal_step_minima included (issue 14).
    expect(
      await unanalyzed([
        "organisations",
        "people",
        "process_steps",
        "accounts",
        "contacts",
        "deals",
        "deal_steps",
        "deal_step_minima",
        "activities",
        "quotas",
        "time_entries",
        "reviews",
      ]),
    ).toEqual([]);
    // The bulk path (session_replication_role = replica): the ALWAYS triggers still ran.
    expect(again.foreignKeys).toBe("verified");
    const orgId = again.orgId;
    const n = await one<{ deals: number; minima: number; stale: number }>(
      h.db,
      sql`select (select count(*) from deals where org_id = ${orgId})::int as deals,
                 (select count(*) from deal_step_minima where org_id = ${orgId})::int as minima,
                 (select count(*) from deal_step_minima m where not exists
                   (select 1 from organisations o where o.id = m.org_id))::int as stale`,
    );
    expect(n!.deals).toBeGreaterThan(0);
    expect(n!.minima).toBe(n!.deals);
    expect(n!.stale).toBe(0);
    expect(await drift(orgId)).toBe(0);
    // The trigger path gives the same table: a no-op update of every step row makes
    // the update trigger recompute each deal's minima from its rows; nothing changes.
    const snapshot = sql`select deal_id, row(owner_id, value, status, closed_at, created_at, expected_close,
                                m1, m2, m3, m4, m5, m6, m7, e1, e2, e3, e4, e5, e6, e7)::text as r
                         from deal_step_minima where org_id = ${orgId} order by deal_id`;
    const before = await rows<{ deal_id: string; r: string }>(h.db, snapshot);
    const touched = await rows(
      h.db,
      sql`update deal_steps set step = step where org_id = ${orgId} returning 1`,
    );
    expect(touched.length).toBeGreaterThan(0);
    expect(await rows(h.db, snapshot)).toEqual(before);
    expect(await againstDefinition(orgId, "2026-Q4", asOf)).toEqual([]);
    expect(await againstDefinition(orgId, "2026-Q3", new Date("2026-08-20T00:00:00Z"))).toEqual([]);
  });

  it("the demo writer's set-based fill: triggers deferred in its transaction only, minima worked out by hand", async () => {
    const org = await makeOrg(h.db, "minima-fill", "UTC");
    const rep = await makePerson(h.db, org.id, { email: "rep@fill.test", role: "salesperson" });
    const A = "00000000-0000-4000-8000-00000000000a";
    const B = "00000000-0000-4000-8000-00000000000b";
    const C = "00000000-0000-4000-8000-00000000000c";
    const filled = await withBulkTransaction(h, async (tx) => {
      await deferDealStepMinima(tx);
      await tx.query(
        `insert into deals (org_id, id, name, owner_id, value, status, closed_at, created_at) values
           ($1, $2, 'A', $5, 1000, 'open', null, '2026-03-01T09:00Z'),
           ($1, $3, 'B', $5, 500, 'won', '2026-04-01T12:00Z', '2026-03-02T09:00Z'),
           ($1, $4, 'C', $5, 700, 'open', null, '2026-03-03T09:00Z')`,
        [org.id, A, B, C, rep.id],
      );
      // A: 1 on 03-01, 2 on 03-02, 5 on 03-10, back to 3 on 03-05 (backdated).
      // B: 1 on 03-02, 7 on 04-01 (won, skipping 2–6). C: no step rows.
      await tx.query(
        `insert into deal_steps (org_id, deal_id, step, entered_at) values
           ($1, $2, 1, '2026-03-01T09:00Z'), ($1, $2, 2, '2026-03-02T09:00Z'),
           ($1, $2, 5, '2026-03-10T09:00Z'), ($1, $2, 3, '2026-03-05T09:00Z'),
           ($1, $3, 1, '2026-03-02T09:00Z'), ($1, $3, 7, '2026-04-01T12:00Z')`,
        [org.id, A, B],
      );
      // Deferred: neither the deal trigger nor the step-row trigger wrote anything.
      const n = await tx.query<{ n: number }>(
        "select count(*)::int as n from deal_step_minima where org_id = $1",
        [org.id],
      );
      expect(n[0].n).toBe(0);
      return fillDealStepMinima(tx, org.id);
    });
    expect(filled).toBe(3);
    // m_s = earliest row with step >= s; e_s = earliest row with step = s.
    expect(await minimaOf(org.id, A)).toEqual({
      m1: "2026-03-01T09:00",
      m2: "2026-03-02T09:00",
      m3: "2026-03-05T09:00", // the backdated 3 (03-05) is before the 5 (03-10)
      m4: "2026-03-10T09:00",
      m5: "2026-03-10T09:00",
      m6: null,
      m7: null,
      e1: "2026-03-01T09:00",
      e2: "2026-03-02T09:00",
      e3: "2026-03-05T09:00",
      e4: null,
      e5: "2026-03-10T09:00",
      e6: null,
      e7: null,
    });
    expect(await minimaOf(org.id, B)).toEqual({
      m1: "2026-03-02T09:00",
      m2: "2026-04-01T12:00",
      m3: "2026-04-01T12:00",
      m4: "2026-04-01T12:00",
      m5: "2026-04-01T12:00",
      m6: "2026-04-01T12:00",
      m7: "2026-04-01T12:00",
      e1: "2026-03-02T09:00",
      e2: null,
      e3: null,
      e4: null,
      e5: null,
      e6: null,
      e7: "2026-04-01T12:00",
    });
    const none = Object.fromEntries(COLS.map((c) => [c, null]));
    expect(await minimaOf(org.id, C)).toEqual(none);
    const copied = await one<{ status: string; value: string; closed: string }>(
      h.db,
      sql`select status, value::text as value, to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD') as closed
          from deal_step_minima where org_id = ${org.id} and deal_id = ${B}`,
    );
    expect(copied).toEqual({ status: "won", value: "500.00", closed: "2026-04-01" });
    // The deferral ended with that transaction: a later write runs the triggers again.
    await h.db.execute(
      sql`insert into deal_steps (org_id, deal_id, step, entered_at) values (${org.id}, ${C}, 4, '2026-03-20T10:00Z')`,
    );
    expect(await minimaOf(org.id, C)).toMatchObject({
      m1: "2026-03-20T10:00",
      m4: "2026-03-20T10:00",
      m5: null,
    });
    expect(await drift(org.id)).toBe(0);
  });
});
