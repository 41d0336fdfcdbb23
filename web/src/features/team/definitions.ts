/**
 * Every figure in plain words (metrics.md is the exact contract), and what each
 * quadrant of the Decision Quad means and asks of the manager (domain.md).
 */
import type { Quadrant } from "./managing";

export const DEFINITIONS = {
  effortIndex:
    "How much of the agreed step work is done for this point of the period: each step counts up to 100 %, then the average. At or above the effort line, the person is making efforts.",
  resultsIndex:
    "Revenue won this period plus the expected value of open deals due to close in it, as a share of quota. At or above the results line, the person is achieving results.",
  quadrant: "Where efforts and results put the person in the Decision Quad (Q1–Q4).",
  quota: "The revenue target for the period.",
  wonRevenue: "Revenue of the deals won in the period so far.",
  pipelineExpected:
    "Open deals due to close this period, each counted at its value × the chance of winning it from its step.",
  forecast: "Won so far plus the expected value of the open deals due this period.",
  pacing:
    "Step entries made so far / the entries the plan asks for by now (the plan × the share of the period gone).",
  plan: "Step entries needed this period to reach the quota, worked back from the person's own conversion rates and deal size.",
  agreedPlan:
    "The plan the manager and the salesperson agreed (perhaps edited). Efforts are measured against it; every version is kept.",
  usageScore:
    "How consistently the system is used: the average of next-step coverage, process compliance and logging on time. Target 90 %.",
  nextStepCoverage: "Share of open deals and active customers that have a next activity scheduled.",
  processCompliance: "Share of deals that went through the steps without skipping one.",
  loggingTimeliness: "Share of activities recorded within 48 hours of being done.",
  coachingFocus:
    "The step where the person converts clearly worse than the team (below 80 % of the team's rate, with enough deals to judge): where coaching helps most.",
  paretoShare:
    "Share of the team's won revenue brought in by its top 20 % of salespeople. High means a few carry the team.",
  redWhiteBlue:
    "The team split in thirds by revenue won: Red (top third: remove their obstacles), White (middle: coach them up), Blue (bottom, including new hires: move them up or out).",
  earlyWarning: "People whose efforts are behind plan while there is still time in the period to catch up.",
  managingShare:
    "Share of the manager's logged time spent managing (anything but selling). Target: 75 % or more.",
  managerRevenueShare: "Share of the team's won revenue that came from the manager's own deals.",
  reviewCompliance: "Share of the manager's direct reports whose one-on-one review is up to date.",
  directReports: "People reporting directly to the manager.",
  rate: "Of the deals that reached this step and are settled, the share that moved on (the rest were lost or disqualified).",
  teamRate: "The same, pooled over everybody in the team.",
  wonShareOfQuota: "Revenue won by the team / the team's quota.",
  projectedShareOfQuota: "Won plus the expected value of open deals due this period / the team's quota.",
} as const;

export type FigureName = keyof typeof DEFINITIONS;

export const QUADRANTS: Record<Quadrant, { title: string; meaning: string; action: string; color: string }> =
  {
    Q1: {
      title: "Q1 · efforts and results",
      meaning: "Doing the agreed steps and reaching the number.",
      action:
        "Support them: coaching, training, remove obstacles. Ask what management can do to help them work better.",
      color: "teal.9",
    },
    Q2: {
      title: "Q2 · efforts, no results yet",
      meaning: "Doing the agreed steps, not reaching the number.",
      action:
        "Keep and invest: channel the energy toward results, coach the weak step, check they get the support they need.",
      color: "blue.8",
    },
    Q3: {
      title: "Q3 · results without efforts",
      meaning: "Reaching the number without doing the agreed steps.",
      action: "Not repeatable: hold them to the agreed process and protect the team's culture.",
      color: "#a63c06",
    },
    Q4: {
      title: "Q4 · neither efforts nor results",
      meaning: "Not doing the agreed steps and not reaching the number.",
      action: "A performance plan with clear consequences and dates: move up or out.",
      color: "red.9",
    },
  };
