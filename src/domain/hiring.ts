/**
 * Hiring (domain.md, "Hiring"; docs/hiring.md): the vocabulary, the status
 * transitions, the scorecard of a candidate, the fit against the team's weak
 * steps and the bench per team. Pure: no I/O, no clock (asOf is a parameter).
 */
import { daysBetween } from "./periods.js";
import { STEP_KEYS, type StepKey } from "./steps.js";

/** The four attributes that predict success in sales (the book). */
export const ATTRIBUTES = [
  "positive_attitude",
  "does_what_it_takes",
  "trainability",
  "takes_responsibility",
] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const ATTRIBUTE_NAMES: Record<Attribute, string> = {
  positive_attitude: "Positive attitude",
  does_what_it_takes: "Does what it takes (within ethics)",
  trainability: "Trainability",
  takes_responsibility: "Takes responsibility",
};

/** What a score is given to: an attribute or a step. */
export type Subject = Attribute | StepKey;
export const SUBJECTS: readonly Subject[] = [...ATTRIBUTES, ...STEP_KEYS];
export const isSubject = (s: string): s is Subject => (SUBJECTS as readonly string[]).includes(s);

/** The fixed scale, 1–4 with anchored meanings; no middle value to hide in. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 4;
export const SCORE_MEANINGS: Record<1 | 2 | 3 | 4, string> = {
  1: "No evidence, or evidence against",
  2: "Some evidence, thin or only claimed",
  3: "Clear evidence from a concrete example",
  4: "Strong evidence, repeated across examples",
};

/** Two interviewers disagree on a subject when their scores are this far apart or more. */
export const DISAGREEMENT_SPREAD = 2;

/** A step score at or above this strengthens a weak step of the team. */
export const STRENGTHENS_AT = 3;

/** The non-predictors: recorded apart, never scored. */
export const NON_PREDICTORS = ["experience", "degree", "claimedBook"] as const;

export const CANDIDATE_STATUSES = [
  "sourced",
  "screened",
  "interviewed",
  "offered",
  "hired",
  "declined",
  "withdrawn",
] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** In the pipeline: not hired, declined or withdrawn. */
export const PIPELINE_STATUSES = ["sourced", "screened", "interviewed", "offered"] as const;
export const inPipeline = (s: CandidateStatus) => (PIPELINE_STATUSES as readonly string[]).includes(s);

/**
 * The statuses a candidate may move to: forward along the pipeline (a stage may
 * be skipped), or out (declined, withdrawn) from any pipeline status. `hired`
 * comes from interviewed or offered only (the hire call, which makes the
 * person). Hired, declined and withdrawn are final.
 */
export function allowedNext(from: CandidateStatus): CandidateStatus[] {
  const i = PIPELINE_STATUSES.indexOf(from as (typeof PIPELINE_STATUSES)[number]);
  if (i < 0) return [];
  const forward: CandidateStatus[] = [...PIPELINE_STATUSES.slice(i + 1)];
  if (from === "interviewed" || from === "offered") forward.push("hired");
  return [...forward, "declined", "withdrawn"];
}

export const canMove = (from: CandidateStatus, to: CandidateStatus) => allowedNext(from).includes(to);

/** One interviewer's scores of one candidate (their latest interview's score per subject). */
export interface InterviewerScores {
  interviewerId: string;
  interviewerName: string;
  scores: Partial<Record<Subject, { score: number; evidence: string }>>;
}

export interface ScorecardRow {
  subject: Subject;
  kind: "attribute" | "step";
  /** Per interviewer, in the order given; null where that interviewer did not score it. */
  scores: ({ score: number; evidence: string } | null)[];
  /** Mean of the given scores; null if nobody scored it. */
  mean: number | null;
  /** max − min of the given scores; null with fewer than two. */
  spread: number | null;
  disagreement: boolean;
}

export interface Scorecard {
  interviewers: { id: string; name: string }[];
  rows: ScorecardRow[];
  disagreements: number;
}

/**
 * The scorecard side by side: one row per attribute and per step, one column
 * per interviewer. A disagreement is a spread of DISAGREEMENT_SPREAD (2) or
 * more between two interviewers' scores of the same subject.
 */
export function assembleScorecard(byInterviewer: readonly InterviewerScores[]): Scorecard {
  const rows: ScorecardRow[] = SUBJECTS.map((subject) => {
    const scores = byInterviewer.map((i) => i.scores[subject] ?? null);
    const given = scores.flatMap((s) => (s ? [s.score] : []));
    const mean = given.length ? given.reduce((a, b) => a + b, 0) / given.length : null;
    const spread = given.length >= 2 ? Math.max(...given) - Math.min(...given) : null;
    return {
      subject,
      kind: (ATTRIBUTES as readonly string[]).includes(subject) ? "attribute" : "step",
      scores,
      mean,
      spread,
      disagreement: spread !== null && spread >= DISAGREEMENT_SPREAD,
    };
  });
  return {
    interviewers: byInterviewer.map((i) => ({ id: i.interviewerId, name: i.interviewerName })),
    rows,
    disagreements: rows.filter((r) => r.disagreement).length,
  };
}

