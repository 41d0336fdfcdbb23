/** /hiring — the bench per team (candidates by status, days since the last new one), the candidates, and adding one. */
import { Anchor, Badge, Box, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { ScrollRegion } from "../team/ScrollRegion";
import { AddCandidateForm } from "./AddCandidateForm";
import { type Candidate, daysText, PIPELINE, STATUSES, useBench, useCandidates } from "./hiring";

const OPEN = "open";

/** The candidates, narrowed to a team and a status ("open": still in the pipeline). */
function CandidateList(props: { candidates: Candidate[]; teams: string[] }) {
  const [team, setTeam] = useState("");
  const [status, setStatus] = useState("");
  const shown = props.candidates.filter(
    (c) =>
      (!team || c.team === team) &&
      (!status || (status === OPEN ? (PIPELINE as string[]).includes(c.status) : c.status === status)),
  );
  if (props.candidates.length === 0) return <Text size="sm">No candidates yet.</Text>;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label="Filter the candidates">
        <NativeSelect
          label="Team"
          data={[{ value: "", label: "All teams" }, ...props.teams]}
          value={team}
          onChange={(e) => setTeam(e.currentTarget.value)}
        />
        <NativeSelect
          label="Status"
          data={[
            { value: "", label: "All statuses" },
            { value: OPEN, label: "In the pipeline" },
            ...STATUSES.map((s) => ({ value: s, label: s })),
          ]}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
        />
        <Text size="sm" c="gray.7" role="status">
          {shown.length} of {props.candidates.length}
        </Text>
      </Group>
      <Stack
        gap={6}
        component="ul"
        aria-label="Candidates"
        style={{ listStyle: "none", padding: 0, margin: 0 }}
      >
        {shown.map((c) => (
          <Group component="li" key={c.id} gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/candidates/${c.id}`} fw={600}>
              {c.name}
            </Anchor>
            <Badge variant="outline" color="indigo.9">
              {c.status}
            </Badge>
            <Text size="sm" c="gray.7">
              {c.team} · {c.role}
              {c.source ? ` · ${c.source}` : ""}
            </Text>
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

export function HiringPage() {
  const bench = useBench();
  const list = useCandidates();
  const failed = [bench, list].find((q) => q.isError);
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Title order={1} fz={24}>
        Hiring
      </Title>
      <Text size="sm" c="gray.7" mb="md">
        Recruit continuously: a bench per team, so nobody is kept for lack of a replacement.
      </Text>
      {failed ? (
        <FullPageMessage error={failed.error} onRetry={() => failed.refetch()} />
      ) : bench.isPending || list.isPending ? (
        <FullPageMessage loading>Loading the bench…</FullPageMessage>
      ) : (
        <Stack gap="md">
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="bench-h">
            <Title order={2} fz={18} id="bench-h" mb="xs">
              Bench per team
            </Title>
            <ScrollRegion label="Bench per team (scrolls sideways)">
              <Table fz="sm" miw={640} aria-labelledby="bench-h">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Team</Table.Th>
                    {PIPELINE.map((s) => (
                      <Table.Th key={s} style={{ textTransform: "capitalize" }}>
                        {s}
                      </Table.Th>
                    ))}
                    <Table.Th>In pipeline</Table.Th>
                    <Table.Th>Last new candidate</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {bench.data!.teams.map((t) => (
                    <Table.Tr key={t.team}>
                      <Table.Th scope="row">{t.team}</Table.Th>
                      {PIPELINE.map((s) => (
                        <Table.Td key={s}>{t.byStatus[s]}</Table.Td>
                      ))}
                      <Table.Td fw={700}>{t.inPipeline}</Table.Td>
                      <Table.Td c={t.daysSinceLast === null || t.daysSinceLast > 30 ? "red.9" : undefined}>
                        {daysText(t.daysSinceLast)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </Paper>
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="candidates-h">
            <Title order={2} fz={18} id="candidates-h" mb="xs">
              Candidates
            </Title>
            <CandidateList candidates={list.data!} teams={bench.data!.teams.map((t) => t.team)} />
          </Paper>
          <AddCandidateForm teams={bench.data!.teams.map((t) => t.team)} />
        </Stack>
      )}
    </Box>
  );
}
