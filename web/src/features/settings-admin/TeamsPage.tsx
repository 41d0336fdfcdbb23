/** Settings → Teams: the teams with their counts, renaming one, and the reporting lines as a tree. */
import { Alert, Button, Group, List, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type PersonRow, usePeople } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { renameTeam, type TeamRow, useAdminWrite, useTeams } from "./admin";

function RenameTeam(props: { team: TeamRow }) {
  const [name, setName] = useState(props.team.name);
  const rename = useAdminWrite(renameTeam);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <TextInput
        size="xs"
        aria-label={`New name for team ${props.team.name}`}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={rename.isError ? errorMessage(rename.error) : undefined}
      />
      <Button
        size="xs"
        variant="default"
        disabled={!name.trim() || name.trim() === props.team.name}
        loading={rename.isPending}
        onClick={() => rename.mutate({ from: props.team.name, to: name.trim() })}
      >
        Rename
      </Button>
    </Group>
  );
}

function Line(props: { person: PersonRow; byManager: Map<string, PersonRow[]> }) {
  const reports = props.byManager.get(props.person.id) ?? [];
  return (
    <List.Item>
      <Text span size="sm" fw={reports.length ? 600 : 400}>
        {props.person.name}
      </Text>
      <Text span size="xs" c="dimmed">
        {" "}
        · {props.person.role}
        {props.person.team ? ` · ${props.person.team}` : ""}
      </Text>
      {reports.length > 0 && (
        <List withPadding size="sm">
          {reports.map((r) => (
            <Line key={r.id} person={r} byManager={props.byManager} />
          ))}
        </List>
      )}
    </List.Item>
  );
}

export function TeamsPage() {
  const teams = useTeams();
  const people = usePeople();
  if (teams.isPending || people.isPending) return <FullPageMessage loading>Loading teams…</FullPageMessage>;
  if (teams.isError || people.isError) {
    return (
      <Alert color="red" role="alert">
        {errorMessage(teams.error ?? people.error)}
      </Alert>
    );
  }
  const active = people.data.filter((p) => p.active);
  const ids = new Set(active.map((p) => p.id));
  const byManager = new Map<string, PersonRow[]>();
  for (const p of active) {
    if (p.managerId && ids.has(p.managerId))
      byManager.set(p.managerId, [...(byManager.get(p.managerId) ?? []), p]);
  }
  const roots = active.filter((p) => !p.managerId || !ids.has(p.managerId));
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={2} fz={20}>
          Teams
        </Title>
        <Text size="sm" c="dimmed">
          A team is the name people share (set it on each person under People); rates are compared within it.
        </Text>
        {teams.data.length === 0 ? (
          <Text size="sm">No teams yet.</Text>
        ) : (
          <ScrollRegion label="Teams table (scrolls sideways)">
            <Table fz="sm" miw={560} aria-label="Teams">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>People</Table.Th>
                  <Table.Th>Salespeople</Table.Th>
                  <Table.Th>Managers</Table.Th>
                  <Table.Th>Rename</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {teams.data.map((t) => (
                  <Table.Tr key={t.name}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>{t.members}</Table.Td>
                    <Table.Td>{t.salespeople}</Table.Td>
                    <Table.Td>{t.managers.join(", ") || "—"}</Table.Td>
                    <Table.Td>
                      <RenameTeam key={t.name} team={t} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={2} fz={20}>
          Reporting lines
        </Title>
        <List size="sm" aria-label="Reporting lines">
          {roots.map((r) => (
            <Line key={r.id} person={r} byManager={byManager} />
          ))}
        </List>
      </Stack>
    </Stack>
  );
}
