import { Anchor, Badge, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api";

interface PlanItem {
  id: string;
  personName: string | null;
  startsOn: string;
  endsOn: string;
  status: string;
}
interface Suggestion {
  email: string;
  name: string;
  quarters: string[];
}

/** Performance plans you can see, and (for managers) who Stepwise suggests one for: Q4 two quarters running. */
export function PlansPanel(props: { manages: boolean }) {
  const plans = useQuery({
    queryKey: ["plans", "list"],
    queryFn: () => api<PlanItem[]>("/performance-plans"),
  });
  const sugg = useQuery({
    queryKey: ["plans", "suggestions"],
    queryFn: () => api<Suggestion[]>("/performance-plans/suggestions"),
    enabled: props.manages,
  });
  if (!plans.data?.length && !sugg.data?.length) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="plans-h">
      <Title order={2} fz={18} id="plans-h" mb="sm">
        Performance plans
      </Title>
      <Stack gap={4}>
        {sugg.data?.map((s) => (
          <Text key={s.email} size="sm">
            Suggested for {s.name}: Q4 in {s.quarters.join(" and ")}.
          </Text>
        ))}
        {plans.data?.map((p) => (
          <Text key={p.id} size="sm">
            <Anchor c="indigo.9" component={Link} to={`/performance-plans/${p.id}`}>
              Plan for {p.personName}, {p.startsOn} to {p.endsOn}
            </Anchor>{" "}
            <Badge color={p.status === "closed" ? "gray.7" : "red.9"}>{p.status}</Badge>
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
