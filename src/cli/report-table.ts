/** Readable, aligned tables for `stepwise report KIND` (the default output). */
import { FUNNEL_STEPS } from "../domain/perstep.js";
import { type StepKey, stepKey } from "../domain/steps.js";
import type { ReportKind } from "../services/metrics.service.js";

// biome-ignore lint/suspicious/noExplicitAny: a report is JSON of many shapes read by field path
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

/** The width of a terminal the tables are made for. */
export const TABLE_WIDTH = 120;

const widest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));

/**
 * A per-person, per-step table. One row per step and one column per person
 * when that fits in TABLE_WIDTH columns (a few people); otherwise one row per
 * person and one column per step numbered 1–6, with the step names in a
 * legend line.
 */
function perPersonSteps(
  names: Record<StepKey, string>,
  emails: string[],
  cell: (s: StepKey, i: number) => string,
): string {
  if (emails.length <= 5) {
    const columns = byStep(names, emails, cell);
    if (widest(columns) <= TABLE_WIDTH) return columns;
  }
  const legend = `Steps: ${STEPS.map((s, i) => `${i + 1} ${names[s]}`).join(" · ")}`;
  return [
    wrap(legend),
    renderTable(
      ["Person", ...STEPS.map((_, i) => String(i + 1))],
      emails.map((e, i) => [e, ...STEPS.map((s) => cell(s, i))]),
    ),
  ].join("\n");
}

/** A sentence broken into lines of at most TABLE_WIDTH columns (at spaces). */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > TABLE_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

/** People in the order people expect: rep2 before rep10 (by email, digits as numbers). */
const natural = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
const byEmail = (a: Json, b: Json) => natural.compare(String(a.email ?? ""), String(b.email ?? ""));

/** The report as text: a title line, then one or two tables. */
export function reportTable(kind: ReportKind, r: Json, names: Record<StepKey, string>): string {
  const when = r.asOf ? ` as of ${r.asOf}` : "";
  const title = `${kind} — ${r.period}${when}`;
  const people: Json[] = [...(r.people ?? [])].sort(byEmail);
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
        "Entered / plan per step (the plan: the agreed one where there is one, else the computed one)",
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
          wrap(
            `Pacing: entered so far / due by now (${pct(r.elapsed)} of the period; the agreed plan where there is one)`,
          ),
          perPersonSteps(names, emails, (s, i) => {
            const p = people[i];
            const due = p.pace?.[s];
            return `${num(p.entered?.[s] ?? 0)} / ${typeof due === "number" ? due.toFixed(1) : "-"}`;
          }),
          "",
          wrap(
            "Remaining plan: step entries still needed for the quota not yet won or expected from the pipeline",
          ),
          perPersonSteps(names, emails, (s, i) => {
            const p = people[i];
            const more = typeof p.remaining?.[s] === "number" && p.remaining[s] > (p.need?.[s] ?? Infinity);
            return `${num(p.remaining?.[s])}${more ? "*" : ""}`;
          }),
        );
        if (people.some((p) => STEPS.some((s) => p.remaining?.[s] > (p.need?.[s] ?? Infinity)))) {
          out.push(
            wrap(
              "* more than the original plan for the whole period: the remaining plan uses the rates and deal size as of now, " +
                "and these fell since the period's start (the original plan uses those at the start), so each " +
                "remaining win needs more entries than planned.",
            ),
          );
        }
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
      // Short headers, named in full in the legend: the table fits TABLE_WIDTH columns.
      const short = (c: string) => c.slice(0, 1).toUpperCase() + c.slice(1, 5);
      out.push(
        wrap(`Minutes per category: ${cats.map((c) => `${short(c)} = ${c}`).join(", ")}.`),
        wrap(
          "Managing = managing share (minutes not selling / all; target 75 %); Rev share = the manager's own " +
            "deals' share of the team's revenue; Reviews = direct reports whose review is up to date.",
        ),
        "",
        renderTable(
          ["Manager", "Reports", ...cats.map(short), "Managing", "Rev share", "Reviews"],
          [...managers]
            .sort(byEmail)
            .map((m) => [
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
