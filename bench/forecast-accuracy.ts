/**
 * Forecast accuracy, honestly measured (issue 3, item 6; not part of `npm test`):
 *
 *   npx tsx bench/forecast-accuracy.ts [--seeds N] [--people N] [--period KEY] [--cuts 0,1/3,2/3]
 *   npm run bench:forecast
 *
 * For each seed it generates a demo organisation (src/domain/demo.ts) whose
 * salespeople have known true conversion rates, with the history running up
 * to the END of the period. It then cuts that history at instants inside the
 * period (`--cuts`, fractions of the period's days) and forecasts, per
 * salesperson, the revenue won in the period:
 *
 *   forecast = won in the period by the cut + Σ over deals open at the cut with
 *              an expected close in the period of value · P(win | current step)
 *
 * The first term is the same for every method; they differ in P(win | step):
 *
 * - **Stepwise**: the product's own `forecast` figure (computeMetrics as of the
 *   cut → wonRevenue + pipelineExpected): each salesperson's smoothed
 *   (mass-customised) rates, K = 5 toward the team.
 * - **one fixed probability per stage, org history**: the organisation-wide
 *   pooled raw rate per step over the same 365-day window (what a CRM admin who
 *   calibrates stage probabilities from history sets), the same for everybody.
 * - **one fixed probability per stage, HubSpot defaults**: HubSpot's default
 *   deal-stage probabilities (20/40/60/80/90 %) mapped onto the 7 steps.
 * - three references, not products: the **team** pooled rates (Stepwise's
 *   prior alone), Stepwise with a stronger prior (K = 20), and the **true**
 *   rates the generator drew (an oracle: what perfect knowledge of each
 *   seller's skill would give; timing luck remains).
 *
 * The actual is the revenue each salesperson won in the period (the same
 * generated history, read at the period's end). Every figure comes from the
 * product's domain functions (dealFlow, funnelCounts, smoothed rates, pWin,
 * pipelineExpected, computeMetrics); nothing goes through a database.
 *
 * Errors over salespeople: MAPE = mean |F − A| / A over people with A > 0
 * (people with A = 0 are left out and counted), WAPE = Σ|F − A| / ΣA over
 * everybody, bias = ΣF / ΣA − 1. Reported per cut as the mean over seeds (and
 * the range), with each method's ratio to the Stepwise figure.
 *
 * Diagnostics printed per cut: per person, how often Stepwise is closer to the
 * actual than the org-wide fixed stages (all people, and those with A > 0);
 * how far each method's P(win | needs analysis) is from each seller's true
 * one (does it find the skill?); and where the period's actual revenue came
 * from as seen from the cut (already won, pipeline dated in the period, open
 * but dated outside it, not yet created). The last line is a verdict: a sign
 * test over the seed × cut runs. docs/forecast-accuracy.md has the findings.
 *
 * Expected close dates as of the cut: at ITS asOf (the period's end) the
 * generator gives open deals that are still moving but past their expected
 * close a new date after asOf, which would tell a forecast made earlier which
 * deals slip. So as of the cut the bench uses the date each deal got at
 * creation (`expectedCloseAtCreation`). Stalled deals keep their past dates in
 * the generator too, so that is what a demo generated as of the cut would show.
 * The run also prints the MAPE with the dates as stored at the period's end.
 */
import { parseArgs } from "node:util";
import { LEAD_SOURCES } from "../src/domain/demo/names.js";
import { type DemoPlan, generateDemo, type SellerProfile } from "../src/domain/demo.js";
import { pipelineExpected } from "../src/domain/efforts.js";
import {
  addDays,
  dateInPeriod,
  inPeriod,
  type Period,
  periodRange,
  startOfLocalDay,
  windowEndingAt,
} from "../src/domain/periods.js";
import { type PerStep, perStep } from "../src/domain/perstep.js";
import { funnelCounts, poolFunnels, pWin, teamPriorRates } from "../src/domain/rates.js";
import { computeMetrics, type MetricsFacts, type PersonFacts } from "../src/domain/reports.js";
import { DEFAULT_SETTINGS } from "../src/domain/settings.js";
import { type DealFacts, type DealFlow, dealFlow } from "../src/domain/stepflow.js";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "8" },
    people: { type: "string", default: "100" },
    period: { type: "string", default: "2026-Q3" },
    cuts: { type: "string", default: "0,1/3,2/3" },
  },
});

