/**
 * SQL for the metrics: loads the `MetricsFacts` of src/domain/reports.ts for one
 * organisation, period, asOf and set of people, with bounded, set-based queries
 * (one query per kind of fact, each filtered by org, owner set and time, on
 * indexed columns). Also quotas and agreed plans (read and write).
 *
 * "As of asOf" is applied here as well as in the domain: step rows after asOf
 * are not loaded, a deal closed after asOf is loaded as open, and activities
 * done or logged after asOf are not counted. The activity aggregation mirrors
 * `activityFactsFromRows` / `activityStatsFromRows` exactly.
 *
 * Deals are not shipped to Node: `loadMetricsFacts` asks the database for the
 * per-person deal aggregates (src/db/dealstats.queries.ts, `facts.dealStats`).
 * `loadDeals` (every deal with its step rows) remains the reference the
 * aggregates are tested against (test/dealstats.test.ts).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { TimeCategory } from "../domain/managers.js";
import { type Period, windowEndingAt } from "../domain/periods.js";
import { FUNNEL_STEPS, type PerStep, perStep } from "../domain/perstep.js";
import type { MetricsFacts, PersonActivityFacts, PersonFacts, Role } from "../domain/reports.js";
import type { OrgSettings } from "../domain/settings.js";
import type { DealFacts, DealStatus, StepRow } from "../domain/stepflow.js";
import type { StepNumber } from "../domain/steps.js";
import { emptyActivityStats } from "../domain/usage.js";
import { checkpointedDealStats } from "./checkpoints.queries.js";
import type { DbOrTx } from "./client.js";
import { type DealStatsQuery, type DealStatsScope, loadDealStats } from "./dealstats.queries.js";
import { agreedPlans, quotas } from "./schema.js";
import { inPieces, rows, together } from "./sql.js";

/** A uuid[] parameter (PGlite and node-postgres both accept the text form). */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;
/**
 * `col` among `ids`: `= any(array)` compares each row with the array element by
 * element (quadratic for an organisation-wide report: ~0.1 s for a few tables at
 * 5,000 people); for many ids a hashed semi-join over the unnested array.
 */
const inIds = (col: string, ids: readonly string[]) =>
  ids.length > 64
    ? sql`${sql.raw(col)} in (select unnest(${uuidArray(ids)}))`
    : sql`${sql.raw(col)} = any(${uuidArray(ids)})`;

export interface OrgPerson extends PersonFacts {
  active: boolean;
}

/**
 * The people of the organisation, by email: everybody, or with `near` only
 * those people, the members of their teams and their direct reports.
 */
export async function orgPeople(
  db: DbOrTx,
  orgId: string,
  near: readonly string[] | null = null,
): Promise<OrgPerson[]> {
  const where =
    near === null
      ? sql``
      : sql`and (id = any(${uuidArray(near)}) or manager_id = any(${uuidArray(near)})
                 or team in (select team from people
                             where org_id = ${orgId} and id = any(${uuidArray(near)}) and team is not null))`;
  return rows<OrgPerson>(
    db,
    sql`select id, email, name, role, team, manager_id as "managerId", active
        from people where org_id = ${orgId} ${where} order by email`,
  );
}

/** Whether anybody in the organisation has this `people.team`. */
export async function teamExists(db: DbOrTx, orgId: string, team: string): Promise<boolean> {
  const r = await rows(
    db,
    sql`select 1 from people where org_id = ${orgId} and team = ${team} and active limit 1`,
  );
  return r.length > 0;
}

export interface LoadFactsArgs {
  orgId: string;
  timeZone: string;
  settings: OrgSettings;
  /** The period, placed in `timeZone`. */
  period: Period;
  asOf: Date;
  /** The people whose facts are loaded (salespeople of the teams in scope, managers, …). */
  people: readonly PersonFacts[];
  /**
   * `full` (default): every fact. `lean`: only what efforts, results and the
   * quad need — no activity aggregates, next-step coverage, process
   * compliance or period cohort (those figures come out empty). For the
   * `quad`, `team`, `forecast` and `early-warning` reports.
   */
  scope?: DealStatsScope;
}

