/**
 * The manager's time (issue 11, item 8; metrics.md "The manager's time"):
 * quick entries by category, a weekly timesheet, an .ics calendar import
 * classified by rules, and the keyword rules a manager edits.
 *
 * Everybody records and imports only their own time; reading follows the
 * reporting line (a manager sees the time of managers below them; executives
 * and admins everybody's).
 */
import { getOrganisation } from "../db/orgs.queries.js";
import { directReports, reportingLineIds } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import {
  deleteTimeEntry,
  deleteTimeRule,
  insertTimeEntry,
  listTimeEntries,
  listTimeRules,
  orgEmails,
  type TimeEntryRow,
  type TimeRuleRow,
  upsertCalendarEntries,
  upsertTimeRule,
} from "../db/time.queries.js";
import { AppError } from "../domain/errors.js";
import { addDays, daysBetween, localDate, startOfLocalDay } from "../domain/periods.js";
import { formatInstant } from "../domain/reports.js";
import { resolveSettings } from "../domain/settings.js";
import { classifyEvent, weeklyTimesheet, weekStart } from "../domain/timesheet.js";
import { TIME_CATEGORIES, type TimeCategory } from "../domain/vocabulary.js";
import { type Ctx, requireWrite } from "./context.js";
import { readCalendar } from "./ics.js";
import { visiblePersonRow } from "./reviews.service.js";

function invalid(path: string, message: string, value?: unknown): AppError {
  return new AppError("validation_failed", `${path}: ${message}`, [{ path, message, value }]);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateRange(from: string | undefined, to: string | undefined, today: string) {
  const t = to ?? today;
  const f = from ?? addDays(weekStart(t), -7 * 7); // default: the last 8 weeks
  if (!ISO_DATE.test(f)) throw invalid("from", "expected YYYY-MM-DD", f);
  if (!ISO_DATE.test(t)) throw invalid("to", "expected YYYY-MM-DD", t);
  if (f > t) throw invalid("from", "must not be after to", f);
  if (daysBetween(f, t) > 400) throw invalid("from", "at most 400 days at a time", f);
  return { from: f, to: t };
}

export interface TimeEntryJson {
  id: string;
  personId: string;
  date: string;
  category: TimeCategory;
  minutes: number;
  title: string | null;
  source: string;
}

const entryJson = (e: TimeEntryRow): TimeEntryJson => ({
  id: e.id,
  personId: e.personId,
  date: e.date,
  category: e.category,
  minutes: e.minutes,
  title: e.title,
  source: e.source,
});

async function orgInfo(ctx: Ctx) {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  if (!org) throw new AppError("not_found", "No such organisation.");
  return { timeZone: org.timeZone, settings: resolveSettings(org.settings) };
}

/** Whose time: the actor (default) or a visible person. */
async function whose(ctx: Ctx, personId?: string): Promise<string> {
  if (!personId || personId === ctx.actor.personId) return ctx.actor.personId;
  return (await visiblePersonRow(ctx.db, ctx.actor, personId)).id;
}

export async function listTime(
  ctx: Ctx,
  q: { personId?: string; from?: string; to?: string },
  now: Date = new Date(),
): Promise<TimeEntryJson[]> {
  const org = await orgInfo(ctx);
  const id = await whose(ctx, q.personId);
  const r = dateRange(q.from, q.to, localDate(now, org.timeZone));
  return (await listTimeEntries(ctx.db, ctx.actor.orgId, [id], r.from, r.to)).map(entryJson);
}

export async function addTime(
  ctx: Ctx,
  input: { date: string; category: TimeCategory; minutes: number; title?: string },
): Promise<TimeEntryJson> {
  requireWrite(ctx.actor);
  if (!ctx.actor.personId) throw new AppError("forbidden", "Time is recorded by a person.");
  if (!ISO_DATE.test(input.date)) throw invalid("date", "expected YYYY-MM-DD", input.date);
  if (!TIME_CATEGORIES.includes(input.category)) {
    throw invalid("category", `expected one of ${TIME_CATEGORIES.join(", ")}`, input.category);
  }
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 24 * 60) {
    throw invalid("minutes", "expected a whole number of minutes, 1 to 1440", input.minutes);
  }
  const row = await ctx.db.transaction(async (tx) => {
    const e = await insertTimeEntry(tx, {
      orgId: ctx.actor.orgId,
      personId: ctx.actor.personId,
      date: input.date,
      category: input.category,
      minutes: input.minutes,
      title: input.title?.trim() || null,
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "time_entry",
      entityId: e.id,
      action: "create",
      after: entryJson(e),
    });
    return e;
  });
  return entryJson(row);
}