function parseFraction(s: string): number {
  const [a, b] = s.split("/").map(Number);
  const x = b === undefined ? a : a / b;
  if (!(x >= 0 && x < 1)) throw new Error(`--cuts: "${s}" is not a fraction in [0, 1)`);
  return x;
}

const SEEDS = Number(values.seeds);
const PEOPLE = Number(values.people);
if (!(Number.isInteger(SEEDS) && SEEDS >= 1)) throw new Error(`--seeds must be a positive integer`);
const TZ = "UTC"; // the demo organisation's time zone
const PERIOD = periodRange(values.period, TZ);
const CUTS = values.cuts.split(",").map((s) => ({ label: s.trim(), frac: parseFraction(s.trim()) }));
const settings = DEFAULT_SETTINGS;
/** A stronger prior weight, to see whether K = 5 shrinks too little. */
const K_ALT = 20;

/**
 * HubSpot's default deal stages and probabilities (Appointment scheduled 20 %,
 * Qualified to buy 40 %, Presentation scheduled 60 %, Decision maker bought-in
 * 80 %, Contract sent 90 %, Closed won 100 %) on Stepwise's steps 1..6: a lead
 * has no earlier HubSpot stage, so it gets the first stage's 20 %.
 */
const HUBSPOT_P_WIN = [0.2, 0.2, 0.4, 0.6, 0.8, 0.9];

/** Per-step rates whose products are the given stage win probabilities: rate(s) = P(s) / P(s+1). */
function ratesFromStageProbabilities(p: readonly number[]): PerStep<number> {
  return perStep((s) => p[s - 1] / (s === 6 ? 1 : p[s]));
}

type Method = "stepwise" | "orgFixed" | "hubspot" | "team" | "k20" | "truth";
const METHODS: { key: Method; label: string }[] = [
  { key: "stepwise", label: "Stepwise: per-person smoothed rates" },
  { key: "orgFixed", label: "fixed per stage: org-wide history" },
  { key: "hubspot", label: "fixed per stage: HubSpot defaults" },
  { key: "team", label: "(ref) team pooled rates" },
  { key: "k20", label: `(ref) Stepwise with K = ${K_ALT}` },
  { key: "truth", label: "(ref) true rates (oracle)" },
];

interface Generated {
  plan: DemoPlan;
  people: PersonFacts[];
  deals: DealFacts[];
  /** deal id → its expected close at creation, lead source factor */
  meta: Map<string, { atCreation: string; stored: string | null; sourceFactor: number }>;
  sellers: Map<string, SellerProfile>;
}

function generate(seed: number): Generated {
  const plan = generateDemo({ people: PEOPLE, seed, asOf: PERIOD.end });
  const people: PersonFacts[] = plan.people.map((p) => ({
    id: p.id,
    email: p.email,
    name: p.name,
    role: p.role,
    team: p.team,
    managerId: p.managerId,
  }));
  const deals: DealFacts[] = [];
  const meta: Generated["meta"] = new Map();
  const factor = new Map(LEAD_SOURCES.map(([name, , f]) => [name, f]));
  for (const b of plan.batches()) {
    const steps = new Map<string, { step: 1 | 2 | 3 | 4 | 5 | 6 | 7; enteredAt: Date }[]>();
    for (const s of b.dealSteps) {
      const l = steps.get(s.dealId) ?? [];
      l.push({ step: s.step as 1, enteredAt: new Date(s.enteredAt) });
      steps.set(s.dealId, l);
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
      meta.set(d.id, {
        atCreation: d.expectedCloseAtCreation,
        stored: d.expectedClose,
        sourceFactor: factor.get(d.leadSource) ?? 1,
      });
    }
  }
  return { plan, people, deals, meta, sellers: new Map(plan.sellers.map((s) => [s.personId, s])) };
}

/**
 * The deals as they looked at `cut`: the expected close each deal got at
 * creation. The generator moves the date of an open deal past its asOf only
 * while the deal is still moving; a stalled deal keeps its old date. Open deals
 * still moving yet past their date are rare (about 2 % of the open deals at the
 * generator's asOf), so the creation date is what a demo generated as of the
 * cut would show. `leaky`: the dates as stored at the period's end instead.
 */
