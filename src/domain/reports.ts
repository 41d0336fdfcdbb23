/**
 * Report assembly: from in-memory facts to the `report --json` objects of
 * interfaces.md (`scorecard`, `quad`, `plan`, `funnel`, `team`, `forecast`,
 * `manager-time`). Pure: no I/O, no clock.
 *
 * ## The facts (what a database layer feeds in)
 *
 * `MetricsFacts` holds, for one organisation, period and asOf:
 * - `people`: every person in scope — the salespeople of the team(s) reported
 *   on (all of a team, since rates are pooled over it), and their managers.
 * - `deals`: the deals owned by those people that can matter, with ALL their
 *   step rows (`DealFacts`). Bounded query: deals created at or before asOf
 *   that are open, or closed after `windowStart`, or have a step row entered
 *   after `windowStart`, where `windowStart = min(period.start, asOf) −
 *   rateWindowDays` (see `factsWindowStart`). Rows after asOf may be included;
 *   they are ignored.
 * - `quotas`: person id → quota amount for the period (absent: no quota).
 * - `agreedPlans` (optional): person id → the agreed `need` per step 1..6.
 * - `activities`: person id → `PersonActivityFacts`, pre-aggregated per person:
 *   activity counts per step and logging timeliness over the rate window
 *   ending at asOf (`atAsOf`) and over the one ending at the period's start
 *   (`atPeriodStart`, for the plan's activity counts), and the active-customer
 *   part of nextStepCoverage. `activityFactsFromRows` defines the aggregation.
 * - `dealsWithNextStep`: ids of deals having an activity scheduled at or
 *   after asOf and not done as of asOf (the deal part of nextStepCoverage).
 * - `timeEntries`, `lastReviewAt` (optional): for `manager-time`.
 */

import { dealStatsFromDeals, emptyDealStats, type PersonDealStats, pipelineFromStats } from "./dealstats.js";
import {
  attainment as attainmentOf,
  effortIndex as effortIndexOf,
  type Quadrant,
  quadrant as quadrantOf,
  resultsIndex as resultsIndexOf,
} from "./efforts.js";
import { AppError } from "./errors.js";
import {
  isReviewOverdue,
  managerRevenueShare,
  managingShare,
  minutesByCategory,
  type TimeCategory,
  type TimeEntryFacts,
} from "./managers.js";
import { elapsed, type Period, type TimeWindow, weeksInPeriod, windowEndingAt } from "./periods.js";
import { byStepKey, type PerStep, perStep } from "./perstep.js";
import { activitiesPerEntry, type EffortPlan, effortPlan, remainingPlan } from "./plan.js";
import {
  type Funnel,
  poolFunnels,
  poolWonStats,
  rawRate,
  smoothedDealSize,
  smoothedRates,
  type WonStats,
} from "./rates.js";
import type { OrgSettings } from "./settings.js";
import type { DealFacts } from "./stepflow.js";
import { type StepKey, stepKey } from "./steps.js";
import { type CoachingFocus, coachingFocus, paretoShare, redWhiteBlue } from "./team.js";
import {
  type ActivityRow,
  type ActivityStats,
  activityStatsFromRows,
  emptyActivityStats,
  isNextStep,
  type Share,
  shareValue,
  usageScore,
} from "./usage.js";
import type { Role } from "./vocabulary.js";

export type { Role } from "./vocabulary.js";

export interface PersonFacts {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** `people.team`; null: not in a team (a salesperson then forms a team of one). */
  team: string | null;
  managerId: string | null;
}

export interface PersonActivityFacts {
  /** Activities done in the rate window ending at asOf. */
  atAsOf: ActivityStats;
  /** Activities done in the rate window ending at the period's start. */
  atPeriodStart: ActivityStats;
  /** Active customers (contacts: customer, active, owned by the person): den; with a next step: num. */
  activeCustomers: Share;
}

export interface MetricsFacts {
  /** IANA time zone of the organisation. */
  timeZone: string;
  settings: OrgSettings;
  people: readonly PersonFacts[];
  deals: readonly DealFacts[];
  quotas: ReadonlyMap<string, number>;
  agreedPlans?: ReadonlyMap<string, PerStep<number>>;
  activities: ReadonlyMap<string, PersonActivityFacts>;
  dealsWithNextStep: ReadonlySet<string>;
  /**
   * Optional: the deal aggregates per person, computed elsewhere (the database:
   * src/db/dealstats.queries.ts). When given, `deals` and `dealsWithNextStep`
   * are not read; otherwise they are aggregated by `dealStatsFromDeals`.
   */
  dealStats?: ReadonlyMap<string, PersonDealStats>;
  timeEntries?: readonly TimeEntryFacts[];
  /** person id → latest review at or before asOf. */
  lastReviewAt?: ReadonlyMap<string, Date>;
}

