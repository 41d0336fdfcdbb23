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
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "../../api";
import { formatDateTime } from "../../ui/format";
import { useSession } from "../auth/session";
import { useCadence } from "../reviews/reviews";

interface FeedItem {
  kind: "recognition" | "win" | "commitment_kept";
  at: string;
  personName: string;
  text: string;
}

const KIND: Record<FeedItem["kind"], { label: string; color: string }> = {
  recognition: { label: "Recognition", color: "indigo.8" },
  win: { label: "Win", color: "teal.9" },
  commitment_kept: { label: "Kept", color: "gray.7" },
};

/** /recognition — the team feed of wins, kept commitments and recognitions; managers recognise. */
export function RecognitionPage() {
  const session = useSession();
  const manages = (session.data?.person.role ?? "salesperson") !== "salesperson";
  const feed = useQuery({ queryKey: ["team-feed"], queryFn: () => api<FeedItem[]>("/team-feed") });
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={900}>
      <Title order={1} fz={24}>
        Team feed
      </Title>
      {manages && <Recognise />}
      {feed.isError && <Alert color="red">{errorMessage(feed.error)}</Alert>}
      {feed.data?.length === 0 && <Text c="gray.7">Nothing in the last 30 days yet.</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {feed.data?.map((f) => (
          <Paper key={`${f.kind}-${f.at}-${f.text}`} component="li" withBorder p="sm" radius="md">
            <Group gap="xs" wrap="wrap">
              <Badge color={KIND[f.kind].color}>{KIND[f.kind].label}</Badge>
              <Text size="sm" fw={600}>
                {f.personName}
              </Text>
              <Text size="sm">{f.text}</Text>
            </Group>
            <Text size="xs" c="gray.7">
              {formatDateTime(f.at)}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function Recognise() {
  const qc = useQueryClient();
  const people = useCadence();
  const [personId, setPersonId] = useState("");
  const [achievement, setAchievement] = useState("");
  const send = useMutation({
    mutationFn: () =>
      api("/recognitions", {
        method: "POST",
        body: { personId: personId || people.data?.[0]?.personId, achievement },
      }),
    onSuccess: () => {
      setAchievement("");
      qc.invalidateQueries({ queryKey: ["team-feed"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="recognise-h">
      <Title order={2} fz={18} id="recognise-h" mb="sm">
        Recognise someone
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label="Person"
            data={(people.data ?? []).map((p) => ({ value: p.personId, label: p.name }))}
            value={personId}
            onChange={(e) => setPersonId(e.currentTarget.value)}
          />
          <TextInput
            label="Achievement"
            value={achievement}
            onChange={(e) => setAchievement(e.currentTarget.value)}
            required
            miw={220}
          />
          <Button type="submit" color="indigo.8" loading={send.isPending}>
            Recognise
          </Button>
        </Group>
        {send.error && (
          <Alert color="red" mt="xs">
            {errorMessage(send.error)}
          </Alert>
        )}
      </form>
    </Paper>
  );
}
