/** Readable, aligned tables for `stepwise report KIND` (the default output). */
import { FUNNEL_STEPS } from "../domain/perstep.js";
import { type StepKey, stepKey } from "../domain/steps.js";
import type { ReportKind } from "../services/metrics.service.js";

type Json = Record<string, any>;
const STEPS: StepKey[] = FUNNEL_STEPS.map(stepKey);

const num = (v: unknown): string => {
  if (v === null || v === undefined) return "-";
  if (typeof v !== "number") return String(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
};
const pct = (v: unknown): string => (typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "-");
const money = (v: unknown): string => (typeof v === "number" ? Math.round(v).toLocaleString("en-US") : "-");

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d,.%/ ()-]*$/.test(r[i] ?? "")),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function byStep(
  names: Record<StepKey, string>,
  columns: string[],
  cell: (s: StepKey, col: number) => string,
) {
  return renderTable(
    ["Step", ...columns],
    STEPS.map((s) => [names[s], ...columns.map((_, i) => cell(s, i))]),
  );
}

/**
 * A per-person, per-step table. Up to 5 people: one row per step, one column
 * per person. More: one row per person, one column per step numbered 1–6,
 * with the step names in a legend line (a column per person is unreadable
 * once there are more than a handful).
 */
function perPersonSteps(
  names: Record<StepKey, string>,
  emails: string[],
  cell: (s: StepKey, i: number) => string,
): string {
  if (emails.length <= 5) return byStep(names, emails, cell);
  const legend = `Steps: ${STEPS.map((s, i) => `${i + 1} ${names[s]}`).join(" · ")}`;
  return [
    legend,
    renderTable(
      ["Person", ...STEPS.map((_, i) => String(i + 1))],
      emails.map((e, i) => [e, ...STEPS.map((s) => cell(s, i))]),
    ),
  ].join("\n");
}

