/**
 * The demo organisation generator (product.md capability 8): pure and
 * deterministic. Same options (seed, people, asOf, …) → the same rows, with no
 * clock and no Math.random. The rows are produced one seller at a time
 * (`plan.batches()`), so a writer can stream an organisation of 5,000 people
 * without holding it in memory.
 *
 * What the data is shaped to show (metrics.md):
 * - each salesperson has a true conversion rate per step around the
 *   organisation's defaults, some with one clearly weak step (coachingFocus);
 * - a rank-based "talent" per team drives volume, deal size and closing skill,
 *   so a few top reps carry most of the revenue (paretoShare, the 80/20 spread);
 * - lumpy (log-normal) deal sizes, seasonality in deal creation;
 * - date-stamped step rows with occasional skips (processCompliance), activities
 *   per step with some logged more than 48 h late (loggingTimeliness), and
 *   scheduled "next steps" missing for some deals (nextStepCoverage);
 * - managers who also sell, some far too much (managingShare, managerRevenueShare);
 * - quotas for the current and previous quarter and their months, reviews.
 *
 * Times are epoch milliseconds (UTC); dates are `YYYY-MM-DD`; money is a
 * decimal string with two places.
 */
import {
  COMPANY_PREFIXES,
  COMPANY_ROOTS,
  DISQUALIFIED_REASONS,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  LEAD_SOURCES,
  LOST_REASONS,
  PRODUCTS,
  PROSPECTING_METHODS,
  REVIEW_NOTES,
  TEAM_NAMES,
} from "./demo/names.js";
import { DemoIds, Pacer, probit, Rng, Spread, weightedAt } from "./demo/random.js";
import { windowEndingAt } from "./periods.js";
import {
  funnelCounts,
  poolFunnels,
  poolWonStats,
  pWin,
  smoothedDealSize,
  smoothedRates,
  wonStats,
} from "./rates.js";
import { DEFAULT_SETTINGS } from "./settings.js";
import { dealFlow, type StepRow } from "./stepflow.js";
import type { StepNumber } from "./steps.js";
import type { ActivityKind, DealStatus, Role } from "./vocabulary.js";

export const DEMO_PASSWORD = "stepwise-demo";
export const DEMO_MIN_PEOPLE = 5;
export const DEMO_MAX_PEOPLE = 5000;

export interface DemoOptions {
  /** Organisation slug (default `demo`). */
  slug?: string;
  /** Total headcount: admin + executive + managers + salespeople. */
  people: number;
  seed: number;
  /** The instant the history runs up to; nothing after it exists (except scheduled activities). */
  asOf: Date;
  /** Months of history before asOf (default 13). */
  months?: number;
  /** Deals a typical salesperson opens per year (default 150). */
  dealsPerRepYear?: number;
  /** Done activities per deal for a typical deal (default 12: about 1,500 per rep-year). */
  activitiesPerDeal?: number;
}

export type ResolvedDemoOptions = Required<DemoOptions>;

export const DEMO_DEFAULTS = {
  slug: "demo",
  months: 13,
  dealsPerRepYear: 450,
  activitiesPerDeal: 3,
} as const;

export type DemoRole = Role;

export interface DemoOrg {
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  createdAt: number;
}

export interface DemoPerson {
  id: string;
  email: string;
  name: string;
  role: DemoRole;
  managerId: string | null;
  team: string | null;
  createdAt: number;
}

export interface DemoAccount {
  id: string;
  name: string;
  ownerId: string;
  industry: string;
  createdAt: number;
}

export interface DemoContact {
  id: string;
  email: string;
  name: string;
  ownerId: string;
  accountId: string;
  leadSource: string;
  status: "active" | "inactive";
  customer: boolean;
  createdAt: number;
}

export type DemoDealStatus = DealStatus;

