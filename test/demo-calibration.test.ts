/**
 * The demo tells a true story at any date (issue 8; docs/demo.md, "What the
 * reports show"). The 40-person demo is read through the real report code and
 * every property below is asserted:
 *
 * - every Decision Quad quadrant holds ≥ 10 % of the salespeople with a quota
 *   (34 salespeople → at least 4 each when all have a quota; both periods);
 * - the finished quarter: median resultsIndex in 0.7–1.2, median effortIndex
 *   in 0.7–1.1;
 * - stalled deals ≤ 5 % of open deals: an open deal whose time in its current
 *   step exceeds 3× its owner's usual time there (the median of the owner's
 *   finished stays in that step over the 365 days to asOf), computed here
 *   from the rows;
 * - the planted truths: every salesperson with a planted weak step has it as
 *   coachingFocus where the data suffices (≥ 40 resolved deals at the weak
 *   step and at each later step: with fewer, a later step with a handful of
 *   trials can show a lower rate by chance); the managers who sell too much
 *   have managingShare < 0.65 in both quarters, the others ≥ 0.7; the top
 *   20 % of salespeople won 40–90 % of the finished quarter's revenue
 *   (paretoShare of the whole organisation; 20 % is an even spread);
 * - the plan fits the work: in the finished quarter, each salesperson's lead
 *   entries / computed lead plan is about the work multiplier the generator
 *   gave them (median ratio of the two within 0.75–1.33).
 *
 * Two ways, to stay within CI time (this file runs on both engines):
 * 1. Through the database (PGlite, or PostgreSQL with DATABASE_URL): the
 *    default demo's seed 7, written by createDemoOrg as of 2026-12-31 12:00 and
 *    read with the report service (`report`) as of the end of 2026-Q4's first
 *    week (10-08 00:00), its middle (11-15) and its last day, and for the
 *    finished 2026-Q3. An earlier asOf sees only what existed then
 *    (metrics.md: "only events at or before asOf exist").
 * 2. In memory, for more seeds and for the default seed generated at other
 *    dates: the generated rows become the pure report code's facts
 *    (test/helpers/demo-facts.ts) and go through the same computeMetrics and
 *    report functions the service runs on the database's facts (the database
 *    only aggregates). Seeds 1, 2, 4–6, 8, 11 and 12 at the four points above; seed 7
 *    generated as of 2026-09-30 (2026-Q3's last day, Q2 finished), 10-08 (the
 *    first week), 11-15 (the middle) and 12-01, each read at its own asOf.
 *    Seeds 3, 9 and 10 miss a property at one or two points (docs/demo.md lists them).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { rows } from "../src/db/sql.js";
import { type DemoPlan, generateDemo, type SellerProfile } from "../src/domain/demo.js";
import { reportTime } from "../src/domain/periods.js";
import { managerTimeReport, scorecardReport, teamReport } from "../src/domain/reports.js";
import type { DealFacts, StepRow } from "../src/domain/stepflow.js";
import type { StepNumber } from "../src/domain/steps.js";
import type { Ctx } from "../src/services/context.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { report, systemActor } from "../src/services/metrics.service.js";
import { createTestDb } from "./helpers/db.js";
import { demoMetrics, generateDemoFacts } from "./helpers/demo-facts.js";

const DAY = 86_400_000;
const PEOPLE = 40;
/** Through the database: the default demo's seed. */
const SEEDS = [7];
/** In memory (docs/demo.md: seeds 3, 9 and 10 miss a property at one or two points). */
const MEMORY_SEEDS = [1, 2, 4, 5, 6, 8, 11, 12];
/** Resolved deals needed at the weak step and every later one for coachingFocus to find it. */
const ENOUGH = 40;
/** The organisation is generated as of the last point. */
const GENERATED = "2026-12-31T12:00:00Z";
const POINTS = [
  { label: "first week", asOf: "2026-10-08T00:00:00Z" },
  { label: "middle", asOf: "2026-11-15T12:00:00Z" },
  { label: "last day", asOf: "2026-12-31T12:00:00Z" },
];
const CURRENT = "2026-Q4";
const PAST = "2026-Q3";