export interface ReportOptions {
  /** The period in the facts' time zone. */
  period: Period;
  asOf: Date;
  /** Restrict to one team (people.team); default: every salesperson in the facts. */
  team?: string;
}

/** Earliest instant the facts must cover: `min(period.start, asOf) − rateWindowDays`. */
export function factsWindowStart(
  period: Period,
  asOf: Date,
  settings: Pick<OrgSettings, "rateWindowDays">,
): Date {
  const end = Math.min(period.start.getTime(), asOf.getTime());
  return windowEndingAt(new Date(end), settings.rateWindowDays).from;
}

/**
 * Builds one person's `PersonActivityFacts` from raw rows (a reference for the
 * SQL aggregation, and what tests use). `customerContactIds` are the person's
 * active customer contacts; `allRows` are the activities that may reference
 * them (any owner).
 */
export function activityFactsFromRows(args: {
  ownRows: Iterable<ActivityRow>;
  allRows: Iterable<ActivityRow>;
  customerContactIds: Iterable<string>;
  asOf: Date;
  periodStart: Date;
  rateWindowDays: number;
}): PersonActivityFacts {
  const own = [...args.ownRows];
  const covered = new Set<string>();
  for (const a of args.allRows) if (a.contactId && isNextStep(a, args.asOf)) covered.add(a.contactId);
  let num = 0;
  let den = 0;
  for (const c of args.customerContactIds) {
    den++;
    if (covered.has(c)) num++;
  }
  return {
    atAsOf: activityStatsFromRows(own, windowEndingAt(args.asOf, args.rateWindowDays)),
    atPeriodStart: activityStatsFromRows(own, windowEndingAt(args.periodStart, args.rateWindowDays)),
    activeCustomers: { num, den },
  };
}

/** Everything computed for one salesperson (before shaping into report JSON). */
export interface PersonMetrics {
  person: PersonFacts;
  quota: number | null;
  /** Rates and deal size as of asOf (window ending at asOf). */
  rates: PerStep<number>;
  avgDealSize: number;
  funnel: Funnel;
  teamFunnel: Funnel;
  /** The computed plan (rates and deal size as of the period's start); null without quota. */
  plan: EffortPlan | null;
  agreedPlan: PerStep<number> | null;
  /** Entries in the period by asOf. */
  entered: PerStep<number>;
  attainment: PerStep<number | undefined> | null;
  effortIndex: number | null;
  wonRevenue: number;
  pipelineExpected: number;
  resultsIndex: number | null;
  quadrant: Quadrant | null;
  coachingFocus: CoachingFocus | null;
  nextStepCoverage: number | null;
  processCompliance: number | null;
  loggingTimeliness: number | null;
  usageScore: number | null;
  /** The remaining plan as of asOf; null without quota. */
  remainingPlan: EffortPlan | null;
  /** Funnel of the period's cohort: entries in the period by asOf and their outcome. */
  periodFunnel: Funnel;
}

export interface MetricsModel {
  period: Period;
  asOf: Date;
  elapsed: number;
  people: PersonMetrics[];
  /** The facts' managers in scope. */
  managers: PersonFacts[];
  facts: MetricsFacts;
  /** Deal aggregates per person (every person with deals in the facts). */
  dealStats: ReadonlyMap<string, PersonDealStats>;
}

function teamKey(p: PersonFacts): string {
  return p.team == null ? `\u0000${p.id}` : `team:${p.team}`;
}

/** The facts' deal aggregates: given, or computed from the deals. */
function dealStatsFor(
  facts: MetricsFacts,
  a: { period: Period; asOf: Date; winNow: TimeWindow; winStart: TimeWindow },
): ReadonlyMap<string, PersonDealStats> {
  if (facts.dealStats) return facts.dealStats;
  return dealStatsFromDeals(facts.deals, { ...a, dealsWithNextStep: facts.dealsWithNextStep });
}

