/**
 * One-on-one and pipeline reviews (domain.md "The sales manager's job";
 * metrics.md "Accountability reviews and commitments"). Pure: the agenda is
 * assembled here from figures the caller loaded as of one instant, and stored
 * with the review as it is (frozen).
 */
import type { Quadrant } from "./efforts.js";
import type { CommitmentStatusValue } from "./vocabulary.js";

/** Days in the current step after which an open deal counts as stuck (a Stepwise choice, docs/reviews.md). */
export const STUCK_DAYS = 30;

/** The Decision Quad's prescribed action per quadrant (domain.md). */
export const QUAD_ACTIONS: Record<Quadrant, string> = {
  Q1: "Support: coaching, training, remove obstacles — what can management do to help them work better?",
  Q2: "Keep and invest: channel the energy toward results, coach the weak step, check they get the support they need.",
  Q3: "Results without the process: not repeatable — hold them to the agreed process, protect the team culture.",
  Q4: "Neither efforts nor results: a performance plan with clear consequences — move up or out.",
};

export type StepKeyed<T> = Record<string, T>;

export interface AgendaStep {
  step: string;
  /** The plan efforts are measured against (agreed, else computed); null without one. */
  plan: number | null;
  /** plan × elapsed: where the person should be by now (pacing). */
  expected: number | null;
  entered: number;
  attainment: number | null;
  /** entered ≥ expected. */
  onPace: boolean | null;
}

export interface AgendaDeal {
  id: string;
  name: string;
  step: string;
  value: number;
  daysInStep: number;
}

export interface AgendaCommitment {
  id: string;
  text: string;
  dueDate: string;
  status: CommitmentStatusValue;
  target: number | null;
  count: number | null;
}

/** A coaching session of the person, as the agenda lists it. */
export interface AgendaCoaching {
  id: string;
  heldOn: string;
  kind: string;
  step: string | null;
  minutes: number;
  coach: string | null;
  notes: string | null;
  followUpOn: string | null;
}

export interface Agenda {
  period: string;
  asOf: string;
  elapsed: number;
  quota: number | null;
  steps: AgendaStep[];
  effortIndex: number | null;
  wonRevenue: number;
  pipelineExpected: number;
  resultsIndex: number | null;
  /** (won + pipelineExpected): the period's forecast. */
  forecast: number;
  quadrant: Quadrant | null;
  action: string | null;
  coachingFocus: string | null;
  dealsWithoutNextStep: AgendaDeal[];
  stuckDeals: AgendaDeal[];
  /** The pipeline review: every open deal by step (steps in order, deals longest in step first). */
  pipeline: { step: string; deals: AgendaDeal[] }[];
  /** Commitments due since the last review (or still open), with their status. */
  commitments: AgendaCommitment[];
  /**
   * Coaching sessions held since the last review (the last 30 days before a first
   * one), newest first. Absent from agendas frozen before it was added.
   */
  coaching?: AgendaCoaching[];
}

export interface AgendaInput {
  period: string;
  asOf: string;
  elapsed: number;
  figures: {
    quota: number | null;
    plan: StepKeyed<number | null> | null;
    agreedPlan: StepKeyed<number> | null;
    entered: StepKeyed<number>;
    attainment: StepKeyed<number> | null;
    effortIndex: number | null;
    wonRevenue: number;
    pipelineExpected: number;
    resultsIndex: number | null;
    quadrant: Quadrant | null;
    coachingFocus: string | null;
  } | null;
  funnelSteps: readonly string[];
  openDeals: (AgendaDeal & { hasNextStep: boolean })[];
  commitments: AgendaCommitment[];
  coaching?: AgendaCoaching[];
}

/** Builds the agenda: per-step pacing, results and forecast, the quad's action, deals to talk about. */
export function buildAgenda(i: AgendaInput): Agenda {
  const f = i.figures;
  const steps: AgendaStep[] = i.funnelSteps.map((k) => {
    const plan = f ? (f.agreedPlan?.[k] ?? f.plan?.[k] ?? null) : null;
    const expected = plan == null ? null : plan * i.elapsed;
    const entered = f?.entered[k] ?? 0;
    return {
      step: k,
      plan,
      expected,
      entered,
      attainment: f?.attainment?.[k] ?? null,
      onPace: expected == null ? null : entered >= expected,
    };
  });
  const byDays = (a: AgendaDeal, b: AgendaDeal) =>
    b.daysInStep - a.daysInStep || a.name.localeCompare(b.name);
  const strip = ({ hasNextStep: _h, ...d }: AgendaDeal & { hasNextStep: boolean }): AgendaDeal => d;
  return {
    period: i.period,
    asOf: i.asOf,
    elapsed: i.elapsed,
    quota: f?.quota ?? null,
    steps,
    effortIndex: f?.effortIndex ?? null,
    wonRevenue: f?.wonRevenue ?? 0,
    pipelineExpected: f?.pipelineExpected ?? 0,
    resultsIndex: f?.resultsIndex ?? null,
    forecast: (f?.wonRevenue ?? 0) + (f?.pipelineExpected ?? 0),
    quadrant: f?.quadrant ?? null,
    action: f?.quadrant ? QUAD_ACTIONS[f.quadrant] : null,
    coachingFocus: f?.coachingFocus ?? null,
    dealsWithoutNextStep: i.openDeals
      .filter((d) => !d.hasNextStep)
      .map(strip)
      .sort(byDays),
    stuckDeals: i.openDeals
      .filter((d) => d.daysInStep > STUCK_DAYS)
      .map(strip)
      .sort(byDays),
    pipeline: [...new Set(i.openDeals.map((d) => d.step))]
      .sort((a, b) => i.funnelSteps.indexOf(a) - i.funnelSteps.indexOf(b))
      .map((step) => ({
        step,
        deals: i.openDeals
          .filter((d) => d.step === step)
          .map(strip)
          .sort(byDays),
      })),
    commitments: i.commitments,
    coaching: i.coaching ?? [],
  };
}

/**
 * Performance plans are suggested when a person sat in Q4 in each of the two
 * periods before the current one (the latest two completed periods).
 */
export function suggestsPerformancePlan(lastTwo: readonly (Quadrant | null)[]): boolean {
  return lastTwo.length >= 2 && lastTwo.slice(-2).every((q) => q === "Q4");
}
