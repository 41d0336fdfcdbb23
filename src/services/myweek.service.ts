/**
 * My week: a salesperson's first screen (product.md) in one read — what is due
 * today and overdue, the deals and active customers with no next step, the
 * pacing per step from the plan report and the usage score with its parts.
 * Always the signed-in person's own; figures come from the metrics service.
 */
import { dueActivities, withoutNextStep } from "../db/deals.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { weeklyEntries } from "../db/person.queries.js";
import { AppError } from "../domain/errors.js";
import {
  addDays,
  localDate,
  periodContaining,
  periodRange,
  periodWeek,
  reportTime,
  startOfLocalDay,
  weeksInPeriod,
} from "../domain/periods.js";
import { STEP_KEYS, stepKey } from "../domain/steps.js";
import type { Ctx } from "./context.js";
import { myWeekReports } from "./metrics.service.js";

export async function myWeek(ctx: Ctx, params: { period?: string } = {}, now = new Date()) {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  const today = localDate(now, org.timeZone);
  const endOfToday = startOfLocalDay(addDays(today, 1), org.timeZone);
  const period = params.period ?? periodContaining(now, "quarter", org.timeZone);
  // The reports as the person sees their own figures: only themselves (a manager's My week
  // is their own selling, not their line's).
  const self: Ctx = { db: ctx.db, actor: { ...ctx.actor, role: "salesperson" } };
  // "This week" is the period's own week containing now (7-day weeks from the period's
  // start, as the plan's per-week figure and the Person page's weekly entries count them).
  const range = periodRange(period, org.timeZone);
  const inPeriod = now >= range.start && now < range.end;
  const { index: weekIndex, start: weekStart, end: weekEnd } = periodWeek(range, now);
  const [due, missing, figures, weekly] = await Promise.all([
    dueActivities(ctx.db, ctx.actor.orgId, ctx.actor.personId, endOfToday),
    withoutNextStep(ctx.db, ctx.actor.orgId, ctx.actor.personId, now),
    myWeekReports(self, { ...reportTime(period), now }),
    inPeriod
      ? weeklyEntries(ctx.db, {
          orgId: ctx.actor.orgId,
          personId: ctx.actor.personId,
          period: range,
          asOf: now,
        })
      : Promise.resolve([]),
  ]);
  const thisWeek = (step: number) =>
    weekly.filter((r) => r.step === step && r.week === weekIndex).reduce((n, r) => n + r.n, 0);
  const weeks = weeksInPeriod(range);
  const startOfToday = startOfLocalDay(today, org.timeZone);
  const { plan, usage, quad } = figures;
  const mine = plan.people.find((p) => p.email === ctx.actor.email) ?? null;
  const u = usage.people.find((p) => p.email === ctx.actor.email) ?? null;
  const q = quad.people.find((p) => p.email === ctx.actor.email) ?? null;
  return {
    today,
    period,
    timeZone: org.timeZone,
    activities: due.map((a) => ({
      id: a.id,
      kind: a.kind,
      step: stepKey(a.step),
      stepNumber: a.step,
      scheduledFor: a.scheduledFor.toISOString(),
      overdue: a.scheduledFor.getTime() < startOfToday.getTime(),
      notes: a.notes,
      dealId: a.dealId,
      dealName: a.dealName,
      contactId: a.contactId,
      contactName: a.contactName,
    })),
    noNextStep: {
      deals: missing.deals.map((d) => ({ ...d, step: stepKey(d.step), stepNumber: d.step })),
      customers: missing.customers,
    },
    pacing: mine
      ? {
          elapsed: plan.elapsed,
          quota: mine.quota,
          agreed: mine.agreed !== null,
          week: inPeriod
            ? {
                start: weekStart.toISOString(),
                end: weekEnd.toISOString(),
                elapsed: (now.getTime() - weekStart.getTime()) / (weekEnd.getTime() - weekStart.getTime()),
              }
            : null,
          steps: STEP_KEYS.slice(0, 6).map((k, i) => {
            const plan = (mine.agreed ?? mine.need)[k] ?? null;
            return {
              step: k,
              stepNumber: i + 1,
              plan,
              entered: mine.entered[k] ?? 0,
              dueByNow: mine.pace[k] ?? null,
              remaining: mine.remaining[k] ?? null,
              // The plan per week (metrics.md: need / weeksInPeriod, not rounded) and the deals
              // that reached the step in this week so far.
              perWeek: plan === null ? null : plan / weeks,
              thisWeek: inPeriod ? thisWeek(i + 1) : null,
            };
          }),
        }
      : null,
    // Where the person stands in the Decision Quad (null without a quota), as their manager sees it.
    quad: q ? { effortIndex: q.effortIndex, resultsIndex: q.resultsIndex, quadrant: q.quadrant } : null,
    usage: {
      target: usage.target,
      usageScore: u?.usageScore ?? null,
      nextStepCoverage: u?.nextStepCoverage ?? null,
      processCompliance: u?.processCompliance ?? null,
      loggingTimeliness: u?.loggingTimeliness ?? null,
    },
  };
}