/** Computes every per-salesperson figure once; the report functions shape it. */
export function computeMetrics(facts: MetricsFacts, opts: ReportOptions): MetricsModel {
  const { settings } = facts;
  const { period, asOf } = opts;
  if (period.timeZone !== facts.timeZone) {
    throw new AppError(
      "validation_failed",
      `period ${period.key} is placed in ${period.timeZone}, the facts in ${facts.timeZone}`,
    );
  }
  if (Number.isNaN(asOf.getTime())) throw new AppError("validation_failed", "asOf is not a valid instant");
  const winNow = windowEndingAt(asOf, settings.rateWindowDays);
  const planAt = period.start;
  const winStart: TimeWindow = windowEndingAt(planAt, settings.rateWindowDays);
  const frac = elapsed(period, asOf);
  const weeks = weeksInPeriod(period);

  const salespeople = facts.people.filter((p) => p.role === "salesperson");
  const stats = dealStatsFor(facts, { period, asOf, winNow, winStart });
  const statsOf = (id: string) => stats.get(id) ?? emptyDealStats();

  interface Base {
    p: PersonFacts;
    st: PersonDealStats;
    funnelNow: Funnel;
    funnelStart: Funnel;
    wonNow: WonStats;
    wonStart: WonStats;
  }
  const base = new Map<string, Base>();
  for (const p of salespeople) {
    const st = statsOf(p.id);
    base.set(p.id, {
      p,
      st,
      funnelNow: st.funnelNow,
      funnelStart: st.funnelStart,
      wonNow: st.wonNow,
      wonStart: st.wonStart,
    });
  }
  const teams = new Map<string, Base[]>();
  for (const b of base.values()) {
    const k = teamKey(b.p);
    const l = teams.get(k);
    if (l) l.push(b);
    else teams.set(k, [b]);
  }

  const inScope = salespeople
    .filter((p) => opts.team === undefined || p.team === opts.team)
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));

  const people: PersonMetrics[] = inScope.map((p) => {
    const b = base.get(p.id)!;
    const mates = teams.get(teamKey(p))!;
    const teamFunnel = poolFunnels(mates.map((m) => m.funnelNow));
    const teamFunnelStart = poolFunnels(mates.map((m) => m.funnelStart));
    const rates = smoothedRates(b.funnelNow, teamFunnel, settings);
    const avgDealSize = smoothedDealSize(b.wonNow, poolWonStats(mates.map((m) => m.wonNow)), settings);
    const ratesStart = smoothedRates(b.funnelStart, teamFunnelStart, settings);
    const avgStart = smoothedDealSize(b.wonStart, poolWonStats(mates.map((m) => m.wonStart)), settings);
    const act = facts.activities.get(p.id) ?? {
      atAsOf: emptyActivityStats(),
      atPeriodStart: emptyActivityStats(),
      activeCustomers: { num: 0, den: 0 },
    };
    const rawQuota = facts.quotas.get(p.id);
    const quota = rawQuota === undefined ? null : rawQuota;
    const plan = effortPlan({
      quota,
      rates: ratesStart,
      avgDealSize: avgStart,
      weeksInPeriod: weeks,
      activitiesPerEntry: activitiesPerEntry(act.atPeriodStart.doneByStep, b.funnelStart),
    });
    const agreedPlan = plan ? (facts.agreedPlans?.get(p.id) ?? null) : null;
    const measuredPlan: PerStep<number | null> | null = agreedPlan ?? plan?.need ?? null;
    const entered = b.st.entered;
    const att = measuredPlan ? attainmentOf(entered, measuredPlan, frac) : null;
    const effortIndex = att ? effortIndexOf(att) : null;
    const wonRevenue = b.st.wonRevenue;
    const pipeline = pipelineFromStats(b.st, period, asOf, rates);
    const resultsIndex = plan ? resultsIndexOf(wonRevenue, pipeline, quota) : null;
    const nextStepCoverage = shareValue({
      num: b.st.openDeals.num + act.activeCustomers.num,
      den: b.st.openDeals.den + act.activeCustomers.den,
    });
    const processCompliance = shareValue(b.st.compliance);
    const loggingTimeliness = shareValue(act.atAsOf.timeliness);
    return {
      person: p,
      quota,
      rates,
      avgDealSize,
      funnel: b.funnelNow,
      teamFunnel,
      plan,
      agreedPlan,
      entered,
      attainment: att,
      effortIndex,
      wonRevenue,
      pipelineExpected: pipeline,
      resultsIndex,
      quadrant: quadrantOf(effortIndex, resultsIndex, settings),
      coachingFocus: coachingFocus(b.funnelNow, teamFunnel, settings),
      nextStepCoverage,
      processCompliance,
      loggingTimeliness,
      usageScore: usageScore([nextStepCoverage, processCompliance, loggingTimeliness]),
      remainingPlan: remainingPlan({
        quota,
        wonRevenue,
        pipelineExpected: pipeline,
        rates,
        avgDealSize,
        weeksInPeriod: weeks,
      }),
      periodFunnel: b.st.periodFunnel,
    };
  });

  const managers = facts.people
    .filter((p) => p.role === "manager" && (opts.team === undefined || p.team === opts.team))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return { period, asOf, elapsed: frac, people, managers, facts, dealStats: stats };
}