export interface DemoDeal {
  id: string;
  name: string;
  ownerId: string;
  accountId: string;
  contactId: string;
  value: string;
  product: string;
  leadSource: string;
  prospectingMethod: string;
  expectedClose: string | null;
  /**
   * The expected close the deal was given when it was created, before the
   * generator moved a past-due date of a deal still open at asOf. Not stored
   * in the database; bench/forecast-accuracy uses it to forecast as of an
   * earlier cut without seeing what happened after it.
   */
  expectedCloseAtCreation: string;
  status: DemoDealStatus;
  closedAt: number | null;
  lostReason: string | null;
  currentStep: number;
  stepEnteredAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface DemoDealStep {
  dealId: string;
  step: number;
  enteredAt: number;
  recordedAt: number;
  recordedBy: string;
  skipped: number[];
}

export type DemoActivityKind = ActivityKind;

export interface DemoActivity {
  id: string;
  ownerId: string;
  kind: DemoActivityKind;
  step: number;
  dealId: string | null;
  contactId: string | null;
  scheduledFor: number | null;
  doneAt: number | null;
  loggedAt: number | null;
  durationMinutes: number;
  outcome: string | null;
  createdAt: number;
}

export interface DemoQuota {
  personId: string;
  period: string;
  amount: string;
}

export type DemoTimeCategory =
  | "selling"
  | "accountability"
  | "coaching"
  | "motivating"
  | "recruiting"
  | "admin";

export interface DemoTimeEntry {
  id: string;
  personId: string;
  date: string;
  category: DemoTimeCategory;
  minutes: number;
}

export interface DemoReview {
  id: string;
  personId: string;
  managerId: string;
  heldAt: number;
  notes: string;
}

/** The rows of one seller (a salesperson, or a manager with their time entries). */
export interface DemoBatch {
  accounts: DemoAccount[];
  contacts: DemoContact[];
  deals: DemoDeal[];
  dealSteps: DemoDealStep[];
  activities: DemoActivity[];
  quotas: DemoQuota[];
  timeEntries: DemoTimeEntry[];
  reviews: DemoReview[];
}

/** Who a seller is: the "truth" the generator draws from (handy for docs and tests). */
export interface SellerProfile {
  personId: string;
  role: "salesperson" | "manager";
  team: string;
  managerId: string | null;
  /** Rank-based within the team: exp(0.9 · z); drives volume, size and closing. */
  talent: number;
  /** Multiplier on the number of deals opened. */
  volume: number;
  /** Multiplier on the median deal size. */
  sizeMultiplier: number;
  /** True conversion rates for steps 1..6. */
  rates: number[];
  /** The step (2..6) this seller is clearly weak at, if any (60 % of Q2 and Q4 stories; rep1: 5). */
  weakStep: number | null;
  /** Share of done activities logged more than 48 h late. */
  lateLogRate: number;
  /** Probability that an open deal / active customer has a next step scheduled. */
  nextStepRate: number;
  /** Probability that a move forward jumps over a step. */
  skipRate: number;
  /** Probability that a deal stalls (stays open with no progress). */
  stallRate: number;
  /** Multiplier on the time spent in each step. */
  speed: number;
  /** Day number (days since 1970-01-01) from which this seller has history. */
  startDay: number;
  /**
   * A new hire ramps up: before this day they open half the deals (and the
   * quotas are set from the same ramped volume). `startDay` for everybody else.
   */
  rampUntilDay: number;
  /** Managers only: sells far more than they should. */
  sellsTooMuch: boolean;
  /** Managers only: share of their time spent selling. */
  sellingShare: number;
  /**
   * Salespeople only: the Decision Quad story the generator plants (null for
   * managers): Q1 works above plan at the usual yield; Q2 works above plan but
   * sells smaller deals lately; Q3 works well below plan but lands bigger deals
   * lately (and skips steps); Q4 works well below plan.
   */
  story: DemoStory | null;
  /** Multiplier on the deals opened, relative to the volume the quota (and so the plan) is built on. */
  work: number;
  /**
   * Multiplier on `work` from the start of asOf's quarter (Q3 stories coast: the
   * plan of the current quarter is read with their bigger deals already in the
   * history, so it asks for fewer deals; they open fewer still). 1 for the others.
   */
  coast: number;
  coastDay: number;
  /** Multiplier on the value of the deals opened from `valueShiftDay` on (Q2 < 1, Q3 > 1, else 1). */
  valueShift: number;
  /** Multiplier on the closing rate of the deals opened from `valueShiftDay` on (Q3 1.6: closes the big ones; else 1). */
  closeShift: number;
  valueShiftDay: number;
  /**
   * Salespeople only: the resultsIndex the story plants in each quota quarter
   * (won revenue / quota; 0 for managers). The won deals of the quarter are
   * sized to it (`steerWins`); a new hire's are not (no results yet).
   */
  resultsTarget: number;
  /** Salespeople only: quota per period (none while a new hire ramps up). */
  quotas: Record<string, number>;
}

export type DemoStory = "Q1" | "Q2" | "Q3" | "Q4";

interface StoryParams {
  work: readonly [number, number];
  /** The resultsIndex the story plants in each quota quarter (drawn per person). */
  results: readonly [number, number];
  valueShift: readonly [number, number];
  skipRate?: number;
  /** Multiplier on the closing rate (step 6) of the deals opened from `valueShiftDay` on. */
  closeShift?: number;
  coast?: number;
}

const STORIES: Record<DemoStory, StoryParams> = {
  Q1: { work: [1.8, 2], results: [1.3, 1.7], valueShift: [1, 1] },
  Q2: { work: [1.8, 2], results: [0.65, 0.88], valueShift: [0.33, 0.48], coast: 1.25 },
  Q3: {
    work: [0.5, 0.6],
    results: [1.8, 2.4],
    valueShift: [3.6, 4],
    closeShift: 1.6,
    skipRate: 0.12,
    coast: 0.4,
  },
  Q4: { work: [0.5, 0.65], results: [0.4, 0.7], valueShift: [1, 1] },
};

/**
 * The share of each story among a team's salespeople (per 20: 4.5 Q1, 7 Q2,
 * 4.5 Q3, 4 Q4; storyDeck rounds). Making efforts (Q1, Q2) is 55 % and
 * achieving results (Q1, Q3) 45 % or a little less, so the median effortIndex falls among the ones making efforts and the
 * median resultsIndex among the best of the ones without results (0.7–1.0),
 * not on the gap between two groups.
 */
const STORY_SHARES: Record<DemoStory, number> = { Q1: 4.5 / 20, Q2: 7 / 20, Q3: 4.5 / 20, Q4: 4 / 20 };

/** n split by the weights, by the largest remainder (ties by `tie`, lowest first). */
function splitByShare(n: number, weights: readonly number[], tie: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * n);
  const counts = exact.map(Math.floor);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || tie[a] - tie[b]);
  const left = n - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) counts[order[k]]++;
  return counts;
}

/**
 * The stories of a team's n salespeople, in order, shuffled: the ones achieving
 * results (Q1, Q3) are their share of n rounded down (so fewer than half,
 * whatever n), then each side is split between its two stories by the largest
 * remainder; an odd number with results gives the extra one to Q1 in the even
 * teams and to Q3 in the odd ones, so the organisation has as many of each.
 * Every team of five or more has every story.
 */
export function storyDeck(n: number, rng: Rng, team = 0): DemoStory[] {
  const highs = Math.floor((STORY_SHARES.Q1 + STORY_SHARES.Q3) * n);
  const [q1, q3] = splitByShare(highs, [STORY_SHARES.Q1, STORY_SHARES.Q3], team % 2 ? [1, 0] : [0, 1]);
  const [q2, q4] = splitByShare(n - highs, [STORY_SHARES.Q2, STORY_SHARES.Q4], [rng.next(), rng.next()]);
  const counts: Record<DemoStory, number> = { Q1: q1, Q2: q2, Q3: q3, Q4: q4 };
  return rng.shuffle(
    (Object.keys(counts) as DemoStory[]).flatMap((k) => Array<DemoStory>(counts[k]).fill(k)),
  );
}

