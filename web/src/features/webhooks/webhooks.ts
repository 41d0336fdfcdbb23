/** Outgoing webhooks (admins): subscriptions, their delivery log, and retrying a failed delivery. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";

export const EVENTS = [
  { value: "deal.step_changed", label: "Deal moved to a step", hint: "deal.step_changed" },
  { value: "deal.won", label: "Deal won", hint: "deal.won" },
  { value: "deal.lost", label: "Deal lost or disqualified", hint: "deal.lost" },
  { value: "activity.logged", label: "Activity logged", hint: "activity.logged" },
] as const;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdBy: string;
  createdAt: string;
}

export interface Delivery {
  id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export const WEBHOOKS_KEY = ["webhooks"] as const;
const deliveriesKey = (id: string) => ["webhooks", id, "deliveries"] as const;

export function useWebhooks() {
  return useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => api<Webhook[]>("/webhooks") });
}

/** The log of one subscription, refreshed every 5 seconds while it is on screen. */
export function useDeliveries(id: string) {
  return useQuery({
    queryKey: deliveriesKey(id),
    queryFn: () => api<Delivery[]>(`/webhooks/${id}/deliveries?limit=50`),
    refetchInterval: 5000,
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; events: string[] }) =>
      api<Webhook & { secret: string }>("/webhooks", { method: "POST", body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useSetWebhookActive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; active: boolean }) =>
      api<Webhook>(`/webhooks/${v.id}`, { method: "PATCH", body: { active: v.active } }),
    onSettled: () => qc.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Webhook>(`/webhooks/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useRetryDelivery(webhookId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api<Delivery>(`/webhooks/${webhookId}/deliveries/${deliveryId}/retry`, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: deliveriesKey(webhookId) }),
  });
}