/** The report as text: a title line, then one or two tables. */
export function reportTable(kind: ReportKind, r: Json, names: Record<StepKey, string>): string {
  const when = r.asOf ? ` as of ${r.asOf}` : "";
  const title = `${kind} — ${r.period}${when}`;
  const people: Json[] = r.people ?? [];
  const out: string[] = [title, ""];
  const emails = people.map((p) => p.email as string);
  const nobody = () => out.push("(nobody in this report)");
  switch (kind) {
    case "scorecard":
      if (!people.length) {
        nobody();
        break;
      }
      out.push(
        renderTable(
          ["Person", "Quota", "Won", "Pipeline", "Effort", "Results", "Quad", "Usage", "Coaching focus"],
          people.map((p) => [
            p.email,
            money(p.quota),
            money(p.wonRevenue),
            money(p.pipelineExpected),
            pct(p.effortIndex),
            pct(p.resultsIndex),
            p.quadrant ?? "no quota",
            pct(p.usageScore),
            p.coachingFocus ? names[p.coachingFocus as StepKey] : "-",
          ]),
        ),
        "",
        "Entered / plan per step",
        perPersonSteps(names, emails, (s, i) => {
          const p = people[i];
          const plan = p.agreedPlan ?? p.plan;
          return `${num(p.entered?.[s] ?? 0)} / ${plan ? num(plan[s]) : "-"}`;
        }),
      );
      break;
    case "plan":
      if (!people.length) {
        nobody();
        break;
      }
      out.push(
        renderTable(
          ["Person", "Quota", "Avg deal size", "Wins"],
          people.map((p) => [p.email, money(p.quota), money(p.avgDealSize), num(p.wins)]),
        ),
        "",
        "Step entries needed in the period (per week)",
        perPersonSteps(names, emails, (s, i) => {
          const p = people[i];
          return `${num(p.need?.[s])} (${typeof p.perWeek?.[s] === "number" ? p.perWeek[s].toFixed(1) : "-"})`;
        }),
      );
      if (people.some((p) => p.entered)) {
        out.push(
          "",
          `Pacing: entered so far / due by now (${pct(r.elapsed)} of the period; the agreed plan where there is one)`,
          byStep(names, emails, (s, i) => {
            const p = people[i];
            const due = p.pace?.[s];
            return `${num(p.entered?.[s] ?? 0)} / ${typeof due === "number" ? due.toFixed(1) : "-"}`;
          }),
          "",
          "Remaining plan: step entries still needed for the quota not yet won or expected from the pipeline",
          byStep(names, emails, (s, i) => num(people[i].remaining?.[s])),
        );
      }
      break;
    case "quad":
      if (!people.length) nobody();
      else
        out.push(
          renderTable(
            ["Person", "Effort", "Results", "Quadrant"],
            people.map((p) => [p.email, pct(p.effortIndex), pct(p.resultsIndex), p.quadrant ?? "no quota"]),
          ),
        );
      break;
    case "funnel":
      out.push(
        "Team (entries in the period and their outcome)",
        byStep(names, ["Entered", "Advanced", "Exited", "Rate"], (s, i) => {
          const x = r.team?.[s] ?? {};
          return [num(x.entered ?? 0), num(x.advanced ?? 0), num(x.exited ?? 0), pct(x.rate)][i];
        }),
      );
      if (people.length) {
        out.push(
          "",
          "Entered per person",
          perPersonSteps(names, emails, (s, i) => num(people[i].steps?.[s]?.entered ?? 0)),
        );
      }
      break;
    case "team":
      out.push(
        `Pareto share: ${pct(r.paretoShare)}`,
        "",
        renderTable(
          ["Group", "People"],
          (["red", "white", "blue"] as const).map((g) => [g, (r.groups?.[g] ?? []).join(", ") || "-"]),
        ),
      );
      break;
    case "forecast":
      if (!people.length) nobody();
      else
        out.push(
          renderTable(
            ["Person", "Quota", "Won", "Pipeline", "Projected"],
            people.map((p) => [
              p.email,
              money(p.quota),
              money(p.wonRevenue),
              money(p.pipelineExpected),
              money(p.projected),
            ]),
          ),
        );
      break;
    case "manager-time": {
      const managers: Json[] = r.managers ?? [];
      if (!managers.length) {
        nobody();
        break;
      }
      const cats = Object.keys(managers[0].minutes ?? {});
      out.push(
        renderTable(
          ["Manager", "Reports", ...cats.map((c) => `${c} min`), "Managing", "Revenue share", "Reviews"],
          managers.map((m) => [
            m.email,
            num(m.directReports),
            ...cats.map((c) => num(m.minutes[c])),
            pct(m.managingShare),
            pct(m.managerRevenueShare),
            pct(m.reviewCompliance),
          ]),
        ),
      );
      break;
    }
    case "usage":
      if (!people.length) nobody();
      else
        out.push(
          renderTable(
            ["Person", "Next-step coverage", "Process compliance", "Logging timeliness", "Usage score"],
            people.map((p) => [
              p.email,
              pct(p.nextStepCoverage),
              pct(p.processCompliance),
              pct(p.loggingTimeliness),
              pct(p.usageScore),
            ]),
          ),
        );
      break;
    case "early-warning":
      out.push(
        `Elapsed ${pct(r.elapsed)}, effort threshold ${pct(r.threshold)}${r.active ? "" : " (not early in the period: no warnings)"}`,
      );
      if (people.length) {
        out.push(
          "",
          renderTable(
            ["Person", "Effort", "Quadrant", "Furthest behind"],
            people.map((p) => [
              p.email,
              pct(p.effortIndex),
              p.quadrant ?? "-",
              (p.behind as Json[])
                .slice(0, 3)
                .map((b) => `${names[b.step as StepKey]} ${pct(b.attainment)}`)
                .join(", "),
            ]),
          ),
        );
      } else out.push("", "Nobody below the threshold.");
      break;
  }
  return `${out.join("\n")}\n`;
}
