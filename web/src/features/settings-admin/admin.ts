/** Writes of the admin settings pages; each refreshes what the other screens read. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import type { Organisation, PersonRow } from "../team/managing";

export interface TeamRow {
  name: string;
  members: number;
  salespeople: number;
  managers: string[];
}

export function useTeams() {
  return useQuery({ queryKey: ["teams"], queryFn: () => api<TeamRow[]>("/teams") });
}

/** A write, then every cached read refreshed (people, teams, steps, reports all depend on it). */
export function useAdminWrite<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries() });
}

export const createPerson = (body: Record<string, unknown>) =>
  api<PersonRow>("/people", { method: "POST", body });
export const updatePerson = (v: { id: string; patch: Record<string, unknown> }) =>
  api<PersonRow>(`/people/${v.id}`, { method: "PATCH", body: v.patch });
export const renameTeam = (v: { from: string; to: string }) =>
  api<TeamRow>(`/teams/${encodeURIComponent(v.from)}`, { method: "PATCH", body: { name: v.to } });
export const updateStep = (v: { step: string; name: string; exitCriteria: string }) =>
  api(`/steps/${v.step}`, { method: "PATCH", body: { name: v.name, exitCriteria: v.exitCriteria } });
export const updateOrganisation = (body: Partial<Omit<Organisation, "settings">> & { settings?: object }) =>
  api<Organisation>("/organisation", { method: "PATCH", body });
export const setQuotas = (quotas: { personId: string; period: string; amount: number }[]) =>
  api("/quotas/batch", { method: "PUT", body: { quotas } });

export interface SignInLink {
  path: string;
  token: string;
  expiresAt: string;
}
export const createSignInLink = (personId: string) =>
  api<SignInLink>(`/people/${personId}/sign-in-link`, { method: "POST" });
