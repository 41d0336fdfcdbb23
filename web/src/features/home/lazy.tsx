/**
 * The managing screens, loaded when first opened: they bring the chart library,
 * which the sign-in page and the board do not need (bench/web measures the
 * initial download).
 */
import { type ComponentType, lazy, Suspense } from "react";
import { FullPageMessage } from "../../ui/FullPageMessage";

export const TeamPage = lazy(() => import("../team/TeamPage").then((m) => ({ default: m.TeamPage })));
export const PersonPage = lazy(() => import("../person/PersonPage").then((m) => ({ default: m.PersonPage })));
export const ManagersPage = lazy(() =>
  import("../managers/ManagersPage").then((m) => ({ default: m.ManagersPage })),
);
export const PeoplePage = lazy(() =>
  import("../settings-admin/PeoplePage").then((m) => ({ default: m.PeoplePage })),
);
export const TeamsPage = lazy(() =>
  import("../settings-admin/TeamsPage").then((m) => ({ default: m.TeamsPage })),
);
export const QuotasPage = lazy(() =>
  import("../settings-admin/QuotasPage").then((m) => ({ default: m.QuotasPage })),
);
export const StepsPage = lazy(() =>
  import("../settings-admin/StepsPage").then((m) => ({ default: m.StepsPage })),
);
export const OrganisationPage = lazy(() =>
  import("../settings-admin/OrganisationPage").then((m) => ({ default: m.OrganisationPage })),
);

/** A lazily loaded page, with a loading message while its code arrives. */
export function Page(props: { of: ComponentType }) {
  const C = props.of;
  return (
    <Suspense fallback={<FullPageMessage loading>Loading…</FullPageMessage>}>
      <C />
    </Suspense>
  );
}
