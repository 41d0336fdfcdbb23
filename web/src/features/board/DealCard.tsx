import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { formatMoney, plural } from "../../ui/format";
import { type BoardCard, stepName } from "./board";

export function DealCard(props: {
  deal: BoardCard;
  currency: string;
  next?: number;
  moving: boolean;
  /** The signed-in person's own cards do not repeat their name. */
  mine: boolean;
  onMove: (step: number) => void;
  /** Closing column: win, or lose with a reason. */
  onWin?: () => void;
  onLose?: () => void;
}) {
  const { deal } = props;
  const titleId = `deal-${deal.id}-name`;
  const usual = deal.usualDaysInStep;
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
      draggable
      onDragStart={(e: React.DragEvent) => {
        e.dataTransfer.setData("text/x-deal", JSON.stringify({ id: deal.id, step: deal.stepNumber }));
        e.dataTransfer.effectAllowed = "move";
      }}
    >
      <Stack gap={6}>
        <Title order={3} id={titleId} fz="sm" fw={600} lh={1.3} style={{ overflowWrap: "anywhere" }}>
          <Anchor component={Link} to={`/deals/${deal.id}`} inherit c="dark.8">
            {deal.name}
          </Anchor>
        </Title>
        <Text fw={700} fz="lg" lh={1}>
          {formatMoney(deal.value, props.currency)}
        </Text>
        <Stack gap={0}>
          {deal.accountName && (
            <Text size="sm" c="dark.6" truncate="end" title={deal.accountName}>
              {deal.accountName}
            </Text>
          )}
          {!props.mine && (
            <Text size="sm" c="gray.7" truncate="end">
              Owner: {deal.ownerName}
            </Text>
          )}
        </Stack>
        <Group gap={6}>
          <Badge
            variant="outline"
            color={deal.overdueInStep ? "red.9" : "gray.8"}
            radius="sm"
            tt="none"
            fw={500}
            title={
              usual === null
                ? "No usual time in this step yet for the owner"
                : `The owner's usual time in this step: ${usual} days`
            }
          >
            {plural(deal.daysInStep, "day", "days")} in step
            {usual !== null ? ` (usual ${usual < 1 ? "under 1" : Math.round(usual)})` : ""}
          </Badge>
          {deal.noNextStep && (
            <Badge variant="outline" color="red.9" radius="sm" tt="none" fw={600}>
              No next step
            </Badge>
          )}
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
        {props.onWin && props.onLose && (
          <Group gap={6} grow>
            <Button
              size="xs"
              color="teal.9"
              onClick={props.onWin}
              loading={props.moving}
              aria-label={`Win ${deal.name}`}
            >
              Win
            </Button>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={props.onLose}
              aria-label={`Lose ${deal.name}`}
            >
              Lose…
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
