/**
 * Reports and the figures behind them (metrics.md, interfaces.md): scorecard,
 * quad, plan, funnel, team, forecast, manager-time, plus usage and the
 * early-warning list; quotas and agreed plans.
 *
 * Visibility: a report covers the people the actor can see (a salesperson:
 * themself; a manager: their reporting line; an executive or admin: the whole
 * organisation), optionally narrowed to one team. Figures that are pooled over
 * a team (the priors of the smoothed rates and deal size) are computed over the
 * whole team even when only one person is shown — only aggregates of
 * colleagues are used, never shown individually.
 */

import type { DealStatsScope } from "../db/dealstats.queries.js";
import {
  type AgreedPlanRow,
  agreedPlanVersions,
  insertAgreedPlan,
  loadMetricsFacts,
  type OrgPerson,
  orgPeople,
  quotasFor,
  teamExists,
  upsertQuota,
} from "../db/metrics.queries.js";
import { getOrganisation, orgSteps } from "../db/orgs.queries.js";
import { weeklyEntries } from "../db/person.queries.js";
import { writeAudit } from "../db/records.queries.js";
import { AppError } from "../domain/errors.js";
import {
  type AsOf,
  type Period,
  type PeriodKey,
  periodKey,
  periodRange,
  periodWeek,
  placeReportTime,
  weeksInPeriod,
} from "../domain/periods.js";
import { byStepKey, FUNNEL_STEPS, type PerStep, perStep } from "../domain/perstep.js";
import { rawRate } from "../domain/rates.js";
import { REPORT_KINDS, type ReportKind } from "../domain/report-kinds.js";
import {
  computeMetrics,
  forecastReport,
  formatInstant,
  funnelReport,
  type ManagersOverview,
  type MetricsModel,
  managersOverview,
  managerTimeReport,
  planReport,
  quadReport,
  type ScorecardPerson,
  scorecardReport,
  teamReport,
} from "../domain/reports.js";
import { type OrgSettings, resolveSettings } from "../domain/settings.js";
import { STEP_KEYS, type StepKey, stepKey } from "../domain/steps.js";
import type { Role } from "../domain/vocabulary.js";
import { type Actor, type Ctx, requireRole, requireWrite } from "./context.js";
import { visibleOwnerIds } from "./visibility.js";

export { REPORT_KINDS, type ReportKind };

/** A report's period and as-of, parsed at the edge (`reportTime` in domain/periods.ts). */
export interface ReportParams {
  period: PeriodKey;
  /** An instant or a local date (its start in the organisation's zone); default now. */
  asOf?: AsOf;
  /** Only people with this `people.team`. */
  team?: string;
  /** early-warning: effortIndex below this (default: the effortThreshold setting). */
  threshold?: number;
  /** Clock for the default asOf (tests). */
  now?: Date;
}

/** A system actor over the whole organisation (the CLI). */
export function systemActor(orgId: string): Actor {
  return { orgId, personId: "", email: "", name: "system", role: "admin", scope: "write", via: "system" };
}

interface OrgContext {
  timeZone: string;
  settings: OrgSettings;
  currency: string;
  people: OrgPerson[];
}

/**
 * The organisation's settings and active people. With `near` (the ids the
 * actor can see), only those people, everybody sharing a team with one of
 * them and their direct reports: all that `factsPeople` can reach from people
 * in `near` (a report by a manager of 8 then reads ~10 people, not 5,000).
 */
async function orgContext(ctx: Ctx, near: readonly string[] | null = null): Promise<OrgContext> {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  const people = (await orgPeople(ctx.db, ctx.actor.orgId, near)).filter((p) => p.active);
  return { timeZone: org.timeZone, settings: resolveSettings(org.settings), currency: org.currency, people };
}

/**
 * The people a report needs facts for, given the people shown: their whole
 * teams (pooled priors), and for managers their direct reports (review
 * compliance) and their team's salespeople (revenue share).
 */
