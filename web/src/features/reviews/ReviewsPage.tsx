import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import type { ReviewKind } from "../../../../src/domain/vocabulary";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatDateTime } from "../../ui/format";
import { useSession } from "../auth/session";
import { PlansPanel } from "../performance-plans/PlansPanel";
import { CommitmentList } from "./CommitmentList";
import { useCadence, useOpenReview, useReviews } from "./reviews";

/** /reviews: the review cadence of your line (managers), your commitments, and the review history. */
export function ReviewsPage() {
  const session = useSession();
  const role = session.data?.person.role ?? "salesperson";
  const manages = role !== "salesperson";
  return (
    <Stack p={{ base: "sm", sm: "lg" }} gap="lg" maw={1100}>
      <Title order={1} fz={24}>
        Reviews
      </Title>
      {manages && <CadencePanel />}
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="commitments-h">
        <Title order={2} fz={18} id="commitments-h" mb="sm">
          Commitments
        </Title>
        <CommitmentList canMark={manages} />
      </Paper>
      <PlansPanel manages={manages} />
      <HistoryPanel />
    </Stack>
  );
}

function CadencePanel() {
  const cadence = useCadence();
  const open = useOpenReview();
  const navigate = useNavigate();
  const start = (personId: string, kind: ReviewKind) =>
    open.mutate({ personId, kind }, { onSuccess: (r) => navigate(`/reviews/${r.id}`) });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="cadence-h">
      <Title order={2} fz={18} id="cadence-h" mb="sm">
        Review cadence
      </Title>
      {open.error && (
        <Alert color="red" mb="sm">
          {errorMessage(open.error)}
        </Alert>
      )}
      {cadence.isPending ? (
        <Text c="gray.7">Loading…</Text>
      ) : cadence.isError ? (
        <Alert color="red">{errorMessage(cadence.error)}</Alert>
      ) : cadence.data.length === 0 ? (
        <Text c="gray.7">Nobody reports to you.</Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Last review</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cadence.data.map((p) => (
              <Table.Tr key={p.personId}>
                <Table.Td>
                  <Text fw={500}>{p.name}</Text>
                  {p.overdue ? <Badge color="red.9">Overdue</Badge> : <Badge color="teal.9">On time</Badge>}
                </Table.Td>
                <Table.Td>
                  {p.lastReviewAt ? `${formatDateTime(p.lastReviewAt)} (${p.daysSince} d)` : "Never"}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button
                      color="indigo.8"
                      size="xs"
                      onClick={() => start(p.personId, "one_on_one")}
                      loading={open.isPending}
                      aria-label={`Open review with ${p.name}`}
                    >
                      Open review
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => start(p.personId, "pipeline")}
                      aria-label={`Pipeline review with ${p.name}`}
                    >
                      Pipeline review
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function HistoryPanel() {
  const reviews = useReviews();
  if (reviews.isError) return <FullPageMessage error={reviews.error} onRetry={() => reviews.refetch()} />;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="history-h">
      <Title order={2} fz={18} id="history-h" mb="sm">
        History
      </Title>
      {reviews.isPending ? (
        <Text c="gray.7">Loading…</Text>
      ) : reviews.data.length === 0 ? (
        <Text c="gray.7">No reviews yet.</Text>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {reviews.data.map((r) => (
            <li key={r.id}>
              <Anchor c="indigo.9" component={Link} to={`/reviews/${r.id}`}>
                {r.kind === "pipeline" ? "Pipeline review" : "Review"} with {r.personName} —{" "}
                {formatDateTime(r.heldAt)}
              </Anchor>
              <Text span size="sm" c="gray.7">
                {" "}
                by {r.managerName}
                {r.managerSignedAt && r.personSignedAt ? " · signed off" : ""}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