function dealsAsOfCut(g: Generated, leaky: boolean): DealFacts[] {
  if (leaky) return g.deals;
  return g.deals.map((d) => ({ ...d, expectedClose: g.meta.get(d.id)!.atCreation }));
}

function facts(g: Generated, deals: readonly DealFacts[], st = settings): MetricsFacts {
  return {
    timeZone: TZ,
    settings: st,
    people: g.people,
    deals,
    quotas: new Map(),
    activities: new Map(),
    dealsWithNextStep: new Set(),
  };
}

/** The generator's true rates for one deal (lead-source factor on steps 2–3, stalls on the way). */
function trueRates(s: SellerProfile, sourceFactor: number): PerStep<number> {
  const clamp = (x: number) => Math.max(0.05, Math.min(x, 0.97));
  const r = s.rates.slice();
  r[1] = clamp(r[1] * sourceFactor);
  r[2] = clamp(r[2] * Math.sqrt(sourceFactor));
  // Every step entered from 2 on may stall for good (stallRate): the chance to move on is (1 − stall).
  return perStep((k) => (k < 6 ? r[k - 1] * (1 - s.stallRate) : r[k - 1]));
}

interface Pair {
  f: number;
  a: number;
}
type Errors = {
  mape: number | null;
  /** Median APE over people with actual > 0 (MAPE is dominated by a few small actuals). */
  mdape: number | null;
  wape: number | null;
  bias: number | null;
  zeros: number;
  n: number;
};

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function errors(pairs: readonly Pair[]): Errors {
  let ape = 0;
  let nPos = 0;
  const apes: number[] = [];
  let absSum = 0;
  let aSum = 0;
  let fSum = 0;
  for (const { f, a } of pairs) {
    absSum += Math.abs(f - a);
    aSum += a;
    fSum += f;
    if (a > 0) {
      ape += Math.abs(f - a) / a;
      apes.push(Math.abs(f - a) / a);
      nPos++;
    }
  }
  return {
    mape: nPos > 0 ? ape / nPos : null,
    mdape: median(apes),
    wape: aSum > 0 ? absSum / aSum : null,
    bias: aSum > 0 ? fSum / aSum - 1 : null,
    zeros: pairs.length - nPos,
    n: pairs.length,
  };
}

