import { Navigate, Outlet, useLocation } from "react-router";
import { AppLayout } from "../../ui/AppLayout";
import { FullPageMessage } from "../../ui/FullPageMessage";
import { SellingActionsProvider } from "../palette/actions";
import { useSession, useSignOut } from "./session";

/** Screens behind sign-in: the app shell with the signed-in person, or a redirect to /sign-in. */
export function RequireSession() {
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  if (session.isPending) return <FullPageMessage loading>Loading…</FullPageMessage>;
  if (session.isError) return <FullPageMessage error={session.error} onRetry={() => session.refetch()} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <AppLayout
      personName={session.data.person.name}
      role={session.data.person.role}
      onSignOut={() => signOut.mutate()}
      signingOut={signOut.isPending}
    >
      <SellingActionsProvider>
        <Outlet />
      </SellingActionsProvider>
    </AppLayout>
  );
}