function factsPeople(all: OrgPerson[], shown: OrgPerson[]): OrgPerson[] {
  // Indexed by team and by manager: linear in the organisation (the nested scans were
  // quadratic: ~0.7 s for an organisation-wide report at 5,000 people).
  const salesByTeam = new Map<string, OrgPerson[]>();
  const byManager = new Map<string, OrgPerson[]>();
  for (const q of all) {
    if (q.role === "salesperson" && q.team != null) {
      const t = salesByTeam.get(q.team);
      if (t) t.push(q);
      else salesByTeam.set(q.team, [q]);
    }
    if (q.managerId != null) {
      const m = byManager.get(q.managerId);
      if (m) m.push(q);
      else byManager.set(q.managerId, [q]);
    }
  }
  const ids = new Set(shown.map((p) => p.id));
  const teamsAdded = new Set<string>();
  const addTeam = (team: string) => {
    if (teamsAdded.has(team)) return;
    teamsAdded.add(team);
    for (const q of salesByTeam.get(team) ?? []) ids.add(q.id);
  };
  for (const p of shown) {
    if (p.role === "salesperson" && p.team != null) addTeam(p.team);
    if (p.role === "manager") {
      // Direct reports (review compliance); the team's salespeople (revenue share) —
      // without a team, the salespeople reporting to them, already added.
      for (const q of byManager.get(p.id) ?? []) ids.add(q.id);
      if (p.team != null) addTeam(p.team);
    }
  }
  // Salespeople added for a manager bring their own teams' priors along too.
  for (const q of all) {
    if (ids.has(q.id) && q.role === "salesperson" && q.team != null) addTeam(q.team);
  }
  return all.filter((p) => ids.has(p.id));
}

interface Scoped {
  org: OrgContext;
  period: Period;
  asOf: Date;
  model: MetricsModel;
}

/** Computes the metrics of `shown` (people of the org), with the facts they need. */
async function modelFor(
  ctx: Ctx,
  org: OrgContext,
  period: Period,
  asOf: Date,
  shown: OrgPerson[],
  scope: DealStatsScope = "full",
): Promise<MetricsModel> {
  const people = factsPeople(org.people, shown);
  const facts = await loadMetricsFacts(ctx.db, {
    orgId: ctx.actor.orgId,
    timeZone: org.timeZone,
    settings: org.settings,
    period,
    asOf,
    people,
    scope,
  });
  const model = computeMetrics(facts, { period, asOf });
  const ids = new Set(shown.map((p) => p.id));
  return {
    ...model,
    people: model.people.filter((x) => ids.has(x.person.id)),
    managers: model.managers.filter((m) => ids.has(m.id)),
  };
}

/**
 * Reports that show only efforts, results and plans' needs: their facts leave
 * out activities, next-step coverage, process compliance and the period's
 * cohort (the `lean` scope of loadMetricsFacts), which an organisation-wide
 * report would otherwise read from every deal and activity.
 */
const LEAN_REPORTS: ReadonlySet<ReportKind> = new Set(["quad", "team", "forecast", "early-warning"]);

async function scoped(ctx: Ctx, params: ReportParams, scope: DealStatsScope): Promise<Scoped> {
  const visible = await visibleOwnerIds(ctx.db, ctx.actor);
  const org = await orgContext(ctx, visible);
  const { period, asOf } = placeReportTime(params, org.timeZone, params.now ?? new Date());
  const team = params.team?.trim() || undefined;
  if (team !== undefined && !(await teamExists(ctx.db, ctx.actor.orgId, team))) {
    throw new AppError("validation_failed", `unknown team "${team}"`, [
      { path: "team", message: "no person has this team", value: team },
    ]);
  }
  const vis = visible === null ? null : new Set(visible);
  const shown = org.people.filter(
    (p) => (vis === null || vis.has(p.id)) && (team === undefined || p.team === team),
  );
  return { org, period, asOf, model: await modelFor(ctx, org, period, asOf, shown, scope) };
}

