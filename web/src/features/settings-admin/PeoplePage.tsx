/** Settings → People: add people, change role, manager and team, deactivate, make sign-in links. */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useState } from "react";
import { ROLES } from "../../../../src/domain/vocabulary";
import { errorMessage } from "../../api";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { type PersonRow, usePeople } from "../team/managing";
import { ScrollRegion } from "../team/ScrollRegion";
import { createPerson, updatePerson, useAdminWrite } from "./admin";
import { SignInLinkModal } from "./SignInLinkModal";

interface Draft {
  name: string;
  email: string;
  role: string;
  managerId: string;
  team: string;
  active: boolean;
}

function PersonForm(props: {
  draft: Draft;
  onChange: (d: Draft) => void;
  people: PersonRow[];
  self?: string;
  isNew: boolean;
  error: unknown;
}) {
  const d = props.draft;
  const err = (path: string) =>
    (props.error as { fieldError?: (p: string) => string | undefined })?.fieldError?.(path);
  const set = (k: keyof Draft) => (v: string | boolean) => props.onChange({ ...d, [k]: v });
  const managers = props.people.filter((p) => p.id !== props.self && p.role !== "salesperson" && p.active);
  return (
    <Stack gap="xs">
      <TextInput
        label="Name"
        value={d.name}
        onChange={(e) => set("name")(e.currentTarget.value)}
        error={err("name")}
      />
      {props.isNew && (
        <TextInput
          label="Email"
          type="email"
          value={d.email}
          onChange={(e) => set("email")(e.currentTarget.value)}
          error={err("email")}
        />
      )}
      <NativeSelect
        label="Role"
        data={[...ROLES]}
        value={d.role}
        onChange={(e) => set("role")(e.currentTarget.value)}
      />
      <NativeSelect
        label="Manager"
        data={[{ value: "", label: "Nobody" }, ...managers.map((p) => ({ value: p.id, label: p.name }))]}
        value={d.managerId}
        onChange={(e) => set("managerId")(e.currentTarget.value)}
        error={err("managerId")}
      />
      <TextInput
        label="Team"
        description="People with the same team name are compared with each other."
        value={d.team}
        onChange={(e) => set("team")(e.currentTarget.value)}
        error={err("team")}
      />
      {!props.isNew && (
        <Switch
          label="Active (can sign in and counts in the figures)"
          checked={d.active}
          onChange={(e) => set("active")(e.currentTarget.checked)}
        />
      )}
    </Stack>
  );
}

const EMPTY: Draft = { name: "", email: "", role: "salesperson", managerId: "", team: "", active: true };

export function PeoplePage() {
  const people = usePeople();
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const [linkFor, setLinkFor] = useState<{ id: string; name: string; justAdded?: boolean } | null>(null);
  const create = useAdminWrite(createPerson);
  const update = useAdminWrite(updatePerson);
  const write = editing?.id ? update : create;
  if (people.isPending) return <FullPageMessage loading>Loading people…</FullPageMessage>;
  if (people.isError) return <FullPageMessage error={people.error} onRetry={() => people.refetch()} />;
  const all = people.data;
  const nameOf = new Map(all.map((p) => [p.id, p.name]));
  const save = () => {
    if (!editing) return;
    const d = editing.draft;
    const done = { onSuccess: () => setEditing(null) };
    if (editing.id) {
      update.mutate(
        {
          id: editing.id,
          patch: {
            name: d.name,
            role: d.role,
            managerId: d.managerId || null,
            team: d.team.trim() || null,
            active: d.active,
          },
        },
        done,
      );
    } else {
      create.mutate(
        {
          name: d.name,
          email: d.email,
          role: d.role,
          ...(d.managerId ? { managerId: d.managerId } : {}),
          ...(d.team.trim() ? { team: d.team.trim() } : {}),
        },
        {
          // A newcomer cannot sign in yet: offer the link straight away.
          onSuccess: (p) => {
            setEditing(null);
            setLinkFor({ id: p.id, name: p.name, justAdded: true });
          },
        },
      );
    }
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz={20}>
          People
        </Title>
        <Button
          size="xs"
          onClick={() => {
            create.reset();
            setEditing({ id: null, draft: EMPTY });
          }}
        >
          Add a person
        </Button>
      </Group>
      <ScrollRegion label="People table (scrolls sideways)">
        <Table fz="sm" striped miw={800} aria-label="People">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Manager</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {all.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}{" "}
                  {!p.active && (
                    <Badge color="gray" variant="light">
                      inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>{p.role}</Table.Td>
                <Table.Td>{p.managerId ? (nameOf.get(p.managerId) ?? "—") : "—"}</Table.Td>
                <Table.Td>{p.team ?? "—"}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`Edit ${p.name}`}
                    onClick={() => {
                      update.reset();
                      setEditing({
                        id: p.id,
                        draft: {
                          name: p.name,
                          email: p.email,
                          role: p.role,
                          managerId: p.managerId ?? "",
                          team: p.team ?? "",
                          active: p.active,
                        },
                      });
                    }}
                  >
                    Edit
                  </Button>
                  {p.active && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      ml={4}
                      aria-label={`Sign-in link for ${p.name}`}
                      onClick={() => setLinkFor({ id: p.id, name: p.name })}
                    >
                      Sign-in link
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing?.id ? `Edit ${editing.draft.name}` : "Add a person"}
      >
        {editing && (
          <Stack gap="sm">
            <PersonForm
              draft={editing.draft}
              onChange={(draft) => setEditing({ ...editing, draft })}
              people={all}
              self={editing.id ?? undefined}
              isNew={!editing.id}
              error={write.error}
            />
            {write.isError && (
              <Alert role="alert" color="red" variant="light">
                {errorMessage(write.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button onClick={save} loading={write.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <SignInLinkModal person={linkFor} onClose={() => setLinkFor(null)} />
    </Stack>
  );
}