interface ScorePerson {
  email: string;
  quota: number | null;
  effortIndex: number | null;
  resultsIndex: number | null;
  quadrant: string | null;
  coachingFocus: string | null;
  plan: Record<string, number | null> | null;
  entered: Record<string, number>;
}

const STEP_KEYS = ["lead", "prospecting", "qualification", "needs_analysis", "presenting", "closing"];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function quadrantCounts(people: ScorePerson[]): { n: number; counts: Record<string, number> } {
  const withQuota = people.filter((p) => p.quadrant !== null);
  const counts: Record<string, number> = { Q1: 0, Q2: 0, Q3: 0, Q4: 0 };
  for (const p of withQuota) counts[p.quadrant!]++;
  return { n: withQuota.length, counts };
}

let h: DbHandle;
let passwordHash: string;

beforeAll(async () => {
  h = await createTestDb();
  passwordHash = "not-a-real-hash"; // nobody signs in here; hashing is slow
});
afterAll(async () => {
  await h?.close();
});

for (const seed of SEEDS) {
  describe(`the 40-person demo, seed ${seed}, generated as of ${GENERATED}`, () => {
    let ctx: Ctx;
    let plan: DemoPlan;
    let profileOf: (email: string) => SellerProfile;

    beforeAll(async () => {
      const slug = `cal-${seed}`;
      const asOf = new Date(GENERATED);
      const s = await createDemoOrg(h, { slug, people: PEOPLE, seed, asOf, passwordHash });
      ctx = { db: h.db, actor: systemActor(s.orgId) };
      plan = generateDemo({ slug, people: PEOPLE, seed, asOf });
      for (const _ of plan.batches()); // the profiles' quotas are set while the batches are generated
      const byEmail = new Map(plan.people.map((p) => [p.email, p.id]));
      const profile = new Map(plan.sellers.map((x) => [x.personId, x]));
      profileOf = (email) => profile.get(byEmail.get(email)!)!;
    }, 300_000);

    describe(`the finished quarter ${PAST}`, () => {
      let past: ScorePerson[];
      beforeAll(async () => {
        past = ((await report(ctx, "scorecard", reportTime(PAST, GENERATED))) as any).people;
      }, 60_000);

      it("has every quadrant at ≥ 10 % of the salespeople with a quota", () => {
        const { n, counts } = quadrantCounts(past);
        expect(n).toBeGreaterThanOrEqual(28); // 34 salespeople, a few new hires without quota
        for (const q of ["Q1", "Q2", "Q3", "Q4"]) {
          expect(counts[q] / n, `${q}: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(0.1);
        }
      });

      it("has a median resultsIndex in 0.7–1.2 and a median effortIndex in 0.7–1.1", () => {
        const withQuota = past.filter((p) => p.quadrant !== null);
        const ri = median(withQuota.map((p) => p.resultsIndex!));
        const ei = median(withQuota.map((p) => p.effortIndex!));
        expect(ri).toBeGreaterThanOrEqual(0.7);
        expect(ri).toBeLessThanOrEqual(1.2);
        expect(ei).toBeGreaterThanOrEqual(0.7);
        expect(ei).toBeLessThanOrEqual(1.1);
      });

      it("shows the 80/20 spread in paretoShare", async () => {
        const r = (await report(ctx, "team", reportTime(PAST, GENERATED))) as any;
        expect(r.paretoShare).toBeGreaterThanOrEqual(0.4);
        expect(r.paretoShare).toBeLessThan(0.9);
      });

      it("gives plans that fit the work the generator has people do", () => {
        const ratios = past
          .filter((p) => p.plan?.lead != null)
          .map((p) => p.entered.lead / p.plan!.lead! / profileOf(p.email).work);
        expect(ratios.length).toBeGreaterThanOrEqual(28);
        expect(median(ratios)).toBeGreaterThanOrEqual(0.75);
        expect(median(ratios)).toBeLessThanOrEqual(1.33);
      });

      it("shows the managers who sell too much well below 75 % managing, the others near or above it", async () => {
        for (const period of [CURRENT, PAST]) {
          const r = (await report(ctx, "manager-time", reportTime(period, GENERATED))) as any;
          expect(r.managers).toHaveLength(4);
          for (const m of r.managers) {
            if (profileOf(m.email).sellsTooMuch)
              expect(m.managingShare, `${period} ${m.email}`).toBeLessThan(0.65);
            else expect(m.managingShare, `${period} ${m.email}`).toBeGreaterThanOrEqual(0.7);
          }
          expect(
            r.managers.some((m: any) => m.email === "manager1@demo.test" && m.managingShare < 0.65),
          ).toBe(true);
        }
      });
    });

    for (const point of POINTS) {
      describe(`${CURRENT} as of ${point.asOf} (${point.label})`, () => {
        const asOf = new Date(point.asOf);
        let current: ScorePerson[];
        beforeAll(async () => {
          current = ((await report(ctx, "scorecard", reportTime(CURRENT, asOf))) as any).people;
        }, 60_000);

        it("has every quadrant at ≥ 10 % of the salespeople with a quota", () => {
          const { n, counts } = quadrantCounts(current);
          expect(n).toBeGreaterThanOrEqual(28);
          for (const q of ["Q1", "Q2", "Q3", "Q4"]) {
            expect(counts[q] / n, `${q}: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(0.1);
          }
        });

        it("has at most 5 % of open deals stalled (> 3× the owner's usual time in the step)", async () => {
          // The stored rows as deals with their step rows (stalledShare ignores what is after asOf).
          const steps = await rows<{ deal_id: string; step: number; at: string }>(
            h.db,
            sql`select s.deal_id, s.step, s.entered_at::text as at from deal_steps s
                where s.org_id = ${ctx.actor.orgId}`,
          );
          const stepsOf = new Map<string, StepRow[]>();
          for (const r of steps) {
            const l = stepsOf.get(r.deal_id) ?? [];
            l.push({ step: r.step as StepNumber, enteredAt: new Date(r.at) });
            stepsOf.set(r.deal_id, l);
          }
          const deals = (
            await rows<{ id: string; owner_id: string; closed_at: string | null }>(
              h.db,
              sql`select id, owner_id, closed_at::text as closed_at from deals where org_id = ${ctx.actor.orgId}`,
            )
          ).map((d) => ({
            ownerId: d.owner_id,
            closedAt: d.closed_at === null ? null : new Date(d.closed_at),
            steps: stepsOf.get(d.id) ?? [],
          }));
          const stalled = stalledShare(deals, asOf);
          expect(stalled.open).toBeGreaterThan(1000);
          expect(stalled.beyond(3) / stalled.open).toBeLessThanOrEqual(0.05);
          // …while the generator's slow and stalled deals are there: some sit well past the usual time
          expect(stalled.beyond(1.5)).toBeGreaterThan(stalled.beyond(3));
          expect(stalled.beyond(3)).toBeGreaterThan(0);
        });

        it("finds each planted weak step as the salesperson's coachingFocus where the data suffices", async () => {
          // Resolved deals at each step s in the rate window, counted from the stored rows: an
          // explicit entry into s in (asOf − 365 d, asOf] followed by a later step or a close by asOf.
          const trials = await rows<{ owner_id: string; step: number; n: number }>(
            h.db,
            sql`select d.owner_id, s.step, count(*)::int as n
                from deal_steps s join deals d on d.org_id = s.org_id and d.id = s.deal_id
                where s.org_id = ${ctx.actor.orgId} and s.step <= 6
                  and s.entered_at > ${new Date(asOf.getTime() - 365 * DAY).toISOString()}
                  and s.entered_at <= ${point.asOf}
                  and (exists (select 1 from deal_steps n where n.org_id = s.org_id and n.deal_id = s.deal_id
                               and n.step > s.step and n.entered_at <= ${point.asOf})
                       or (d.status in ('lost', 'disqualified') and d.current_step = s.step
                           and d.closed_at <= ${point.asOf}))
                group by d.owner_id, s.step`,
          );
          const n = new Map(trials.map((r) => [`${r.owner_id}|${r.step}`, r.n]));
          let checked = 0;
          for (const p of current) {
            const s = profileOf(p.email);
            if (s.weakStep === null) continue;
            const trials = [2, 3, 4, 5, 6].filter((k) => k >= s.weakStep!);
            if (trials.some((k) => (n.get(`${s.personId}|${k}`) ?? 0) < ENOUGH)) continue;
            checked++;
            expect(p.coachingFocus, `${p.email}, weak at step ${s.weakStep}`).toBe(STEP_KEYS[s.weakStep - 1]);
          }
          expect(checked).toBeGreaterThanOrEqual(4); // about 40 % of 34 have a planted weak step; most have the data
        });
      });
    }
  });
}