/** Per-salesperson forecasts of every method as of `cut`, and the actuals. */
function forecastAt(g: Generated, cut: Date, leaky: boolean, actual: Map<string, number>) {
  const deals = dealsAsOfCut(g, leaky);
  const m = computeMetrics(facts(g, deals), { period: PERIOD, asOf: cut });
  const mAlt = computeMetrics(facts(g, deals, { ...settings, priorWeight: K_ALT }), {
    period: PERIOD,
    asOf: cut,
  });
  const altPipeline = new Map(mAlt.people.map((x) => [x.person.id, x.pipelineExpected]));
  const altRates = new Map(mAlt.people.map((x) => [x.person.id, x.rates]));
  const byOwner = new Map<string, DealFlow[]>();
  for (const d of deals) {
    const f = dealFlow(d, cut);
    if (!f) continue;
    const l = byOwner.get(d.ownerId) ?? [];
    l.push(f);
    byOwner.set(d.ownerId, l);
  }
  const win = windowEndingAt(cut, settings.rateWindowDays);
  const funnelOf = new Map(
    m.people.map((x) => [x.person.id, funnelCounts(byOwner.get(x.person.id) ?? [], win)]),
  );
  const orgRates = teamPriorRates(poolFunnels(funnelOf.values()), settings);
  const teamRates = new Map<string, PerStep<number>>();
  for (const x of m.people) {
    const t = x.person.team ?? x.person.id;
    if (teamRates.has(t)) continue;
    const mates = m.people
      .filter((y) => (y.person.team ?? y.person.id) === t)
      .map((y) => funnelOf.get(y.person.id)!);
    teamRates.set(t, teamPriorRates(poolFunnels(mates), settings));
  }
  const hubspot = ratesFromStageProbabilities(HUBSPOT_P_WIN);
  const skill: Record<Method, number[]> = {
    stepwise: [],
    orgFixed: [],
    hubspot: [],
    team: [],
    k20: [],
    truth: [],
  };
  const out: Record<Method, Pair[]> = {
    stepwise: [],
    orgFixed: [],
    hubspot: [],
    team: [],
    k20: [],
    truth: [],
  };
  for (const x of m.people) {
    const flows = byOwner.get(x.person.id) ?? [];
    const won = x.wonRevenue;
    const a = actual.get(x.person.id) ?? 0;
    const seller = g.sellers.get(x.person.id)!;
    const truth = flows.reduce(
      (sum, f) =>
        sum + pipelineExpected([f], PERIOD, cut, trueRates(seller, g.meta.get(f.deal.id)!.sourceFactor)),
      0,
    );
    out.stepwise.push({ f: won + x.pipelineExpected, a });
    out.orgFixed.push({ f: won + pipelineExpected(flows, PERIOD, cut, orgRates), a });
    out.hubspot.push({ f: won + pipelineExpected(flows, PERIOD, cut, hubspot), a });
    out.team.push({
      f: won + pipelineExpected(flows, PERIOD, cut, teamRates.get(x.person.team ?? x.person.id)!),
      a,
    });
    out.k20.push({ f: won + altPipeline.get(x.person.id)!, a });
    out.truth.push({ f: won + truth, a });
    // How close each method's P(win | needs analysis) = rate(4)·rate(5)·rate(6) is to the seller's
    // true one (steps 4–6 do not depend on the lead source; stalled deals are left out of the
    // measured rates, so the truth here is without stalls).
    const true4 = seller.rates[3] * seller.rates[4] * seller.rates[5];
    const rel = (r: PerStep<number>) => Math.abs(pWin(r, 4) - true4) / true4;
    skill.stepwise.push(rel(x.rates));
    skill.orgFixed.push(rel(orgRates));
    skill.hubspot.push(rel(hubspot));
    skill.team.push(rel(teamRates.get(x.person.team ?? x.person.id)!));
    skill.k20.push(rel(altRates.get(x.person.id)!));
    skill.truth.push(0);
  }
  // Where the period's actual revenue came from, seen from the cut.
  const sellers = new Set(m.people.map((x) => x.person.id));
  const sources = { wonByCut: 0, inPipeline: 0, openOutside: 0, createdLater: 0 };
  for (const d of deals) {
    if (!sellers.has(d.ownerId) || d.status !== "won" || !d.closedAt || !inPeriod(d.closedAt, PERIOD))
      continue;
    const f = dealFlow(d, cut);
    if (!f) sources.createdLater += d.value;
    else if (f.outcome === "won") sources.wonByCut += d.value;
    else if (d.expectedClose && dateInPeriod(d.expectedClose, PERIOD)) sources.inPipeline += d.value;
    else sources.openOutside += d.value;
  }
  return { out, orgRates, sources, skill };
}

function cutInstant(p: Period, frac: number): Date {
  return startOfLocalDay(addDays(p.startDate, Math.round(frac * p.days)), p.timeZone);
}

// ---------------------------------------------------------------------------

