/** The deal board: open deals by step (1–6) with totals, weighted value and days in step. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { STEP_KEYS, STEP_NAMES, type StepKey } from "../../../../src/domain/steps";
import { api } from "../../api";

export interface BoardCard {
  id: string;
  name: string;
  value: number;
  ownerId: string;
  ownerName: string;
  accountName: string | null;
  expectedClose: string | null;
  daysInStep: number;
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

export const BOARD_KEY = ["board"] as const;

export function useBoard() {
  return useQuery({ queryKey: BOARD_KEY, queryFn: () => api<Board>("/board") });
}

export function stepName(stepNumber: number): string {
  return STEP_NAMES[STEP_KEYS[stepNumber - 1]];
}

/** The step a card's move button leads to: none from Closing, since step 7 is entered by winning. */
export function nextStep(stepNumber: number): number | undefined {
  return stepNumber < 6 ? stepNumber + 1 : undefined;
}

export function useMoveDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { deal: BoardCard; step: number }) =>
      api(`/deals/${v.deal.id}/move`, { method: "POST", body: { step: v.step } }),
    onSettled: () => qc.invalidateQueries({ queryKey: BOARD_KEY }),
  });
}
