/** Reviews, commitments and the review cadence: the API calls and their query keys. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CommitmentStatusValue, ReviewKind } from "../../../../src/domain/vocabulary";
import { api } from "../../api";

export type CommitmentStatus = CommitmentStatusValue;

// The shapes the API sends, declared once with its OpenAPI document (src/contract).
import type {
  Agenda,
  AgendaDeal,
  AgendaStep,
  Cadence,
  Commitment,
  Review,
} from "../../../../src/contract/reviews";

export type { Agenda, AgendaDeal, AgendaStep, Cadence, Commitment, Review };

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
