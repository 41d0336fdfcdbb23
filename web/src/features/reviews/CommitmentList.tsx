import { Alert, Button, Group, Table, Text } from "@mantine/core";
import { errorMessage } from "../../api";
import { CommitmentBadge } from "./CommitmentBadge";
import { type Commitment, useCommitments, useMarkCommitment } from "./reviews";

/** Commitments (one person's or everybody's you can see), with kept/missed buttons for free-text ones. */
export function CommitmentList(props: { personId?: string; canMark: boolean; items?: Commitment[] }) {
  const q = useCommitments(props.personId);
  const mark = useMarkCommitment();
  const items = props.items ?? q.data;
  if (!props.items && q.isPending) return <Text c="gray.7">Loading…</Text>;
  if (!props.items && q.isError) return <Alert color="red">{errorMessage(q.error)}</Alert>;
  if (!items || items.length === 0) return <Text c="gray.7">No commitments.</Text>;
  return (
    <>
      {mark.error && <Alert color="red">{errorMessage(mark.error)}</Alert>}
      <Table verticalSpacing="xs" aria-label="Commitments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Commitment</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} aria-label={c.text}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.text}
                </Text>
                <Text size="xs" c="gray.7">
                  {c.personName}
                  {c.target != null ? " · checked automatically" : ""}
                </Text>
              </Table.Td>
              <Table.Td>{c.dueDate}</Table.Td>
              <Table.Td>
                <CommitmentBadge status={c.status} count={c.count} target={c.target} />
                {props.canMark && c.target == null && c.status === "pending" && (
                  <Group gap={4} mt={4}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="teal"
                      onClick={() => mark.mutate({ id: c.id, status: "kept" })}
                    >
                      Kept
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="red"
                      onClick={() => mark.mutate({ id: c.id, status: "missed" })}
                    >
                      Missed
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
