/**
 * The demo's generated rows as the pure report code's `MetricsFacts` (no
 * database): what test/demo-calibration.test.ts uses to read many seeds
 * cheaply through the same `computeMetrics` → report functions the report
 * service runs on the database's facts. Activities and next steps are left out
 * (no property of the calibration reads them).
 */
import { type DemoPlan, generateDemo, type SellerProfile } from "../../src/domain/demo.js";
import type { TimeCategory } from "../../src/domain/managers.js";
import { periodRange } from "../../src/domain/periods.js";
import { computeMetrics, type MetricsFacts, type MetricsModel } from "../../src/domain/reports.js";
import { DEFAULT_SETTINGS } from "../../src/domain/settings.js";
import type { DealFacts, StepRow } from "../../src/domain/stepflow.js";
import type { StepNumber } from "../../src/domain/steps.js";

export interface GeneratedDemo {
  plan: DemoPlan;
  /** Every deal with its step rows. */
  deals: DealFacts[];
  /** quota period → person id → amount. */
  quotas: Map<string, Map<string, number>>;
  timeEntries: { personId: string; date: string; category: TimeCategory; minutes: number }[];
  profileOf: (email: string) => SellerProfile;
}

export function generateDemoFacts(opts: { people: number; seed: number; asOf: Date }): GeneratedDemo {
  const plan = generateDemo({ slug: `mem-${opts.seed}`, ...opts });
  const deals: DealFacts[] = [];
  const quotas = new Map<string, Map<string, number>>();
  const timeEntries: GeneratedDemo["timeEntries"] = [];
  for (const b of plan.batches()) {
    const steps = new Map<string, StepRow[]>();
    for (const r of b.dealSteps) {
      const row = { step: r.step as StepNumber, enteredAt: new Date(r.enteredAt) };
      const l = steps.get(r.dealId);
      if (l) l.push(row);
      else steps.set(r.dealId, [row]);
    }
    for (const d of b.deals) {
      deals.push({
        id: d.id,
        ownerId: d.ownerId,
        value: Number(d.value),
        createdAt: new Date(d.createdAt),
        expectedClose: d.expectedClose,
        status: d.status,
        closedAt: d.closedAt === null ? null : new Date(d.closedAt),
        steps: steps.get(d.id) ?? [],
      });
    }
    for (const q of b.quotas) {
      const m = quotas.get(q.period) ?? new Map<string, number>();
      m.set(q.personId, Number(q.amount));
      quotas.set(q.period, m);
    }
    for (const t of b.timeEntries) timeEntries.push(t);
  }
  const byEmail = new Map(plan.people.map((p) => [p.email, p.id]));
  const profile = new Map(plan.sellers.map((x) => [x.personId, x]));
  return { plan, deals, quotas, timeEntries, profileOf: (email) => profile.get(byEmail.get(email)!)! };
}

/** The whole organisation's metrics for a period as of an instant (what `report` computes for the executive). */
export function demoMetrics(g: GeneratedDemo, period: string, asOf: Date): MetricsModel {
  const facts: MetricsFacts = {
    timeZone: g.plan.org.timeZone,
    settings: DEFAULT_SETTINGS,
    people: g.plan.people.map((p) => ({
      id: p.id,
      email: p.email,
      name: p.name,
      role: p.role,
      team: p.team,
      managerId: p.managerId,
    })),
    deals: g.deals,
    quotas: g.quotas.get(period) ?? new Map(),
    activities: new Map(),
    dealsWithNextStep: new Set(),
    timeEntries: g.timeEntries,
  };
  return computeMetrics(facts, { period: periodRange(period, facts.timeZone), asOf });
}