/** Open deals past k × their owner's usual time in their step, and all open deals (from the rows). */
function stalledShare(
  deals: readonly Pick<DealFacts, "ownerId" | "closedAt" | "steps">[],
  asOf: Date,
): { open: number; beyond: (k: number) => number } {
  const t = asOf.getTime();
  const stays = new Map<string, number[]>(); // owner|step → finished stays (ms) in the 365 days to asOf
  const open: { key: string; since: number }[] = [];
  for (const d of deals) {
    const st = d.steps
      .filter((r) => r.enteredAt.getTime() <= t)
      .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime());
    const closed = d.closedAt !== null && d.closedAt.getTime() <= t ? d.closedAt.getTime() : null;
    for (let i = 0; i < st.length; i++) {
      if (st[i].step > 6) continue;
      const start = st[i].enteredAt.getTime();
      const end = i + 1 < st.length ? st[i + 1].enteredAt.getTime() : closed;
      const key = `${d.ownerId}|${st[i].step}`;
      if (end === null) open.push({ key, since: start });
      else if (end > t - 365 * DAY) {
        const l = stays.get(key) ?? [];
        l.push(end - start);
        stays.set(key, l);
      }
    }
  }
  const usual = new Map([...stays].map(([k, v]) => [k, median(v)]));
  return {
    open: open.length,
    beyond: (k) =>
      open.filter((o) => {
        const u = usual.get(o.key);
        return u !== undefined && t - o.since > k * u;
      }).length,
  };
}

