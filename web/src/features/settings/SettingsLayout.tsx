import { Box, Button, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { NavLink, Outlet } from "react-router";
import { useSession } from "../auth/session";

/**
 * The pages under Settings; `admin` ones are listed (and usable) only for admins, `lines` ones also
 * for managers and executives (for their reporting line) — the API checks too.
 */
export const SETTINGS_PAGES = [
  { to: "/settings/people", label: "People", admin: true },
  { to: "/settings/teams", label: "Teams", admin: true },
  { to: "/settings/quotas", label: "Quotas", admin: true, lines: true },
  { to: "/settings/steps", label: "Steps", admin: true },
  { to: "/settings/organisation", label: "Organisation", admin: true },
  { to: "/settings/tokens", label: "API tokens", admin: false },
  { to: "/settings/password", label: "Password", admin: false },
  { to: "/settings/webhooks", label: "Webhooks", admin: true },
  { to: "/settings/interview-guide", label: "Interview guide", admin: true },
  { to: "/settings/import", label: "Import data", admin: true },
] as const;

export const isAdmin = (role: string | undefined) => role === "admin";
/** Managers, executives and admins: who sets quotas for a reporting line. */
export const leadsALine = (role: string | undefined) =>
  role === "admin" || role === "manager" || role === "executive";

/** Settings: a row of links to its pages (wrapping on a phone), then the page. */
export function SettingsLayout() {
  const role = useSession().data?.person.role;
  const pages = SETTINGS_PAGES.filter(
    (p) => !p.admin || isAdmin(role) || ("lines" in p && p.lines && leadsALine(role)),
  );
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1100}>
      <Title order={1} fz={24} mb="xs">
        Settings
      </Title>
      <nav aria-label="Settings">
        <Group gap={6} mb="lg" wrap="wrap">
          {pages.map((p) => (
            <NavLink key={p.to} to={p.to} style={{ textDecoration: "none" }}>
              {({ isActive }) => (
                <Button component="span" size="xs" radius="xl" variant={isActive ? "filled" : "default"}>
                  {p.label}
                </Button>
              )}
            </NavLink>
          ))}
        </Group>
      </nav>
      <Outlet />
    </Box>
  );
}

/** A page only admins may use: everyone else is told so, in words, instead of seeing errors. */
export function AdminOnly(props: { children: ReactNode }) {
  const role = useSession().data?.person.role;
  if (isAdmin(role)) return props.children;
  return (
    <Stack gap="xs">
      <Title order={2} fz={20}>
        For admins only
      </Title>
      <Text size="sm" c="dimmed">
        Ask an admin of your organisation to do this for you.
      </Text>
    </Stack>
  );
}

/** A page for whoever leads a reporting line (quotas); a salesperson is told who sets theirs. */
export function LineLeadersOnly(props: { children: ReactNode }) {
  const role = useSession().data?.person.role;
  if (leadsALine(role)) return props.children;
  return (
    <Stack gap="xs">
      <Title order={2} fz={20}>
        For managers and admins
      </Title>
      <Text size="sm" c="dimmed">
        Your manager sets your quota with you.
      </Text>
    </Stack>
  );
}
