import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { formatDateTime } from "../../ui/format";
import { kindLabel } from "../coaching/coaching";
import { CommitmentBadge } from "./CommitmentBadge";
import { type Agenda, type AgendaDeal, pct, STEP_LABELS } from "./reviews";

const num = (x: number | null) => (x == null ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(1));
const money = (x: number) => Math.round(x).toLocaleString("en-US");

/** The frozen agenda of a review: efforts vs plan with pacing, results, the quad, deals, commitments. */
export function AgendaView({ agenda, pipeline = false }: { agenda: Agenda; pipeline?: boolean }) {
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby="agenda-h"
      className="review-agenda"
    >
      <Group justify="space-between" align="baseline" mb="sm">
        <Title order={2} fz={18} id="agenda-h">
          Agenda
        </Title>
        <Text size="sm" c="gray.7">
          Figures as of {formatDateTime(agenda.asOf)} · {agenda.period} ({pct(agenda.elapsed)} elapsed)
        </Text>
      </Group>
      <Stack gap="md">
        <section aria-labelledby="efforts-h">
          <Title order={3} fz={16} id="efforts-h" mb={4}>
            Efforts against the plan
          </Title>
          <Table verticalSpacing={4} aria-label="Efforts against the plan">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th ta="right">Plan</Table.Th>
                <Table.Th ta="right">Expected</Table.Th>
                <Table.Th ta="right">Entered</Table.Th>
                <Table.Th visibleFrom="sm">Pace</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agenda.steps.map((s) => (
                <Table.Tr key={s.step}>
                  <Table.Td>{STEP_LABELS[s.step] ?? s.step}</Table.Td>
                  <Table.Td ta="right">{num(s.plan)}</Table.Td>
                  <Table.Td ta="right">{num(s.expected)}</Table.Td>
                  <Table.Td ta="right">{s.entered}</Table.Td>
                  <Table.Td>
                    {s.onPace == null ? (
                      "—"
                    ) : s.onPace ? (
                      <Badge color="teal.9">on pace</Badge>
                    ) : (
                      <Badge color="red.9">behind</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <section aria-labelledby="results-h">
            <Title order={3} fz={16} id="results-h" mb={4}>
              Results and forecast
            </Title>
            <Text size="sm">Quota: {agenda.quota == null ? "no quota" : money(agenda.quota)}</Text>
            <Text size="sm">Won: {money(agenda.wonRevenue)}</Text>
            <Text size="sm">Pipeline expected: {money(agenda.pipelineExpected)}</Text>
            <Text size="sm">Forecast: {money(agenda.forecast)}</Text>
            <Text size="sm">
              Effort index {pct(agenda.effortIndex)} · results index {pct(agenda.resultsIndex)}
            </Text>
          </section>
          <section aria-labelledby="quad-h">
            <Title order={3} fz={16} id="quad-h" mb={4}>
              Decision Quad
            </Title>
            <Text size="sm" fw={600}>
              {agenda.quadrant ?? "No quota: no quadrant"}
            </Text>
            {agenda.action && <Text size="sm">{agenda.action}</Text>}
            <Text size="sm" mt={4}>
              Coaching focus: {agenda.coachingFocus ? STEP_LABELS[agenda.coachingFocus] : "none"}
            </Text>
            {agenda.coaching && (
              <>
                <Text size="sm" mt={4} fw={600} id="coached-h">
                  Coaching since the last review
                </Text>
                {agenda.coaching.length === 0 ? (
                  <Text size="sm">None.</Text>
                ) : (
                  <List size="sm" aria-labelledby="coached-h">
                    {agenda.coaching.map((c) => (
                      <List.Item key={c.id}>
                        {c.heldOn} · {kindLabel(c.kind)}
                        {c.step ? ` · ${STEP_LABELS[c.step] ?? c.step}` : ""}
                        {c.coach ? ` · by ${c.coach}` : ""}
                        {c.followUpOn ? ` · follow up ${c.followUpOn}` : ""}
                      </List.Item>
                    ))}
                  </List>
                )}
              </>
            )}
          </section>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DealList title="Deals without a next step" id="no-next-h" deals={agenda.dealsWithoutNextStep} />
          <DealList title="Deals stuck in a step" id="stuck-h" deals={agenda.stuckDeals} />
        </SimpleGrid>
        {pipeline && (
          <section aria-labelledby="pipeline-h">
            <Title order={3} fz={16} id="pipeline-h" mb={4}>
              Pipeline by step
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(agenda.pipeline ?? []).map((p) => (
                <DealList
                  key={p.step}
                  title={STEP_LABELS[p.step] ?? p.step}
                  id={`pipe-${p.step}`}
                  deals={p.deals}
                  level={4}
                />
              ))}
            </SimpleGrid>
          </section>
        )}
        <section aria-labelledby="due-h">
          <Title order={3} fz={16} id="due-h" mb={4}>
            Commitments since the last review
          </Title>
          {agenda.commitments.length === 0 ? (
            <Text size="sm" c="gray.7">
              None.
            </Text>
          ) : (
            <List spacing={4} size="sm">
              {agenda.commitments.map((c) => (
                <List.Item key={c.id}>
                  {c.text} (due {c.dueDate}){" "}
                  <CommitmentBadge status={c.status} count={c.count} target={c.target} />
                </List.Item>
              ))}
            </List>
          )}
        </section>
      </Stack>
    </Paper>
  );
}

function DealList(props: { title: string; id: string; deals: AgendaDeal[]; level?: 3 | 4 }) {
  return (
    <section aria-labelledby={props.id}>
      <Title order={props.level ?? 3} fz={props.level === 4 ? 14 : 16} id={props.id} mb={4}>
        {props.title}
      </Title>
      {props.deals.length === 0 ? (
        <Text size="sm" c="gray.7">
          None.
        </Text>
      ) : (
        <List spacing={2} size="sm">
          {props.deals.map((d) => (
            <List.Item key={d.id}>
              {d.name} — {STEP_LABELS[d.step] ?? d.step}, {d.daysInStep} days in step
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}
