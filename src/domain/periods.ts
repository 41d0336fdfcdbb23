/**
 * Periods (metrics.md): calendar months `YYYY-MM` and quarters `YYYY-Qn` in the
 * organisation's IANA time zone. Pure: no clock, `asOf` is always a parameter.
 *
 * A period is the half-open interval [start, end) of instants, where `start` is
 * local midnight of its first day and `end` local midnight of the day after its
 * last day (in the given time zone). Time-zone arithmetic uses only `Intl`.
 */
import { AppError } from "./errors.js";

export type PeriodKind = "month" | "quarter";

export interface Period {
  /** The canonical key: `2026-07` or `2026-Q3`. */
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month 1..12 or quarter 1..4. */
  index: number;
  timeZone: string;
  /** First local day, `YYYY-MM-DD`. */
  startDate: string;
  /** Last local day, `YYYY-MM-DD` (inclusive). */
  endDate: string;
  /** Local midnight at the start of `startDate`. */
  start: Date;
  /** Local midnight after `endDate` (exclusive). */
  end: Date;
  /** Number of calendar days in the period. */
  days: number;
}

const DAY_MS = 86_400_000;

/**
 * A period as the user named it, parsed (`periodKey`) but not yet placed in a
 * time zone: what the edge (a route, the CLI) hands to a service, which places
 * it in the organisation's zone once (`periodRange`) and passes the `Period` down.
 */
export interface PeriodKey {
  /** The canonical key: `2026-07` or `2026-Q3`. */
  key: string;
  kind: PeriodKind;
  year: number;
  /** Month 1..12 or quarter 1..4. */
  index: number;
}

/** Parses `YYYY-MM` / `YYYY-Qn` into a `PeriodKey`; throws `AppError(validation_failed)` otherwise. */
export function periodKey(text: string): PeriodKey {
  const p = parsePeriodKey(text);
  const key = p.kind === "month" ? `${pad(p.year, 4)}-${pad(p.index)}` : `${pad(p.year, 4)}-Q${p.index}`;
  return { key, ...p };
}

/** Parses `YYYY-MM` / `YYYY-Qn`; throws `AppError(validation_failed)` otherwise. */
export function parsePeriodKey(key: string): { kind: PeriodKind; year: number; index: number } {
  const m = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/.exec(key.trim());
  if (!m) {
    throw new AppError("validation_failed", `period must be YYYY-MM or YYYY-Qn, got "${key}"`, [
      { path: "period", message: "expected YYYY-MM or YYYY-Qn", value: key },
    ]);
  }
  const year = Number(m[1]);
  if (m[2]) return { kind: "month", year, index: Number(m[2]) };
  return { kind: "quarter", year, index: Number(m[3]) };
}

/** Checks an IANA time zone name; throws `AppError(validation_failed)` if unknown. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new AppError("validation_failed", `unknown time zone "${timeZone}"`, [
      { path: "timeZone", message: "unknown IANA time zone", value: timeZone },
    ]);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    assertTimeZone(timeZone);
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  };
}

/** The offset (local − UTC, in ms, whole seconds) of `timeZone` at `instant`. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return asUtc - truncated;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** The local calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

function dateToUtcMs(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new AppError("validation_failed", `date must be YYYY-MM-DD, got "${date}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `date` plus `n` calendar days (`YYYY-MM-DD`). */
export function addDays(date: string, n: number): string {
  return new Date(dateToUtcMs(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToUtcMs(b) - dateToUtcMs(a)) / DAY_MS);
}

/**
 * The first instant of local day `date` in `timeZone` (local midnight; where
 * midnight does not exist because of a DST jump, the first instant after it).
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = dateToUtcMs(date);
  let t = guess - zoneOffsetMs(new Date(guess), timeZone);
  const o2 = zoneOffsetMs(new Date(t), timeZone);
  const t2 = guess - o2;
  if (t2 !== t && localDate(new Date(t2), timeZone) === date) t = Math.min(t, t2);
  // A midnight skipped by DST: step forward to the first instant of `date`.
  if (localDate(new Date(t), timeZone) !== date) {
    const w = wallClock(new Date(t), timeZone);
    if (`${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}` < date) {
      t += ((24 - w.hour) * 3600 - w.minute * 60 - w.second) * 1000;
    }
  }
  return new Date(t);
}

/** The period `key` (a key already parsed, or its text) in `timeZone` (default UTC). */
export function periodRange(key: string | PeriodKey, timeZone = "UTC"): Period {
  const p = typeof key === "string" ? periodKey(key) : key;
  assertTimeZone(timeZone);
  const firstMonth = p.kind === "month" ? p.index : (p.index - 1) * 3 + 1;
  const months = p.kind === "month" ? 1 : 3;
  const startDate = `${pad(p.year, 4)}-${pad(firstMonth)}-01`;
  const nextY = firstMonth + months > 12 ? p.year + 1 : p.year;
  const nextM = ((firstMonth + months - 1) % 12) + 1;
  const afterDate = `${pad(nextY, 4)}-${pad(nextM)}-01`;
  const days = daysBetween(startDate, afterDate);
  return {
    key: p.key,
    kind: p.kind,
    year: p.year,
    index: p.index,
    timeZone,
    startDate,
    endDate: addDays(afterDate, -1),
    start: startOfLocalDay(startDate, timeZone),
    end: startOfLocalDay(afterDate, timeZone),
    days,
  };
}

/**
 * The fraction of the period's days that have passed at `asOf`, clamped to
 * [0, 1]: whole local days since the start plus the elapsed fraction of the
 * current local day (so a 23- or 25-hour DST day still counts as one day).
 */
