import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime, plural } from "../../ui/format";
import { type Delivery, useDeliveries, useRetryDelivery } from "./webhooks";

const STATUS_COLOR: Record<Delivery["status"], string> = {
  pending: "yellow",
  delivered: "teal",
  failed: "red",
};
const STATUS_LABEL: Record<Delivery["status"], string> = {
  pending: "Pending",
  delivered: "Delivered",
  failed: "Failed",
};

function lastResponse(d: Delivery): string {
  if (d.lastStatusCode !== null) {
    const code = `HTTP ${d.lastStatusCode}`;
    return d.lastError && !d.lastError.startsWith(code) ? `${code} — ${d.lastError}` : code;
  }
  if (d.lastError) return d.lastError;
  return d.attempts === 0 ? "Not sent yet" : "—";
}

/** The delivery log of one subscription, newest first, with a retry button on failed deliveries. */
export function DeliveryLog(props: { webhookId: string; labelledBy: string }) {
  const log = useDeliveries(props.webhookId);
  const retry = useRetryDelivery(props.webhookId);
  if (log.isPending) return <FullPageMessage loading>Loading the delivery log…</FullPageMessage>;
  if (log.isError) return <FullPageMessage error={log.error} onRetry={() => log.refetch()} />;
  if (log.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing sent yet. Deliveries appear here when one of the events happens.
      </Text>
    );
  }
  return (
    <>
      {retry.isError && (
        <Alert role="alert" color="red" variant="light" mb="xs">
          {errorMessage(retry.error)}
        </Alert>
      )}
      <Box visibleFrom="sm">
        <Table verticalSpacing={6} fz="sm" aria-labelledby={props.labelledBy} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Event</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Attempts</Table.Th>
              <Table.Th scope="col">Last response</Table.Th>
              <Table.Th scope="col">Next attempt</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {log.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td ff="monospace">{d.event}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[d.status]} variant="light">
                    {STATUS_LABEL[d.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td maw={260}>
                  <Tooltip label={lastResponse(d)} multiline maw={360} openDelay={300}>
                    <Text fz="sm" truncate="end">
                      {lastResponse(d)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>{formatDateTime(d.nextAttemptAt)}</Table.Td>
                <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                <Table.Td>
                  {d.status === "failed" ? (
                    <Button
                      size="xs"
                      variant="light"
                      aria-label={`Retry ${d.event} of ${formatDateTime(d.createdAt)}`}
                      loading={retry.isPending && retry.variables === d.id}
                      onClick={() => retry.mutate(d.id)}
                    >
                      Retry
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {/* A phone: one block per delivery, nothing to scroll sideways. */}
      <Box
        hiddenFrom="sm"
        component="ul"
        aria-labelledby={props.labelledBy}
        p={0}
        m={0}
        style={{ listStyle: "none" }}
      >
        {log.data.map((d) => (
          <Paper component="li" key={d.id} withBorder radius="sm" p="sm" mb="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} miw={0}>
                <Group gap="xs">
                  <Text ff="monospace" fz="sm">
                    {d.event}
                  </Text>
                  <Badge color={STATUS_COLOR[d.status]} variant="light">
                    {STATUS_LABEL[d.status]}
                  </Badge>
                </Group>
                <Text fz="sm" style={{ wordBreak: "break-word" }}>
                  {plural(d.attempts, "attempt", "attempts")} · {lastResponse(d)}
                </Text>
                {d.nextAttemptAt && (
                  <Text fz="sm" c="dimmed">
                    Next attempt {formatDateTime(d.nextAttemptAt)}
                  </Text>
                )}
                <Text fz="sm" c="dimmed">
                  Created {formatDateTime(d.createdAt)}
                </Text>
              </Stack>
              {d.status === "failed" && (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Retry ${d.event} of ${formatDateTime(d.createdAt)}`}
                  loading={retry.isPending && retry.variables === d.id}
                  onClick={() => retry.mutate(d.id)}
                >
                  Retry
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Box>
    </>
  );
}
