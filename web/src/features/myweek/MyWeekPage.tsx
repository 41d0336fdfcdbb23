/** A salesperson's first screen: what's due, what has no next step, pacing per step, usage. */
import { Box, Button, Group, Kbd, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { useSession } from "../auth/session";
import { useSellingActions } from "../palette/actions";
import { PersonReviewsPanel } from "../reviews/PersonReviewsPanel";
import { DueList } from "./DueList";
import { useMyWeek } from "./myweek";
import { NoNextStepList } from "./NoNextStepList";
import { PacingPanel } from "./PacingPanel";
import { StandingPanel } from "./StandingPanel";
import { UsagePanel } from "./UsagePanel";
import "../deals/deals.css";
import "./myweek.css";

export function MyWeekPage() {
  const week = useMyWeek();
  const actions = useSellingActions();
  const session = useSession();
  if (week.isPending) return <FullPageMessage loading>Loading your week…</FullPageMessage>;
  if (week.isError) return <FullPageMessage error={week.error} onRetry={() => week.refetch()} />;
  const w = week.data;
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1200}>
      <Group justify="space-between" align="flex-end" mb="md" gap="xs">
        <div>
          <Title order={1} fz={24}>
            My week
          </Title>
          <Text size="sm" c="gray.7">
            Today {w.today} · period {w.period} · press <Kbd>Ctrl</Kbd> + <Kbd>K</Kbd> to log or find anything
          </Text>
        </div>
        <Group gap="xs">
          <Button onClick={() => actions.openLog()}>Log an activity</Button>
          <Button variant="default" onClick={actions.openNewDeal}>
            New deal
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <DueList activities={w.activities} />
          <NoNextStepList items={w.noNextStep} />
        </Stack>
        <Stack gap="md">
          <StandingPanel quad={w.quad} period={w.period} />
          <PacingPanel pacing={w.pacing} period={w.period} />
          <UsagePanel usage={w.usage} />
          {session.data ? <PersonReviewsPanel personId={session.data.person.id} /> : null}
        </Stack>
      </SimpleGrid>
    </Box>
  );
}