export function elapsed(period: Period, asOf: Date): number {
  if (asOf.getTime() <= period.start.getTime()) return 0;
  if (asOf.getTime() >= period.end.getTime()) return 1;
  const today = localDate(asOf, period.timeZone);
  const dayStart = startOfLocalDay(today, period.timeZone).getTime();
  const dayEnd = startOfLocalDay(addDays(today, 1), period.timeZone).getTime();
  const whole = daysBetween(period.startDate, today);
  const frac = (asOf.getTime() - dayStart) / (dayEnd - dayStart);
  return Math.min(1, Math.max(0, (whole + frac) / period.days));
}

/** `weeksInPeriod` = the period's days / 7 (not rounded). */
export function weeksInPeriod(period: Period): number {
  return period.days / 7;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The period's own week containing `at`, 0-based: weeks are 7 × 24 h from the
 * period's start (as the Person page's weekly entries count them:
 * db/person.queries.ts); negative before the start. With its bounds, the last
 * week cut at the period's end.
 */
export function periodWeek(period: Period, at: Date): { index: number; start: Date; end: Date } {
  const index = Math.floor((at.getTime() - period.start.getTime()) / WEEK_MS);
  const start = new Date(period.start.getTime() + index * WEEK_MS);
  return { index, start, end: new Date(Math.min(start.getTime() + WEEK_MS, period.end.getTime())) };
}

/** Whether `instant` lies in [period.start, period.end). */
export function inPeriod(instant: Date, period: Period): boolean {
  const t = instant.getTime();
  return t >= period.start.getTime() && t < period.end.getTime();
}

/** Whether a local date `YYYY-MM-DD` (e.g. a deal's expected close) lies in the period. */
export function dateInPeriod(date: string, period: Period): boolean {
  return date >= period.startDate && date <= period.endDate;
}

/** The key of the period of `kind` that contains `asOf` in `timeZone`. */
export function periodContaining(asOf: Date, kind: PeriodKind, timeZone = "UTC"): string {
  const d = localDate(asOf, timeZone);
  const year = d.slice(0, 4);
  const month = Number(d.slice(5, 7));
  return kind === "month" ? `${year}-${pad(month)}` : `${year}-Q${Math.ceil(month / 3)}`;
}

/** The period before `key` (same kind). */
export function previousPeriod(key: string): string {
  return shiftPeriod(key, -1);
}

/** The period after `key` (same kind). */
export function nextPeriod(key: string): string {
  return shiftPeriod(key, 1);
}

function shiftPeriod(key: string, by: number): string {
  const p = parsePeriodKey(key);
  const per = p.kind === "month" ? 12 : 4;
  const i = p.year * per + (p.index - 1) + by;
  const year = Math.floor(i / per);
  const index = (i % per) + 1;
  return p.kind === "month" ? `${pad(year, 4)}-${pad(index)}` : `${pad(year, 4)}-Q${index}`;
}

/** A rate window: instants in (from, to]. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

/** The window of `days` × 24 h ending at (and including) `end`. */
export function windowEndingAt(end: Date, days: number): TimeWindow {
  return { from: new Date(end.getTime() - days * DAY_MS), to: end };
}

/** Whether `instant` lies in the window (from, to]. */
export function inWindow(instant: Date, w: TimeWindow): boolean {
  const t = instant.getTime();
  return t > w.from.getTime() && t <= w.to.getTime();
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An as-of as the user gave it, parsed (`asOfOf`) but not yet placed in a time
 * zone: now (the default), an instant, or a local date (the start of that day
 * in the organisation's zone).
 */
export type AsOf = { now: true } | { at: Date } | { date: string };

/** Parses asOf: an ISO 8601 instant with an offset, a local date `YYYY-MM-DD`, or nothing (now). */
export function asOfOf(v: string | Date | undefined): AsOf {
  if (v === undefined || v === "") return { now: true };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw badAsOf(String(v));
    return { at: v };
  }
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw badAsOf(v);
    return { date: s };
  }
  const d = new Date(s);
  if (!ISO_INSTANT.test(s) || Number.isNaN(d.getTime())) throw badAsOf(v);
  return { at: d };
}

/** The instant of a parsed asOf in `timeZone`, with `now` for the default. */
export function asOfInstant(a: AsOf, timeZone: string, now: Date): Date {
  if ("at" in a) return a.at;
  if ("date" in a) return startOfLocalDay(a.date, timeZone);
  return now;
}

/**
 * A report's period and as-of, parsed once at the edge (a route, the CLI, a
 * use-case naming its own period) and placed in the organisation's zone once,
 * by the service (`placeReportTime`), which passes the `Period` and the instant down.
 */
export interface ReportTime {
  period: PeriodKey;
  asOf: AsOf;
}

/** Parses a report's period (`YYYY-MM` / `YYYY-Qn`) and asOf (default: now). */
export function reportTime(period: string, asOf?: string | Date): ReportTime {
  return { period: periodKey(period), asOf: asOfOf(asOf) };
}

/** A report's period and as-of in `timeZone` (`now` for a default asOf). */
export function placeReportTime(
  t: { period: PeriodKey; asOf?: AsOf },
  timeZone: string,
  now: Date,
): { period: Period; asOf: Date } {
  return {
    period: periodRange(t.period, timeZone),
    asOf: asOfInstant(t.asOf ?? { now: true }, timeZone, now),
  };
}

function badAsOf(v: string): AppError {
  return new AppError(
    "validation_failed",
    `asOf must be an ISO 8601 time with an offset (2026-09-01T00:00:00Z) or a date, got "${v}"`,
    [{ path: "asOf", message: "expected an ISO 8601 time with offset, or YYYY-MM-DD", value: v }],
  );
}
