/** Step entries per week of the period: a line per step, and the same figures as a table. */
import { SimpleGrid, Table } from "@mantine/core";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StepKey } from "../../../../src/domain/steps";
import { FUNNEL_KEYS } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { Panel } from "../team/TeamPanels";
import type { Profile } from "./person";

const COLORS = ["#4263eb", "#1098ad", "#37b24d", "#f59f00", "#f76707", "#e03131"];

export function WeeklyPanel(props: { profile: Profile; stepNames: Record<StepKey, string> }) {
  const { weeks, begun, entries } = props.profile.weekly;
  // Weeks not yet begun by the as-of have no figures: the lines stop at the current week
  // (a drop to 0 would read as the person stopping work), the table shows a dash.
  const data = Array.from({ length: weeks }, (_, w) => {
    const row: Record<string, number | string | null> = { week: `W${w + 1}` };
    for (const s of FUNNEL_KEYS) row[s] = w < begun ? (entries[s]?.[w] ?? 0) : null;
    return row;
  });
  return (
    <Panel title="Entries per step, week by week">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <div role="img" aria-label="Chart of step entries per week; the table beside it gives the figures.">
          <ResponsiveContainer width="100%" height={260}>
            <LineChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="week" />
              <YAxis allowDecimals={false} width={36} />
              <Tooltip />
              <Legend />
              {FUNNEL_KEYS.map((s, i) => (
                <Line key={s} dataKey={s} name={props.stepNames[s]} stroke={COLORS[i]} dot={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <ScrollRegion label="Weekly entries table">
          <Table fz="xs" aria-label="Entries per week">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                {data.map((d) => (
                  <Table.Th key={d.week}>{d.week}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FUNNEL_KEYS.map((s) => (
                <Table.Tr key={s}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{props.stepNames[s]}</Table.Td>
                  {data.map((d) => (
                    <Table.Td key={d.week}>{d[s] ?? "—"}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </SimpleGrid>
    </Panel>
  );
}
