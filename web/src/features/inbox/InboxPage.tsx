import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, errorMessage } from "../../api";
import { formatDateTime } from "../../ui/format";

interface Message {
  id: string;
  kind: string;
  title: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** /inbox — your messages: reviews, commitments kept or missed, plans, recognition. */
export function InboxPage() {
  const qc = useQueryClient();
  const inbox = useQuery({ queryKey: ["inbox"], queryFn: () => api<Message[]>("/inbox") });
  const read = useMutation({
    mutationFn: (id: string) => api<Message>(`/inbox/${id}/read`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["inbox"] }),
  });
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="md" maw={900}>
      <Title order={1} fz={24}>
        Inbox
      </Title>
      {inbox.isError && <Alert color="red">{errorMessage(inbox.error)}</Alert>}
      {inbox.data?.length === 0 && <Text c="gray.7">No messages.</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {inbox.data?.map((m) => (
          <Paper key={m.id} component="li" withBorder p="sm" radius="md" aria-label={m.title}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text fw={m.readAt ? 400 : 600} size="sm">
                  {m.link ? (
                    <Anchor c="indigo.9" component={Link} to={m.link}>
                      {m.title}
                    </Anchor>
                  ) : (
                    m.title
                  )}
                </Text>
                <Text size="xs" c="gray.7">
                  {formatDateTime(m.createdAt)}
                </Text>
              </div>
              {m.readAt ? (
                <Badge color="gray.7">read</Badge>
              ) : (
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => read.mutate(m.id)}
                  aria-label={`Mark read: ${m.title}`}
                >
                  Mark read
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
