/** First-run setup: whether it is needed, and creating the organisation with its first admin. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";

export const SETUP_KEY = ["setup"] as const;

export function useSetupNeeded() {
  return useQuery({
    queryKey: SETUP_KEY,
    queryFn: async () => (await api<{ needed: boolean }>("/setup")).needed,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface SetupInput {
  organisation: { name: string; slug: string; timeZone: string; currency: string };
  admin: { name: string; email: string; password: string };
  /** The one-time code the server printed in its log. */
  setupCode: string;
}

export function useRunSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) =>
      api<{ orgId: string; slug: string; adminId: string }>("/setup", { method: "POST", body: input }),
    onSuccess: () => qc.setQueryData(SETUP_KEY, false),
  });
}

/** "Acme Sales Ltd." → "acme-sales-ltd": the slug the API accepts. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 41);
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
