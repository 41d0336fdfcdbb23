/**
 * The manager's time from a calendar (issue 11): classifying events into the
 * time categories of metrics.md, and the weekly timesheet. Pure.
 */

import type { TimeCategory } from "./managers.js";
import { TIME_CATEGORIES } from "./managers.js";
import { addDays, daysBetween } from "./periods.js";

export interface CalendarEvent {
  title: string;
  /** Attendees' email addresses (lower case), the organiser excluded. */
  attendees: string[];
}

export interface KeywordRule {
  keyword: string;
  category: TimeCategory;
}

export interface ClassifyContext {
  /** The manager's direct and indirect reports' emails (lower case). */
  reportEmails: ReadonlySet<string>;
  /** Every person of the organisation (lower case): anybody else is external. */
  orgEmails: ReadonlySet<string>;
  rules: readonly KeywordRule[];
}

const COACHING_WORDS = /\b(coach\w*|role[- ]?play\w*|ride[- ]?along|joint call)\b/i;

/**
 * The category of one event, the first that applies:
 * 1. a keyword rule of the manager (case-insensitive substring of the title; the longest keyword wins);
 * 2. an attendee outside the organisation → `selling`;
 * 3. an attendee among the manager's reports → `coaching` when the title says so
 *    (coaching, role play, ride-along, joint call), else `accountability`;
 * 4. anything else → `admin`.
 */
export function classifyEvent(e: CalendarEvent, c: ClassifyContext): TimeCategory {
  const title = e.title.toLowerCase();
  const rule = [...c.rules]
    .sort((a, b) => b.keyword.length - a.keyword.length)
    .find((r) => r.keyword.trim() !== "" && title.includes(r.keyword.trim().toLowerCase()));
  if (rule) return rule.category;
  if (e.attendees.some((a) => !c.orgEmails.has(a))) return "selling";
  if (e.attendees.some((a) => c.reportEmails.has(a))) {
    return COACHING_WORDS.test(e.title) ? "coaching" : "accountability";
  }
  return "admin";
}

export interface TimesheetEntry {
  date: string;
  category: TimeCategory;
  minutes: number;
}

export interface TimesheetWeek {
  /** The Monday starting the week (local date). */
  week: string;
  minutes: Record<TimeCategory, number>;
  total: number;
  /** Minutes not selling / all minutes; null without minutes (metrics.md managingShare). */
  managingShare: number | null;
}

/** The Monday on or before a local date. */
export function weekStart(date: string): string {
  // 1970-01-05 was a Monday.
  const offset = (((daysBetween("1970-01-05", date) % 7) + 7) % 7) as number;
  return addDays(date, -offset);
}

/** Minutes per category per week, for every week from `from`'s week to `to`'s week (oldest first). */
export function weeklyTimesheet(
  entries: Iterable<TimesheetEntry>,
  from: string,
  to: string,
): TimesheetWeek[] {
  const weeks = new Map<string, TimesheetWeek>();
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) {
    weeks.set(w, {
      week: w,
      minutes: Object.fromEntries(TIME_CATEGORIES.map((c) => [c, 0])) as Record<TimeCategory, number>,
      total: 0,
      managingShare: null,
    });
  }
  for (const e of entries) {
    const w = weeks.get(weekStart(e.date));
    if (!w || e.date < from || e.date > to) continue;
    w.minutes[e.category] += e.minutes;
    w.total += e.minutes;
  }
  for (const w of weeks.values())
    w.managingShare = w.total > 0 ? (w.total - w.minutes.selling) / w.total : null;
  return [...weeks.values()];
}