export interface UsageReport {
  period: string;
  asOf: string;
  target: number;
  people: {
    email: string;
    name: string;
    nextStepCoverage: number | null;
    processCompliance: number | null;
    loggingTimeliness: number | null;
    usageScore: number | null;
    meetsTarget: boolean | null;
  }[];
}

function usageReport(m: MetricsModel): UsageReport {
  const target = m.facts.settings.usageTarget;
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    target,
    people: m.people.map((x) => ({
      email: x.person.email,
      name: x.person.name,
      nextStepCoverage: x.nextStepCoverage,
      processCompliance: x.processCompliance,
      loggingTimeliness: x.loggingTimeliness,
      usageScore: x.usageScore,
      meetsTarget: x.usageScore === null ? null : x.usageScore >= target,
    })),
  };
}

/** Early in a period (elapsed ≤ this), low efforts are flagged while there is time to act. */
export const EARLY_WARNING_MAX_ELAPSED = 0.6;

export interface EarlyWarningReport {
  period: string;
  asOf: string;
  elapsed: number;
  threshold: number;
  /** Whether the period is early enough for warnings (0 < elapsed ≤ 0.6). */
  active: boolean;
  people: {
    email: string;
    name: string;
    effortIndex: number;
    quadrant: string | null;
    /** Steps furthest behind first: attainment below 1. */
    behind: { step: StepKey; attainment: number }[];
  }[];
}

function earlyWarningReport(m: MetricsModel, threshold: number): EarlyWarningReport {
  const active = m.elapsed > 0 && m.elapsed <= EARLY_WARNING_MAX_ELAPSED;
  const people: EarlyWarningReport["people"] = [];
  if (active) {
    for (const x of m.people) {
      if (x.effortIndex === null || x.effortIndex >= threshold) continue;
      const behind = FUNNEL_STEPS.flatMap((s) => {
        const a = x.attainment?.[s];
        return a !== undefined && a < 1 ? [{ step: stepKey(s), attainment: a }] : [];
      }).sort((a, b) => a.attainment - b.attainment);
      people.push({
        email: x.person.email,
        name: x.person.name,
        effortIndex: x.effortIndex,
        quadrant: x.quadrant,
        behind,
      });
    }
  }
  return {
    period: m.period.key,
    asOf: formatInstant(m.asOf),
    elapsed: m.elapsed,
    threshold,
    active,
    people,
  };
}

function checkThreshold(params: ReportParams): void {
  if (params.threshold !== undefined && !(params.threshold >= 0 && params.threshold <= 10)) {
    throw new AppError("validation_failed", "threshold must be a number between 0 and 10", [
      { path: "threshold", message: "expected 0..10", value: params.threshold },
    ]);
  }
}

/** One report as the JSON object of interfaces.md (usage and early-warning are additions). */
export async function report(ctx: Ctx, kind: ReportKind, params: ReportParams): Promise<object> {
  if (!REPORT_KINDS.includes(kind)) {
    throw new AppError("validation_failed", `unknown report "${kind}"`, [
      { path: "kind", message: `expected one of ${REPORT_KINDS.join(", ")}`, value: kind },
    ]);
  }
  checkThreshold(params);
  const { model, org } = await scoped(ctx, params, LEAN_REPORTS.has(kind) ? "lean" : "full");
  switch (kind) {
    case "scorecard":
      return scorecardReport(model);
    case "quad":
      return quadReport(model);
    case "plan":
      return planReport(model);
    case "funnel":
      return funnelReport(model);
    case "team":
      return teamReport(model);
    case "forecast":
      return forecastReport(model);
    case "manager-time":
      return managerTimeReport(model);
    case "usage":
      return usageReport(model);
    case "early-warning":
      return earlyWarningReport(model, params.threshold ?? org.settings.effortThreshold);
  }
}

/**
 * The Managers screen: each manager the actor can see, with their team's figures.
 * Lean facts: it shows results, quads, managing share and review compliance — no
 * activity, next-step or compliance figure (an organisation-wide read of 8 M
 * activities at 5,000 people otherwise; issue 14).
 */