/** ISO 8601 in UTC, without milliseconds when they are 0 (`2026-09-01T00:00:00Z`). */
export function formatInstant(d: Date): string {
  const s = d.toISOString();
  return s.endsWith(".000Z") ? `${s.slice(0, -5)}Z` : s;
}

type ByStep<T> = Partial<Record<StepKey, T>>;
const keyed = <T>(v: PerStep<T | undefined>): ByStep<T> => byStepKey(v);

export interface ScorecardPerson {
  email: string;
  name: string;
  quota: number | null;
  plan: ByStep<number | null> | null;
  agreedPlan: ByStep<number> | null;
  entered: ByStep<number>;
  attainment: ByStep<number> | null;
  effortIndex: number | null;
  wonRevenue: number;
  pipelineExpected: number;
  resultsIndex: number | null;
  quadrant: Quadrant | null;
  rates: ByStep<number>;
  avgDealSize: number;
  coachingFocus: StepKey | null;
  nextStepCoverage: number | null;
  processCompliance: number | null;
  loggingTimeliness: number | null;
  usageScore: number | null;
}

export interface ScorecardReport {
  period: string;
  asOf: string;
  people: ScorecardPerson[];
}

export function scorecardReport(m: MetricsModel): ScorecardReport {
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    people: m.people.map((x) => ({
      email: x.person.email,
      name: x.person.name,
      quota: x.quota,
      plan: x.plan ? keyed(x.plan.need) : null,
      agreedPlan: x.agreedPlan ? keyed(x.agreedPlan) : null,
      entered: keyed(x.entered),
      attainment: x.attainment ? keyed(x.attainment) : null,
      effortIndex: x.effortIndex,
      wonRevenue: x.wonRevenue,
      pipelineExpected: x.pipelineExpected,
      resultsIndex: x.resultsIndex,
      quadrant: x.quadrant,
      rates: keyed(x.rates),
      avgDealSize: x.avgDealSize,
      coachingFocus: x.coachingFocus ? stepKey(x.coachingFocus.step) : null,
      nextStepCoverage: x.nextStepCoverage,
      processCompliance: x.processCompliance,
      loggingTimeliness: x.loggingTimeliness,
      usageScore: x.usageScore,
    })),
  };
}

export interface QuadReport {
  period: string;
  asOf: string;
  people: {
    email: string;
    effortIndex: number | null;
    resultsIndex: number | null;
    quadrant: Quadrant | null;
  }[];
}

export function quadReport(m: MetricsModel): QuadReport {
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    people: m.people.map((x) => ({
      email: x.person.email,
      effortIndex: x.effortIndex,
      resultsIndex: x.resultsIndex,
      quadrant: x.quadrant,
    })),
  };
}

export interface PlanPerson {
  email: string;
  quota: number;
  avgDealSize: number;
  wins: number;
  need: ByStep<number | null>;
  perWeek: ByStep<number | null>;
  /** Activity counts per step where the salesperson has history (an addition to interfaces.md). */
  activities: ByStep<number> | null;
  /** Additions to interfaces.md — pacing through the period, as of asOf: */
  /** the agreed plan's step entries when the manager agreed one, else null (then `need` is measured). */
  agreed: ByStep<number | null> | null;
  /** step entries made in the period by asOf. */
  entered: ByStep<number>;
  /** where the measured plan (agreed, else computed) should be by now: need × elapsed. */
  pace: ByStep<number | null>;
  /** the remaining plan: entries still needed for the quota left after won revenue and the expected pipeline. */
  remaining: ByStep<number | null>;
}