export async function removeTime(ctx: Ctx, id: string): Promise<TimeEntryJson> {
  requireWrite(ctx.actor);
  const row = await ctx.db.transaction(async (tx) => {
    const e = await deleteTimeEntry(tx, ctx.actor.orgId, ctx.actor.personId, id);
    if (!e) throw new AppError("not_found", `No time entry ${id} of yours.`);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "time_entry",
      entityId: id,
      action: "delete",
      before: entryJson(e),
    });
    return e;
  });
  return entryJson(row);
}

export interface TimesheetJson {
  personId: string;
  from: string;
  to: string;
  target: number;
  directReports: number;
  weeks: ReturnType<typeof weeklyTimesheet>;
  minutes: Record<TimeCategory, number>;
  total: number;
  managingShare: number | null;
}

/** The weekly timesheet: minutes per category per week, managingShare per week and over the range. */
export async function timesheet(
  ctx: Ctx,
  q: { personId?: string; from?: string; to?: string },
  now: Date = new Date(),
): Promise<TimesheetJson> {
  const org = await orgInfo(ctx);
  const id = await whose(ctx, q.personId);
  const r = dateRange(q.from, q.to, localDate(now, org.timeZone));
  const entries = await listTimeEntries(ctx.db, ctx.actor.orgId, [id], r.from, r.to);
  const weeks = weeklyTimesheet(entries, r.from, r.to);
  const minutes = Object.fromEntries(TIME_CATEGORIES.map((c) => [c, 0])) as Record<TimeCategory, number>;
  for (const e of entries) minutes[e.category] += e.minutes;
  const total = TIME_CATEGORIES.reduce((a, c) => a + minutes[c], 0);
  return {
    personId: id,
    from: r.from,
    to: r.to,
    target: org.settings.managingShareTarget,
    directReports: (await directReports(ctx.db, ctx.actor.orgId, id)).length,
    weeks,
    minutes,
    total,
    managingShare: total > 0 ? (total - minutes.selling) / total : null,
  };
}

export interface ImportedEvent {
  title: string;
  start: string;
  date: string;
  minutes: number;
  category: TimeCategory;
}

/**
 * Imports the actor's calendar for [from, to] (local dates): each occurrence
 * becomes a time entry on its local start date, classified by the rules
 * (src/domain/timesheet.ts classifyEvent). Importing the same calendar again
 * updates the same entries. `dryRun` only shows the classification.
 */