export async function managersReport(ctx: Ctx, params: ReportParams): Promise<ManagersOverview> {
  const { model } = await scoped(ctx, params, "lean");
  return managersOverview(model);
}

/** Everything the Team screen shows, from one load of the facts (`teamScreen`). */
export interface TeamScreen {
  scorecard: ReturnType<typeof scorecardReport>;
  team: ReturnType<typeof teamReport>;
  earlyWarning: EarlyWarningReport;
  managerTime: ReturnType<typeof managerTimeReport>;
}

/**
 * The Team screen's reports — scorecard, team, early-warning, manager-time — each
 * exactly as `report` gives it, computed from one load of the (full) facts instead
 * of four (two of them full): one request, one visibility check, one as-of.
 */
export async function teamScreen(ctx: Ctx, params: ReportParams): Promise<TeamScreen> {
  checkThreshold(params);
  const { model, org } = await scoped(ctx, params, "full");
  return {
    scorecard: scorecardReport(model),
    team: teamReport(model),
    earlyWarning: earlyWarningReport(model, params.threshold ?? org.settings.effortThreshold),
    managerTime: managerTimeReport(model),
  };
}

/**
 * My week's figures — the plan (with pacing), usage and the quad row — each
 * exactly as `report` gives it, from one load of the facts instead of three.
 */
export async function myWeekReports(ctx: Ctx, params: ReportParams) {
  const { model } = await scoped(ctx, params, "full");
  return { plan: planReport(model), usage: usageReport(model), quad: quadReport(model) };
}

interface FunnelSide {
  advanced: number;
  exited: number;
  /** advanced / (advanced + exited); null with nothing resolved. */
  rate: number | null;
}

export interface PersonProfile {
  person: {
    id: string;
    email: string;
    name: string;
    role: Role;
    team: string | null;
    managerId: string | null;
  };
  period: string;
  asOf: string;
  elapsed: number;
  /** The person's scorecard row (null for somebody who is not a salesperson). */
  scorecard: ScorecardPerson | null;
  /** Per step, over the rate window ending at asOf: the person's and the team's raw counts and rates, and the person's smoothed rate. */
  funnel: Partial<Record<StepKey, { own: FunnelSide; team: FunnelSide; smoothed: number }>>;
  /** The coaching focus with its evidence, or null. */
  coachingFocus: {
    step: StepKey;
    rate: number;
    trials: number;
    teamRate: number;
    teamTrials: number;
    ratio: number;
  } | null;
  /**
   * Step entries per week of the period (week 1 = the period's first 7 days), by asOf;
   * `begun`: how many of those weeks had begun by asOf (the later ones have no figures yet).
   */
  weekly: { weeks: number; begun: number; entries: Partial<Record<StepKey, number[]>> };
}

const side = (c: { advanced: number; exited: number }): FunnelSide => ({
  advanced: c.advanced,
  exited: c.exited,
  rate: rawRate({ entered: 0, ...c }),
});

/** The Person screen's figures: scorecard row, funnel against the team, coaching evidence, weekly entries. */
export async function personProfile(
  ctx: Ctx,
  personId: string,
  params: { period: PeriodKey; asOf?: AsOf; now?: Date },
): Promise<PersonProfile> {
  const org = await orgContext(ctx);
  const { period, asOf } = placeReportTime(params, org.timeZone, params.now ?? new Date());
  const person = await visiblePerson(ctx, org, personId);
  const model = await modelFor(ctx, org, period, asOf, [person]);
  const x = model.people[0] ?? null;
  const weeks = Math.ceil(weeksInPeriod(period));
  // Weeks begun by asOf: up to and including the one containing it.
  const begun = Math.max(0, Math.min(weeks, periodWeek(period, asOf).index + 1));
  const entries: Partial<Record<StepKey, number[]>> = {};
  for (const s of FUNNEL_STEPS) entries[stepKey(s)] = Array.from({ length: weeks }, () => 0);
  if (person.role === "salesperson") {
    for (const r of await weeklyEntries(ctx.db, { orgId: ctx.actor.orgId, personId, period, asOf })) {
      const row = entries[stepKey(r.step)];
      if (row && r.week >= 0 && r.week < weeks) row[r.week] += r.n;
    }
  }
  const funnel: PersonProfile["funnel"] = {};
  if (x) {
    for (const s of FUNNEL_STEPS) {
      funnel[stepKey(s)] = { own: side(x.funnel[s]), team: side(x.teamFunnel[s]), smoothed: x.rates[s] };
    }
  }
  const cf = x?.coachingFocus ?? null;
  return {
    person: {
      id: person.id,
      email: person.email,
      name: person.name,
      role: person.role as Role,
      team: person.team,
      managerId: person.managerId,
    },
    period: period.key,
    asOf: formatInstant(asOf),
    elapsed: model.elapsed,
    scorecard: x ? (scorecardReport({ ...model, people: [x] }).people[0] ?? null) : null,
    funnel,
    coachingFocus: cf ? { ...cf, step: stepKey(cf.step) } : null,
    weekly: { weeks, begun, entries },
  };
}

