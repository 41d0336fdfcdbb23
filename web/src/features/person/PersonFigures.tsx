/** The person's headline figures, coaching focus with its evidence, and usage parts. */
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { StepKey } from "../../../../src/domain/steps";
import { errorMessage } from "../../api";
import { formatMoney } from "../../ui/format";
import { kindLabel, useCoaching } from "../coaching/coaching";
import { type FigureName, QUADRANTS } from "../team/definitions";
import { pct } from "../team/managing";
import { Panel } from "../team/TeamPanels";
import { Term } from "../team/Term";
import type { Profile } from "./person";

function Figure(props: { name: FigureName; label: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">
        <Term name={props.name}>{props.label}</Term>
      </Text>
      <Text fw={700} fz="lg">
        {props.children}
      </Text>
    </Paper>
  );
}

export function HeadlineFigures(props: { profile: Profile; currency: string }) {
  const s = props.profile.scorecard;
  if (!s) return null;
  const money = (v: number) => formatMoney(v, props.currency);
  const q = s.quadrant ? QUADRANTS[s.quadrant] : null;
  return (
    <Stack gap="sm">
      {q ? (
        <Paper withBorder p="sm" radius="md">
          <Group gap="xs" wrap="nowrap" align="baseline">
            <Badge color={q.color} variant="filled" style={{ flexShrink: 0 }}>
              {s.quadrant}
            </Badge>
            <Text size="sm" fw={600}>
              {q.meaning}
            </Text>
          </Group>
          <Text size="sm" mt={4}>
            What to do: {q.action}
          </Text>
        </Paper>
      ) : (
        <Text size="sm">No quota for this period: not placed in the Decision Quad.</Text>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Figure name="effortIndex" label="Efforts">
          {pct(s.effortIndex)}
        </Figure>
        <Figure name="resultsIndex" label="Results">
          {pct(s.resultsIndex)}
        </Figure>
        <Figure name="wonRevenue" label="Won">
          {money(s.wonRevenue)}
        </Figure>
        <Figure name="pipelineExpected" label="Expected pipeline">
          {money(s.pipelineExpected)}
        </Figure>
        <Figure name="forecast" label="Forecast">
          {money(s.wonRevenue + s.pipelineExpected)}
        </Figure>
        <Figure name="quota" label="Quota">
          {s.quota === null ? "none" : money(s.quota)}
        </Figure>
      </SimpleGrid>
    </Stack>
  );
}

export function CoachingPanel(props: {
  personId: string;
  profile: Profile;
  stepNames: Record<StepKey, string>;
}) {
  const c = props.profile.coachingFocus;
  const sessions = useCoaching(props.personId);
  const latest = sessions.data?.slice(0, 3) ?? [];
  return (
    <Panel title={<Term name="coachingFocus">Coaching focus</Term>}>
      {c ? (
        <Text size="sm">
          <Text span fw={700}>
            {props.stepNames[c.step]}
          </Text>
          : {pct(c.rate)} of {c.trials} settled deals moved on, against {pct(c.teamRate)} for the team (
          {c.teamTrials} deals) — {pct(c.ratio)} of the team's rate. Start the next one-on-one here: ask how
          they work this step, and help.
        </Text>
      ) : (
        <Text size="sm">
          None: no step is clearly weaker than the team's (below 80 % of its rate, with enough settled deals
          to judge).
        </Text>
      )}
      <Text size="sm" fw={600} mt="sm">
        Latest coaching
      </Text>
      {sessions.isError && <Text size="sm">{errorMessage(sessions.error)}</Text>}
      {sessions.data && latest.length === 0 && (
        <Text size="sm">
          No session recorded yet (
          <Anchor component={Link} to="/coaching">
            Coaching
          </Anchor>
          ).
        </Text>
      )}
      {latest.length > 0 && (
        <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label="Latest coaching">
          {latest.map((x) => (
            <Text size="sm" component="li" key={x.id}>
              {x.heldOn} · {kindLabel(x.kind)}
              {x.step ? ` · ${props.stepNames[x.step as StepKey] ?? x.step}` : ""}
              {x.managerName ? ` · by ${x.managerName}` : ""}
              {x.followUpOn ? ` · follow up ${x.followUpOn}` : ""}
            </Text>
          ))}
        </Stack>
      )}
    </Panel>
  );
}

export function UsagePanel(props: { profile: Profile }) {
  const s = props.profile.scorecard;
  if (!s) return null;
  const parts: [FigureName, string, number | null][] = [
    ["nextStepCoverage", "Next step scheduled", s.nextStepCoverage],
    ["processCompliance", "Steps not skipped", s.processCompliance],
    ["loggingTimeliness", "Logged within 48 h", s.loggingTimeliness],
  ];
  return (
    <Panel title={<Term name="usageScore">Using the system</Term>}>
      <Text size="sm" mb="xs">
        Usage score{" "}
        <Text span fw={700}>
          {pct(s.usageScore)}
        </Text>{" "}
        (target 90 %).
      </Text>
      <Stack gap={4}>
        {parts.map(([name, label, v]) => (
          <Group key={name} justify="space-between" gap="xs">
            <Text size="sm">
              <Term name={name}>{label}</Term>
            </Text>
            <Text size="sm" fw={600}>
              {v === null ? "nothing to count" : pct(v)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Panel>
  );
}