export async function importCalendar(
  ctx: Ctx,
  input: { ics: string; from: string; to: string; dryRun?: boolean },
): Promise<{
  events: ImportedEvent[];
  added: number;
  minutes: Record<TimeCategory, number>;
  managingShare: number | null;
}> {
  requireWrite(ctx.actor);
  if (!ctx.actor.personId) throw new AppError("forbidden", "A calendar is imported by a person.");
  const org = await orgInfo(ctx);
  const r = dateRange(input.from, input.to, input.to);
  const occ = readCalendar(
    input.ics,
    startOfLocalDay(r.from, org.timeZone),
    startOfLocalDay(addDays(r.to, 1), org.timeZone),
  );
  const line = new Set(
    (await reportingLineIds(ctx.db, ctx.actor.orgId, ctx.actor.personId)).filter(
      (x) => x !== ctx.actor.personId,
    ),
  );
  const all = await orgEmails(ctx.db, ctx.actor.orgId);
  const reportEmails = new Set(all.filter((p) => line.has(p.id)).map((p) => p.email));
  const rules = await listTimeRules(ctx.db, ctx.actor.orgId, ctx.actor.personId);
  const me = ctx.actor.email.toLowerCase();
  const events: (ImportedEvent & { key: string })[] = occ.map((o) => {
    const attendees = o.attendees.filter((a) => a !== me && a !== o.organizer);
    const category = classifyEvent(
      { title: o.title, attendees },
      { reportEmails, orgEmails: new Set(all.map((p) => p.email)), rules },
    );
    return {
      key: `${o.uid}/${o.recurrenceKey}`,
      title: o.title,
      start: formatInstant(o.start),
      date: localDate(o.start, org.timeZone),
      minutes: Math.max(0, Math.round((o.end.getTime() - o.start.getTime()) / 60_000)),
      category,
    };
  });
  const counted = events.filter((e) => e.minutes > 0);
  const minutes = Object.fromEntries(TIME_CATEGORIES.map((c) => [c, 0])) as Record<TimeCategory, number>;
  for (const e of counted) minutes[e.category] += e.minutes;
  const total = TIME_CATEGORIES.reduce((a, c) => a + minutes[c], 0);
  let added = 0;
  if (!input.dryRun) {
    added = await ctx.db.transaction(async (tx) => {
      const n = await upsertCalendarEntries(
        tx,
        counted.map((e) => ({
          orgId: ctx.actor.orgId,
          personId: ctx.actor.personId,
          date: e.date,
          category: e.category,
          minutes: Math.min(e.minutes, 24 * 60),
          title: e.title.slice(0, 200),
          source: "ics",
          externalKey: e.key,
        })),
      );
      await writeAudit(tx, {
        orgId: ctx.actor.orgId,
        actorId: ctx.actor.personId,
        entity: "time_entry",
        entityId: `ics:${r.from}/${r.to}`,
        action: "import",
        after: { events: counted.length, added: n, minutes },
      });
      return n;
    });
  }
  return {
    events: events.map(({ key: _k, ...e }) => e),
    added,
    minutes,
    managingShare: total > 0 ? (total - minutes.selling) / total : null,
  };
}

export interface TimeRuleJson {
  id: string;
  keyword: string;
  category: TimeCategory;
}
const ruleJson = (r: TimeRuleRow): TimeRuleJson => ({ id: r.id, keyword: r.keyword, category: r.category });

export async function listRules(ctx: Ctx): Promise<TimeRuleJson[]> {
  return (await listTimeRules(ctx.db, ctx.actor.orgId, ctx.actor.personId)).map(ruleJson);
}

export async function addRule(
  ctx: Ctx,
  input: { keyword: string; category: TimeCategory },
): Promise<TimeRuleJson> {
  requireWrite(ctx.actor);
  const keyword = input.keyword.trim().toLowerCase();
  if (!keyword) throw invalid("keyword", "must not be empty");
  if (!TIME_CATEGORIES.includes(input.category))
    throw invalid("category", "unknown category", input.category);
  return ruleJson(
    await upsertTimeRule(ctx.db, {
      orgId: ctx.actor.orgId,
      personId: ctx.actor.personId,
      keyword,
      category: input.category,
    }),
  );
}

export async function removeRule(ctx: Ctx, id: string): Promise<TimeRuleJson> {
  requireWrite(ctx.actor);
  const r = await deleteTimeRule(ctx.db, ctx.actor.orgId, ctx.actor.personId, id);
  if (!r) throw new AppError("not_found", `No rule ${id} of yours.`);
  return ruleJson(r);
}
