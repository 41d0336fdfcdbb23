import { Badge, Button, Group, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api";
import { formatMoney } from "../../ui/format";
import {
  type BoardCard,
  type BoardFilters,
  type BoardColumn as Column,
  fetchMoreCards,
  nextStep,
  stepName,
} from "./board";
import { DealCard } from "./DealCard";

export function BoardColumn(props: {
  column: Column;
  currency: string;
  filters: BoardFilters;
  meId?: string;
  movingId?: string;
  onMove: (deal: BoardCard, step: number) => void;
  onWin: (deal: BoardCard) => void;
  onLose: (deal: BoardCard) => void;
}) {
  const { column: col, currency } = props;
  const name = stepName(col.stepNumber);
  const headingId = `step-${col.stepNumber}-heading`;
  const next = nextStep(col.stepNumber);
  // "Show more": the pages fetched after the board's first cards (reset when the board changes).
  const [more, setMore] = useState<{ from: Column; deals: BoardCard[] }>({ from: col, deals: [] });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const extra = more.from === col ? more.deals : [];
  const deals = [...col.deals, ...extra.filter((d) => !col.deals.some((x) => x.id === d.id))];
  const hidden = col.count - deals.length;
  const [over, setOver] = useState(false);

  const showMore = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await fetchMoreCards(col.stepNumber, deals.length, props.filters);
      setMore({ from: col, deals: [...extra, ...page.deals] });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <section
      className={`board-column${over ? " board-column-over" : ""}`}
      id={`step-${col.stepNumber}`}
      aria-labelledby={headingId}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("text/x-deal")) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const raw = e.dataTransfer.getData("text/x-deal");
        if (!raw) return;
        e.preventDefault();
        const { id } = JSON.parse(raw) as { id: string };
        const all = deals.find((d) => d.id === id);
        props.onMove(all ?? ({ id, name: "the deal" } as BoardCard), col.stepNumber);
      }}
    >
      <Group
        className="board-column-head"
        justify="space-between"
        wrap="nowrap"
        gap="xs"
        mb={4}
        align="flex-start"
      >
        <Title order={2} id={headingId} fz="md" lh={1.3}>
          <Text span c="gray.7" fz="sm" fw={600} mr={6} aria-hidden>
            {col.stepNumber}
          </Text>
          {name}
        </Title>
        <Badge variant="filled" color="indigo.8" radius="sm" size="lg" style={{ flexShrink: 0 }}>
          {col.count}
          <VisuallyHidden>{col.count === 1 ? " open deal" : " open deals"}</VisuallyHidden>
        </Badge>
      </Group>
      <Stack gap={0} component="dl" style={{ margin: 0 }}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Text component="dt" size="xs" c="gray.7">
            Total
          </Text>
          <Text component="dd" fw={700} m={0} size="sm">
            {formatMoney(col.total, currency)}
          </Text>
        </Group>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Text component="dt" size="xs" c="gray.7">
            Weighted
          </Text>
          <Text component="dd" fw={700} m={0} size="sm">
            {formatMoney(col.weighted, currency)}
          </Text>
        </Group>
      </Stack>
      {deals.length === 0 ? (
        <Text size="sm" c="gray.7" mt="xs">
          No open deals in this step.
        </Text>
      ) : (
        <ul className="board-cards" aria-label={name} style={{ marginTop: 10 }}>
          {deals.map((d) => (
            <li key={d.id}>
              <DealCard
                deal={d}
                currency={currency}
                next={next}
                mine={d.ownerId === props.meId}
                moving={props.movingId === d.id}
                onMove={(step) => props.onMove(d, step)}
                onWin={col.stepNumber === 6 ? () => props.onWin(d) : undefined}
                onLose={col.stepNumber === 6 ? () => props.onLose(d) : undefined}
              />
            </li>
          ))}
        </ul>
      )}
      {hidden > 0 && (
        <Button variant="subtle" size="xs" mt="xs" fullWidth loading={loading} onClick={showMore}>
          Show more ({hidden} not shown)
        </Button>
      )}
      {error && (
        <Text role="alert" size="xs" c="red.9">
          {error}
        </Text>
      )}
    </section>
  );
}
