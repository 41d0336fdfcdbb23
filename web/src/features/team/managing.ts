/**
 * What the managing screens read: reports, the organisation's settings, the
 * steps' names, the people one can see, and the period/as-of chosen in the URL.
 */
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { STEP_NAMES, type StepKey } from "../../../../src/domain/steps";
import { api } from "../../api";

export const FUNNEL_KEYS: StepKey[] = [
  "lead",
  "prospecting",
  "qualification",
  "needs_analysis",
  "presenting",
  "closing",
];

export type Quadrant = "Q1" | "Q2" | "Q3" | "Q4";

export interface OrgSettings {
  rateWindowDays: number;
  priorWeight: number;
  defaultRates: [number, number, number, number, number, number];
  defaultDealSize: number;
  effortThreshold: number;
  resultsThreshold: number;
  minTrials: number;
  managingShareTarget: number;
  reviewCadenceDays: number;
  usageTarget: number;
}

export interface Organisation {
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
  settings: OrgSettings;
}

export interface ProcessStep {
  step: StepKey;
  stepNumber: number;
  name: string;
  exitCriteria: string;
}

// One scorecard row as the API sends it (src/contract, with the OpenAPI document).
import type { ScorecardPerson } from "../../../../src/contract/figures";

export type { ScorecardPerson };

export interface Scorecard {
  period: string;
  asOf: string;
  people: ScorecardPerson[];
}

export interface TeamReport {
  paretoShare: number | null;
  groups: { red: string[]; white: string[]; blue: string[] };
}

export interface EarlyWarning {
  elapsed: number;
  threshold: number;
  active: boolean;
  people: {
    email: string;
    name: string;
    effortIndex: number;
    behind: { step: StepKey; attainment: number }[];
  }[];
}

export interface ManagerTime {
  managers: {
    email: string;
    directReports: number;
    minutes: Record<string, number>;
    managingShare: number | null;
    managerRevenueShare: number | null;
    reviewCompliance: number | null;
  }[];
}

export interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: string;
  team: string | null;
  managerId: string | null;
  active: boolean;
}

/** Names in the order people expect: "rep2" before "rep10", case and accents aside. */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
export const naturalCompare = (a: string, b: string) => collator.compare(a, b);
export const byName = <T extends { name: string; email?: string }>(a: T, b: T) =>
  naturalCompare(a.name, b.name) || naturalCompare(a.email ?? "", b.email ?? "");

/** The quarter containing today: `2026-Q4`. */
export function currentQuarter(today = new Date()): string {
  return `${today.getFullYear()}-Q${Math.floor(today.getMonth() / 3) + 1}`;
}

/** The periods offered in the picker: this quarter and its months, and the quarters around it. */
export function periodChoices(today = new Date()): string[] {
  const y = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3) + 1;
  const out: string[] = [];
  for (let d = -3; d <= 1; d++) {
    const n = (y * 4 + (q - 1) + d) | 0;
    out.push(`${Math.floor(n / 4)}-Q${(n % 4) + 1}`);
  }
  for (let m = 0; m < 12; m++) out.push(`${y}-${String(m + 1).padStart(2, "0")}`);
  return out;
}

export interface ReportScope {
  period: string;
  /** `YYYY-MM-DD` (start of that day in the organisation's zone) or empty for now. */
  asOf: string;
  team?: string;
}

/** The period and as-of date of the screen, kept in the address so a view can be shared. */
export function useReportScope(): [ReportScope, (p: Partial<ReportScope>) => void] {
  const [params, setParams] = useSearchParams();
  const scope: ReportScope = {
    period: params.get("period") || currentQuarter(),
    asOf: params.get("asOf") || "",
    team: params.get("team") || undefined,
  };
  const set = (p: Partial<ReportScope>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(p)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return [scope, set];
}

export function scopeQuery(s: ReportScope, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ period: s.period, ...extra });
  if (s.asOf) q.set("asOf", s.asOf);
  if (s.team) q.set("team", s.team);
  return q.toString();
}

/** The Team screen's four reports in one request (GET /team-screen: one load of the figures). */
export interface TeamScreen {
  scorecard: Scorecard;
  team: TeamReport;
  earlyWarning: EarlyWarning;
  managerTime: ManagerTime;
}

export function useTeamScreen(scope: ReportScope) {
  return useQuery({
    // Under "report", so what invalidates the reports invalidates this too.
    queryKey: ["report", "team-screen", scope.period, scope.asOf, scope.team ?? ""],
    queryFn: () => api<TeamScreen>(`/team-screen?${scopeQuery(scope)}`),
  });
}

export function useOrganisation() {
  return useQuery({ queryKey: ["organisation"], queryFn: () => api<Organisation>("/organisation") });
}

export function useSteps() {
  return useQuery({ queryKey: ["steps"], queryFn: () => api<ProcessStep[]>("/steps"), staleTime: 60_000 });
}

/** The organisation's name of each step, falling back to the key while loading. */
export function useStepNames(): Record<StepKey, string> {
  const steps = useSteps().data ?? [];
  const names = { ...STEP_NAMES };
  for (const s of steps) names[s.step] = s.name;
  return names;
}

/** Everybody the signed-in person can see (every page of /people), optionally one team. */
export function usePeople(team?: string) {
  return useQuery({
    queryKey: ["people", team ?? ""],
    queryFn: async () => {
      const out: PersonRow[] = [];
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ limit: "200" });
        if (team) q.set("team", team);
        if (cursor) q.set("cursor", cursor);
        const page: { items: PersonRow[]; nextCursor: string | null } = await api(`/people?${q}`);
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out.sort(byName);
    },
  });
}

export const pct = (x: number | null | undefined, digits = 0) =>
  x == null ? "—" : `${(x * 100).toFixed(digits)} %`;
export const num = (x: number | null | undefined, digits = 0) =>
  x == null ? "—" : x.toLocaleString(undefined, { maximumFractionDigits: digits });
