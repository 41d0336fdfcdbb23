import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { ApiError, errorMessage } from "../../api";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
import { ShownOnce } from "../../ui/ShownOnce";
import { DeliveryLog } from "./DeliveryLog";
import {
  EVENTS,
  useCreateWebhook,
  useDeleteWebhook,
  useSetWebhookActive,
  useWebhooks,
  type Webhook,
} from "./webhooks";

/** Admins: subscribe URLs to events, see what was sent and retry what failed. */
export function WebhooksPage() {
  const hooks = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [victim, setVictim] = useState<Webhook | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url: url.trim(), events },
      {
        onSuccess: (w) => {
          setCreated({ url: w.url, secret: w.secret });
          setUrl("");
          setEvents([]);
        },
      },
    );
  };
  const fieldError = (path: string) =>
    create.error instanceof ApiError ? create.error.fieldError(path) : undefined;

  return (
    <Stack gap="lg">
      <div>
        <Title order={2} fz={20}>
          Webhooks
        </Title>
        <Text size="sm" c="dimmed">
          Stepwise POSTs a signed JSON message to your URL when something happens, and retries with backoff
          until your server answers 2xx. Each message carries a <Code>Stepwise-Signature</Code> header
          (HMAC-SHA256 with the subscription's secret; see docs/webhooks.md).
        </Text>
      </div>

      {created && (
        <ShownOnce
          title={`Signing secret for ${created.url}`}
          label="Secret"
          value={created.secret}
          onDone={() => setCreated(null)}
        />
      )}

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-webhook">
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            <Title order={3} fz={16} id="new-webhook">
              New webhook
            </Title>
            <TextInput
              label="URL"
              description="http:// or https://, where your server receives the messages."
              placeholder="https://example.com/stepwise"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              required
              aria-required
              maw={560}
              error={fieldError("url")}
            />
            <Checkbox.Group
              label="Events"
              description="Send a message when:"
              value={events}
              onChange={setEvents}
              error={fieldError("events")}
            >
              <Stack gap={6} mt={6}>
                {EVENTS.map((ev) => (
                  <Checkbox
                    key={ev.value}
                    value={ev.value}
                    label={
                      <>
                        {ev.label}{" "}
                        <Text span c="dimmed" fz="xs" ff="monospace">
                          {ev.hint}
                        </Text>
                      </>
                    }
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            {create.isError && (
              <Alert role="alert" color="red" variant="light" title="The webhook was not added">
                {errorMessage(create.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={create.isPending} disabled={!url.trim() || events.length === 0}>
                Add webhook
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <section aria-labelledby="your-webhooks">
        <Title order={3} fz={16} id="your-webhooks" mb="xs">
          Subscriptions
        </Title>
        {hooks.isPending ? (
          <FullPageMessage loading>Loading webhooks…</FullPageMessage>
        ) : hooks.isError ? (
          <FullPageMessage error={hooks.error} onRetry={() => hooks.refetch()} />
        ) : hooks.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No webhooks yet.
          </Text>
        ) : (
          <Stack gap="md">
            {hooks.data.map((w) => (
              <WebhookCard
                key={w.id}
                webhook={w}
                onDelete={() => {
                  remove.reset();
                  setVictim(w);
                }}
              />
            ))}
          </Stack>
        )}
      </section>

      <ConfirmDialog
        opened={victim !== null}
        title="Delete this webhook?"
        confirmLabel="Delete webhook"
        onCancel={() => setVictim(null)}
        onConfirm={() => victim && remove.mutate(victim.id, { onSuccess: () => setVictim(null) })}
        pending={remove.isPending}
        error={remove.error}
      >
        Nothing more is sent to {victim?.url}, and its delivery log is deleted too. To stop sending for a
        while, pause it instead.
      </ConfirmDialog>
    </Stack>
  );
}

function WebhookCard(props: { webhook: Webhook; onDelete: () => void }) {
  const w = props.webhook;
  const setActive = useSetWebhookActive();
  const [showLog, setShowLog] = useState(false);
  const headingId = `webhook-${w.id}`;
  const logId = `webhook-log-${w.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={4} miw={0} style={{ flex: "1 1 260px" }}>
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Title order={4} fz={15} id={headingId} style={{ wordBreak: "break-all" }}>
                {w.url}
              </Title>
              <Badge color={w.active ? "teal" : "gray"} variant="light" style={{ flexShrink: 0 }}>
                {w.active ? "Active" : "Paused"}
              </Badge>
            </Group>
            <Group gap={6}>
              {w.events.map((e) => (
                <Badge key={e} variant="outline" radius="sm" tt="none" fw={500} ff="monospace">
                  {e}
                </Badge>
              ))}
            </Group>
            <Text size="xs" c="dimmed">
              Added {formatDateTime(w.createdAt)}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              aria-expanded={showLog}
              aria-controls={logId}
              onClick={() => setShowLog((v) => !v)}
            >
              {showLog ? "Hide delivery log" : "Delivery log"}
            </Button>
            <Button
              size="xs"
              variant="default"
              loading={setActive.isPending}
              onClick={() => setActive.mutate({ id: w.id, active: !w.active })}
            >
              {w.active ? "Pause" : "Resume"}
            </Button>
            <Button size="xs" variant="light" color="red" onClick={props.onDelete}>
              Delete
            </Button>
          </Group>
        </Group>
        {setActive.isError && (
          <Alert role="alert" color="red" variant="light">
            {errorMessage(setActive.error)}
          </Alert>
        )}
        {showLog && (
          <section id={logId} aria-labelledby={`${logId}-title`}>
            <Title order={5} fz={14} id={`${logId}-title`} mt="xs" mb={6}>
              Delivery log of {w.url}
            </Title>
            <DeliveryLog webhookId={w.id} labelledBy={`${logId}-title`} />
          </section>
        )}
      </Stack>
    </Paper>
  );
}