interface DealRow {
  id: string;
  ownerId: string;
  value: number;
  createdAt: Date;
  expectedClose: string | null;
  status: DealStatus;
  closedAt: Date | null;
}

/**
 * The deals of `ownerIds` that can matter for a report as of `asOf`: existing
 * by asOf, and open as of asOf, or closed after `windowStart`, or with a step
 * entry in (windowStart, asOf]. Status and close are as of asOf.
 */
export async function loadDeals(
  db: DbOrTx,
  orgId: string,
  ownerIds: readonly string[],
  windowStart: Date,
  asOf: Date,
): Promise<DealFacts[]> {
  if (ownerIds.length === 0) return [];
  const dealRows = await rows<DealRow>(
    db,
    sql`select d.id, d.owner_id as "ownerId", d.value::float8 as value, d.created_at as "createdAt",
               d.expected_close::text as "expectedClose",
               case when d.closed_at <= ${asOf} then d.status else 'open' end as status,
               case when d.closed_at <= ${asOf} then d.closed_at end as "closedAt"
        from deals d
        where d.org_id = ${orgId} and d.owner_id = any(${uuidArray(ownerIds)})
          and (d.created_at <= ${asOf}
               or exists (select 1 from deal_steps_in_force s
                          where s.org_id = d.org_id and s.deal_id = d.id and s.entered_at <= ${asOf}))
          and (d.status = 'open' or d.closed_at > ${windowStart}
               or exists (select 1 from deal_steps_in_force s
                          where s.org_id = d.org_id and s.deal_id = d.id
                            and s.entered_at > ${windowStart} and s.entered_at <= ${asOf}))`,
  );
  if (dealRows.length === 0) return [];
  const stepRows = await rows<{ dealId: string; step: number; enteredAt: Date }>(
    db,
    sql`select s.deal_id as "dealId", s.step::int as step, s.entered_at as "enteredAt"
        from deal_steps_in_force s
        where s.org_id = ${orgId} and s.deal_id = any(${uuidArray(dealRows.map((d) => d.id))})
          and s.entered_at <= ${asOf}`,
  );
  const stepsByDeal = new Map<string, StepRow[]>();
  for (const r of stepRows) {
    const l = stepsByDeal.get(r.dealId);
    const row: StepRow = { step: r.step as StepNumber, enteredAt: new Date(r.enteredAt) };
    if (l) l.push(row);
    else stepsByDeal.set(r.dealId, [row]);
  }
  return dealRows.map((d) => ({
    id: d.id,
    ownerId: d.ownerId,
    value: Number(d.value),
    createdAt: new Date(d.createdAt),
    expectedClose: d.expectedClose,
    status: d.status,
    closedAt: d.closedAt ? new Date(d.closedAt) : null,
    steps: stepsByDeal.get(d.id) ?? [],
  }));
}

/**
 * `loadActivityFacts` reads this many owners per statement (see `inPieces`): the
 * activity aggregates of the 40-person demo's organisation-wide scorecard were one
 * statement of ~0.1 s quiet that every sign-in arriving meanwhile waited for. A
 * team (~10 people) stays one statement.
 */
export const ACTIVITY_OWNERS_PER_PIECE = 12;

/**
 * Per person and step: activities done in the window ending at asOf (`a_*`) and
 * in the one ending at the period's start (`p_*`), with the logging-timeliness
 * counts (see `activityStatsFromRows`: done in (from, to], not logged after
 * `to`; timeliness only where logged_at is recorded, on time within 48 h).
 */
