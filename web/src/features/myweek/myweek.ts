/** My week (GET /my-week): due and overdue activities, no next step, pacing and usage. */
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";

export interface MyWeek {
  today: string;
  period: string;
  activities: {
    id: string;
    kind: string;
    stepNumber: number;
    scheduledFor: string;
    overdue: boolean;
    notes: string | null;
    dealId: string | null;
    dealName: string | null;
    contactId: string | null;
    contactName: string | null;
  }[];
  noNextStep: {
    deals: { id: string; name: string; stepNumber: number; value: number; accountName: string | null }[];
    customers: { id: string; name: string; accountName: string | null }[];
  };
  pacing: {
    elapsed: number;
    quota: number;
    agreed: boolean;
    /** The period's week containing today (7-day weeks from the period's start); null outside the period. */
    week: { start: string; end: string; elapsed: number } | null;
    steps: {
      step: string;
      stepNumber: number;
      plan: number | null;
      entered: number;
      dueByNow: number | null;
      remaining: number | null;
      perWeek: number | null;
      thisWeek: number | null;
    }[];
  } | null;
  /** The person's place in the Decision Quad this period; null without a quota. */
  quad: {
    effortIndex: number | null;
    resultsIndex: number | null;
    quadrant: "Q1" | "Q2" | "Q3" | "Q4" | null;
  } | null;
  usage: {
    target: number;
    usageScore: number | null;
    nextStepCoverage: number | null;
    processCompliance: number | null;
    loggingTimeliness: number | null;
  };
}

export function useMyWeek() {
  return useQuery({ queryKey: ["my-week"], queryFn: () => api<MyWeek>("/my-week") });
}

export const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);