export interface DemoPlan {
  options: ResolvedDemoOptions;
  org: DemoOrg;
  /** Everybody, in order: admin, executive, then each manager followed by their reports. */
  people: DemoPerson[];
  /** One per manager and salesperson, in the order `batches()` yields them. */
  sellers: SellerProfile[];
  /** Quota periods: previous quarter, current quarter and their months. */
  periods: string[];
  /** The seller-by-seller rows; each call starts again from the same seed. */
  batches(): Generator<DemoBatch>;
  /**
   * The same batches, with an `undefined` after each seller is simulated: a team's
   * batches come only once its last seller is (the quotas read the team's history),
   * so a writer that gives its COPY a turn between sellers uses this.
   */
  bySeller(): Generator<DemoBatch | undefined>;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/**
 * Mean days a deal spends in steps 1..6 (before the seller's speed): a won deal
 * takes about 95 days, so most of a quarter's wins are already in the pipeline
 * when the quarter starts (what makes `resultsIndex` early in a period honest).
 */
const STEP_DWELL_DAYS = [6, 14, 12, 18, 20, 25];
/** Shape of the gamma-distributed time in a step: 3 gives few stays beyond 3× the usual time. */
const DWELL_SHAPE = 3;
/**
 * The demo's typical true conversion rates for steps 1..6 (the organisation's
 * default rates are only a prior for teams without history): a lead becomes a
 * win 5–6 % of the time, so a typical salesperson wins about 5 deals a quarter.
 */
export const DEMO_BASE_RATES = [0.95, 0.75, 0.85, 0.75, 0.5, 0.3] as const;
/** Mean done activities for a deal while it is at step s (1..6), before scaling. */
const ACTIVITY_WEIGHTS = [1.5, 6, 2, 2.5, 3, 3];
const SEASONALITY = [0.95, 1, 1.05, 1.05, 1, 0.95, 0.9, 0.9, 1.05, 1.1, 1.05, 0.95];
const MEDIAN_DEAL = 9000;
/** A new hire opens half the deals (and gets half the quota) in their first 90 days. */
const NEW_HIRE_RAMP = 0.5;
const NEW_HIRE_RAMP_DAYS = 90;
const DEAL_SIGMA = 0.4;
/** A planted weak step converts at this share of the seller's rate (coachingFocus finds below 0.8 of the team's). */
const WEAK_STEP = 0.3;

const KINDS_BY_STEP: readonly (readonly (readonly [DemoActivityKind, number])[])[] = [
  [],
  [
    ["email", 3],
    ["call", 3],
    ["task", 1],
    ["note", 1],
  ],
  [
    ["call", 5],
    ["email", 4],
    ["note", 1],
  ],
  [
    ["call", 2],
    ["meeting", 3],
  ],
  [
    ["meeting", 4],
    ["call", 2],
    ["email", 1],
  ],
  [
    ["demo", 2],
    ["proposal", 2],
    ["meeting", 1],
  ],
  [
    ["call", 3],
    ["meeting", 2],
    ["email", 2],
    ["proposal", 1],
  ],
  [
    ["call", 3],
    ["meeting", 2],
    ["email", 2],
  ],
];

const DURATION: Record<DemoActivityKind, readonly [number, number]> = {
  call: [5, 25],
  email: [5, 10],
  meeting: [30, 60],
  demo: [45, 90],
  proposal: [60, 120],
  task: [10, 30],
  note: [5, 5],
};

const OUTCOMES: Record<DemoActivityKind, readonly string[]> = {
  call: ["Connected", "Left voicemail", "No answer", "Connected"],
  email: ["Sent"],
  meeting: ["Held"],
  demo: ["Held"],
  proposal: ["Sent"],
  task: ["Done"],
  note: [],
};

const MANAGING: readonly (readonly [DemoTimeCategory, number])[] = [
  ["accountability", 0.35],
  ["coaching", 0.25],
  ["motivating", 0.1],
  ["recruiting", 0.1],
  ["admin", 0.2],
];

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function nextWeekday(day: number): number {
  const w = weekday(day);
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day;
}

/** A time during business hours (08:00–18:00 UTC) on `day`, moved to Monday from a weekend. */
function businessTime(day: number, rng: Rng): number {
  return nextWeekday(day) * DAY + Math.floor(rng.uniform(8, 18) * HOUR);
}

function money(amount: number): string {
  return `${Math.round(amount)}.00`;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(x, hi));
}

/** The quarter and month periods quotas are set for: previous and current quarter. */
export function quotaPeriods(asOf: Date): string[] {
  const y = asOf.getUTCFullYear();
  const q = Math.floor(asOf.getUTCMonth() / 3); // 0..3
  const prevY = q === 0 ? y - 1 : y;
  const prevQ = q === 0 ? 3 : q - 1;
  const out = [`${prevY}-Q${prevQ + 1}`, `${y}-Q${q + 1}`];
  for (const [yy, qq] of [
    [prevY, prevQ],
    [y, q],
  ]) {
    for (let m = qq * 3; m < qq * 3 + 3; m++) out.push(`${yy}-${String(m + 1).padStart(2, "0")}`);
  }
  return out;
}

/** Headcount split: 1 admin, 1 executive, managers with 6–10 reports each (for ≥ 16 people). */
export function orgShape(people: number): { managers: number; salespeople: number; reports: number[] } {
  if (!Number.isInteger(people) || people < DEMO_MIN_PEOPLE || people > DEMO_MAX_PEOPLE) {
    throw new RangeError(
      `people must be an integer from ${DEMO_MIN_PEOPLE} to ${DEMO_MAX_PEOPLE}, got ${people}`,
    );
  }
  const rest = people - 2;
  const managers = Math.max(1, Math.round(rest / 9));
  const salespeople = rest - managers;
  const reports: number[] = [];
  for (let i = 0; i < managers; i++) {
    reports.push(Math.floor(salespeople / managers) + (i < salespeople % managers ? 1 : 0));
  }
  return { managers, salespeople, reports };
}

