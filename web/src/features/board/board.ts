/** The deal board: open deals by step (1–6) with totals, weighted value and days in step. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { STEP_KEYS, STEP_NAMES, type StepKey } from "../../../../src/domain/steps";
import { api } from "../../api";

export interface BoardCard {
  id: string;
  name: string;
  value: number;
  stepNumber: number;
  ownerId: string;
  ownerName: string;
  accountName: string | null;
  leadSource: string | null;
  expectedClose: string | null;
  daysInStep: number;
  usualDaysInStep: number | null;
  overdueInStep: boolean;
  noNextStep: boolean;
}

export interface BoardColumn {
  step: StepKey;
  stepNumber: number;
  count: number;
  total: number;
  weighted: number;
  deals: BoardCard[];
}

export interface Board {
  currency: string;
  steps: BoardColumn[];
}

export interface BoardFilters {
  q?: string;
  ownerId?: string;
  team?: string;
  leadSource?: string;
  noNextStep?: boolean;
}

export const BOARD_KEY = ["board"] as const;

export function filterQuery(f: BoardFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, String(v));
  return q.toString();
}

export function useBoard(filters: BoardFilters = {}) {
  return useQuery({
    queryKey: [...BOARD_KEY, filters],
    queryFn: () => api<Board>(`/board?${filterQuery(filters)}`),
    placeholderData: (prev) => prev,
  });
}

/** The next page of one column's cards ("Show more"). */
export function fetchMoreCards(step: number, offset: number, filters: BoardFilters) {
  const q = filterQuery(filters);
  return api<{ deals: BoardCard[] }>(`/board/steps/${step}?offset=${offset}&limit=50${q ? `&${q}` : ""}`);
}

export function stepName(stepNumber: number): string {
  return STEP_NAMES[STEP_KEYS[stepNumber - 1]];
}

/** The step a card's move button leads to: none from Closing, since step 7 is entered by winning. */
export function nextStep(stepNumber: number): number | undefined {
  return stepNumber < 6 ? stepNumber + 1 : undefined;
}

export type CardChange =
  | { deal: BoardCard; kind: "move"; step: number }
  | { deal: BoardCard; kind: "win" }
  | { deal: BoardCard; kind: "lose"; status: "lost" | "disqualified"; reason: string };

export function useMoveDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: CardChange) =>
      v.kind === "move"
        ? api(`/deals/${v.deal.id}/move`, { method: "POST", body: { step: v.step } })
        : v.kind === "win"
          ? api(`/deals/${v.deal.id}/win`, { method: "POST", body: {} })
          : api(`/deals/${v.deal.id}/lose`, { method: "POST", body: { status: v.status, reason: v.reason } }),
    onSettled: () =>
      Promise.all(["board", "deal", "my-week"].map((k) => qc.invalidateQueries({ queryKey: [k] }))),
  });
}
