/** /candidates/:id — details, status with dates, interviews, the scorecard side by side, non-predictors apart, fit, hire. */
import { Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { AddCandidateForm } from "./AddCandidateForm";
import { FitPanel } from "./FitPanel";
import { HirePanel } from "./HirePanel";
import { useBench, useCandidate } from "./hiring";
import { InterviewsPanel } from "./InterviewsPanel";
import { ScorecardPanel } from "./ScorecardPanel";
import { StatusPanel } from "./StatusPanel";

export function CandidatePage() {
  const { id = "" } = useParams();
  const q = useCandidate(id);
  const bench = useBench();
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <FullPageMessage loading>Loading the candidate…</FullPageMessage>;
  if (q.isError) return <FullPageMessage error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const np = c.nonPredictors;
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Anchor component={Link} to="/hiring" size="sm">
        ← Hiring
      </Anchor>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} fz={24}>
          {c.name}
        </Title>
        <Badge color="indigo.9">{c.status}</Badge>
        {!editing && c.status !== "hired" && (
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            Edit details
          </Button>
        )}
      </Group>
      <Text size="sm" c="gray.7" mb="md">
        {c.role} for team {c.team}
        {c.source ? ` · source: ${c.source}` : ""}
        {c.email ? ` · ${c.email}` : ""}
        {c.phone ? ` · ${c.phone}` : ""}
      </Text>
      <Stack gap="md">
        {editing && (
          <AddCandidateForm
            key={c.id}
            teams={bench.data?.teams.map((t) => t.team) ?? [c.team]}
            candidate={c}
            onDone={() => setEditing(false)}
          />
        )}
        {c.personId && (
          <Paper withBorder p="md" radius="md">
            <Text>
              Hired:{" "}
              <Anchor component={Link} to={`/people/${c.personId}`}>
                {c.name}'s page
              </Anchor>
            </Text>
          </Paper>
        )}
        <ScorecardPanel card={c.scorecard} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <FitPanel fit={c.fit} team={c.team} />
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="np-h">
            <Title order={2} fz={18} id="np-h">
              Not predictors
            </Title>
            <Text size="sm" c="gray.7" mb="xs">
              Recorded for reference and not scored: experience, degrees and a claimed book of business do not
              predict success in sales.
            </Text>
            <dl style={{ margin: 0 }}>
              {(
                [
                  ["Experience", np.experience],
                  ["Degree", np.degree],
                  ["Claimed book of business", np.claimedBook],
                ] as const
              ).map(([k, v]) => (
                <Group key={k} gap="xs" wrap="wrap">
                  <Text component="dt" size="sm" fw={600}>
                    {k}:
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {v ?? "—"}
                  </Text>
                </Group>
              ))}
            </dl>
            {c.notes && (
              <>
                <Title order={3} fz={15} mt="sm">
                  CV and notes
                </Title>
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  {c.notes}
                </Text>
              </>
            )}
          </Paper>
        </SimpleGrid>
        <InterviewsPanel candidate={c} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <StatusPanel candidate={c} />
          <HirePanel candidate={c} />
        </SimpleGrid>
      </Stack>
    </Box>
  );
}