interface MemoryCase {
  seed: number;
  generated: string;
  /** The periods read as of `asOf`: finished ones get the finished-quarter checks. */
  reads: { period: string; asOf: string }[];
}

const FOUR_POINTS = [
  ...POINTS.map((p) => ({ period: CURRENT, asOf: p.asOf })),
  { period: PAST, asOf: GENERATED },
];
const MEMORY_CASES: MemoryCase[] = [
  ...MEMORY_SEEDS.map((seed) => ({ seed, generated: GENERATED, reads: FOUR_POINTS })),
  // The default seed generated at other dates, each read at its own asOf (current and previous quarter).
  ...[
    ["2026-09-30T12:00:00Z", "2026-Q3", "2026-Q2"],
    ["2026-10-08T00:00:00Z", CURRENT, PAST],
    ["2026-11-15T12:00:00Z", CURRENT, PAST],
    ["2026-12-01T09:00:00Z", CURRENT, PAST],
  ].map(([generated, cur, prev]) => ({
    seed: 7,
    generated,
    reads: [
      { period: cur, asOf: generated },
      { period: prev, asOf: generated },
    ],
  })),
];

describe("in memory through the report code: more seeds, and the default seed generated at other dates", () => {
  let weakChecked = 0;
  afterAll(() => {
    // About 40 % of 34 salespeople per seed have a planted weak step; most have the data.
    expect(weakChecked).toBeGreaterThanOrEqual(40);
  });

  for (const c of MEMORY_CASES) {
    it(`seed ${c.seed} generated as of ${c.generated}: every property at ${c.reads.map((r) => `${r.period}@${r.asOf.slice(5, 10)}`).join(", ")}`, () => {
      const g = generateDemoFacts({ people: PEOPLE, seed: c.seed, asOf: new Date(c.generated) });
      for (const r of c.reads) {
        const asOf = new Date(r.asOf);
        const m = demoMetrics(g, r.period, asOf);
        const at = `seed ${c.seed} ${r.period} as of ${r.asOf}`;
        const people = scorecardReport(m).people as unknown as ScorePerson[];
        const { n, counts } = quadrantCounts(people);
        expect(n, at).toBeGreaterThanOrEqual(28);
        for (const q of ["Q1", "Q2", "Q3", "Q4"]) {
          expect(counts[q] / n, `${at} ${q}: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(0.1);
        }

        const stalled = stalledShare(g.deals, asOf);
        expect(stalled.open, at).toBeGreaterThan(1000);
        expect(stalled.beyond(3) / stalled.open, at).toBeLessThanOrEqual(0.05);
        expect(stalled.beyond(1.5), at).toBeGreaterThan(stalled.beyond(3));
        expect(stalled.beyond(3), at).toBeGreaterThan(0);

        for (const x of m.people) {
          const s = g.profileOf(x.person.email);
          if (s.weakStep === null) continue;
          const trials = [2, 3, 4, 5, 6].filter((k) => k >= s.weakStep!);
          if (trials.some((k) => x.funnel[k as 2].advanced + x.funnel[k as 2].exited < ENOUGH)) continue;
          weakChecked++;
          expect(x.coachingFocus?.step, `${at} ${x.person.email}, weak at step ${s.weakStep}`).toBe(
            s.weakStep,
          );
        }

        const mt = managerTimeReport(m).managers;
        expect(mt, at).toHaveLength(4);
        for (const x of mt) {
          if (g.profileOf(x.email).sellsTooMuch)
            expect(x.managingShare, `${at} ${x.email}`).toBeLessThan(0.65);
          else expect(x.managingShare, `${at} ${x.email}`).toBeGreaterThanOrEqual(0.7);
        }

        if (asOf.getTime() < m.period.end.getTime()) continue; // the rest is about a finished quarter
        const withQuota = people.filter((p) => p.quadrant !== null);
        const ri = median(withQuota.map((p) => p.resultsIndex!));
        const ei = median(withQuota.map((p) => p.effortIndex!));
        expect(ri, `${at} median resultsIndex`).toBeGreaterThanOrEqual(0.7);
        expect(ri, `${at} median resultsIndex`).toBeLessThanOrEqual(1.2);
        expect(ei, `${at} median effortIndex`).toBeGreaterThanOrEqual(0.7);
        expect(ei, `${at} median effortIndex`).toBeLessThanOrEqual(1.1);
        const pareto = teamReport(m).paretoShare!;
        expect(pareto, at).toBeGreaterThanOrEqual(0.4);
        expect(pareto, at).toBeLessThan(0.9);
        const fit = people
          .filter((p) => p.plan?.lead != null)
          .map((p) => p.entered.lead / p.plan!.lead! / g.profileOf(p.email).work);
        expect(median(fit), at).toBeGreaterThanOrEqual(0.75);
        expect(median(fit), at).toBeLessThanOrEqual(1.33);
      }
    }, 60_000);
  }
});
