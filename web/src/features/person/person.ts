/** What the Person screen reads and writes: the person, their figures, their plans, deals and activities. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
// The profile and plans as the API sends them (src/contract, with the OpenAPI document).
import type { AgreedPlan as AgreedVersion, PersonPlan as Plans } from "../../../../src/contract/plans";
import type { PersonProfile as Profile } from "../../../../src/contract/profile";
import { api } from "../../api";
import type { PersonRow, ReportScope } from "../team/managing";
import { scopeQuery } from "../team/managing";

export type { AgreedVersion, Plans, Profile };

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
