import { Navigate } from "react-router";
import { useSession } from "../auth/session";

/** Each role's first screen (product.md): salesperson → My week, manager → Team, executive → Managers, admin → Settings. */
export const HOME_BY_ROLE: Record<string, string> = {
  salesperson: "/my-week",
  manager: "/team",
  executive: "/managers",
  admin: "/settings/people",
};

export function HomeRedirect() {
  const role = useSession().data?.person.role ?? "";
  return <Navigate to={HOME_BY_ROLE[role] ?? "/board"} replace />;
}
