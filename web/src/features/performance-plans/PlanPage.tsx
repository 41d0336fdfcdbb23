import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { api, errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
import { useSession } from "../auth/session";

interface Plan {
  id: string;
  personId: string;
  personName: string | null;
  managerName: string | null;
  targets: string;
  consequences: string;
  startsOn: string;
  endsOn: string;
  status: "open" | "acknowledged" | "closed";
  acknowledgedAt: string | null;
  outcome: string | null;
  outcomeNote: string | null;
  closedAt: string | null;
}

/** /performance-plans/:id — targets, dates and consequences; the person acknowledges; the manager closes it. */
export function PlanPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const session = useSession();
  const plan = useQuery({ queryKey: ["plans", id], queryFn: () => api<Plan>(`/performance-plans/${id}`) });
  const done = () => qc.invalidateQueries({ queryKey: ["plans"] });
  const ack = useMutation({
    mutationFn: () => api(`/performance-plans/${id}/acknowledge`, { method: "POST" }),
    onSuccess: done,
  });
  const [outcome, setOutcome] = useState("met");
  const [note, setNote] = useState("");
  const close = useMutation({
    mutationFn: () =>
      api(`/performance-plans/${id}/close`, { method: "POST", body: { outcome, ...(note ? { note } : {}) } }),
    onSuccess: done,
  });
  if (plan.isPending) return <FullPageMessage loading>Loading the plan…</FullPageMessage>;
  if (plan.isError) return <FullPageMessage error={plan.error} onRetry={() => plan.refetch()} />;
  const p = plan.data;
  const isPerson = session.data?.person.id === p.personId;
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={900}>
      <div>
        <Title order={1} fz={24}>
          Performance plan: {p.personName}
        </Title>
        <Text size="sm" c="gray.7">
          {p.startsOn} to {p.endsOn} · written by {p.managerName} ·{" "}
          <Badge color={p.status === "closed" ? "gray.7" : "red.9"}>{p.status}</Badge>
        </Text>
      </div>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="targets-h">
        <Title order={2} fz={18} id="targets-h">
          Targets
        </Title>
        <Text style={{ whiteSpace: "pre-wrap" }}>{p.targets}</Text>
        <Title order={2} fz={18} mt="md">
          Consequences
        </Title>
        <Text style={{ whiteSpace: "pre-wrap" }}>{p.consequences}</Text>
      </Paper>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="progress-h">
        <Title order={2} fz={18} id="progress-h" mb="xs">
          Acknowledgement and outcome
        </Title>
        <Text size="sm">Acknowledged: {p.acknowledgedAt ? formatDateTime(p.acknowledgedAt) : "not yet"}</Text>
        {p.closedAt && (
          <Text size="sm">
            Closed {formatDateTime(p.closedAt)}: {p.outcome?.replace("_", " ")}
            {p.outcomeNote ? ` — ${p.outcomeNote}` : ""}
          </Text>
        )}
        {(ack.error || close.error) && <Alert color="red">{errorMessage(ack.error ?? close.error)}</Alert>}
        {isPerson && p.status === "open" && (
          <Button mt="sm" color="indigo.8" onClick={() => ack.mutate()} loading={ack.isPending}>
            I have read this plan
          </Button>
        )}
        {!isPerson && p.status !== "closed" && (
          <Group mt="sm" align="flex-end" wrap="wrap">
            <NativeSelect
              label="Outcome"
              data={[
                { value: "met", label: "Met" },
                { value: "extended", label: "Extended" },
                { value: "not_met", label: "Not met" },
              ]}
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value)}
            />
            <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Button variant="default" onClick={() => close.mutate()} loading={close.isPending}>
              Close the plan
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