/** The organisation's names of the steps (for tables). */
export async function stepNames(ctx: Ctx): Promise<Record<StepKey, string>> {
  const r = await orgSteps(ctx.db, ctx.actor.orgId);
  const out = {} as Record<StepKey, string>;
  for (const k of STEP_KEYS) out[k] = k;
  for (const s of r) out[s.key as StepKey] = s.name;
  return out;
}

/** The person, if the actor may see them; not_found otherwise (as for records). */
async function visiblePerson(ctx: Ctx, org: OrgContext, personId: string): Promise<OrgPerson> {
  const p = org.people.find((x) => x.id === personId);
  const visible = await visibleOwnerIds(ctx.db, ctx.actor);
  if (!p || (visible !== null && !visible.includes(p.id))) {
    throw new AppError("not_found", `No person ${personId}.`);
  }
  return p;
}

/** Managers set the quotas of their reporting line (not their own); executives and admins anybody's. */
function requireLineWriter(ctx: Ctx, person: OrgPerson, what: string): void {
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "manager", "executive", "admin");
  if (ctx.actor.role === "manager" && person.id === ctx.actor.personId) {
    throw new AppError("forbidden", `Your own ${what} is set by your manager.`);
  }
}

export interface QuotaJson {
  personId: string;
  email: string;
  period: string;
  amount: number;
}

export async function setQuota(
  ctx: Ctx,
  input: { personId: string; period: string; amount: number },
): Promise<QuotaJson & { previous: number | null }> {
  const org = await orgContext(ctx);
  // Periods are stored in their canonical key (`2026-Q3`, `2026-07`).
  const period = periodKey(input.period);
  if (!Number.isFinite(input.amount) || input.amount < 0) {
    throw new AppError("validation_failed", "amount must be a number ≥ 0", [
      { path: "amount", message: "expected a number ≥ 0", value: input.amount },
    ]);
  }
  const person = await visiblePerson(ctx, org, input.personId);
  requireLineWriter(ctx, person, "quota");
  return ctx.db.transaction(async (tx) => {
    const previous = await upsertQuota(tx, ctx.actor.orgId, person.id, period.key, input.amount);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "quota",
      entityId: `${person.id}/${period.key}`,
      action: previous === null ? "create" : "update",
      before: previous === null ? null : { amount: previous },
      after: { amount: input.amount },
    });
    return { personId: person.id, email: person.email, period: period.key, amount: input.amount, previous };
  });
}

/**
 * Sets many quotas at once (the quota grid, a block pasted from a spreadsheet):
 * every row is checked first — a row naming a person the actor cannot see or
 * may not set is an error naming that row — then all are written in one
 * transaction, so nothing is half-written.
 */
