import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { formatMoney, plural } from "../../ui/format";
import { type BoardCard, stepName } from "./board";

/** Days in one step after which a card is flagged as stalling. */
const STALLING_DAYS = 30;

export function DealCard(props: {
  deal: BoardCard;
  currency: string;
  next?: number;
  moving: boolean;
  onMove: (step: number) => void;
}) {
  const { deal } = props;
  const titleId = `deal-${deal.id}-name`;
  const stalling = deal.daysInStep >= STALLING_DAYS;
  return (
    <Paper
      component="article"
      id={`deal-${deal.id}`}
      className="deal-card"
      tabIndex={-1}
      aria-labelledby={titleId}
      withBorder
      radius="md"
      p="sm"
      shadow="xs"
    >
      <Stack gap={6}>
        <Title order={3} id={titleId} fz="sm" fw={600} lh={1.3} style={{ overflowWrap: "anywhere" }}>
          {deal.name}
        </Title>
        <Text fw={700} fz="lg" lh={1}>
          {formatMoney(deal.value, props.currency)}
        </Text>
        <Stack gap={0}>
          {deal.accountName && (
            <Text size="sm" c="dark.4" truncate="end" title={deal.accountName}>
              {deal.accountName}
            </Text>
          )}
          <Text size="sm" c="dimmed" truncate="end">
            Owner: {deal.ownerName}
          </Text>
        </Stack>
        <Group gap={6}>
          <Badge
            variant="light"
            color={stalling ? "orange" : "gray"}
            radius="sm"
            tt="none"
            fw={500}
            title={stalling ? `Stalling: ${STALLING_DAYS} days or more in this step` : undefined}
          >
            {plural(deal.daysInStep, "day", "days")} in step
          </Badge>
        </Group>
        {props.next !== undefined && (
          <Button
            variant="light"
            size="xs"
            fullWidth
            h="auto"
            py={6}
            styles={{ label: { whiteSpace: "normal", textAlign: "center" } }}
            loading={props.moving}
            onClick={() => props.onMove(props.next!)}
          >
            Move to {stepName(props.next)}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
