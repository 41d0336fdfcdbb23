/** What the Person screen reads and writes: the person, their figures, their plans, deals and activities. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StepKey } from "../../../../src/domain/steps";
import { api } from "../../api";
import type { PersonRow, ReportScope, ScorecardPerson } from "../team/managing";
import { scopeQuery } from "../team/managing";

interface Side {
  advanced: number;
  exited: number;
  rate: number | null;
}

export interface Profile {
  person: {
    id: string;
    email: string;
    name: string;
    role: string;
    team: string | null;
    managerId: string | null;
  };
  period: string;
  asOf: string;
  elapsed: number;
  scorecard: ScorecardPerson | null;
  funnel: Partial<Record<StepKey, { own: Side; team: Side; smoothed: number }>>;
  coachingFocus: {
    step: StepKey;
    rate: number;
    trials: number;
    teamRate: number;
    teamTrials: number;
    ratio: number;
  } | null;
  weekly: { weeks: number; entries: Partial<Record<StepKey, number[]>> };
}

export interface AgreedVersion {
  id: string;
  version: number;
  need: Record<StepKey, number>;
  computedNeed: Partial<Record<StepKey, number | null>> | null;
  agreedBy: string | null;
  agreedAt: string;
  note: string | null;
}

export interface Plans {
  quota: number | null;
  computed: {
    avgDealSize: number;
    wins: number;
    need: Partial<Record<StepKey, number | null>>;
    perWeek: Partial<Record<StepKey, number | null>>;
  } | null;
  agreed: AgreedVersion | null;
  versions: AgreedVersion[];
}

export function usePerson(id: string) {
  return useQuery({ queryKey: ["person", id], queryFn: () => api<PersonRow>(`/people/${id}`) });
}

export function useProfile(id: string, scope: ReportScope) {
  return useQuery({
    queryKey: ["profile", id, scope.period, scope.asOf],
    queryFn: () => api<Profile>(`/people/${id}/profile?${scopeQuery({ ...scope, team: undefined })}`),
  });
}

export function usePlans(id: string, period: string) {
  return useQuery({
    queryKey: ["plans", id, period],
    queryFn: () => api<Plans>(`/people/${id}/plans?period=${encodeURIComponent(period)}`),
  });
}

export function useAgreePlan(id: string, period: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { need: Record<string, number>; note?: string }) =>
      api<AgreedVersion>(`/people/${id}/plans`, { method: "POST", body: { period, ...body } }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["plans", id, period] });
      qc.invalidateQueries({ queryKey: ["profile", id] });
      qc.invalidateQueries({ queryKey: ["report"] });
    },
  });
}

export interface DealRow {
  id: string;
  name: string;
  value: number;
  status: string;
  currentStep: number;
  expectedClose: string | null;
}

export interface ActivityRow {
  id: string;
  kind: string;
  step: number;
  doneAt: string | null;
  scheduledFor: string | null;
  outcome: string | null;
}

/** The person's 25 latest deals or activities (newest first). */
export function useOwned<T>(resource: "deals" | "activities", ownerId: string) {
  return useQuery({
    queryKey: [resource, "owner", ownerId],
    queryFn: () =>
      api<{ items: T[]; nextCursor: string | null }>(
        `/${resource}?ownerId=${ownerId}&limit=25&sort=-createdAt`,
      ),
  });
}
