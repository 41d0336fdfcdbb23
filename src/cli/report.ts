/**
 * `stepwise report KIND --period P [--org SLUG] [--team NAME] [--as-of ISO] [--threshold X] [--json|--csv]`
 * (interfaces.md). Acts as a system actor over the whole organisation; the
 * default output is a readable table, `--json` the documented JSON keys, `--csv`
 * one row per person.
 */
import { Argument, type Command, Option } from "commander";
import { reportTime } from "../domain/periods.js";
import { REPORT_KINDS, type ReportKind } from "../domain/report-kinds.js";
import { withCliDb } from "./db.js";

interface ReportOpts {
  period: string;
  org?: string;
  team?: string;
  asOf?: string;
  threshold?: string;
  json?: boolean;
  csv?: boolean;
}

export function registerReport(program: Command) {
  program
    .command("report")
    .description(
      "print a report: scorecard, quad, plan, funnel, team, forecast, manager-time, usage, early-warning",
    )
    .addArgument(new Argument("<kind>", "the report").choices(REPORT_KINDS))
    .requiredOption("--period <P>", "YYYY-MM or YYYY-Qn")
    .option("--org <slug>", "the organisation (default: the only one)")
    .option("--team <name>", "only this team")
    .option("--as-of <iso>", "compute as of this time (ISO 8601 with offset, or YYYY-MM-DD); default now")
    .option(
      "--threshold <x>",
      "early-warning only: effortIndex below this (default: the effortThreshold setting)",
    )
    .addOption(new Option("--json", "JSON (keys as in interfaces.md)").conflicts("csv"))
    .addOption(new Option("--csv", "CSV, one row per person").conflicts("json"))
    .action(async (kind: ReportKind, opts: ReportOpts) => {
      const { report, stepNames, systemActor } = await import("../services/metrics.service.js");
      const { resolveOrg } = await import("../services/orgs.service.js");
      const text = await withCliDb(async (h) => {
        const org = await resolveOrg(h.db, opts.org);
        const ctx = { db: h.db, actor: systemActor(org.id) };
        const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
        const r = await report(ctx, kind, {
          ...reportTime(opts.period, opts.asOf),
          team: opts.team,
          threshold,
        });
        if (opts.json) return `${JSON.stringify(r, null, 2)}\n`;
        if (opts.csv) return (await import("../services/report-csv.js")).reportCsv(kind, r);
        const { reportTable } = await import("./report-table.js");
        return reportTable(kind, r as Record<string, unknown>, await stepNames(ctx));
      });
      process.stdout.write(text);
    });
}
