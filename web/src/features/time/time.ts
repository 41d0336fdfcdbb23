/** The manager's time: entries, the weekly timesheet, the calendar import and its keyword rules. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TIME_CATEGORIES, type TimeCategory } from "../../../../src/domain/vocabulary";
import { api } from "../../api";

export const CATEGORIES = TIME_CATEGORIES;
export type Category = TimeCategory;

export interface TimesheetWeek {
  week: string;
  minutes: Record<Category, number>;
  total: number;
  managingShare: number | null;
}

export interface Timesheet {
  from: string;
  to: string;
  target: number;
  directReports: number;
  weeks: TimesheetWeek[];
  minutes: Record<Category, number>;
  total: number;
  managingShare: number | null;
}

export interface Rule {
  id: string;
  keyword: string;
  category: Category;
}

export interface ImportResult {
  events: { title: string; start: string; date: string; minutes: number; category: Category }[];
  added: number;
  minutes: Record<Category, number>;
  managingShare: number | null;
}

const invalidate = (qc: ReturnType<typeof useQueryClient>) => () =>
  qc.invalidateQueries({ queryKey: ["time"] });

export function useTimesheet() {
  return useQuery({ queryKey: ["time", "sheet"], queryFn: () => api<Timesheet>("/timesheet") });
}

export function useRules() {
  return useQuery({ queryKey: ["time", "rules"], queryFn: () => api<Rule[]>("/time-rules") });
}

export function useAddTime() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: { date: string; category: Category; minutes: number; title?: string }) =>
      api("/time-entries", { method: "POST", body: e }),
    onSuccess: invalidate(qc),
  });
}

export function useImportIcs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { ics: string; from: string; to: string }) =>
      api<ImportResult>("/time-entries/import-ics", { method: "POST", body: v }),
    onSuccess: invalidate(qc),
  });
}

export function useAddRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: { keyword: string; category: Category }) =>
      api<Rule>("/time-rules", { method: "POST", body: r }),
    onSuccess: invalidate(qc),
  });
}

export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Rule>(`/time-rules/${id}`, { method: "DELETE" }),
    onSuccess: invalidate(qc),
  });
}

export const hours = (min: number) => `${(min / 60).toFixed(1)} h`;
export const today = () => new Date().toISOString().slice(0, 10);
