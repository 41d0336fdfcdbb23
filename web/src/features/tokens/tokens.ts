/** The signed-in person's API tokens: list, create (the secret comes back once), revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";

export type Scope = "read" | "write";

export interface ApiToken {
  id: string;
  name: string;
  scope: Scope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const TOKENS_KEY = ["tokens"] as const;

export function useTokens() {
  return useQuery({ queryKey: TOKENS_KEY, queryFn: () => api<ApiToken[]>("/tokens") });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scope: Scope }) =>
      api<ApiToken & { token: string }>("/tokens", { method: "POST", body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ApiToken>(`/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