export interface PlanReport {
  period: string;
  /** Additions: the instant the pacing is measured at and the share of the period elapsed then. */
  asOf: string;
  elapsed: number;
  people: PlanPerson[];
}

/** The computed plan (as of the period's start) of every salesperson with a quota. */
export function planReport(m: MetricsModel): PlanReport {
  const people: PlanPerson[] = [];
  for (const x of m.people) {
    if (!x.plan) continue;
    people.push({
      email: x.person.email,
      quota: x.plan.quota,
      avgDealSize: x.plan.avgDealSize,
      wins: x.plan.wins,
      need: keyed(x.plan.need),
      perWeek: keyed(x.plan.perWeek),
      activities: x.plan.activities ? keyed(x.plan.activities) : null,
      agreed: x.agreedPlan ? keyed(x.agreedPlan) : null,
      entered: keyed(x.entered),
      pace: keyed(
        perStep((s) => {
          const n = (x.agreedPlan ?? x.plan?.need)?.[s];
          return n == null ? null : n * m.elapsed;
        }),
      ),
      remaining: keyed(x.remainingPlan?.need ?? perStep(() => null)),
    });
  }
  return { period: m.period.key, asOf: formatInstant(m.asOf), elapsed: m.elapsed, people };
}

export interface FunnelStepJson {
  entered: number;
  advanced: number;
  exited: number;
  rate: number | null;
}

export interface FunnelReport {
  period: string;
  asOf: string;
  team: ByStep<FunnelStepJson>;
  people: { email: string; steps: ByStep<FunnelStepJson> }[];
}

function funnelJson(f: Funnel): ByStep<FunnelStepJson> {
  return keyed(perStep((s) => ({ ...f[s], rate: rawRate(f[s]) })));
}

/**
 * The period's cohort: deals that entered each step in the period (by asOf),
 * how many of them advanced or exited by asOf, and the raw rate; the team is
 * pooled over the salespeople in the report.
 */
export function funnelReport(m: MetricsModel): FunnelReport {
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    team: funnelJson(poolFunnels(m.people.map((x) => x.periodFunnel))),
    people: m.people.map((x) => ({ email: x.person.email, steps: funnelJson(x.periodFunnel) })),
  };
}

export interface TeamReport {
  period: string;
  asOf: string;
  paretoShare: number | null;
  groups: { red: string[]; white: string[]; blue: string[] };
}

export function teamReport(m: MetricsModel): TeamReport {
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    paretoShare: paretoShare(m.people.map((x) => x.wonRevenue)),
    groups: redWhiteBlue(
      m.people.map((x) => ({
        id: x.person.email,
        name: x.person.name,
        wonRevenue: x.wonRevenue,
        resultsIndex: x.resultsIndex,
      })),
    ),
  };
}

export interface ForecastReport {
  period: string;
  asOf: string;
  people: {
    email: string;
    quota: number | null;
    wonRevenue: number;
    pipelineExpected: number;
    projected: number;
  }[];
}

/** `projected = wonRevenue + pipelineExpected`. */
export function forecastReport(m: MetricsModel): ForecastReport {
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    people: m.people.map((x) => ({
      email: x.person.email,
      quota: x.quota,
      wonRevenue: x.wonRevenue,
      pipelineExpected: x.pipelineExpected,
      projected: x.wonRevenue + x.pipelineExpected,
    })),
  };
}

export interface ManagerTimeReport {
  period: string;
  managers: {
    email: string;
    directReports: number;
    minutes: Record<TimeCategory, number>;
    managingShare: number | null;
    managerRevenueShare: number | null;
    reviewCompliance: number | null;
  }[];
}

/**
 * Per manager: minutes per category in the period, managingShare, the share
 * of the team's revenue won on the manager's own deals (team: the salespeople
 * with the manager's `team` name, or the manager's direct salespeople when the
 * manager has no team name), and reviewCompliance over all direct reports.
 */
