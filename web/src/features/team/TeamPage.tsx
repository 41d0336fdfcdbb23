/** Team: a manager's first screen — the Decision Quad, the scorecard and the team's figures for a period. */
import { Box, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { OverdueReviewsPanel } from "../reviews/OverdueReviewsPanel";
import { CsvLink } from "./CsvLink";
import { useOrganisation, usePeople, useReportScope, useStepNames, useTeamScreen } from "./managing";
import { PeriodPicker } from "./PeriodPicker";
import { QuadPanel } from "./QuadPanel";
import { ScorecardTable } from "./ScorecardTable";
import { EarlyWarningPanel, ManagingSharePanel, Panel, RedWhiteBluePanel } from "./TeamPanels";

const refetchAll = (qs: { refetch: () => unknown }[]) => {
  for (const q of qs) q.refetch();
};

export function TeamPage() {
  const [scope, setScope] = useReportScope();
  const org = useOrganisation();
  const people = usePeople(scope.team);
  // The scorecard, team, early-warning and manager-time reports: one request, one load of the figures.
  const screen = useTeamScreen(scope);
  const stepNames = useStepNames();
  const all = [org, people, screen];
  const failed = all.find((q) => q.isError);
  const title = scope.team ? `Team ${scope.team}` : "Team";

  const header = (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="md">
      <div>
        <Title order={1} fz={24}>
          {title}
        </Title>
        {screen.data && (
          <Text size="sm" c="dimmed">
            {screen.data.scorecard.period}, as of {new Date(screen.data.scorecard.asOf).toLocaleString()}
          </Text>
        )}
      </div>
      <PeriodPicker scope={scope} onChange={setScope} />
    </Group>
  );
  if (failed) {
    return (
      <Box px={{ base: 12, sm: 16 }} py="md">
        {header}
        <FullPageMessage error={failed.error} onRetry={() => refetchAll(all)} />
      </Box>
    );
  }
  if (all.some((q) => q.isPending)) {
    return (
      <Box px={{ base: 12, sm: 16 }} py="md">
        {header}
        <FullPageMessage loading>Loading the team's figures…</FullPageMessage>
      </Box>
    );
  }
  const settings = org.data!.settings;
  const idByEmail = new Map(people.data!.map((p) => [p.email, p.id]));
  const names = new Map(people.data!.map((p) => [p.email, p.name]));
  const { scorecard, team, earlyWarning, managerTime } = screen.data!;
  const sc = scorecard.people;
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1400}>
      {header}
      <Stack gap="md">
        {sc.length === 0 ? (
          <Text>Nobody in this view sells: there is no scorecard to show.</Text>
        ) : (
          <QuadPanel
            people={sc}
            idByEmail={idByEmail}
            effortThreshold={settings.effortThreshold}
            resultsThreshold={settings.resultsThreshold}
          />
        )}
        <Panel
          title="Scorecard"
          actions={
            <Group gap="md">
              <CsvLink kind="scorecard" scope={scope} label="Scorecard as CSV" />
              <CsvLink kind="quad" scope={scope} label="Quad as CSV" />
              <CsvLink kind="forecast" scope={scope} label="Forecast as CSV" />
              <CsvLink kind="usage" scope={scope} label="Usage as CSV" />
            </Group>
          }
        >
          <Text size="sm" c="dimmed" mb="xs">
            Per step: entries made / the plan (agreed, else computed), and the pacing in brackets. Select a
            column to sort by it.
          </Text>
          <ScorecardTable
            people={sc}
            idByEmail={idByEmail}
            stepNames={stepNames}
            currency={org.data!.currency}
          />
        </Panel>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <RedWhiteBluePanel
            team={team}
            people={sc}
            idByEmail={idByEmail}
            actions={<CsvLink kind="team" scope={scope} label="CSV" />}
          />
          <EarlyWarningPanel report={earlyWarning} idByEmail={idByEmail} stepNames={stepNames} />
          <ManagingSharePanel report={managerTime} target={settings.managingShareTarget} names={names} />
        </SimpleGrid>
        <OverdueReviewsPanel />
      </Stack>
    </Box>
  );
}
