import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage } from "../../api";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
import { ShownOnce } from "../../ui/ShownOnce";
import { type ApiToken, type Scope, useCreateToken, useRevokeToken, useTokens } from "./tokens";

const SCOPE_LABEL: Record<Scope, string> = { read: "Read only", write: "Read and write" };

/** Every user's own API tokens, for scripts: create one (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<Scope>("read");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [victim, setVictim] = useState<ApiToken | null>(null);

  const askRevoke = (t: ApiToken) => {
    revoke.reset();
    setVictim(t);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), scope },
      {
        onSuccess: (t) => {
          setCreated({ name: t.name, token: t.token });
          setName("");
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} fz={20}>
          API tokens
        </Title>
        <Text size="sm" c="dimmed">
          For scripts and other systems: send a token as <Code>Authorization: Bearer swt_…</Code> to the API
          at <Code>/api/v1</Code>. A token acts as you and sees what you see.
        </Text>
      </div>

      {created && (
        <ShownOnce
          title={`Your new token “${created.name}”`}
          label="Token"
          value={created.token}
          onDone={() => setCreated(null)}
        />
      )}

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-token">
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            <Title order={3} fz={16} id="new-token">
              New token
            </Title>
            <TextInput
              label="Name"
              description="What the token is for, e.g. “Nightly export”."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              aria-required
              maxLength={100}
              maw={420}
            />
            <Radio.Group
              label="Access"
              value={scope}
              onChange={(v) => setScope(v as Scope)}
              description="Read only is enough for reports and exports."
            >
              <Group gap="lg" mt={6}>
                <Radio value="read" label={SCOPE_LABEL.read} />
                <Radio value="write" label={SCOPE_LABEL.write} />
              </Group>
            </Radio.Group>
            {create.isError && (
              <Alert role="alert" color="red" variant="light" title="The token was not created">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <section aria-labelledby="your-tokens">
        <Title order={3} fz={16} id="your-tokens" mb="xs">
          Your tokens
        </Title>
        {tokens.isPending ? (
          <FullPageMessage loading>Loading your tokens…</FullPageMessage>
        ) : tokens.isError ? (
          <FullPageMessage error={tokens.error} onRetry={() => tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            You have no API tokens yet.
          </Text>
        ) : (
          <>
            <Box visibleFrom="sm">
              <Table striped highlightOnHover verticalSpacing="xs" aria-labelledby="your-tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Access</Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                    <Table.Th scope="col">Last used</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tokens.data.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Th scope="row" fw={500}>
                        {t.name}
                      </Table.Th>
                      <Table.Td>{SCOPE_LABEL[t.scope]}</Table.Td>
                      <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                      <Table.Td>{formatDateTime(t.lastUsedAt, "Never")}</Table.Td>
                      <Table.Td ta="right">
                        <TokenAction token={t} onRevoke={askRevoke} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Box>
            {/* A phone: one block per token, nothing to scroll sideways. */}
            <Box
              hiddenFrom="sm"
              component="ul"
              aria-labelledby="your-tokens"
              p={0}
              m={0}
              style={{ listStyle: "none" }}
            >
              {tokens.data.map((t) => (
                <Paper component="li" key={t.id} withBorder radius="sm" p="sm" mb="xs" aria-label={t.name}>
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600}>{t.name}</Text>
                      <Text size="sm">{SCOPE_LABEL[t.scope]}</Text>
                      <Text size="sm" c="dimmed">
                        Created {formatDateTime(t.createdAt)}
                      </Text>
                      <Text size="sm" c="dimmed">
                        Last used {formatDateTime(t.lastUsedAt, "never")}
                      </Text>
                    </div>
                    <TokenAction token={t} onRevoke={askRevoke} />
                  </Group>
                </Paper>
              ))}
            </Box>
          </>
        )}
      </section>

      <ConfirmDialog
        opened={victim !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        onCancel={() => setVictim(null)}
        onConfirm={() => victim && revoke.mutate(victim.id, { onSuccess: () => setVictim(null) })}
        pending={revoke.isPending}
        error={revoke.error}
      >
        Anything that uses “{victim?.name}” stops working at once. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}

function TokenAction(props: { token: ApiToken; onRevoke: (t: ApiToken) => void }) {
  const t = props.token;
  if (t.revokedAt) {
    return (
      <Badge color="gray" variant="light" title={`Revoked ${formatDateTime(t.revokedAt)}`}>
        Revoked
      </Badge>
    );
  }
  return (
    <Button
      size="xs"
      variant="light"
      color="red"
      aria-label={`Revoke ${t.name}`}
      onClick={() => props.onRevoke(t)}
    >
      Revoke
    </Button>
  );
}