export async function setQuotas(
  ctx: Ctx,
  input: { personId: string; period: string; amount: number }[],
): Promise<QuotaJson[]> {
  const org = await orgContext(ctx);
  const visible = await visibleOwnerIds(ctx.db, ctx.actor);
  const vis = visible === null ? null : new Set(visible);
  const byId = new Map(org.people.map((p) => [p.id, p]));
  const rows = input.map((r, i) => {
    const person = byId.get(r.personId);
    if (!person || (vis !== null && !vis.has(person.id))) {
      throw new AppError("not_found", `quotas.${i}.personId: no person ${r.personId} you can see`, [
        { path: `quotas.${i}.personId`, message: "no such person in your reporting line", value: r.personId },
      ]);
    }
    let period: PeriodKey;
    try {
      period = periodKey(r.period);
    } catch {
      throw new AppError("validation_failed", `quotas.${i}.period: expected YYYY-MM or YYYY-Qn`, [
        { path: `quotas.${i}.period`, message: "expected YYYY-MM or YYYY-Qn", value: r.period },
      ]);
    }
    requireLineWriter(ctx, person, "quota");
    return { person, period: period.key, amount: r.amount };
  });
  return ctx.db.transaction(async (tx) => {
    const out: QuotaJson[] = [];
    for (const r of rows) {
      const previous = await upsertQuota(tx, ctx.actor.orgId, r.person.id, r.period, r.amount);
      await writeAudit(tx, {
        orgId: ctx.actor.orgId,
        actorId: ctx.actor.personId || null,
        entity: "quota",
        entityId: `${r.person.id}/${r.period}`,
        action: previous === null ? "create" : "update",
        before: previous === null ? null : { amount: previous },
        after: { amount: r.amount },
      });
      out.push({ personId: r.person.id, email: r.person.email, period: r.period, amount: r.amount });
    }
    return out;
  });
}

/** The quotas of the period for the people the actor can see. */
export async function listQuotas(ctx: Ctx, params: { period: PeriodKey }): Promise<QuotaJson[]> {
  const org = await orgContext(ctx);
  const { period } = params;
  const visible = await visibleOwnerIds(ctx.db, ctx.actor);
  const q = await quotasFor(ctx.db, ctx.actor.orgId, period.key, visible);
  return org.people
    .filter((p) => q.has(p.id))
    .map((p) => ({ personId: p.id, email: p.email, period: period.key, amount: q.get(p.id)! }));
}

type NeedJson = Partial<Record<StepKey, number | null>>;

export interface AgreedPlanJson {
  id: string;
  version: number;
  need: Record<StepKey, number>;
  /** The computed proposal when this version was agreed. */
  computedNeed: NeedJson | null;
  agreedBy: string | null;
  agreedAt: string;
  note: string | null;
}

export interface PersonPlanJson {
  personId: string;
  email: string;
  period: string;
  quota: number | null;
  /** The computed plan (rates and deal size as of the period's start); null without quota. */
  computed: {
    avgDealSize: number;
    wins: number;
    need: NeedJson;
    perWeek: NeedJson;
    activities: Partial<Record<StepKey, number>> | null;
  } | null;
  /** The latest agreed version (what efforts are measured against), or null. */
  agreed: AgreedPlanJson | null;
  /** Every agreed version, newest first. */
  versions: AgreedPlanJson[];
}

function agreedJson(r: AgreedPlanRow): AgreedPlanJson {
  return {
    id: r.id,
    version: r.version,
    need: byStepKey(r.need) as Record<StepKey, number>,
    computedNeed: r.computedNeed as NeedJson | null,
    agreedBy: r.agreedBy,
    agreedAt: formatInstant(new Date(r.agreedAt)),
    note: r.note,
  };
}

async function computedPlanOf(ctx: Ctx, org: OrgContext, person: OrgPerson, period: Period, asOf: Date) {
  const model = await modelFor(ctx, org, period, asOf, [person]);
  return model.people[0] ?? null;
}

