/** The smaller panels of the Team page: Red/White/Blue with the Pareto share, early warnings, managing share. */
import { Badge, Group, List, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { StepKey } from "../../../../src/domain/steps";
import { plural } from "../../ui/format";
import type { EarlyWarning, ManagerTime, ScorecardPerson, TeamReport } from "./managing";
import { byName, pct } from "./managing";
import { PersonLink } from "./QuadPanel";
import { Term } from "./Term";

function Panel(props: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="baseline" mb="xs" wrap="wrap" gap="xs">
        <Title order={2} fz={18}>
          {props.title}
        </Title>
        {props.actions}
      </Group>
      {props.children}
    </Paper>
  );
}

export { Panel };

const GROUPS = [
  { key: "red", label: "Red · top third", action: "remove their obstacles", color: "red" },
  { key: "white", label: "White · middle third", action: "coach them into the top third", color: "gray" },
  { key: "blue", label: "Blue · bottom third", action: "move them up or out", color: "blue" },
] as const;

export function RedWhiteBluePanel(props: {
  team: TeamReport;
  people: ScorecardPerson[];
  idByEmail: Map<string, string>;
  actions?: ReactNode;
}) {
  const nameOf = new Map(props.people.map((p) => [p.email, p.name]));
  return (
    <Panel title={<Term name="redWhiteBlue">Red / White / Blue</Term>} actions={props.actions}>
      <Text size="sm" mb="sm">
        <Term name="paretoShare">Pareto share</Term>:{" "}
        <Text span fw={700}>
          {pct(props.team.paretoShare)}
        </Text>{" "}
        of the revenue won came from the top 20 % of the team.
      </Text>
      <Stack gap="xs">
        {GROUPS.map((g) => (
          <div key={g.key}>
            <Group gap={6}>
              <Badge color={g.color} variant={g.key === "white" ? "outline" : "light"}>
                {g.label}
              </Badge>
              <Text size="xs" c="dimmed">
                {g.action}
              </Text>
            </Group>
            <Text size="sm" mt={2}>
              {props.team.groups[g.key].length === 0
                ? "Nobody."
                : props.team.groups[g.key].map((email, i) => (
                    <span key={email}>
                      {i > 0 && ", "}
                      <PersonLink id={props.idByEmail.get(email)} name={nameOf.get(email) ?? email} />
                    </span>
                  ))}
            </Text>
          </div>
        ))}
      </Stack>
    </Panel>
  );
}

export function EarlyWarningPanel(props: {
  report: EarlyWarning;
  idByEmail: Map<string, string>;
  stepNames: Record<StepKey, string>;
}) {
  const r = props.report;
  return (
    <Panel title={<Term name="earlyWarning">Early warnings</Term>}>
      {!r.active ? (
        <Text size="sm" c="dimmed">
          Warnings show while the period is between its start and 60 % gone ({pct(r.elapsed)} gone now).
        </Text>
      ) : r.people.length === 0 ? (
        <Text size="sm">Nobody's efforts are below {pct(r.threshold)}: no warning.</Text>
      ) : (
        <List size="sm" spacing={4}>
          {[...r.people].sort(byName).map((p) => (
            <List.Item key={p.email}>
              <PersonLink id={props.idByEmail.get(p.email)} name={p.name} /> — efforts {pct(p.effortIndex)},
              behind at{" "}
              {p.behind.map((b) => `${props.stepNames[b.step]} (${pct(b.attainment)} of pace)`).join(", ")}
            </List.Item>
          ))}
        </List>
      )}
    </Panel>
  );
}

export function ManagingSharePanel(props: {
  report: ManagerTime;
  target: number;
  names: Map<string, string>;
}) {
  return (
    <Panel title={<Term name="managingShare">Managing share</Term>}>
      {props.report.managers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No manager in this view.
        </Text>
      ) : (
        <Stack gap="sm">
          {props.report.managers.map((m) => (
            <div key={m.email}>
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600}>
                  {props.names.get(m.email) ?? m.email}
                </Text>
                <Text size="sm">
                  {m.managingShare === null ? "no time logged" : pct(m.managingShare)} (target{" "}
                  {pct(props.target)})
                </Text>
              </Group>
              <Progress
                value={(m.managingShare ?? 0) * 100}
                color={m.managingShare !== null && m.managingShare >= props.target ? "teal" : "orange"}
                aria-label={`Managing share of ${props.names.get(m.email) ?? m.email}`}
                mt={4}
              />
              <Text size="xs" c="dimmed" mt={2}>
                {plural(m.directReports, "direct report", "direct reports")} ·{" "}
                <Term name="reviewCompliance">reviews up to date</Term>: {pct(m.reviewCompliance)} ·{" "}
                <Term name="managerRevenueShare">own revenue share</Term>: {pct(m.managerRevenueShare)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </Panel>
  );
}
