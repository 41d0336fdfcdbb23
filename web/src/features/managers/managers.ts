import { useQuery } from "@tanstack/react-query";
// The shapes the API sends, declared once with its OpenAPI document (src/contract).
import type { ManagerRow, ManagersOverview } from "../../../../src/contract/managers";
import { api } from "../../api";
import { type ReportScope, scopeQuery } from "../team/managing";

export type { ManagerRow, ManagersOverview };

export function useManagers(scope: ReportScope) {
  return useQuery({
    queryKey: ["managers", scope.period, scope.asOf],
    queryFn: () => api<ManagersOverview>(`/managers?${scopeQuery({ ...scope, team: undefined })}`),
  });
}