export async function loadActivityFacts(
  db: DbOrTx,
  orgId: string,
  ownerIds: readonly string[],
  asOf: Date,
  periodStart: Date,
  rateWindowDays: number,
): Promise<Map<string, PersonActivityFacts>> {
  const out = new Map<string, PersonActivityFacts>();
  for (const id of ownerIds) {
    out.set(id, {
      atAsOf: emptyActivityStats(),
      atPeriodStart: emptyActivityStats(),
      activeCustomers: { num: 0, den: 0 },
    });
  }
  if (ownerIds.length === 0) return out;
  if (ownerIds.length > ACTIVITY_OWNERS_PER_PIECE) {
    const pieces = await inPieces(db, ownerIds, ACTIVITY_OWNERS_PER_PIECE, (ids) =>
      loadActivityFacts(db, orgId, ids, asOf, periodStart, rateWindowDays),
    );
    for (const piece of pieces) for (const [id, f] of piece) out.set(id, f);
    return out;
  }
  const days = rateWindowDays * 86_400_000;
  const aFrom = new Date(asOf.getTime() - days);
  const pFrom = new Date(periodStart.getTime() - days);
  const lo = aFrom < pFrom ? aFrom : pFrom;
  // One count per (owner, step, code) instead of six filtered counts per (owner, step): the
  // code's bits say whether the activity is done in the window ending at asOf (1), in
  // the one ending at the period's start and not logged after it (2), logged (4), and
  // logged within 48 h (8). The rows are those done in (lo, asOf] and not logged after
  // asOf, so "in the window ending at asOf" is only done_at > aFrom. Each filter was
  // evaluated per row and per count: this is about half the time on the embedded
  // database (the Team screen's activity figures, issue 14).
  const ps = periodStart;
  const [agg, cust] = await together(db, [
    () =>
      rows<{ ownerId: string; step: number; code: number; n: number }>(
        db,
        sql`select a.owner_id as "ownerId", a.step::int as step,
               ((a.done_at > ${aFrom})::int
                + 2 * (a.done_at > ${pFrom} and a.done_at <= ${ps}
                       and (a.logged_at is null or a.logged_at <= ${ps}))::int
                + 4 * (a.logged_at is not null)::int
                + 8 * coalesce(a.logged_at - a.done_at <= interval '48 hours', false)::int) as code,
               count(*)::int as n
        from activities a
        where a.org_id = ${orgId} and a.owner_id = any(${uuidArray(ownerIds)})
          and a.done_at > ${lo} and a.done_at <= ${asOf}
          and (a.logged_at is null or a.logged_at <= ${asOf})
        group by 1, 2, 3`,
      ),
    // Active customers (customer and active contacts owned by the person); covered when
    // any activity (any owner) on the contact is scheduled at or after asOf and not done by then.
    () =>
      rows<{ ownerId: string; den: number; num: number }>(
        db,
        sql`select c.owner_id as "ownerId", count(*)::int as den,
               (count(*) filter (where exists (
                  select 1 from activities a
                  where a.org_id = c.org_id and a.contact_id = c.id
                    and a.scheduled_for >= ${asOf} and (a.done_at is null or a.done_at > ${asOf}))))::int as num
        from contacts c
        where c.org_id = ${orgId} and c.owner_id = any(${uuidArray(ownerIds)})
          and c.customer and c.status = 'active'
        group by c.owner_id`,
      ),
  ] as const);
  for (const r of agg) {
    const f = out.get(r.ownerId);
    if (!f) continue;
    const n = Number(r.n);
    for (const [bit, stats] of [
      [1, f.atAsOf],
      [2, f.atPeriodStart],
    ] as const) {
      if ((r.code & bit) === 0) continue;
      if (r.step >= 1 && r.step <= 6) stats.doneByStep[r.step as keyof PerStep<number>] += n;
      if (r.code & 4) stats.timeliness.den += n;
      if (r.code & 8) stats.timeliness.num += n;
    }
  }
  for (const r of cust) {
    const f = out.get(r.ownerId);
    if (f) f.activeCustomers = { num: r.num, den: r.den };
  }
  return out;
}

/** Ids of the given deals that have an activity scheduled at or after asOf and not done as of asOf. */
export async function loadDealsWithNextStep(
  db: DbOrTx,
  orgId: string,
  dealIds: readonly string[],
  asOf: Date,
): Promise<Set<string>> {
  if (dealIds.length === 0) return new Set();
  const r = await rows<{ dealId: string }>(
    db,
    sql`select distinct a.deal_id as "dealId" from activities a
        where a.org_id = ${orgId} and a.deal_id = any(${uuidArray(dealIds)})
          and a.scheduled_for >= ${asOf} and (a.done_at is null or a.done_at > ${asOf})`,
  );
  return new Set(r.map((x) => x.dealId));
}