export function teamName(i: number): string {
  const base = TEAM_NAMES[i % TEAM_NAMES.length];
  const round = Math.floor(i / TEAM_NAMES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

const COMPANY_COMBOS = COMPANY_PREFIXES.length * COMPANY_ROOTS.length * INDUSTRIES.length;

/** The n-th company of the organisation: unique, shuffled through the word lists. */
function companyName(n: number): { name: string; industry: string } {
  const round = Math.floor(n / COMPANY_COMBOS);
  // 4021 is coprime with the number of combinations (a permutation of 0..COMBOS-1).
  let idx = (n * 4021) % COMPANY_COMBOS;
  const p = idx % COMPANY_PREFIXES.length;
  idx = Math.floor(idx / COMPANY_PREFIXES.length);
  const r = idx % COMPANY_ROOTS.length;
  const i = Math.floor(idx / COMPANY_ROOTS.length);
  const [industry, suffix] = INDUSTRIES[i];
  const base = `${COMPANY_PREFIXES[p]}${COMPANY_ROOTS[r]} ${suffix}`;
  return { name: round === 0 ? base : `${base} ${round + 1}`, industry };
}

/** First and last day (day numbers, UTC) of a quota period `YYYY-Qn` or `YYYY-MM`. */
export function periodDays(key: string): [number, number] {
  const y = Number(key.slice(0, 4));
  const q = key.includes("Q") ? Number(key.slice(6)) : 0;
  const m0 = q ? (q - 1) * 3 : Number(key.slice(5)) - 1;
  const months = q ? 3 : 1;
  return [dayOf(Date.UTC(y, m0, 1)), dayOf(Date.UTC(y, m0 + months, 1)) - 1];
}

/** Mean days from a deal's creation to its win for a seller of this speed. */
export function cycleDays(speed: number): number {
  return Math.round(STEP_DWELL_DAYS.reduce((a, b) => a + b, 0) * speed);
}

/** Deals a seller opens on the days from `fromDay` to `toDay` at the volume their plan is built on (work 1). */
function plannedDeals(
  s: Pick<SellerProfile, "volume" | "startDay" | "rampUntilDay">,
  fromDay: number,
  toDay: number,
  dealsPerRepYear: number,
): number {
  let deals = 0;
  for (let day = Math.max(fromDay, s.startDay); day <= toDay; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    deals += dealsPerDay(s, day, dealsPerRepYear);
  }
  return deals;
}

/** New deals a seller opens on a weekday at work 1: volume, seasonality, and half while a new hire ramps up. */
function dealsPerDay(
  s: Pick<SellerProfile, "volume" | "rampUntilDay">,
  day: number,
  dealsPerRepYear: number,
): number {
  const ramp = day < s.rampUntilDay ? NEW_HIRE_RAMP : 1;
  return (dealsPerRepYear / 261) * s.volume * ramp * SEASONALITY[new Date(day * DAY).getUTCMonth()];
}

/**
 * Sets the quotas of one team's salespeople, as a manager who uses the method
 * would: from each seller's own history as the product reads it at the start of
 * each quarter (smoothed rates and deal size, K toward the team, over the rate
 * window), the quota is what the seller wins in the quarter at the volume the
 * plan is built on (work 1): the deals they open one sales cycle earlier (the
 * quarter's wins come from those; seasonality and a new hire's ramp included)
 * × pWin × deal size, times 0.9–1.05. So the computed plan asks for about the
 * deals the seller opens at work 1, and `work` decides their efforts. Deal
 * sizes are read without the recent value shift (management sets quotas on the
 * usual size). Months get the quarter's quota split the same way. A new hire
 * gets no quota for a period that started before they did; otherwise theirs
 * is set on the deals they open in the period itself (half while they ramp
 * up): with no pipeline from a cycle before, their first quarters show the
 * efforts but not yet the results.
 */
function setTeamQuotas(
  team: readonly { s: SellerProfile; batch: DemoBatch }[],
  periods: readonly string[],
  dealsPerRepYear: number,
  rng: Rng,
  asOf: number,
): void {
  const settings = DEFAULT_SETTINGS;
  const stepsOf = team.map(({ batch }) => {
    const steps = new Map<string, StepRow[]>();
    for (const r of batch.dealSteps) {
      const l = steps.get(r.dealId);
      const row = { step: r.step as StepNumber, enteredAt: new Date(r.enteredAt) };
      if (l) l.push(row);
      else steps.set(r.dealId, [row]);
    }
    return steps;
  });
  const stretch = team.map(() => rng.uniform(0.9, 1.05));
  for (const quarter of periods.filter((p) => p.includes("Q"))) {
    const [from, to] = periodDays(quarter);
    const start = new Date(from * DAY);
    const window = windowEndingAt(start, settings.rateWindowDays);
    // Read as of the quarter's start, after the previous quarter's wins were sized.
    const stats = team.map(({ s, batch }, i) => {
      const flows = batch.deals.flatMap(
        (d) =>
          dealFlow(
            {
              id: d.id,
              ownerId: d.ownerId,
              value: Number(d.value) / (dayOf(d.createdAt) >= s.valueShiftDay ? s.valueShift : 1),
              createdAt: new Date(d.createdAt),
              expectedClose: d.expectedClose,
              status: d.status,
              closedAt: d.closedAt === null ? null : new Date(d.closedAt),
              steps: stepsOf[i].get(d.id) ?? [],
            },
            start,
          ) ?? [],
      );
      return { funnel: funnelCounts(flows, window), won: wonStats(flows, window) };
    });
    const teamFunnel = poolFunnels(stats.map((x) => x.funnel));
    const teamWon = poolWonStats(stats.map((x) => x.won));
    team.forEach(({ s, batch }, i) => {
      const rates = smoothedRates(stats[i].funnel, teamFunnel, settings);
      const avg = smoothedDealSize(stats[i].won, teamWon, settings);
      if (s.startDay > from) return; // hired during the period: no quota yet
      // The period's wins come from the deals opened about one sales cycle earlier
      // (seasonality included). A new hire's quota is set on the deals they open
      // in the period itself (ramp included): they have no pipeline from a cycle ago.
      const newHire = s.rampUntilDay > s.startDay;
      const lag = newHire ? 0 : cycleDays(s.speed);
      const deals = plannedDeals(s, from - lag, to - lag, dealsPerRepYear);
      if (deals <= 0) return;
      const quota = deals * pWin(rates, 1) * avg * stretch[i];
      s.quotas[quarter] = Math.max(1000, Math.round(quota / 1000) * 1000);
      for (const month of periods.filter((p) => !p.includes("Q") && periodOfMonth(p) === quarter)) {
        const [mFrom, mTo] = periodDays(month);
        const share = plannedDeals(s, mFrom - lag, mTo - lag, dealsPerRepYear) / deals;
        s.quotas[month] = Math.max(1000, Math.round((quota * share) / 1000) * 1000);
      }
      if (!newHire) steerWins(s, batch.deals, s.quotas[quarter], from, to, asOf);
    });
  }
}

/**
 * Sizes a salesperson's wins of a quota quarter to their story: the won deals
 * closed in it by asOf are scaled together (by 0.4–2.5) so that their revenue
 * is `resultsTarget` × quota × the part of the quarter gone by asOf. The
 * product mix, the order of sizes and every count stay as generated; only the
 * luck of a handful of wins is taken out, so the Decision Quad shows the story
 * with a margin from the 1.0 line instead of a coin toss.
 */
function steerWins(
  s: SellerProfile,
  deals: DemoDeal[],
  quota: number,
  from: number,
  to: number,
  asOf: number,
) {
  const start = from * DAY;
  const end = (to + 1) * DAY;
  const won = deals.filter(
    (d) => d.status === "won" && d.closedAt !== null && d.closedAt >= start && d.closedAt < end,
  );
  const sum = won.reduce((a, d) => a + Number(d.value), 0);
  if (sum <= 0) return;
  const gone = clamp((asOf - start) / (end - start), 0, 1);
  const f = clamp((s.resultsTarget * quota * gone) / sum, 0.4, 2.5);
  for (const d of won) d.value = money(Math.max(500, Math.round((Number(d.value) * f) / 100) * 100));
}

/** The quarter (`YYYY-Qn`) a month (`YYYY-MM`) belongs to. */
function periodOfMonth(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5)) - 1) / 3) + 1}`;
}

/** Expected done activities per deal from the weights, for the default rates (to scale to activitiesPerDeal). */
function expectedActivitiesPerDeal(): number {
  let reach = 1;
  let total = 0;
  for (let s = 0; s < 6; s++) {
    total += reach * ACTIVITY_WEIGHTS[s];
    reach *= DEMO_BASE_RATES[s];
  }
  return total;
}

export function resolveDemoOptions(opts: DemoOptions): ResolvedDemoOptions {
  const r: ResolvedDemoOptions = {
    slug: opts.slug ?? DEMO_DEFAULTS.slug,
    people: opts.people,
    seed: opts.seed,
    asOf: opts.asOf,
    months: opts.months ?? DEMO_DEFAULTS.months,
    dealsPerRepYear: opts.dealsPerRepYear ?? DEMO_DEFAULTS.dealsPerRepYear,
    activitiesPerDeal: opts.activitiesPerDeal ?? DEMO_DEFAULTS.activitiesPerDeal,
  };
  if (!Number.isFinite(r.asOf.getTime())) throw new RangeError("asOf must be a valid date");
  if (!Number.isInteger(r.seed)) throw new RangeError(`seed must be an integer, got ${r.seed}`);
  if (!(r.months >= 1 && r.months <= 60)) throw new RangeError(`months must be 1..60, got ${r.months}`);
  if (!(r.dealsPerRepYear > 0)) throw new RangeError("dealsPerRepYear must be > 0");
  if (!(r.activitiesPerDeal >= 0)) throw new RangeError("activitiesPerDeal must be ≥ 0");
  orgShape(r.people);
  return r;
}

export function generateDemo(opts: DemoOptions): DemoPlan {
  const o = resolveDemoOptions(opts);
  const asOf = o.asOf.getTime();
  const asOfDay = dayOf(asOf);
  const historyStartDay = asOfDay - Math.round(o.months * 30.44);
  const shape = orgShape(o.people);
  const rng = new Rng(o.seed, "org");
  // The people's ids count from 0; each pass over batches() counts the rows' on from theirs.
  const personIds = new DemoIds(o.slug);

  const orgCreated = (historyStartDay - 30) * DAY;
  const org: DemoOrg = {
    slug: o.slug,
    name: "Demo Company",
    timeZone: "UTC",
    currency: "USD",
    createdAt: orgCreated,
  };

  const people: DemoPerson[] = [];
  const sellers: SellerProfile[] = [];
  const person = (
    email: string,
    role: DemoRole,
    managerId: string | null,
    team: string | null,
    createdAt = orgCreated,
  ) => {
    const p: DemoPerson = {
      id: personIds.next(rng),
      email,
      name: personName(rng),
      role,
      managerId,
      team,
      createdAt,
    };
    people.push(p);
    return p;
  };
  person("admin@demo.test", "admin", null, null);
  const exec = person("exec@demo.test", "executive", null, null);

  const periods = quotaPeriods(o.asOf);
  const [prevQuarterStart] = periodDays(periods[0]);
  const [currentQuarterStart] = periodDays(periods[1]);
  const scaleRates = (talent: number, noise: number) =>
    DEMO_BASE_RATES.map((r, s) => {
      const skill = s >= 4 ? talent ** 0.2 : 1;
      return clamp(r * skill * Math.exp(noise * rng.normal()), 0.05, 0.97);
    });
  let repNo = 0;
  for (let m = 0; m < shape.managers; m++) {
    const team = teamName(m);
    const manager = person(`manager${m + 1}@demo.test`, "manager", exec.id, team);
    // manager1 is one of the managers who sell far too much (the executive's story); about a third are.
    const sellsTooMuch = m === 0 || rng.chance(0.3);
    const mTalent = Math.exp(0.9 * rng.uniform(0.3, 1.3)); // promoted top sellers
    const mSpeed = rng.uniform(0.8, 1.1);
    sellers.push({
      personId: manager.id,
      role: "manager",
      team,
      managerId: exec.id,
      talent: mTalent,
      volume: sellsTooMuch ? rng.uniform(0.5, 0.8) : rng.uniform(0.08, 0.2),
      sizeMultiplier: mTalent ** 0.7,
      rates: scaleRates(mTalent, 0.1),
      weakStep: null,
      lateLogRate: rng.uniform(0.05, 0.15),
      nextStepRate: rng.uniform(0.6, 0.9),
      skipRate: 0.05,
      stallRate: 0.02,
      speed: mSpeed,
      startDay: historyStartDay,
      rampUntilDay: historyStartDay,
      sellsTooMuch,
      sellingShare: sellsTooMuch ? rng.uniform(0.4, 0.6) : rng.uniform(0.1, 0.22),
      story: null,
      work: 1,
      coast: 1,
      coastDay: asOfDay + 1,
      valueShift: 1,
      closeShift: 1,
      valueShiftDay: asOfDay + 1,
      resultsTarget: 0,
      quotas: {},
    });

    const n = shape.reports[m];
    const ranks = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    // New hires by count: 10 % of the team, rounded (never rep1, a sign-in account).
    const hireAt = new Set(
      rng
        .shuffle(Array.from({ length: n }, (_, k) => k).filter((k) => repNo + k + 1 !== 1))
        .slice(0, Math.round(0.1 * n)),
    );
    const hires = Array.from({ length: n }, (_, k) => hireAt.has(k));
    // The quadrant stories, dealt per team to the salespeople with a history (every team
    // shows a spread); rep1 is always a Q2 story. A new hire is a Q2 story: busy, with no
    // pipeline yet and so no results.
    const deck = storyDeck(hires.filter((x) => !x).length, rng, m);
    if (repNo === 0 && deck[0] !== "Q2") {
      const j = deck.indexOf("Q2");
      [deck[0], deck[j]] = [deck[j], deck[0]];
    }
    const stories = hires.map((hire): DemoStory => (hire ? "Q2" : deck.shift()!));
    for (let k = 0; k < n; k++) {
      repNo++;
      const newHire = hires[k];
      const startDay = newHire ? asOfDay - rng.int(45, 180) : historyStartDay;
      const rep = person(`rep${repNo}@demo.test`, "salesperson", manager.id, team, startDay * DAY);
      const z = probit((ranks[k] + 0.5) / n);
      const talent = Math.exp(0.6 * z);
      const rates = scaleRates(talent, 0.08);
      const story = stories[k];
      // rep1 (a sign-in account) always has a clear weak step: presenting. The stories with
      // results (Q1, Q3) have none: a step that lets few deals through costs results, and
      // makes the next steps' entries in a week a matter of luck.
      const weak = rng.chance(0.6) ? rng.int(2, 6) : null;
      const weakStep = repNo === 1 ? 5 : story === "Q1" || story === "Q3" ? null : weak;
      if (weakStep) rates[weakStep - 1] = clamp(rates[weakStep - 1] * WEAK_STEP, 0.05, 0.97);
      const sloppy = repNo === 1 || rng.chance(0.25);
      const st = STORIES[story];
      const speed = rng.uniform(0.8, 1.25);
      const s: SellerProfile = {
        personId: rep.id,
        role: "salesperson",
        team,
        managerId: manager.id,
        talent,
        volume: talent ** 0.3 * rng.uniform(0.85, 1.2),
        sizeMultiplier: talent ** 0.7,
        rates,
        weakStep,
        lateLogRate: rng.chance(0.2) ? rng.uniform(0.2, 0.4) : rng.uniform(0.01, 0.05),
        nextStepRate: sloppy ? rng.uniform(0.45, 0.7) : rng.uniform(0.85, 0.98),
        skipRate: st.skipRate ?? (rng.chance(0.2) ? 0.12 : 0.02),
        stallRate: sloppy ? 0.04 : 0.01,
        speed,
        startDay,
        rampUntilDay: newHire ? startDay + NEW_HIRE_RAMP_DAYS : startDay,
        sellsTooMuch: false,
        sellingShare: 1,
        story,
        work: rng.uniform(st.work[0], st.work[1]),
        coast: st.coast ?? 1,
        coastDay: currentQuarterStart,
        valueShift: rng.uniform(st.valueShift[0], st.valueShift[1]),
        closeShift: st.closeShift ?? 1,
        // From about one sales cycle before the previous quarter: its wins and the current ones.
        valueShiftDay: prevQuarterStart - cycleDays(speed),
        resultsTarget: rng.uniform(st.results[0], st.results[1]),
        quotas: {},
      };
      sellers.push(s);
    }
  }

  const managersById = new Map(sellers.filter((s) => s.role === "manager").map((s) => [s.personId, s]));
  const activityScale = o.activitiesPerDeal / expectedActivitiesPerDeal();

  function* bySeller(): Generator<DemoBatch | undefined> {
    const counters = { account: 0, contact: 0 };
    const ids = new DemoIds(o.slug, people.length);
    // One team at a time (a manager, then their salespeople): the quotas need the team's history.
    let team: { s: SellerProfile; batch: DemoBatch; i: number }[] = [];
    const finish = function* () {
      const reps = team.filter((x) => x.s.role === "salesperson");
      setTeamQuotas(reps, periods, o.dealsPerRepYear, new Rng(o.seed, "quotas", team[0].i), asOf);
      for (const { s, batch } of reps) {
        batch.quotas = periods.flatMap((period) =>
          s.quotas[period] === undefined
            ? []
            : [{ personId: s.personId, period, amount: money(s.quotas[period]) }],
        );
      }
      for (const x of team) yield x.batch;
      team = [];
    };
    for (let i = 0; i < sellers.length; i++) {
      const s = sellers[i];
      if (s.role === "manager" && team.length > 0) yield* finish();
      const batch = simulateSeller(s, new Rng(o.seed, "seller", i), {
        asOf,
        asOfDay,
        historyStartDay,
        dealsPerRepYear: o.dealsPerRepYear,
        activityScale,
        counters,
        ids,
      });
      if (s.role === "manager") {
        batch.timeEntries = managerTime(s, new Rng(o.seed, "time", i), ids, periods, asOf);
      } else {
        batch.reviews = reviewsOf(
          s,
          managersById.get(s.managerId!)!,
          new Rng(o.seed, "reviews", i),
          ids,
          asOf,
        );
      }
      team.push({ s, batch, i });
      yield undefined;
    }
    if (team.length > 0) yield* finish();
  }

  function* batches(): Generator<DemoBatch> {
    for (const batch of bySeller()) if (batch) yield batch;
  }

  return { options: o, org, people, sellers, periods, batches, bySeller };
}

interface SimContext {
  asOf: number;
  asOfDay: number;
  historyStartDay: number;
  dealsPerRepYear: number;
  activityScale: number;
  counters: { account: number; contact: number };
  /** The organisation's ids, in drawing order. */
  ids: DemoIds;
}

/**
 * A seller's outcomes by construction rather than by luck: each step's
 * conversions keep pace with the seller's true rate (Pacer), and their won
 * deals' products and sizes follow evenly spread sequences (Spread). With
 * about 5 wins a quarter, independent draws would put a person's quarter
 * anywhere from 0.6 to 2.7 times what their rates and work give.
 */
interface SellerPace {
  steps: Pacer[];
  product: Spread;
  size: Spread;
}

interface ContactState {
  contact: DemoContact;
  accountName: string;
  open: boolean;
  lastClosedAt: number;
  wonAt: number;
}

function simulateSeller(s: SellerProfile, rng: Rng, ctx: SimContext): DemoBatch {
  const { asOf, asOfDay } = ctx;
  const batch: DemoBatch = {
    accounts: [],
    contacts: [],
    deals: [],
    dealSteps: [],
    activities: [],
    quotas: [],
    timeEntries: [],
    reviews: [],
  };
  const contacts: ContactState[] = [];
  const customers: ContactState[] = [];
  const pace: SellerPace = {
    steps: [1, 2, 3, 4, 5, 6].map(() => new Pacer(rng)),
    product: new Spread(rng),
    size: new Spread(rng),
  };

  const activity = (
    kind: DemoActivityKind,
    step: number,
    dealId: string | null,
    contactId: string,
    doneAt: number | null,
    scheduledFor: number | null,
    createdAt: number,
  ): DemoActivity | null => {
    let loggedAt: number | null = null;
    if (doneAt !== null) {
      const late = rng.chance(s.lateLogRate);
      loggedAt = doneAt + (late ? rng.uniform(49 * HOUR, 10 * DAY) : rng.uniform(60_000, 4 * HOUR));
      loggedAt = Math.round(loggedAt);
      // Not logged yet as of asOf: it does not exist in the system.
      if (loggedAt > asOf) return null;
      createdAt = loggedAt;
    }
    const [lo, hi] = DURATION[kind];
    const outcomes = OUTCOMES[kind];
    const a: DemoActivity = {
      id: ctx.ids.next(rng),
      ownerId: s.personId,
      kind,
      step,
      dealId,
      contactId,
      scheduledFor:
        scheduledFor ?? (doneAt !== null && (kind === "meeting" || kind === "demo") ? doneAt : null),
      doneAt,
      loggedAt,
      durationMinutes: lo === hi ? lo : rng.int(lo / 5, hi / 5) * 5,
      outcome: doneAt !== null && outcomes.length > 0 ? rng.pick(outcomes) : null,
      createdAt,
    };
    batch.activities.push(a);
    return a;
  };

  /** Done activities serving `step` between two instants, on business days. */
  const doneActivities = (
    count: number,
    step: number,
    dealId: string | null,
    contactId: string,
    from: number,
    to: number,
  ) => {
    for (let k = 0; k < count; k++) {
      const raw = from + rng.next() * (to - from);
      const t = clamp(businessTime(dayOf(raw), rng), from, to);
      activity(rng.weighted(KINDS_BY_STEP[step]), step, dealId, contactId, t, null, t);
    }
  };

  const scheduleNext = (step: number, dealId: string | null, contactId: string, since: number) => {
    const when = businessTime(asOfDay + rng.int(1, 14), rng);
    activity(
      rng.weighted(KINDS_BY_STEP[step]),
      step,
      dealId,
      contactId,
      null,
      when,
      Math.max(since, asOf - 2 * DAY),
    );
  };

  const newContact = (createdAt: number, leadSource: string): ContactState => {
    const n = ctx.counters.account++;
    const company = companyName(n);
    const account: DemoAccount = {
      id: ctx.ids.next(rng),
      name: company.name,
      ownerId: s.personId,
      industry: company.industry,
      createdAt,
    };
    batch.accounts.push(account);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const c = ctx.counters.contact++;
    const contact: DemoContact = {
      id: ctx.ids.next(rng),
      email: `${first}.${last}.${c}@${company.name.split(" ")[0]}.example`.toLowerCase(),
      name: `${first} ${last}`,
      ownerId: s.personId,
      accountId: account.id,
      leadSource,
      status: "active",
      customer: false,
      createdAt,
    };
    const st: ContactState = { contact, accountName: account.name, open: false, lastClosedAt: 0, wonAt: 0 };
    contacts.push(st);
    return st;
  };

  const firstDay = Math.max(s.startDay, ctx.historyStartDay);
  for (let day = firstDay; day <= asOfDay; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    const lambda = dealsPerDay(s, day, ctx.dealsPerRepYear) * s.work * (day >= s.coastDay ? s.coast : 1);
    // A routine: about the same number of new deals every day (not Poisson), so that a
    // week's efforts are not mostly luck.
    const n = Math.floor(lambda) + (rng.chance(lambda % 1) ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const created = businessTime(day, rng);
      if (created > asOf) continue;
      let [source, , sourceFactor] = rng.weighted(LEAD_SOURCES.map((x) => [x, x[1]] as const));
      let st: ContactState | undefined;
      if (source === "Existing customer") {
        const eligible = customers.filter((c) => c.wonAt < created);
        if (eligible.length > 0) st = rng.pick(eligible);
        else [source, , sourceFactor] = LEAD_SOURCES.find((x) => x[0] === "Referral")!;
      }
      st ??= newContact(created, source);
      simulateDeal(
        s,
        rng,
        ctx,
        batch,
        st,
        created,
        source,
        sourceFactor,
        doneActivities,
        scheduleNext,
        customers,
        pace,
      );
    }
  }

  // Customer care (step 7) and contact status, once every deal of this seller is known.
  for (const st of contacts) {
    const c = st.contact;
    if (st.wonAt > 0) {
      c.customer = true;
      const inactive = asOf - st.wonAt > 270 * DAY && !st.open && rng.chance(0.4);
      c.status = inactive ? "inactive" : "active";
      const months = (asOf - st.wonAt) / (30 * DAY);
      doneActivities(
        rng.poisson(months / 1.5),
        7,
        null,
        c.id,
        st.wonAt,
        inactive ? st.wonAt + 60 * DAY : asOf,
      );
      if (!inactive && rng.chance(s.nextStepRate)) scheduleNext(7, null, c.id, st.wonAt);
    } else if (!st.open && asOf - st.lastClosedAt > 30 * DAY && rng.chance(0.7)) {
      c.status = "inactive";
    }
    batch.contacts.push(c);
  }
  return batch;
}

function simulateDeal(
  s: SellerProfile,
  rng: Rng,
  ctx: SimContext,
  batch: DemoBatch,
  st: ContactState,
  created: number,
  source: string,
  sourceFactor: number,
  doneActivities: (
    count: number,
    step: number,
    dealId: string | null,
    contactId: string,
    from: number,
    to: number,
  ) => void,
  scheduleNext: (step: number, dealId: string | null, contactId: string, since: number) => void,
  customers: ContactState[],
  pace: SellerPace,
) {
  const { asOf, asOfDay } = ctx;
  const dealId = ctx.ids.next(rng);
  const rates = s.rates.slice();
  rates[1] = clamp(rates[1] * sourceFactor, 0.05, 0.97);
  rates[2] = clamp(rates[2] * Math.sqrt(sourceFactor), 0.05, 0.97);
  if (dayOf(created) >= s.valueShiftDay) rates[5] = clamp(rates[5] * s.closeShift, 0.05, 0.97);
  const dwell = (step: number) =>
    Math.max(1, Math.round(rng.gamma(DWELL_SHAPE, STEP_DWELL_DAYS[step - 1] * s.speed)));
  const expectedDays = cycleDays(s.speed) * rng.uniform(0.85, 1.25);
  let expectedCloseDay = dayOf(created) + Math.round(expectedDays);
  const expectedCloseAtCreation = isoDate(expectedCloseDay);

  const steps: DemoDealStep[] = [];
  const enter = (step: number, at: number, skipped: number[]) =>
    steps.push({
      dealId,
      step,
      enteredAt: at,
      recordedAt: Math.min(asOf, at + Math.floor(rng.uniform(0, 30) * 60_000)),
      recordedBy: s.personId,
      skipped,
    });

  // A referral or inbound lead sometimes starts straight at prospecting (a skip of step 1).
  let step = rng.chance(s.skipRate / 2) ? 2 : 1;
  enter(step, created, step === 2 ? [1] : []);
  let t = created;
  let status: DemoDealStatus = "open";
  let closedAt: number | null = null;
  let lostReason: string | null = null;
  let stalled = false;
  const actWeight = (st: number) => ACTIVITY_WEIGHTS[st - 1] * ctx.activityScale;

  for (;;) {
    if (step >= 2 && rng.chance(s.stallRate)) {
      // No progress: the seller gives up on it after 1.5–4× the usual time in the step
      // (lost, "went dark"); until then it sits open in the pipeline.
      const busyUntil = Math.min(asOf, t + STEP_DWELL_DAYS[step - 1] * DAY);
      doneActivities(rng.poisson(actWeight(step) * 0.5), step, dealId, st.contact.id, t, busyUntil);
      const givenUp = businessTime(
        dayOf(t) + Math.round(STEP_DWELL_DAYS[step - 1] * s.speed * rng.uniform(1.5, 4)),
        rng,
      );
      if (givenUp <= asOf) {
        status = "lost";
        lostReason = "No decision / went dark";
        closedAt = givenUp;
      } else stalled = true;
      break;
    }
    const next = businessTime(dayOf(t) + dwell(step), rng);
    if (next > asOf) {
      const elapsed = (asOf - t) / (STEP_DWELL_DAYS[step - 1] * s.speed * DAY);
      doneActivities(
        rng.poisson(actWeight(step) * Math.min(1, elapsed)),
        step,
        dealId,
        st.contact.id,
        t,
        asOf,
      );
      break;
    }
    doneActivities(rng.poisson(actWeight(step)), step, dealId, st.contact.id, t, next);
    if (pace.steps[step - 1].chance(rates[step - 1])) {
      if (step === 6) {
        status = "won";
        closedAt = next;
        enter(7, next, []);
        step = 7;
        t = next;
        break;
      }
      if (step <= 4 && rng.chance(s.skipRate) && rng.chance(rates[step])) {
        enter(step + 2, next, [step + 1]);
        step += 2;
      } else {
        enter(step + 1, next, []);
        step += 1;
      }
      t = next;
    } else {
      const disqualify = step <= 3 ? rng.chance(0.6) : rng.chance(0.1);
      status = disqualify ? "disqualified" : "lost";
      lostReason = rng.pick(disqualify ? DISQUALIFIED_REASONS : LOST_REASONS);
      closedAt = next;
      break;
    }
  }

  if (status === "open") {
    st.open = true;
    if (!stalled && expectedCloseDay <= asOfDay) {
      let remaining = 0;
      for (let k = step; k <= 6; k++) remaining += STEP_DWELL_DAYS[k - 1];
      expectedCloseDay = asOfDay + Math.max(1, Math.round(remaining * s.speed * rng.uniform(0.5, 1.2)));
    }
    if (rng.chance(stalled ? s.nextStepRate * 0.3 : s.nextStepRate))
      scheduleNext(step, dealId, st.contact.id, t);
    // A few reps leave overdue tasks behind.
    if (rng.chance(0.05)) {
      const when = businessTime(asOfDay - rng.int(1, 7), rng);
      if (when < asOf && when > t)
        batch.activities.push(overdueTask(rng, ctx.ids, s, step, dealId, st.contact.id, when, t));
    }
  } else {
    st.lastClosedAt = Math.max(st.lastClosedAt, closedAt!);
    if (status === "won") {
      if (st.wonAt === 0) customers.push(st);
      st.wonAt = Math.max(st.wonAt, closedAt!);
    }
  }

  // The deal's size: a won deal's product and size come from the seller's evenly spread
  // sequences (a quarter's few wins have the usual mix, not a lucky or unlucky one).
  const won = status === "won";
  const [product, productMult] = weightedAt(
    PRODUCTS.map(([name, m, w]) => [[name, m] as const, w] as const),
    won ? pace.product.next() : rng.next(),
  );
  const z = won ? probit(clamp(pace.size.next(), 0.001, 0.999)) : rng.normal();
  const shift = dayOf(created) >= s.valueShiftDay ? s.valueShift : 1;
  const value = Math.max(
    500,
    Math.round((MEDIAN_DEAL * productMult * s.sizeMultiplier * shift * Math.exp(DEAL_SIGMA * z)) / 100) * 100,
  );

  const last = steps[steps.length - 1];
  batch.dealSteps.push(...steps);
  batch.deals.push({
    id: dealId,
    name: `${st.accountName} — ${product}`,
    ownerId: s.personId,
    accountId: st.contact.accountId,
    contactId: st.contact.id,
    value: money(value),
    product,
    leadSource: source,
    prospectingMethod: rng.pick(PROSPECTING_METHODS[source]),
    expectedClose: isoDate(expectedCloseDay),
    expectedCloseAtCreation,
    status,
    closedAt,
    lostReason,
    currentStep: last.step,
    stepEnteredAt: last.enteredAt,
    createdAt: created,
    updatedAt: closedAt ?? last.enteredAt,
  });
}

function overdueTask(
  rng: Rng,
  ids: DemoIds,
  s: SellerProfile,
  step: number,
  dealId: string,
  contactId: string,
  when: number,
  since: number,
): DemoActivity {
  return {
    id: ids.next(rng),
    ownerId: s.personId,
    kind: "task",
    step,
    dealId,
    contactId,
    scheduledFor: when,
    doneAt: null,
    loggedAt: null,
    durationMinutes: 15,
    outcome: null,
    createdAt: since,
  };
}

/** A manager's working days by category since the start of the previous quarter. */
function managerTime(
  s: SellerProfile,
  rng: Rng,
  ids: DemoIds,
  periods: string[],
  asOf: number,
): DemoTimeEntry[] {
  const [y, q] = periods[0].split("-Q").map(Number);
  const fromDay = dayOf(Date.UTC(y, (q - 1) * 3, 1));
  const out: DemoTimeEntry[] = [];
  for (let day = fromDay; day < dayOf(asOf); day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6 || rng.chance(0.04)) continue; // weekends, and the odd day off
    const total = rng.int(28, 36) * 15; // 7–9 hours
    const selling = Math.round((total * clamp(s.sellingShare * rng.uniform(0.6, 1.4), 0, 0.9)) / 15) * 15;
    const date = isoDate(day);
    if (selling > 0)
      out.push({ id: ids.next(rng), personId: s.personId, date, category: "selling", minutes: selling });
    const managing = total - selling;
    for (const [category, w] of MANAGING) {
      if (rng.chance(0.15)) continue;
      const minutes = Math.round((managing * w * rng.uniform(0.6, 1.4)) / 15) * 15;
      if (minutes > 0) out.push({ id: ids.next(rng), personId: s.personId, date, category, minutes });
    }
  }
  return out;
}

/** One-on-ones over the last 12 weeks: weekly for managers who manage, rarely for those who sell. */
function reviewsOf(
  rep: SellerProfile,
  manager: SellerProfile,
  rng: Rng,
  ids: DemoIds,
  asOf: number,
): DemoReview[] {
  const cadence = manager.sellsTooMuch ? rng.int(14, 28) : 7;
  const out: DemoReview[] = [];
  const firstDay = Math.max(rep.startDay, dayOf(asOf) - 84);
  for (let day = dayOf(asOf) - rng.int(0, cadence - 1); day >= firstDay; day -= cadence) {
    if (rng.chance(manager.sellsTooMuch ? 0.3 : 0.1)) continue; // skipped this one
    const heldAt = businessTime(day, rng);
    if (heldAt > asOf) continue;
    out.push({
      id: ids.next(rng),
      personId: rep.personId,
      managerId: manager.personId,
      heldAt,
      notes: rng.pick(REVIEW_NOTES),
    });
  }
  return out.reverse();
}
