/**
 * Test-only loader: reads a generic-CSV sample organisation (interfaces.md)
 * into the pure domain's `MetricsFacts`. People are keyed by email. Times in
 * the sample carry offsets (`Z`), so no time-zone interpretation is needed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { periodRange } from "../../src/domain/periods.js";
import type { PerStep } from "../../src/domain/perstep.js";
import {
  activityFactsFromRows,
  type MetricsFacts,
  type PersonFacts,
  type Role,
} from "../../src/domain/reports.js";
import { DEFAULT_SETTINGS, type OrgSettings } from "../../src/domain/settings.js";
import type { DealFacts, DealStatus, StepRow } from "../../src/domain/stepflow.js";
import { parseStep, type StepNumber } from "../../src/domain/steps.js";
import { type ActivityRow, nextStepTargetsFromRows } from "../../src/domain/usage.js";

type Row = Record<string, string>;

function readCsv(dir: string, file: string): Row[] {
  return parse(readFileSync(join(dir, file), "utf8"), { columns: true, skip_empty_lines: true }) as Row[];
}

const date = (s: string | undefined): Date | null => (s ? new Date(s) : null);

function step(s: string): StepNumber {
  const n = parseStep(s);
  if (!n) throw new Error(`bad step ${s}`);
  return n;
}

export interface SampleFacts {
  facts: MetricsFacts;
  activityRows: ActivityRow[];
}

export function loadSampleFacts(
  dir: string,
  opts: { period: string; asOf: Date; timeZone?: string; settings?: OrgSettings },
): SampleFacts {
  const timeZone = opts.timeZone ?? "UTC";
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const people: PersonFacts[] = readCsv(dir, "people.csv").map((r) => ({
    id: r.email,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    team: r.team || null,
    managerId: r.manager_email || null,
  }));
  const stepsByDeal = new Map<string, StepRow[]>();
  for (const r of readCsv(dir, "deal_steps.csv")) {
    const l = stepsByDeal.get(r.deal_external_id) ?? [];
    l.push({ step: step(r.step), enteredAt: new Date(r.entered_at) });
    stepsByDeal.set(r.deal_external_id, l);
  }
  const deals: DealFacts[] = readCsv(dir, "deals.csv").map((r) => ({
    id: r.external_id,
    ownerId: r.owner_email,
    value: Number(r.value),
    createdAt: new Date(r.created_at),
    expectedClose: r.expected_close || null,
    status: (r.status || "open") as DealStatus,
    closedAt: date(r.closed_at),
    steps: stepsByDeal.get(r.external_id) ?? [],
  }));
  const quotas = new Map<string, number>();
  for (const r of readCsv(dir, "quotas.csv"))
    if (r.period === opts.period) quotas.set(r.email, Number(r.amount));

  const activityRows: ActivityRow[] = readCsv(dir, "activities.csv").map((r) => ({
    ownerId: r.owner_email,
    step: step(r.step),
    dealId: r.deal_external_id || null,
    contactId: r.contact_email || null,
    scheduledFor: date(r.scheduled_for),
    doneAt: date(r.done_at),
    loggedAt: date(r.logged_at),
  }));
  const contacts = readCsv(dir, "contacts.csv");
  const periodStart = periodRange(opts.period, timeZone).start;
  const activities = new Map(
    people.map((p) => [
      p.id,
      activityFactsFromRows({
        ownRows: activityRows.filter((a) => a.ownerId === p.id),
        allRows: activityRows,
        customerContactIds: contacts
          .filter(
            (c) => c.owner_email === p.id && c.customer === "true" && (c.status || "active") === "active",
          )
          .map((c) => c.email),
        asOf: opts.asOf,
        periodStart,
        rateWindowDays: settings.rateWindowDays,
      }),
    ]),
  );
  const dealsWithNextStep = nextStepTargetsFromRows(activityRows, opts.asOf).dealIds;
  return {
    facts: {
      timeZone,
      settings,
      people,
      deals,
      quotas,
      agreedPlans: new Map<string, PerStep<number>>(),
      activities,
      dealsWithNextStep,
    },
    activityRows,
  };
}
