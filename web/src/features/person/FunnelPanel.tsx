/** The person's conversion rate per step against the team's, as a chart and, beside it, a table. */
import { SimpleGrid, Table, Text } from "@mantine/core";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StepKey } from "../../../../src/domain/steps";
import { FUNNEL_KEYS, pct } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { Panel } from "../team/TeamPanels";
import { Term } from "../team/Term";
import type { Profile } from "./person";

export function FunnelPanel(props: { profile: Profile; stepNames: Record<StepKey, string> }) {
  const f = props.profile.funnel;
  const data = FUNNEL_KEYS.map((s) => ({
    step: props.stepNames[s],
    own: f[s]?.own.rate ?? null,
    team: f[s]?.team.rate ?? null,
  }));
  const name = props.profile.person.name;
  return (
    <Panel title="Conversion per step, against the team">
      <Text size="sm" c="dimmed" mb="sm">
        <Term name="rate">Rate</Term>: of the deals that reached the step and are settled (over the rate
        window), the share that moved on. <Term name="teamRate">Team</Term>: the same for the whole team.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <div
          role="img"
          aria-label={`Chart of ${name}'s conversion rates against the team's; the table beside it gives the figures.`}
        >
          <ResponsiveContainer width="100%" height={280}>
            <BarChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="step"
                tick={{ fontSize: 11 }}
                interval={0}
                angle={-20}
                textAnchor="end"
                height={56}
              />
              <YAxis domain={[0, 1]} tickFormatter={(v: number) => pct(v)} width={48} />
              <Tooltip formatter={(v: unknown) => pct(v as number | null)} />
              <Legend />
              <Bar dataKey="own" name={name} fill="#4263eb" />
              <Bar dataKey="team" name="Team" fill="#adb5bd" />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <ScrollRegion label="Conversion table">
          <Table fz="sm" aria-label="Conversion per step">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Moved on / settled</Table.Th>
                <Table.Th>Rate</Table.Th>
                <Table.Th>Team rate</Table.Th>
                <Table.Th>Plan rate</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FUNNEL_KEYS.map((s) => (
                <Table.Tr key={s}>
                  <Table.Td>{props.stepNames[s]}</Table.Td>
                  <Table.Td>
                    {f[s]?.own.advanced ?? 0} / {(f[s]?.own.advanced ?? 0) + (f[s]?.own.exited ?? 0)}
                  </Table.Td>
                  <Table.Td>{pct(f[s]?.own.rate)}</Table.Td>
                  <Table.Td>{pct(f[s]?.team.rate)}</Table.Td>
                  <Table.Td>{pct(f[s]?.smoothed)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt={4}>
            Plan rate: the person's rate blended with the team's, as the plan uses it.
          </Text>
        </ScrollRegion>
      </SimpleGrid>
    </Panel>
  );
}
