import { Button, Stack, Text, Title } from "@mantine/core";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { AccountPage } from "./features/accounts/AccountPage";
import { RequireSession } from "./features/auth/RequireSession";
import { SignInPage } from "./features/auth/SignInPage";
import { WelcomePage } from "./features/auth/WelcomePage";
import { BoardPage } from "./features/board/BoardPage";
import { CoachingPage } from "./features/coaching/CoachingPage";
import { ContactPage } from "./features/contacts/ContactPage";
import { DealPage } from "./features/deals/DealPage";
import { CandidatePage } from "./features/hiring/CandidatePage";
import { GuidePage } from "./features/hiring/GuidePage";
import { HiringPage } from "./features/hiring/HiringPage";
import { HomeRedirect } from "./features/home/HomeRedirect";
import * as M from "./features/home/lazy";
import { ImportPage } from "./features/imports/ImportPage";
import { InboxPage } from "./features/inbox/InboxPage";
import { MyWeekPage } from "./features/myweek/MyWeekPage";
import { PlanPage } from "./features/performance-plans/PlanPage";
import { RecognitionPage } from "./features/recognition/RecognitionPage";
import { ReviewPage } from "./features/reviews/ReviewPage";
import { ReviewsPage } from "./features/reviews/ReviewsPage";
import { PasswordPage } from "./features/settings/PasswordPage";
import { AdminOnly, LineLeadersOnly, SettingsLayout } from "./features/settings/SettingsLayout";
import { SetupPage } from "./features/setup/SetupPage";
import { useSetupNeeded } from "./features/setup/setup";
import { TimePage } from "./features/time/TimePage";
import { TokensPage } from "./features/tokens/TokensPage";
import { WebhooksPage } from "./features/webhooks/WebhooksPage";
import { FullPageMessage } from "./ui/FullPageMessage";

export function App() {
  const setup = useSetupNeeded();
  const location = useLocation();
  if (setup.isPending) return <FullPageMessage loading>Loading…</FullPageMessage>;
  if (setup.isError) return <FullPageMessage error={setup.error} onRetry={() => setup.refetch()} />;
  // A fresh installation has nobody to sign in as: everything leads to first-run setup.
  if (setup.data && location.pathname !== "/setup") return <Navigate to="/setup" replace />;
  return (
    <Routes>
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/welcome" element={<WelcomePage />} />
      <Route element={<RequireSession />}>
        <Route index element={<HomeRedirect />} />
        <Route path="my-week" element={<MyWeekPage />} />
        <Route path="board" element={<BoardPage />} />
        <Route path="deals/:id" element={<DealPage />} />
        <Route path="contacts/:id" element={<ContactPage />} />
        <Route path="accounts/:id" element={<AccountPage />} />
        <Route path="reviews" element={<ReviewsPage />} />
        <Route path="reviews/:id" element={<ReviewPage />} />
        <Route path="time" element={<TimePage />} />
        <Route path="inbox" element={<InboxPage />} />
        <Route path="coaching" element={<CoachingPage />} />
        <Route path="recognition" element={<RecognitionPage />} />
        <Route path="performance-plans/:id" element={<PlanPage />} />
        <Route path="team" element={<M.Page of={M.TeamPage} />} />
        <Route path="people/:id" element={<M.Page of={M.PersonPage} />} />
        <Route path="managers" element={<M.Page of={M.ManagersPage} />} />
        <Route path="hiring" element={<HiringPage />} />
        <Route path="candidates/:id" element={<CandidatePage />} />
        <Route path="settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="tokens" replace />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="password" element={<PasswordPage />} />
          <Route
            path="webhooks"
            element={
              <AdminOnly>
                <WebhooksPage />
              </AdminOnly>
            }
          />
          {(["people", "teams", "steps", "organisation"] as const).map((p) => (
            <Route key={p} path={p} element={<AdminOnly>{adminPage(p)}</AdminOnly>} />
          ))}
          {/* Managers and executives set the quotas of their reporting line. */}
          <Route path="quotas" element={<LineLeadersOnly>{adminPage("quotas")}</LineLeadersOnly>} />
          <Route
            path="interview-guide"
            element={
              <AdminOnly>
                <GuidePage />
              </AdminOnly>
            }
          />
          <Route
            path="import"
            element={
              <AdminOnly>
                <ImportPage />
              </AdminOnly>
            }
          />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function adminPage(p: "people" | "teams" | "quotas" | "steps" | "organisation") {
  const Page = {
    people: M.PeoplePage,
    teams: M.TeamsPage,
    quotas: M.QuotasPage,
    steps: M.StepsPage,
    organisation: M.OrganisationPage,
  }[p];
  return <M.Page of={Page} />;
}

function NotFound() {
  return (
    <Stack p="xl" align="flex-start" gap="sm">
      <Title order={1} fz={24}>
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Button component={Link} to="/" variant="light">
        Go to your first screen
      </Button>
    </Stack>
  );
}
