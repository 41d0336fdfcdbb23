/** Person: one salesperson's figures, plan and records, for their manager line and for themself. */
import { Anchor, Box, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { useSession } from "../auth/session";
import { useHiredFrom } from "../hiring/hiring";
import { PersonReviewsPanel } from "../reviews/PersonReviewsPanel";
import { useOrganisation, usePeople, useReportScope, useStepNames } from "../team/managing";
import { PeriodPicker } from "../team/PeriodPicker";
import { FunnelPanel } from "./FunnelPanel";
import { CoachingPanel, HeadlineFigures, UsagePanel } from "./PersonFigures";
import { PlanPanel } from "./PlanPanel";
import { usePerson, usePlans, useProfile } from "./person";
import { RecordsPanel } from "./RecordsPanel";
import { WeeklyPanel } from "./WeeklyPanel";

const ROLE_WORDS: Record<string, string> = {
  salesperson: "Salesperson",
  manager: "Sales manager",
  executive: "Executive",
  admin: "Admin",
};

const refetchAll = (qs: { refetch: () => unknown }[]) => {
  for (const q of qs) q.refetch();
};

export function PersonPage() {
  const id = useParams().id!;
  const [scope, setScope] = useReportScope();
  const me = useSession().data?.person;
  const person = usePerson(id);
  const profile = useProfile(id, scope);
  const plans = usePlans(id, scope.period);
  const org = useOrganisation();
  const people = usePeople();
  const stepNames = useStepNames();
  const seesHiring = !!me && ["manager", "executive", "admin"].includes(me.role);
  const hiredFrom = useHiredFrom(id, seesHiring);
  const all = [person, profile, plans, org];
  const failed = all.find((q) => q.isError);
  if (failed) return <FullPageMessage error={failed.error} onRetry={() => refetchAll(all)} />;
  if (all.some((q) => q.isPending)) return <FullPageMessage loading>Loading…</FullPageMessage>;
  const p = person.data!;
  const names = new Map((people.data ?? []).map((x) => [x.id, x.name]));
  const manager = p.managerId ? names.get(p.managerId) : undefined;
  const canAgree =
    !!me && me.id !== p.id && ["manager", "executive", "admin"].includes(me.role) && p.role === "salesperson";
  const currency = org.data!.currency;
  return (
    <Box px={{ base: 12, sm: 16 }} py="md" maw={1400}>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb="md">
        <div>
          <Title order={1} fz={24}>
            {p.name}
          </Title>
          <Text size="sm" c="dimmed">
            {ROLE_WORDS[p.role] ?? p.role}
            {p.team ? ` · team ${p.team}` : ""}
            {manager ? ` · reports to ${manager}` : ""} · {profile.data!.period}
          </Text>
          {hiredFrom.data && (
            <Text size="sm">
              <Anchor component={Link} to={`/candidates/${hiredFrom.data.id}`}>
                Hiring record
              </Anchor>{" "}
              (interviews and scorecard)
            </Text>
          )}
        </div>
        <PeriodPicker scope={scope} onChange={setScope} />
      </Group>
      {p.role !== "salesperson" ? (
        <Text>{p.name} does not sell in a team: there is no scorecard or plan.</Text>
      ) : (
        <Stack gap="md">
          <HeadlineFigures profile={profile.data!} currency={currency} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <CoachingPanel personId={id} profile={profile.data!} stepNames={stepNames} />
            <UsagePanel profile={profile.data!} />
          </SimpleGrid>
          <PlanPanel
            personId={id}
            period={profile.data!.period}
            plans={plans.data!}
            canAgree={canAgree}
            currency={currency}
            stepNames={stepNames}
            nameOf={(pid) => (pid ? (names.get(pid) ?? (pid === me?.id ? me.name : "someone")) : "system")}
          />
          <PersonReviewsPanel personId={id} canMark={canAgree} />
          <FunnelPanel profile={profile.data!} stepNames={stepNames} />
          <WeeklyPanel profile={profile.data!} stepNames={stepNames} />
          <RecordsPanel personId={id} currency={currency} stepNames={stepNames} />
        </Stack>
      )}
    </Box>
  );
}