export function managerTimeReport(m: MetricsModel): ManagerTimeReport {
  const { facts, period, asOf } = m;
  const cadence = facts.settings.reviewCadenceDays;
  const wonOf = (id: string) => m.dealStats.get(id)?.wonRevenue ?? 0;
  const index = peopleIndex(facts.people);
  const entriesOf = groupBy(facts.timeEntries ?? [], (e) => e.personId);
  return {
    period: period.key,
    managers: m.managers.map((mgr) => {
      const reports = index.reportsOf(mgr.id);
      const teamSellers = index.teamSellers(mgr);
      const minutes = minutesByCategory(entriesOf.get(mgr.id) ?? [], period);
      const own = wonOf(mgr.id);
      const teamWon = teamSellers.reduce((a, p) => a + wonOf(p.id), own);
      const overdue = reports.map((r) =>
        isReviewOverdue(facts.lastReviewAt?.get(r.id) ?? null, asOf, cadence),
      );
      return {
        email: mgr.email,
        directReports: reports.length,
        minutes,
        managingShare: managingShare(minutes),
        managerRevenueShare: managerRevenueShare(own, teamWon),
        reviewCompliance: reports.length > 0 ? overdue.filter((o) => !o).length / reports.length : null,
      };
    }),
  };
}

/** Items grouped by a key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (x: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    if (k == null) continue;
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * Each manager's direct reports and team — the salespeople with the manager's
 * `team` name, or the manager's direct salespeople when the manager has no team
 * name — from one pass over the people: per-manager scans were 555 × 5,000 at 5,000 people
 * (~2.6 s of the Managers screen; issue 14).
 */
function peopleIndex(people: readonly PersonFacts[]) {
  const byManager = groupBy(people, (p) => p.managerId);
  const sellers = people.filter((p) => p.role === "salesperson");
  const sellersByTeam = groupBy(sellers, (p) => p.team);
  const sellersByManager = groupBy(sellers, (p) => p.managerId);
  return {
    reportsOf: (id: string): PersonFacts[] => byManager.get(id) ?? [],
    teamSellers: (mgr: PersonFacts): PersonFacts[] =>
      (mgr.team != null ? sellersByTeam.get(mgr.team) : sellersByManager.get(mgr.id)) ?? [],
  };
}

export interface ManagersOverview {
  period: string;
  asOf: string;
  managingShareTarget: number;
  managers: {
    id: string;
    email: string;
    name: string;
    team: string | null;
    directReports: number;
    managingShare: number | null;
    reviewCompliance: number | null;
    /** Salespeople in the manager's team (`peopleIndex`'s teamSellers). */
    salespeople: number;
    /** Sum of the team's quotas for the period (people without quota add nothing). */
    quota: number;
    wonRevenue: number;
    pipelineExpected: number;
    /** won / quota; null without quota. */
    wonShareOfQuota: number | null;
    /** (won + pipelineExpected) / quota: the team's resultsIndex pooled; null without quota. */
    projectedShareOfQuota: number | null;
    paretoShare: number | null;
    /** How many of the team's salespeople are in each quadrant (noQuota: no quadrant). */
    quads: { Q1: number; Q2: number; Q3: number; Q4: number; noQuota: number };
  }[];
}

/**
 * The executive's view of each manager: the manager-time figures with their
 * team's results against quota, Pareto share and quad distribution. Only
 * sums and counts of the figures computed per salesperson: no new formula.
 */
export function managersOverview(m: MetricsModel): ManagersOverview {
  const time = new Map(managerTimeReport(m).managers.map((x) => [x.email, x]));
  const byId = new Map(m.people.map((x) => [x.person.id, x]));
  const index = peopleIndex(m.facts.people);
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    managingShareTarget: m.facts.settings.managingShareTarget,
    managers: m.managers.map((mgr) => {
      const team = index.teamSellers(mgr).flatMap((p) => byId.get(p.id) ?? []);
      const quota = team.reduce((a, x) => a + (x.quota ?? 0), 0);
      const won = team.reduce((a, x) => a + x.wonRevenue, 0);
      const pipe = team.reduce((a, x) => a + x.pipelineExpected, 0);
      const quads = { Q1: 0, Q2: 0, Q3: 0, Q4: 0, noQuota: 0 };
      for (const x of team) quads[x.quadrant ?? "noQuota"] += 1;
      const t = time.get(mgr.email)!;
      return {
        id: mgr.id,
        email: mgr.email,
        name: mgr.name,
        team: mgr.team,
        directReports: t.directReports,
        managingShare: t.managingShare,
        reviewCompliance: t.reviewCompliance,
        salespeople: team.length,
        quota,
        wonRevenue: won,
        pipelineExpected: pipe,
        wonShareOfQuota: quota > 0 ? won / quota : null,
        projectedShareOfQuota: quota > 0 ? (won + pipe) / quota : null,
        paretoShare: paretoShare(team.map((x) => x.wonRevenue)),
        quads,
      };
    }),
  };
}
