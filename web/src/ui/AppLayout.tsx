import { AppShell, Burger, Button, Drawer, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
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
  { to: "/recognition", label: "Team feed", end: false },
  { to: "/inbox", label: "Inbox", end: false },
  { to: "/settings", label: "Settings", end: false },
];

type NavItem = (typeof NAV)[number];

/** The links of the main navigation: a row in the header on wide screens, a column in the phone's menu. */
function MainNav(props: { items: NavItem[]; vertical?: boolean; onNavigate?: () => void }) {
  const links = props.items.map((n) => (
    <NavLink key={n.to} to={n.to} end={n.end} style={{ textDecoration: "none" }} onClick={props.onNavigate}>
      {({ isActive }) => (
        <Button
          component="span"
          size={props.vertical ? "md" : "xs"}
          px={props.vertical ? 12 : 8}
          fullWidth={props.vertical}
          justify={props.vertical ? "flex-start" : undefined}
          variant={isActive ? "light" : "subtle"}
        >
          {n.label}
        </Button>
      )}
    </NavLink>
  ));
  return (
    <nav aria-label="Main" style={props.vertical ? undefined : { minWidth: 0, overflowX: "auto" }}>
      {props.vertical ? (
        <Stack gap={4}>{links}</Stack>
      ) : (
        <Group gap={2} wrap="nowrap">
          {links}
        </Group>
      )}
    </nav>
  );
}

/**
 * The shell of every signed-in screen: the product, the main navigation, who is signed in, and
 * sign-out. Below 992 px the navigation folds into a menu (a drawer opened by the "Menu" button):
 * up to ten links do not fit a phone's header.
 */
export function AppLayout(props: {
  personName: string;
  /** Shows only the links for this role. */
  role?: string;
  onSignOut: () => void;
  signingOut?: boolean;
  children: ReactNode;
}) {
  const [menuOpen, menu] = useDisclosure(false);
  const items = NAV.filter((n) => !n.roles || (props.role && n.roles.includes(props.role)));
  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 8, sm: "md" }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={menuOpen}
              onClick={menu.toggle}
              hiddenFrom="md"
              size="sm"
              aria-label="Menu"
              aria-expanded={menuOpen}
              aria-controls="main-menu"
            />
            <Text component={Link} to="/" fw={800} fz={20} c="indigo.7" td="none" mr={4}>
              Stepwise
            </Text>
            <Group visibleFrom="md" miw={0} wrap="nowrap">
              <MainNav items={items} />
            </Group>
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
      <Drawer
        opened={menuOpen}
        onClose={menu.close}
        id="main-menu"
        title={props.personName}
        size={280}
        hiddenFrom="md"
        closeButtonProps={{ "aria-label": "Close menu" }}
      >
        <MainNav items={items} vertical onNavigate={menu.close} />
      </Drawer>
      <AppShell.Main bg="gray.0" id="main" tabIndex={-1}>
        {props.children}
      </AppShell.Main>
    </AppShell>
  );
}
