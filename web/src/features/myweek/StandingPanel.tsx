import { Badge, Group, Text, Title } from "@mantine/core";
import { QUADRANTS } from "../team/definitions";
import { type MyWeek, percent } from "./myweek";

/**
 * Where the salesperson stands this period in the Decision Quad — the same
 * place their manager sees — with the two indexes it comes from.
 */
export function StandingPanel(props: { quad: MyWeek["quad"]; period: string }) {
  const q = props.quad;
  if (!q?.quadrant) return null;
  const d = QUADRANTS[q.quadrant];
  return (
    <section className="deal-panel" aria-labelledby="standing-heading">
      <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
        <Title order={2} fz="lg" id="standing-heading">
          Where you stand in {props.period}
        </Title>
        <Badge color={d.color} variant="filled">
          {q.quadrant}
        </Badge>
      </Group>
      <Text size="sm" fw={600} mt={4}>
        {d.meaning}
      </Text>
      <Text size="sm" c="gray.7">
        Efforts {percent(q.effortIndex)} of the agreed steps by now · results {percent(q.resultsIndex)} of
        your quota (won and expected). Your manager sees the same.
      </Text>
    </section>
  );
}