export interface FitRow {
  step: StepKey;
  /** How many of the team's salespeople have this step as their coaching focus. */
  weakFor: number;
  /** The candidate's mean score of the step over interviewers; null if not scored. */
  candidateScore: number | null;
  strengthens: boolean;
}

/**
 * The candidate against the team's weak steps: the steps that are some
 * salesperson's coachingFocus (metrics.md), most frequent first (then in step
 * order), each with the candidate's mean score; a mean of 3 or more strengthens it.
 */
export function fitAgainstWeakSteps(
  teamFocus: readonly (StepKey | null)[],
  candidateMeans: Partial<Record<StepKey, number | null>>,
): FitRow[] {
  const count = new Map<StepKey, number>();
  for (const f of teamFocus) if (f) count.set(f, (count.get(f) ?? 0) + 1);
  return STEP_KEYS.filter((s) => count.has(s))
    .sort((a, b) => count.get(b)! - count.get(a)!)
    .map((step) => {
      const score = candidateMeans[step] ?? null;
      return {
        step,
        weakFor: count.get(step)!,
        candidateScore: score,
        strengthens: score !== null && score >= STRENGTHENS_AT,
      };
    });
}

export interface BenchCandidate {
  team: string;
  status: CandidateStatus;
  /** Local date `YYYY-MM-DD` the candidate entered. */
  enteredOn: string;
}

export interface BenchTeam {
  team: string;
  byStatus: Record<CandidateStatus, number>;
  /** Candidates sourced, screened, interviewed or offered. */
  inPipeline: number;
  /** Whole days from the latest candidate's entry to asOf; null with no candidate. */
  daysSinceLast: number | null;
}

/** The bench of each team listed (teams without candidates included), in the order given. */
export function benchByTeam(
  teams: readonly string[],
  list: readonly BenchCandidate[],
  asOfDate: string,
): BenchTeam[] {
  return teams.map((team) => {
    const mine = list.filter((c) => c.team === team);
    const byStatus = Object.fromEntries(CANDIDATE_STATUSES.map((s) => [s, 0])) as Record<
      CandidateStatus,
      number
    >;
    for (const c of mine) byStatus[c.status] += 1;
    const last = mine.reduce<string | null>(
      (a, c) => (a === null || c.enteredOn > a ? c.enteredOn : a),
      null,
    );
    return {
      team,
      byStatus,
      inPipeline: mine.filter((c) => inPipeline(c.status)).length,
      daysSinceLast: last === null ? null : daysBetween(last, asOfDate),
    };
  });
}

/** The guide seeded for every organisation, from the book's examples (stable keys: seeding twice adds nothing). */
export const SEED_GUIDE: readonly { key: string; subject: Subject; text: string }[] = [
  {
    key: "attitude-rejection",
    subject: "positive_attitude",
    text: "Prospecting meets rejection most of the time. Tell me about a week when nearly everyone said no — what did you do the next Monday?",
  },
  {
    key: "attitude-missed",
    subject: "positive_attitude",
    text: "Tell me about a time you missed your numbers. What happened next?",
  },
  {
    key: "what-it-takes",
    subject: "does_what_it_takes",
    text: "Tell me about the hardest thing you did to win a piece of business — and something you refused to do.",
  },
  {
    key: "trainability",
    subject: "trainability",
    text: "Tell me about feedback that changed how you work. What did you do differently afterwards?",
  },
  {
    key: "responsibility",
    subject: "takes_responsibility",
    text: "Tell me about a deal you lost that you should have won. Whose fault was it?",
  },
  {
    key: "step-lead",
    subject: "lead",
    text: "Where did your leads come from, and how did you decide which to work first?",
  },
  {
    key: "step-prospecting",
    subject: "prospecting",
    text: "Show me what you say to a prospect in the first thirty seconds of a call.",
  },
  {
    key: "step-qualification",
    subject: "qualification",
    text: "How did you qualify? Give an example where it failed.",
  },
  {
    key: "step-needs",
    subject: "needs_analysis",
    text: "Walk me through the questions you asked a buyer to understand their need, in a sale you won.",
  },
  {
    key: "step-presenting",
    subject: "presenting",
    text: "Present our product to me as if I were the buyer you just described.",
  },
  {
    key: "step-closing",
    subject: "closing",
    text: "How do you ask for the business? Tell me about a close that stalled and what you did.",
  },
  {
    key: "step-relationship",
    subject: "relationship",
    text: "Tell me about a customer who bought from you again or referred you. How did that come about?",
  },
];

/**
 * The teams carried by the active people of one person's reporting line
 * (the person and everybody below them, recursively; an inactive person
 * still links the line but carries no team).
 */
export function lineTeams(
  people: readonly { id: string; managerId: string | null; team: string | null; active: boolean }[],
  rootId: string,
): Set<string> {
  const children = new Map<string, string[]>();
  for (const p of people)
    if (p.managerId) children.set(p.managerId, [...(children.get(p.managerId) ?? []), p.id]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const teams = new Set<string>();
  const seen = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const p = byId.get(id);
    if (p?.active && p.team) teams.add(p.team);
    stack.push(...(children.get(id) ?? []));
  }
  return teams;
}
