/** The reports (interfaces.md; usage and early-warning are additions). Here, not in the service, so that the CLI can list them without loading it. */
export const REPORT_KINDS = [
  "scorecard",
  "quad",
  "plan",
  "funnel",
  "team",
  "forecast",
  "manager-time",
  "usage",
  "early-warning",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
