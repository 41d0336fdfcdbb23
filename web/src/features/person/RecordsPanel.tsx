/** The person's latest deals and activities. */
import { Anchor, SimpleGrid, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { StepKey } from "../../../../src/domain/steps";
import { formatDateTime, formatMoney } from "../../ui/format";
import { FUNNEL_KEYS } from "../team/managing";
import { Panel } from "../team/TeamPanels";
import { type ActivityRow, type DealRow, useOwned } from "./person";

const stepLabel = (names: Record<StepKey, string>, n: number) =>
  n === 7 ? "Relationship" : (names[FUNNEL_KEYS[n - 1]] ?? String(n));

export function RecordsPanel(props: {
  personId: string;
  currency: string;
  stepNames: Record<StepKey, string>;
}) {
  const deals = useOwned<DealRow>("deals", props.personId);
  const acts = useOwned<ActivityRow>("activities", props.personId);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Panel title="Latest deals">
        {deals.isPending ? (
          <Text size="sm">Loading…</Text>
        ) : deals.isError || deals.data.items.length === 0 ? (
          <Text size="sm">No deals.</Text>
        ) : (
          <Table fz="sm" aria-label="Deals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Deal</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deals.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/deals/${d.id}`} size="sm">
                      {d.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {d.status === "open" ? stepLabel(props.stepNames, d.currentStep) : d.status}
                  </Table.Td>
                  <Table.Td>{formatMoney(Number(d.value), props.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
      <Panel title="Latest activities">
        {acts.isPending ? (
          <Text size="sm">Loading…</Text>
        ) : acts.isError || acts.data.items.length === 0 ? (
          <Text size="sm">No activities.</Text>
        ) : (
          <Table fz="sm" aria-label="Activities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {acts.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.kind}</Table.Td>
                  <Table.Td>{stepLabel(props.stepNames, a.step)}</Table.Td>
                  <Table.Td>
                    {a.doneAt
                      ? `done ${formatDateTime(a.doneAt)}`
                      : `planned ${formatDateTime(a.scheduledFor)}`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
    </SimpleGrid>
  );
}
