/** Hiring's data (docs/hiring.md): the bench, candidates, the interview guide. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";

export const ATTRIBUTE_LABELS: Record<string, string> = {
  positive_attitude: "Positive attitude",
  does_what_it_takes: "Does what it takes (within ethics)",
  trainability: "Trainability",
  takes_responsibility: "Takes responsibility",
};
export const STEP_LABELS: Record<string, string> = {
  lead: "1 Lead management",
  prospecting: "2 Prospecting",
  qualification: "3 Qualification",
  needs_analysis: "4 Needs analysis",
  presenting: "5 Presenting",
  closing: "6 Closing",
  relationship: "7 Relationship",
};
export const SUBJECTS = [...Object.keys(ATTRIBUTE_LABELS), ...Object.keys(STEP_LABELS)];
export const subjectLabel = (s: string) => ATTRIBUTE_LABELS[s] ?? STEP_LABELS[s] ?? s;

/** The fixed scale (src/domain/hiring.ts). */
export const SCALE: Record<string, string> = {
  "1": "1 — no evidence, or evidence against",
  "2": "2 — thin or only claimed",
  "3": "3 — clear evidence from an example",
  "4": "4 — strong, repeated evidence",
};

export const STATUSES = [
  "sourced",
  "screened",
  "interviewed",
  "offered",
  "hired",
  "declined",
  "withdrawn",
] as const;
export type Status = (typeof STATUSES)[number];
export const PIPELINE: Status[] = ["sourced", "screened", "interviewed", "offered"];

export interface Candidate {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  source: string | null;
  team: string;
  role: string;
  status: Status;
  notes: string | null;
  nonPredictors: { experience: string | null; degree: string | null; claimedBook: string | null };
  personId: string | null;
  createdAt: string;
}

export interface ScoreCell {
  score: number;
  evidence: string;
}

export interface CandidateDetail extends Candidate {
  history: { status: Status; at: string; by: string | null; note: string | null }[];
  interviews: {
    id: string;
    interviewerName: string;
    heldOn: string;
    answers: { questionId: string; question: string; answer: string }[];
    scores: { subject: string; score: number; evidence: string }[];
  }[];
  scorecard: {
    interviewers: { id: string; name: string }[];
    rows: {
      subject: string;
      kind: "attribute" | "step";
      scores: (ScoreCell | null)[];
      mean: number | null;
      spread: number | null;
      disagreement: boolean;
    }[];
    disagreements: number;
  };
  fit: { step: string; weakFor: number; candidateScore: number | null; strengthens: boolean }[];
}

export interface BenchTeam {
  team: string;
  byStatus: Record<Status, number>;
  inPipeline: number;
  daysSinceLast: number | null;
}

export interface Question {
  id: string;
  subject: string;
  kind: "attribute" | "step";
  text: string;
  active: boolean;
  position: number;
}

export const useBench = () =>
  useQuery({
    queryKey: ["hiring", "bench"],
    queryFn: () => api<{ asOf: string; teams: BenchTeam[] }>("/candidates/bench"),
  });
export const useCandidates = () =>
  useQuery({ queryKey: ["hiring", "candidates"], queryFn: () => api<Candidate[]>("/candidates") });
/** The candidate `personId` was hired from, for those who see hiring (managers up); else none. */
export const useHiredFrom = (personId: string, enabled: boolean) =>
  useQuery({
    queryKey: ["hiring", "hired-from", personId],
    queryFn: async () => (await api<Candidate[]>(`/candidates?personId=${personId}`))[0] ?? null,
    enabled,
  });
export const useCandidate = (id: string) =>
  useQuery({
    queryKey: ["hiring", "candidate", id],
    queryFn: () => api<CandidateDetail>(`/candidates/${id}`),
  });
export const useGuide = () =>
  useQuery({ queryKey: ["hiring", "guide"], queryFn: () => api<Question[]>("/interview-guide") });

/** A write on hiring data that refreshes every hiring query when it succeeds. */
export function useHiringWrite<I, O = unknown>(fn: (input: I) => Promise<O>, onDone?: (out: O) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (out) => {
      await qc.invalidateQueries({ queryKey: ["hiring"] });
      onDone?.(out);
    },
  });
}

export const daysText = (d: number | null) =>
  d === null ? "no candidate yet" : d === 0 ? "today" : d === 1 ? "1 day ago" : `${d} days ago`;
