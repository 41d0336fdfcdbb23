/** A short list of deals (newest first) linking to each deal's page. */
import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { type Deal, stepLabel } from "./deals";

export function DealTable(props: { deals: Deal[] }) {
  const deals = [...props.deals].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  if (deals.length === 0)
    return (
      <Text size="sm" c="gray.7">
        No deals.
      </Text>
    );
  return (
    <ul className="deal-list">
      {deals.map((d) => (
        <li key={d.id}>
          <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={600}>
            {d.name}
          </Anchor>
          <Text size="xs" c="gray.7">
            {d.status === "open" ? stepLabel(d.currentStep) : d.status} · {d.value.toLocaleString()}
          </Text>
        </li>
      ))}
    </ul>
  );
}
