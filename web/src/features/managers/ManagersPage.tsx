/** Managers: an executive's first screen — is each manager managing, and how is their team doing? */
import { Anchor, Badge, Box, Group, Paper, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { Link } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { formatMoney } from "../../ui/format";
import { QUADRANTS } from "../team/definitions";
import { byName, pct, type Quadrant, useOrganisation, useReportScope } from "../team/managing";
import { PeriodPicker } from "../team/PeriodPicker";
import { ScrollRegion } from "../team/ScrollRegion";
import { Term } from "../team/Term";
import { ManagingShareChart } from "./ManagingShareChart";
import { useManagers } from "./managers";

export function ManagersPage() {
  const [scope, setScope] = useReportScope();
  const overview = useManagers(scope);
  const org = useOrganisation();
  const header = (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="md">
      <div>
        <Title order={1} fz={24}>
          Managers
        </Title>
        <Text size="sm" c="dimmed">
          Managing or selling? Each manager's time, reviews and team results for {scope.period}.
        </Text>
      </div>
      <PeriodPicker scope={scope} onChange={setScope} />
    </Group>
  );
  const failed = [overview, org].find((q) => q.isError);
  if (failed || overview.isPending || org.isPending) {
    return (
      <Box px={{ base: 12, sm: 16 }} py="md">
        {header}
        {failed ? (
          <FullPageMessage error={failed.error} onRetry={() => overview.refetch()} />
        ) : (
          <FullPageMessage loading>Loading the managers…</FullPageMessage>
        )}
      </Box>
    );
  }
  const o = overview.data!;
  const managers = [...o.managers].sort(byName);
  const money = (v: number) => formatMoney(v, org.data!.currency);
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1400}>
      {header}
      {managers.length === 0 ? (
        <Text>No managers in your view.</Text>
      ) : (
        <Stack gap="md">
          <Paper withBorder p="md" radius="md">
            <Title order={2} fz={18} mb={4}>
              <Term name="managingShare">Managing share</Term> against {pct(o.managingShareTarget)}
            </Title>
            <ManagingShareChart managers={managers} target={o.managingShareTarget} />
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={2} fz={18} mb="xs">
              Managers and their teams
            </Title>
            <ScrollRegion label="Managers table (scrolls sideways)">
              <Table fz="sm" miw={1000} striped aria-label="Managers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Manager</Table.Th>
                    <Table.Th>
                      <Term name="managingShare">Managing share</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="directReports">Direct reports</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="reviewCompliance">Reviews up to date</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="wonShareOfQuota">Won / quota</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="projectedShareOfQuota">Forecast / quota</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="paretoShare">Pareto share</Term>
                    </Table.Th>
                    <Table.Th>
                      <Term name="quadrant">Quads</Term>
                    </Table.Th>
                    <Table.Th>Recruiting</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {managers.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        <Anchor
                          component={Link}
                          to={
                            m.team
                              ? `/team?team=${encodeURIComponent(m.team)}&period=${scope.period}`
                              : `/people/${m.id}`
                          }
                          size="sm"
                        >
                          {m.name}
                        </Anchor>
                        {m.team && (
                          <Text span size="xs" c="dimmed">
                            {" "}
                            · {m.team}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {m.managingShare === null ? "no time logged" : pct(m.managingShare)}
                        {m.managingShare !== null && m.managingShare < o.managingShareTarget && (
                          <Text span size="xs" c="red.9">
                            {" "}
                            (selling too much)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{m.directReports}</Table.Td>
                      <Table.Td>{pct(m.reviewCompliance)}</Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {pct(m.wonShareOfQuota)}{" "}
                        <Text span size="xs" c="dimmed">
                          ({money(m.wonRevenue)} of {money(m.quota)})
                        </Text>
                      </Table.Td>
                      <Table.Td>{pct(m.projectedShareOfQuota)}</Table.Td>
                      <Table.Td>{pct(m.paretoShare)}</Table.Td>
                      <Table.Td>
                        {/* Two by two, like the quad itself: the table fits 1366 px with Recruiting beside it. */}
                        <Group gap={4} wrap="wrap" w={124}>
                          {(["Q1", "Q2", "Q3", "Q4"] as Quadrant[]).map((q) => (
                            <Tooltip
                              key={q}
                              label={QUADRANTS[q].title}
                              events={{ hover: true, focus: true, touch: true }}
                            >
                              <Badge
                                variant="outline"
                                style={{ flexShrink: 0, overflow: "visible" }}
                                color={QUADRANTS[q].color}
                                tabIndex={0}
                                aria-label={`${m.quads[q]} in ${QUADRANTS[q].title}`}
                              >
                                {q}: {m.quads[q]}
                              </Badge>
                            </Tooltip>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{recruitingText(m.recruiting)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Paper>
        </Stack>
      )}
    </Box>
  );
}

/** "3 in pipeline · last new 12 days ago" (hiring, docs/hiring.md). */
function recruitingText(r: { inPipeline: number; daysSinceLast: number | null } | undefined) {
  if (!r) return "—";
  const last = r.daysSinceLast === null ? "no candidate yet" : `last new ${r.daysSinceLast} days ago`;
  return `${r.inPipeline} in pipeline · ${last}`;
}
