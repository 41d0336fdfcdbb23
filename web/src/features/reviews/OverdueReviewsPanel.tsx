import { Badge, Paper, Stack, Text, Title } from "@mantine/core";
import { useCadence } from "./reviews";

/** For the Team page: the manager's direct reports whose review is overdue (metrics.md reviewCadenceDays). */
export function OverdueReviewsPanel() {
  const cadence = useCadence();
  const overdue = cadence.data?.filter((p) => p.overdue) ?? [];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="overdue-h">
      <Title order={2} fz={18} id="overdue-h" mb="sm">
        Reviews overdue
      </Title>
      {overdue.length === 0 ? (
        <Text size="sm" c="gray.7">
          Nobody is overdue.
        </Text>
      ) : (
        <Stack gap={4}>
          {overdue.map((p) => (
            <Text key={p.personId} size="sm">
              {p.name}{" "}
              <Badge color="red.9">{p.lastReviewAt ? `${p.daysSince} days` : "never reviewed"}</Badge>
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
