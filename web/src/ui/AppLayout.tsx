import { AppShell, Button, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

/** The shell of every signed-in screen: a header with the product, who is signed in, and sign-out. */
export function AppLayout(props: {
  personName: string;
  onSignOut: () => void;
  signingOut?: boolean;
  children: ReactNode;
}) {
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Text component={Link} to="/" fw={800} fz={20} c="indigo.7" td="none">
            Stepwise
          </Text>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Text size="sm" fw={500} truncate="end" miw={0} title={props.personName}>
              {props.personName}
            </Text>
            <Button variant="default" size="xs" onClick={props.onSignOut} loading={props.signingOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="gray.0">{props.children}</AppShell.Main>
    </AppShell>
  );
}