/** A person's computed plan for the period and every agreed version. */
export async function getPlan(
  ctx: Ctx,
  personId: string,
  params: { period: PeriodKey; asOf?: AsOf; now?: Date },
): Promise<PersonPlanJson> {
  const org = await orgContext(ctx);
  const { period, asOf } = placeReportTime(params, org.timeZone, params.now ?? new Date());
  const person = await visiblePerson(ctx, org, personId);
  const x = person.role === "salesperson" ? await computedPlanOf(ctx, org, person, period, asOf) : null;
  const versions = (await agreedPlanVersions(ctx.db, ctx.actor.orgId, person.id, period.key)).map(agreedJson);
  const plan = x?.plan ?? null;
  return {
    personId: person.id,
    email: person.email,
    period: period.key,
    quota:
      x?.quota ?? (await quotasFor(ctx.db, ctx.actor.orgId, period.key, [person.id])).get(person.id) ?? null,
    computed: plan
      ? {
          avgDealSize: plan.avgDealSize,
          wins: plan.wins,
          need: byStepKey(plan.need),
          perWeek: byStepKey(plan.perWeek),
          activities: plan.activities ? byStepKey(plan.activities) : null,
        }
      : null,
    agreed: versions[0] ?? null,
    versions,
  };
}

/**
 * Records an agreed plan (a new version): the given `need` per step, or the
 * computed plan as it is. Only for a salesperson with a quota for the period;
 * agreed by their manager line (a manager, executive or admin who sees them).
 */
export async function agreePlan(
  ctx: Ctx,
  personId: string,
  input: { period: string; need?: Partial<Record<StepKey, number>>; note?: string },
  now: Date = new Date(),
): Promise<AgreedPlanJson> {
  const org = await orgContext(ctx);
  const period = periodRange(input.period, org.timeZone);
  const person = await visiblePerson(ctx, org, personId);
  requireLineWriter(ctx, person, "plan");
  if (person.role !== "salesperson") {
    throw new AppError("conflict", "Plans are agreed with salespeople only.");
  }
  const x = await computedPlanOf(ctx, org, person, period, now);
  if (!x?.plan)
    throw new AppError("conflict", `${person.email} has no quota for ${period.key}: set one first.`);
  const computed = x.plan.need;
  let need: PerStep<number>;
  if (input.need) {
    const missing = STEP_KEYS.slice(0, 6).filter((k) => input.need?.[k] === undefined);
    if (missing.length) {
      throw new AppError("validation_failed", `need must give every step (missing ${missing.join(", ")})`, [
        ...missing.map((k) => ({ path: `need.${k}`, message: "required" })),
      ]);
    }
    need = perStep((s) => input.need![stepKey(s)]!);
  } else {
    const unreachable = FUNNEL_STEPS.filter((s) => computed[s] === null);
    if (unreachable.length) {
      throw new AppError("validation_failed", "the computed plan has steps without a figure: give need", [
        { path: "need", message: "required: a conversion rate of 0 leaves the computed plan incomplete" },
      ]);
    }
    need = perStep((s) => computed[s]!);
  }
  return ctx.db.transaction(async (tx) => {
    const row = await insertAgreedPlan(tx, {
      orgId: ctx.actor.orgId,
      personId: person.id,
      period: period.key,
      need,
      computedNeed: byStepKey(computed),
      agreedBy: ctx.actor.personId || null,
      agreedAt: now,
      note: input.note ?? null,
    });
    const out = agreedJson(row);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "agreed_plan",
      entityId: row.id,
      action: "create",
      after: { personId: person.id, period: period.key, ...out },
    });
    return out;
  });
}

/**
 * One person's scorecard figures for a period as of an instant (the review
 * agenda), with the period's elapsed share; the person must be visible to the actor.
 */
export async function personFigures(
  ctx: Ctx,
  personId: string,
  key: PeriodKey,
  asOf: Date,
): Promise<{
  period: string;
  elapsed: number;
  figures: ReturnType<typeof scorecardReport>["people"][number] | null;
}> {
  const org = await orgContext(ctx, [personId]);
  const person = await visiblePerson(ctx, org, personId);
  const period = periodRange(key, org.timeZone);
  const model = await modelFor(ctx, org, period, asOf, [person]);
  return { period: period.key, elapsed: model.elapsed, figures: scorecardReport(model).people[0] ?? null };
}
