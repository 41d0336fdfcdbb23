import { Badge, Group, SimpleGrid, Text, Title, VisuallyHidden } from "@mantine/core";
import { formatMoney } from "../../ui/format";
import { type BoardCard, type BoardColumn as Column, nextStep, stepName } from "./board";
import { DealCard } from "./DealCard";

export function BoardColumn(props: {
  column: Column;
  currency: string;
  movingId?: string;
  onMove: (deal: BoardCard, step: number) => void;
}) {
  const { column: col, currency } = props;
  const name = stepName(col.stepNumber);
  const headingId = `step-${col.stepNumber}-heading`;
  const next = nextStep(col.stepNumber);
  const hidden = col.count - col.deals.length;
  return (
    <section className="board-column" id={`step-${col.stepNumber}`} aria-labelledby={headingId}>
      <Group
        className="board-column-head"
        justify="space-between"
        wrap="nowrap"
        gap="xs"
        mb={4}
        align="flex-start"
      >
        <Title order={2} id={headingId} fz="md" lh={1.3}>
          <Text span c="dimmed" fz="sm" fw={600} mr={6} aria-hidden>
            {col.stepNumber}
          </Text>
          {name}
        </Title>
        <Badge variant="filled" color="indigo" radius="sm" style={{ flexShrink: 0 }}>
          {col.count}
          <VisuallyHidden>{col.count === 1 ? " open deal" : " open deals"}</VisuallyHidden>
        </Badge>
      </Group>
      <SimpleGrid cols={2} spacing="xs" component="dl" style={{ margin: 0 }}>
        <div>
          <Text component="dt" size="xs" c="dimmed">
            Total
          </Text>
          <Text component="dd" fw={700} m={0}>
            {formatMoney(col.total, currency)}
          </Text>
        </div>
        <div>
          <Text component="dt" size="xs" c="dimmed">
            Weighted
          </Text>
          <Text component="dd" fw={700} m={0}>
            {formatMoney(col.weighted, currency)}
          </Text>
        </div>
      </SimpleGrid>
      {col.deals.length === 0 ? (
        <Text size="sm" c="dimmed" mt="xs">
          No open deals in this step.
        </Text>
      ) : (
        <ul className="board-cards" aria-label={name} style={{ marginTop: 10 }}>
          {col.deals.map((d) => (
            <li key={d.id}>
              <DealCard
                deal={d}
                currency={currency}
                next={next}
                moving={props.movingId === d.id}
                onMove={(step) => props.onMove(d, step)}
              />
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          and {hidden} more not shown
        </Text>
      )}
    </section>
  );
}