export async function quotasFor(
  db: DbOrTx,
  orgId: string,
  period: string,
  personIds: readonly string[] | null,
): Promise<Map<string, number>> {
  const who = personIds === null ? sql`true` : inIds("person_id", personIds);
  const r = await rows<{ personId: string; amount: number }>(
    db,
    sql`select person_id as "personId", amount::float8 as amount
        from quotas where org_id = ${orgId} and period = ${period} and ${who}`,
  );
  return new Map(r.map((x) => [x.personId, Number(x.amount)]));
}

export interface AgreedPlanRow {
  id: string;
  personId: string;
  period: string;
  version: number;
  need: PerStep<number>;
  computedNeed: Record<string, number | null> | null;
  agreedBy: string | null;
  agreedAt: Date;
  note: string | null;
}

const NEED_COLUMNS = [
  "needLead",
  "needProspecting",
  "needQualification",
  "needNeedsAnalysis",
  "needPresenting",
  "needClosing",
] as const;

function toAgreed(r: typeof agreedPlans.$inferSelect): AgreedPlanRow {
  return {
    id: r.id,
    personId: r.personId,
    period: r.period,
    version: r.version,
    need: perStep((s) => r[NEED_COLUMNS[s - 1]]),
    computedNeed: (r.computedNeed as Record<string, number | null> | null) ?? null,
    agreedBy: r.agreedBy,
    agreedAt: r.agreedAt,
    note: r.note,
  };
}

/** The latest agreed plan of each of the people for the period. */
export async function latestAgreedPlans(
  db: DbOrTx,
  orgId: string,
  period: string,
  personIds: readonly string[],
): Promise<Map<string, PerStep<number>>> {
  if (personIds.length === 0) return new Map();
  const r = await rows<Record<string, number> & { personId: string }>(
    db,
    sql`select distinct on (person_id) person_id as "personId",
               need_lead as "1", need_prospecting as "2", need_qualification as "3",
               need_needs_analysis as "4", need_presenting as "5", need_closing as "6"
        from agreed_plans
        where org_id = ${orgId} and period = ${period} and ${inIds("person_id", personIds)}
        order by person_id, version desc`,
  );
  return new Map(r.map((x) => [x.personId, perStep((s) => Number(x[String(s)]))]));
}

/** Every agreed version of one person's plan for the period, newest first. */
export async function agreedPlanVersions(
  db: DbOrTx,
  orgId: string,
  personId: string,
  period: string,
): Promise<AgreedPlanRow[]> {
  const r = await db
    .select()
    .from(agreedPlans)
    .where(
      and(eq(agreedPlans.orgId, orgId), eq(agreedPlans.personId, personId), eq(agreedPlans.period, period)),
    )
    .orderBy(desc(agreedPlans.version));
  return r.map(toAgreed);
}

/** Appends a version (the next number for the person and period). Run in a transaction. */
export async function insertAgreedPlan(
  db: DbOrTx,
  v: {
    orgId: string;
    personId: string;
    period: string;
    need: PerStep<number>;
    computedNeed: Record<string, number | null> | null;
    agreedBy: string | null;
    agreedAt: Date;
    note: string | null;
  },
): Promise<AgreedPlanRow> {
  const last = await rows<{ v: number }>(
    db,
    sql`select coalesce(max(version), 0)::int as v from agreed_plans
        where org_id = ${v.orgId} and person_id = ${v.personId} and period = ${v.period}`,
  );
  const cols = Object.fromEntries(FUNNEL_STEPS.map((s) => [NEED_COLUMNS[s - 1], v.need[s]])) as Record<
    (typeof NEED_COLUMNS)[number],
    number
  >;
  const [row] = await db
    .insert(agreedPlans)
    .values({
      orgId: v.orgId,
      personId: v.personId,
      period: v.period,
      version: (last[0]?.v ?? 0) + 1,
      ...cols,
      computedNeed: v.computedNeed,
      agreedBy: v.agreedBy,
      agreedAt: v.agreedAt,
      note: v.note,
    })
    .returning();
  return toAgreed(row);
}

