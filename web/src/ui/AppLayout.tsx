import { AppShell, Button, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";
import "./skip-link.css";

const NAV: { to: string; label: string; end: boolean; roles?: string[] }[] = [
  { to: "/my-week", label: "My week", end: false, roles: ["salesperson", "manager"] },
  { to: "/team", label: "Team", end: false, roles: ["manager", "executive", "admin"] },
  { to: "/managers", label: "Managers", end: false, roles: ["executive", "admin"] },
  { to: "/board", label: "Board", end: false },
  { to: "/reviews", label: "Reviews", end: false },
  { to: "/time", label: "Time", end: false, roles: ["manager", "executive"] },
  { to: "/coaching", label: "Coaching", end: false, roles: ["manager", "executive"] },
  { to: "/hiring", label: "Hiring", end: false, roles: ["manager", "executive", "admin"] },
  { to: "/recognition", label: "Team feed", end: false },
  { to: "/inbox", label: "Inbox", end: false },
  { to: "/settings", label: "Settings", end: false },
];

/** The shell of every signed-in screen: the product, the main navigation, who is signed in, and sign-out. */
export function AppLayout(props: {
  personName: string;
  /** Shows only the links for this role. */
  role?: string;
  onSignOut: () => void;
  signingOut?: boolean;
  children: ReactNode;
}) {
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 8, sm: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Text component={Link} to="/" fw={800} fz={20} c="indigo.7" td="none" mr={4}>
              Stepwise
            </Text>
            <nav aria-label="Main" style={{ minWidth: 0, overflowX: "auto" }}>
              <Group gap={2} wrap="nowrap">
                {NAV.filter((n) => !n.roles || (props.role && n.roles.includes(props.role))).map((n) => (
                  <NavLink key={n.to} to={n.to} end={n.end} style={{ textDecoration: "none" }}>
                    {({ isActive }) => (
                      <Button component="span" size="xs" px={8} variant={isActive ? "light" : "subtle"}>
                        {n.label}
                      </Button>
                    )}
                  </NavLink>
                ))}
              </Group>
            </nav>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0} style={{ flexShrink: 0 }}>
            <Text size="sm" fw={500} truncate="end" miw={0} title={props.personName} visibleFrom="sm">
              {props.personName}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={props.onSignOut}
              loading={props.signingOut}
              style={{ flexShrink: 0 }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="gray.0" id="main" tabIndex={-1}>
        {props.children}
      </AppShell.Main>
    </AppShell>
  );
}
