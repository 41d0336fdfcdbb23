import { Alert, Badge, Button, Table, Text, Tooltip } from "@mantine/core";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
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
      <Table.ScrollContainer minWidth={760}>
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
                <Text span fz="sm" fw={700} c="dimmed">
                  Retry
                </Text>
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
      </Table.ScrollContainer>
    </>
  );
}
