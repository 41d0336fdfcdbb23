/** A deal, its step history and activities; the changes made from the deal page and the palette. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { STEP_KEYS, STEP_NAMES } from "../../../../src/domain/steps";
import type { DealStatus } from "../../../../src/domain/vocabulary";
import { api } from "../../api";

export interface Deal {
  id: string;
  name: string;
  value: number;
  ownerId: string;
  accountId: string | null;
  contactId: string | null;
  product: string | null;
  leadSource: string | null;
  prospectingMethod: string | null;
  expectedClose: string | null;
  status: DealStatus;
  lostReason: string | null;
  closedAt: string | null;
  currentStep: number;
  stepEnteredAt: string;
  createdAt: string;
}

export interface HistoryEntry {
  id: number;
  step: string;
  stepNumber: number;
  enteredAt: string;
  recordedAt: string;
  recordedByName: string | null;
  skipped: string[];
  backfilled: boolean;
  source: string;
  correction: { at: string; byName: string | null; reason: string; toStep: string } | null;
  replaces: number | null;
}

export interface Activity {
  id: string;
  kind: string;
  step: number;
  dealId: string | null;
  contactId: string | null;
  scheduledFor: string | null;
  doneAt: string | null;
  outcome: string | null;
  notes: string | null;
  createdAt: string;
}

export { ACTIVITY_KINDS } from "../../../../src/domain/vocabulary";

export function stepLabel(n: number): string {
  return STEP_NAMES[STEP_KEYS[n - 1]];
}
export function stepLabelOfKey(k: string): string {
  return STEP_NAMES[k as keyof typeof STEP_NAMES] ?? k;
}

export const dealKey = (id: string) => ["deal", id] as const;

export function useDeal(id: string) {
  return useQuery({ queryKey: dealKey(id), queryFn: () => api<Deal>(`/deals/${id}`) });
}
export function useDealHistory(id: string) {
  return useQuery({
    queryKey: [...dealKey(id), "steps"],
    queryFn: () => api<HistoryEntry[]>(`/deals/${id}/steps`),
  });
}
export function useActivities(filter: { dealId?: string; contactId?: string }) {
  const q = new URLSearchParams({ limit: "200", ...filter } as Record<string, string>);
  return useQuery({
    queryKey: ["activities", filter],
    queryFn: () => api<{ items: Activity[] }>(`/activities?${q}`),
  });
}
export function useRecord<T>(kind: "accounts" | "contacts" | "people", id: string | null | undefined) {
  return useQuery({
    queryKey: [kind, id],
    queryFn: () => api<T>(`/${kind}/${id}`),
    enabled: !!id,
  });
}
export function useList<T>(kind: "deals" | "contacts", filter: Record<string, string>, enabled = true) {
  const q = new URLSearchParams({ limit: "200", ...filter });
  return useQuery({
    queryKey: [kind, "list", filter],
    queryFn: () => api<{ items: T[] }>(`/${kind}?${q}`),
    enabled,
  });
}

/** After any change to deals or activities, every view of them is re-read. */
export function useInvalidateSelling() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ["deal", "board", "board-column", "activities", "my-week", "deals", "contacts", "accounts"].map((k) =>
        qc.invalidateQueries({ queryKey: [k] }),
      ),
    );
}

type Change =
  | { kind: "update"; patch: Partial<Deal> }
  | { kind: "move"; step: number }
  | { kind: "win" }
  | { kind: "lose"; status: "lost" | "disqualified"; reason: string }
  | { kind: "correct"; step: number; reason: string };

export function useDealChange(id: string) {
  const invalidate = useInvalidateSelling();
  return useMutation({
    mutationFn: (c: Change) => {
      switch (c.kind) {
        case "update":
          return api<Deal>(`/deals/${id}`, { method: "PATCH", body: c.patch });
        case "move":
          return api<Deal>(`/deals/${id}/move`, { method: "POST", body: { step: c.step } });
        case "win":
          return api<Deal>(`/deals/${id}/win`, { method: "POST", body: {} });
        case "lose":
          return api<Deal>(`/deals/${id}/lose`, {
            method: "POST",
            body: { status: c.status, reason: c.reason },
          });
        case "correct":
          return api<Deal>(`/deals/${id}/correct-step`, {
            method: "POST",
            body: { step: c.step, reason: c.reason },
          });
      }
    },
    onSettled: invalidate,
  });
}

/** The organisation's currency (the board carries it). */
export function useCurrency(): string {
  const q = useQuery({
    queryKey: ["board", "currency"],
    queryFn: () => api<{ currency: string }>("/board?limit=1"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return q.data?.currency ?? "USD";
}
