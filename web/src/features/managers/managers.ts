import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { type ReportScope, scopeQuery } from "../team/managing";

export interface ManagerRow {
  id: string;
  email: string;
  name: string;
  team: string | null;
  directReports: number;
  managingShare: number | null;
  reviewCompliance: number | null;
  salespeople: number;
  quota: number;
  wonRevenue: number;
  pipelineExpected: number;
  wonShareOfQuota: number | null;
  projectedShareOfQuota: number | null;
  paretoShare: number | null;
  quads: { Q1: number; Q2: number; Q3: number; Q4: number; noQuota: number };
  /** The line's candidates in pipeline and the days since the last new one (hiring). */
  recruiting?: { inPipeline: number; daysSinceLast: number | null };
}

export interface ManagersOverview {
  period: string;
  asOf: string;
  managingShareTarget: number;
  managers: ManagerRow[];
}

export function useManagers(scope: ReportScope) {
  return useQuery({
    queryKey: ["managers", scope.period, scope.asOf],
    queryFn: () => api<ManagersOverview>(`/managers?${scopeQuery({ ...scope, team: undefined })}`),
  });
}
