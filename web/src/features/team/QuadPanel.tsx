/** The quad chart and, beside it, its text alternative: each quadrant's meaning, action and people. */
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { QUADRANTS } from "./definitions";
import { pct, type Quadrant, type ScorecardPerson } from "./managing";
import { QuadChart } from "./QuadChart";
import { Term } from "./Term";

export function QuadPanel(props: {
  people: ScorecardPerson[];
  idByEmail: Map<string, string>;
  effortThreshold: number;
  resultsThreshold: number;
}) {
  const noQuota = props.people.filter((p) => p.quadrant === null);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz={18} mb={4}>
        Decision Quad
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        <Term name="effortIndex">Efforts</Term> across, <Term name="resultsIndex">results</Term> up; the
        dashed lines are the organisation's thresholds ({pct(props.effortThreshold)} efforts,{" "}
        {pct(props.resultsThreshold)} results). Select a person to open them.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <QuadChart {...props} />
        <Stack
          gap="xs"
          component="ul"
          aria-label="People by quadrant"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
        >
          {(Object.keys(QUADRANTS) as Quadrant[]).map((q) => {
            const inQ = props.people.filter((p) => p.quadrant === q);
            return (
              <li key={q}>
                <Group gap={6} wrap="nowrap" align="baseline">
                  <Badge color={QUADRANTS[q].color} variant="filled" style={{ flexShrink: 0 }}>
                    {q}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {QUADRANTS[q].meaning}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {QUADRANTS[q].action}
                </Text>
                <Text size="sm">
                  {inQ.length === 0
                    ? "Nobody."
                    : inQ.map((p, i) => (
                        <span key={p.email}>
                          {i > 0 && ", "}
                          <PersonLink id={props.idByEmail.get(p.email)} name={p.name} />
                        </span>
                      ))}
                </Text>
              </li>
            );
          })}
          {noQuota.length > 0 && (
            <Text size="sm" component="li">
              <Text span fw={600}>
                No quota (not placed):{" "}
              </Text>
              {noQuota.map((p, i) => (
                <span key={p.email}>
                  {i > 0 && ", "}
                  <PersonLink id={props.idByEmail.get(p.email)} name={p.name} />
                </span>
              ))}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  );
}

export function PersonLink(props: { id: string | undefined; name: string }) {
  if (!props.id) return <>{props.name}</>;
  return (
    <Anchor component={Link} to={`/people/${props.id}`} size="sm">
      {props.name}
    </Anchor>
  );
}