/** Sets (inserts or replaces) a person's quota for a period; returns the previous amount. */
export async function upsertQuota(
  db: DbOrTx,
  orgId: string,
  personId: string,
  period: string,
  amount: number,
): Promise<number | null> {
  const before = await db
    .select({ amount: quotas.amount })
    .from(quotas)
    .where(and(eq(quotas.orgId, orgId), eq(quotas.personId, personId), eq(quotas.period, period)));
  await db
    .insert(quotas)
    .values({ orgId, personId, period, amount: String(amount) })
    .onConflictDoUpdate({
      target: [quotas.orgId, quotas.personId, quotas.period],
      set: { amount: String(amount), updatedAt: new Date() },
    });
  return before[0] ? Number(before[0].amount) : null;
}

/**
 * Loads the facts for `people`: their deals (with step rows), quotas, agreed
 * plans, activity aggregates and next-step coverage inputs, the time entries
 * of the period and the latest review at or before asOf.
 */
export async function loadMetricsFacts(db: DbOrTx, a: LoadFactsArgs): Promise<MetricsFacts> {
  const { period } = a;
  const ids = a.people.map((p) => p.id);
  const scope = a.scope ?? "full";
  const dq: DealStatsQuery = {
    orgId: a.orgId,
    ownerIds: ids,
    period,
    asOf: a.asOf,
    winNow: windowEndingAt(a.asOf, a.settings.rateWindowDays),
    winStart: windowEndingAt(period.start, a.settings.rateWindowDays),
    scope,
  };
  const managerIds = a.people.filter((p) => p.role === "manager").map((p) => p.id);
  const [dealStats, quotaMap, agreed, activities, timeEntries, reviews] = await together(db, [
    // Organisation-wide lean figures from a checkpoint when one applies (checkpoints.queries.ts).
    async () => (await checkpointedDealStats(db, dq)) ?? (await loadDealStats(db, dq)),
    () => quotasFor(db, a.orgId, period.key, ids),
    () => latestAgreedPlans(db, a.orgId, period.key, ids),
    () =>
      scope === "lean"
        ? Promise.resolve(new Map<string, PersonActivityFacts>())
        : loadActivityFacts(db, a.orgId, ids, a.asOf, period.start, a.settings.rateWindowDays),
    () =>
      managerIds.length === 0
        ? Promise.resolve([])
        : rows<{ personId: string; date: string; category: TimeCategory; minutes: number }>(
            db,
            sql`select person_id as "personId", date::text as date, category, minutes::int as minutes
                from time_entries
                where org_id = ${a.orgId} and ${inIds("person_id", managerIds)}
                  and date >= ${period.startDate}::date and date <= ${period.endDate}::date`,
          ),
    () =>
      ids.length === 0
        ? Promise.resolve([])
        : rows<{ personId: string; at: Date }>(
            db,
            sql`select person_id as "personId", max(held_at) as at from reviews
                where org_id = ${a.orgId} and ${inIds("person_id", ids)} and held_at <= ${a.asOf}
                group by person_id`,
          ),
  ] as const);
  return {
    timeZone: a.timeZone,
    settings: a.settings,
    people: a.people.map((p) => ({
      id: p.id,
      email: p.email,
      name: p.name,
      role: p.role as Role,
      team: p.team,
      managerId: p.managerId,
    })),
    deals: [],
    dealStats,
    quotas: quotaMap,
    agreedPlans: agreed,
    activities,
    dealsWithNextStep: new Set(),
    timeEntries: timeEntries.map((t) => ({ ...t, minutes: Number(t.minutes) })),
    lastReviewAt: new Map(reviews.map((r) => [r.personId, new Date(r.at)])),
  };
}
