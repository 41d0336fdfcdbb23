/** Reviews, commitments and the review cadence: the API calls and their query keys. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CommitmentStatusValue, ReviewKind } from "../../../../src/domain/vocabulary";
import { api } from "../../api";

export type CommitmentStatus = CommitmentStatusValue;

export interface Commitment {
  id: string;
  personId: string;
  personName: string | null;
  reviewId: string | null;
  text: string;
  measure: { step: string } | { activityKind: string } | null;
  target: number | null;
  dueDate: string;
  dueAt: string;
  status: CommitmentStatus;
  count: number | null;
  checkedAt: string | null;
  checkedBy: string | null;
  createdAt: string;
}

export interface AgendaStep {
  step: string;
  plan: number | null;
  expected: number | null;
  entered: number;
  attainment: number | null;
  onPace: boolean | null;
}

export interface AgendaDeal {
  id: string;
  name: string;
  step: string;
  value: number;
  daysInStep: number;
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
  forecast: number;
  quadrant: string | null;
  action: string | null;
  coachingFocus: string | null;
  dealsWithoutNextStep: AgendaDeal[];
  stuckDeals: AgendaDeal[];
  /** Open deals by step (agendas from before this field have none). */
  pipeline?: { step: string; deals: AgendaDeal[] }[];
  commitments: {
    id: string;
    text: string;
    dueDate: string;
    status: CommitmentStatus;
    target: number | null;
    count: number | null;
  }[];
}

export interface Review {
  id: string;
  kind: ReviewKind;
  personId: string;
  personName: string | null;
  managerId: string;
  managerName: string | null;
  heldAt: string;
  period: string | null;
  notes: string | null;
  managerSignedAt: string | null;
  personSignedAt: string | null;
  agenda: Agenda | null;
  commitments: Commitment[];
}

export interface Cadence {
  personId: string;
  name: string;
  managerId: string | null;
  lastReviewAt: string | null;
  overdue: boolean;
  daysSince: number | null;
  cadenceDays: number;
}

export const STEP_LABELS: Record<string, string> = {
  lead: "Lead management",
  prospecting: "Prospecting",
  qualification: "Qualification",
  needs_analysis: "Needs analysis",
  presenting: "Presenting the solution",
  closing: "Closing",
  relationship: "Relationship management",
};

export { ACTIVITY_KINDS } from "../../../../src/domain/vocabulary";

export function useReviews(personId?: string) {
  return useQuery({
    queryKey: ["reviews", "list", personId ?? "all"],
    queryFn: () => api<Review[]>(`/reviews${personId ? `?personId=${personId}` : ""}`),
  });
}

export function useReview(id: string) {
  return useQuery({ queryKey: ["reviews", id], queryFn: () => api<Review>(`/reviews/${id}`) });
}

export function useCadence(enabled = true) {
  return useQuery({
    queryKey: ["reviews", "cadence"],
    queryFn: () => api<Cadence[]>("/reviews/cadence"),
    enabled,
  });
}

export function useCommitments(personId?: string) {
  return useQuery({
    queryKey: ["commitments", personId ?? "all"],
    queryFn: () => api<Commitment[]>(`/commitments${personId ? `?personId=${personId}` : ""}`),
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: ["reviews"] });
    qc.invalidateQueries({ queryKey: ["commitments"] });
  };
}

export function useOpenReview() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: { personId: string; kind?: ReviewKind }) =>
      api<Review>("/reviews", { method: "POST", body: input }),
    onSuccess: done,
  });
}

export function useSaveNotes(id: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (notes: string) => api<Review>(`/reviews/${id}`, { method: "PATCH", body: { notes } }),
    onSuccess: done,
  });
}

export function useSignOff(id: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: () => api<Review>(`/reviews/${id}/sign-off`, { method: "POST" }),
    onSuccess: done,
  });
}

export interface CommitmentInput {
  personId: string;
  reviewId?: string;
  text: string;
  measure?: { step?: string; activityKind?: string };
  target?: number;
  dueDate: string;
}

export function useCreateCommitment() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: CommitmentInput) => api<Commitment>("/commitments", { method: "POST", body: input }),
    onSuccess: done,
  });
}

export function useMarkCommitment() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { id: string; status: "kept" | "missed" }) =>
      api<Commitment>(`/commitments/${v.id}`, { method: "PATCH", body: { status: v.status } }),
    onSuccess: done,
  });
}

/** A number as a percentage ("84 %"), or a dash. */
export function pct(x: number | null | undefined): string {
  return x == null ? "—" : `${Math.round(x * 100)} %`;
}

/** The next Friday on or after today, as YYYY-MM-DD in the browser's zone. */
export function nextFriday(from = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  d.setDate(d.getDate() + ((5 - d.getDay() + 7) % 7));
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