const pct = (x: number | null) => (x == null ? "—" : `${(100 * x).toFixed(1)} %`);
const signedPct = (x: number | null) => (x == null ? "—" : `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} %`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const t0 = performance.now();
type Acc = Record<
  Method,
  {
    mape: number[];
    mdape: number[];
    wape: number[];
    bias: number[];
    zeros: number;
    n: number;
    /** Person-periods where this method's |F − A| is below Stepwise's, and where it is above. */
    closer: number;
    farther: number;
    /** The same over person-periods with actual > 0. */
    closerPos: number;
    fartherPos: number;
  }
>;
const emptyAcc = (): Acc =>
  Object.fromEntries(
    METHODS.map((m) => [
      m.key,
      {
        mape: [],
        mdape: [],
        wape: [],
        bias: [],
        zeros: 0,
        n: 0,
        closer: 0,
        farther: 0,
        closerPos: 0,
        fartherPos: 0,
      },
    ]),
  ) as unknown as Acc;
const results = CUTS.map(() => ({
  honest: emptyAcc(),
  leaky: emptyAcc(),
  stepwiseBetterSeeds: 0,
  sources: { wonByCut: 0, inPipeline: 0, openOutside: 0, createdLater: 0 },
  skill: Object.fromEntries(METHODS.map((m) => [m.key, [] as number[]])) as Record<Method, number[]>,
}));
let orgRatesExample: PerStep<number> | null = null;
let salespeople = 0;

for (let seed = 1; seed <= SEEDS; seed++) {
  const g = generate(seed);
  const end = computeMetrics(facts(g, g.deals), { period: PERIOD, asOf: PERIOD.end });
  const actual = new Map(end.people.map((x) => [x.person.id, x.wonRevenue]));
  salespeople += end.people.length;
  CUTS.forEach((c, i) => {
    const cut = cutInstant(PERIOD, c.frac);
    for (const leaky of [false, true]) {
      const { out, orgRates, sources, skill } = forecastAt(g, cut, leaky, actual);
      if (!leaky) {
        for (const k of Object.keys(sources) as (keyof typeof sources)[]) results[i].sources[k] += sources[k];
        for (const { key } of METHODS) results[i].skill[key].push(...skill[key]);
      }
      if (!leaky && seed === 1 && i === 0) orgRatesExample = orgRates;
      const acc = leaky ? results[i].leaky : results[i].honest;
      for (const { key } of METHODS) {
        const e = errors(out[key]);
        acc[key].mape.push(e.mape ?? Number.NaN);
        acc[key].mdape.push(e.mdape ?? Number.NaN);
        acc[key].wape.push(e.wape ?? Number.NaN);
        acc[key].bias.push(e.bias ?? Number.NaN);
        acc[key].zeros += e.zeros;
        acc[key].n += e.n;
        out[key].forEach((p, j) => {
          const mine = Math.abs(p.f - p.a);
          const theirs = Math.abs(out.stepwise[j].f - p.a);
          if (mine < theirs) acc[key].closer++;
          else if (mine > theirs) acc[key].farther++;
          if (p.a > 0 && mine < theirs) acc[key].closerPos++;
          else if (p.a > 0 && mine > theirs) acc[key].fartherPos++;
        });
      }
      if (!leaky) {
        const s = acc.stepwise.mape.at(-1)!;
        const o = acc.orgFixed.mape.at(-1)!;
        if (s < o) results[i].stepwiseBetterSeeds++;
      }
    }
  });
  process.stderr.write(`seed ${seed}/${SEEDS} done\n`);
}

console.log(
  `Forecast accuracy: ${SEEDS} seeds × ${PEOPLE}-person demo organisations (${salespeople} salespeople in all), period ${PERIOD.key} (${PERIOD.days} days, ${TZ})`,
);
console.log(
  "Forecast per salesperson = won in the period by the cut + Σ open deals expected to close in the period × P(win | step).",
);
console.log(
  `HubSpot defaults on steps 1..6: ${HUBSPOT_P_WIN.map((p) => `${p * 100} %`).join(", ")} (lead = prospecting = "Appointment scheduled").`,
);
if (orgRatesExample) {
  const r = orgRatesExample as PerStep<number>;
  const p = perStep((s) => {
    let x = 1;
    for (let k = s; k <= 6; k++) x *= r[k as 1];
    return x;
  });
  console.log(
    `Org-wide history (seed 1, first cut): step rates ${[1, 2, 3, 4, 5, 6].map((s) => r[s as 1].toFixed(2)).join(", ")}; P(win) from each step ${[1, 2, 3, 4, 5, 6].map((s) => pct(p[s as 1])).join(", ")}.`,
  );
}
console.log(
  "MAPE over salespeople with actual > 0 (mean over seeds, [min–max]); median APE likewise; WAPE = Σ|F−A| / ΣA; bias = ΣF / ΣA − 1; ratio = MAPE / Stepwise's MAPE; closer / farther: share of all person-periods where |F − A| is below / above Stepwise's.",
);

const conclusions: string[] = [];
CUTS.forEach((c, i) => {
  const cut = cutInstant(PERIOD, c.frac);
  const r = results[i];
  const zeros = r.honest.stepwise.zeros;
  console.log(
    `\nCut ${c.label} through the period (as of ${cut.toISOString().slice(0, 10)}); actual 0 (left out of MAPE): ${zeros} of ${r.honest.stepwise.n} person-periods`,
  );
  const rows = METHODS.map(({ key, label }) => {
    const a = r.honest[key];
    const m = mean(a.mape);
    return [
      label,
      `${pct(m)} [${pct(Math.min(...a.mape))}–${pct(Math.max(...a.mape))}]`,
      pct(mean(a.mdape)),
      pct(mean(a.wape)),
      signedPct(mean(a.bias)),
      (m / mean(r.honest.stepwise.mape)).toFixed(2),
      key === "stepwise" ? "—" : `${pct(a.closer / a.n)} / ${pct(a.farther / a.n)}`,
      pct(mean(r.leaky[key].mape)),
    ];
  });
  const head = [
    "method",
    "MAPE [min–max over seeds]",
    "median APE",
    "WAPE",
    "bias",
    "ratio",
    "closer / farther than Stepwise",
    "MAPE, stored dates*",
  ];
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const line = (cells: string[]) =>
    cells.map((x, j) => (j === 0 ? x.padEnd(widths[j]) : x.padStart(widths[j]))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  console.log(
    `Stepwise's MAPE below the org-wide fixed stages in ${r.stepwiseBetterSeeds} of ${SEEDS} seeds.`,
  );
  const o2 = r.honest.orgFixed;
  const nPos = o2.n - o2.zeros;
  console.log(
    `Per person, Stepwise vs the org-wide fixed stages: Stepwise closer to the actual for ${pct(o2.farther / o2.n)} of all person-periods (${pct(o2.fartherPos / nPos)} of those with actual > 0), farther for ${pct(o2.closer / o2.n)} (${pct(o2.closerPos / nPos)}); the rest are ties.`,
  );
  const sk = METHODS.filter((x) => x.key !== "truth").map(
    ({ key, label }) => `${label.replace("(ref) ", "")} ${pct(mean(r.skill[key]))}`,
  );
  console.log(
    `Skill estimate: mean |P(win | needs analysis) − the seller's true one| / true one, over salespeople: ${sk.join("; ")}.`,
  );
  const src = r.sources;
  const total = src.wonByCut + src.inPipeline + src.openOutside + src.createdLater;
  console.log(
    `The period's actual won revenue, seen from the cut: ${pct(src.wonByCut / total)} already won, ${pct(src.inPipeline / total)} from open deals expected to close in the period (the part P(win | step) weighs), ${pct(src.openOutside / total)} from open deals expected to close outside it, ${pct(src.createdLater / total)} from deals created after the cut.`,
  );
  const s = mean(r.honest.stepwise.mape);
  const o = mean(r.honest.orgFixed.mape);
  const h = mean(r.honest.hubspot.mape);
  conclusions.push(
    `cut ${c.label}: Stepwise ${pct(s)} vs fixed org-wide ${pct(o)} (×${(o / s).toFixed(2)}) vs HubSpot defaults ${pct(h)} (×${(h / s).toFixed(2)})`,
  );
});
console.log(
  "\n* the same MAPE with the expected-close dates as stored at the period's end (moved past it for open deals still moving: they know the future).",
);
console.log(`\nMAPE by cut (lower is better): ${conclusions.join("; ")}.`);
{
  // The verdict: a sign test over the seed × cut runs, and the oracle's gain as the ceiling.
  const runs = SEEDS * CUTS.length;
  const better = results.reduce((a, r) => a + r.stepwiseBetterSeeds, 0);
  const ratios = results.map((r) => mean(r.honest.orgFixed.mape) / mean(r.honest.stepwise.mape));
  const hub = results.map((r) => mean(r.honest.hubspot.mape) / mean(r.honest.stepwise.mape));
  const oracleGain = results.map((r) => 1 - mean(r.honest.truth.mape) / mean(r.honest.orgFixed.mape));
  const verdict =
    better >= 0.75 * runs
      ? "Stepwise's per-person rates forecast better than one fixed probability per stage from the org's history"
      : better <= 0.25 * runs
        ? "one fixed probability per stage from the org's history forecasts better than Stepwise's per-person rates"
        : "no consistent difference between Stepwise's per-person rates and one fixed probability per stage from the org's history";
  const range = (xs: number[], f = (x: number) => x.toFixed(2)) =>
    `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  console.log(
    `Conclusion: ${verdict} (Stepwise lower in ${better} of ${runs} seed × cut runs; fixed/Stepwise MAPE ×${range(ratios)}); both beat HubSpot's default stage probabilities (×${range(hub)}); even the true per-seller rates would cut the fixed-stage MAPE by ${range(oracleGain, (x) => `${Math.round(100 * x)} %`)}.`,
  );
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
