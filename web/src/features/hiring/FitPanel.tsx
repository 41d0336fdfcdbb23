/** The candidate's step scores against the team's weak steps (the coaching focuses of its salespeople). */
import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { type CandidateDetail, subjectLabel } from "./hiring";

export function FitPanel(props: { fit: CandidateDetail["fit"]; team: string }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="fit-h">
      <Title order={2} fz={18} id="fit-h">
        Fit with team {props.team}
      </Title>
      <Text size="sm" c="gray.7" mb="xs">
        The team's weak steps (its salespeople's coaching focus this month) and the candidate's mean score on
        each; 3 or more would strengthen the team.
      </Text>
      {props.fit.length === 0 ? (
        <Text size="sm">The team has no weak step this month.</Text>
      ) : (
        <Stack gap={4}>
          {props.fit.map((f) => (
            <Group key={f.step} gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {subjectLabel(f.step)}
              </Text>
              <Text size="sm" c="gray.7">
                weak for {f.weakFor} · candidate:{" "}
                {f.candidateScore === null ? "not scored" : f.candidateScore.toFixed(1)}
              </Text>
              {f.strengthens && <Badge color="teal.9">Would strengthen</Badge>}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
