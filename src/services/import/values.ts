/**
 * Reading the values of vendor exports: times and dates in the formats the CRMs
 * write (ISO-like, US/European slash dates, 12-hour clocks, dotted dates),
 * amounts with currency signs and thousands separators, yes/no flags and
 * durations. Times come out as "YYYY-MM-DD HH:MM:SS[offset]" text: without an
 * offset PostgreSQL reads them in the organisation's time zone (the import sets it).
 */
import type { DateOrder } from "./mapping.js";

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(reason: string): Read<T> => ({ ok: false, reason });

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
const pad = (n: number) => String(n).padStart(2, "0");

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const SLASH =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$/;

export interface TimeParts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
  frac?: string;
  offset?: string;
  hasTime: boolean;
}

/** The parts of a date or time in any accepted format; undefined when it is none of them. */
export function timeParts(v: string, order: DateOrder): TimeParts | undefined {
  let m = ISO.exec(v);
  if (m) {
    const p: TimeParts = {
      y: +m[1],
      m: +m[2],
      d: +m[3],
      hh: m[4] === undefined ? 0 : +m[4],
      mi: m[5] === undefined ? 0 : +m[5],
      ss: m[6] === undefined ? 0 : +m[6],
      frac: m[7]?.slice(0, 6),
      offset: m[8],
      hasTime: m[4] !== undefined,
    };
    return valid(p) ? p : undefined;
  }
  m = SLASH.exec(v);
  if (!m) return undefined;
  // A dotted date (31.12.2026) is always day first; slashes follow the mapping's dateOrder.
  const dayFirst = m[2] === "." || order === "DMY";
  const a = +m[1];
  const b = +m[3];
  let y = +m[4];
  if (m[4].length === 2) y += 2000;
  let hh = m[5] === undefined ? 0 : +m[5];
  const ampm = m[8]?.[0].toLowerCase();
  if (ampm) {
    if (hh < 1 || hh > 12) return undefined;
    hh = (hh % 12) + (ampm === "p" ? 12 : 0);
  }
  const p: TimeParts = {
    y,
    m: dayFirst ? b : a,
    d: dayFirst ? a : b,
    hh,
    mi: m[6] === undefined ? 0 : +m[6],
    ss: m[7] === undefined ? 0 : +m[7],
    hasTime: m[5] !== undefined,
  };
  return valid(p) ? p : undefined;
}

function valid(p: TimeParts): boolean {
  return (
    validDate(p.y, p.m, p.d) &&
    p.hh <= 23 &&
    p.mi <= 59 &&
    p.ss <= 59 &&
    (p.offset === undefined || /^z$/i.test(p.offset) || +p.offset.slice(1, 3) <= 15)
  );
}

const ymd = (p: TimeParts) => `${p.y}-${pad(p.m)}-${pad(p.d)}`;

/** A time (a date alone is midnight), as text PostgreSQL reads in the session's time zone. */
export function readTime(v: string, order: DateOrder, formats: string): Read<string> {
  const p = timeParts(v, order);
  if (!p) return bad(`not a date/time (${formats})`);
  const t = `${ymd(p)} ${pad(p.hh)}:${pad(p.mi)}:${pad(p.ss)}${p.frac ? `.${p.frac}` : ""}`;
  return ok(p.offset ? `${t}${/^z$/i.test(p.offset) ? "Z" : p.offset}` : t);
}

/** A calendar day; a time part is dropped. */
export function readDate(v: string, order: DateOrder, formats: string): Read<string> {
  const p = timeParts(v, order);
  return p ? ok(ymd(p)) : bad(`not a date (${formats})`);
}

/** Evidence of the day/month order in a slash date: "DMY" when the first number is > 12, "MDY" when the second is. */
export function slashOrderEvidence(v: string): DateOrder | "ambiguous" | undefined {
  const m = SLASH.exec(v);
  if (!m || m[2] === ".") return undefined;
  if (+m[1] > 12 && +m[3] <= 12) return "DMY";
  if (+m[3] > 12 && +m[1] <= 12) return "MDY";
  return +m[1] <= 12 && +m[3] <= 12 ? "ambiguous" : undefined;
}

/**
 * An amount: an optional currency sign or ISO code before or after, thousands
 * separated by commas (1,234.50) or not. More than 2 decimals are rounded half up
 * to cents (CRMs store amounts with more). Negative amounts are refused.
 */
const CODE_BEFORE = /^([A-Z]{3})\s*/;
const CODE_AFTER = /\s*([A-Z]{3})$/;

/** The ISO code written with an amount ("EUR 1,500.00", "1500EUR"), the one readMoney drops; "" when none. */
export function moneyCurrency(v: string): string {
  return (CODE_BEFORE.exec(v) ?? CODE_AFTER.exec(v))?.[1] ?? "";
}

export function readMoney(v: string): Read<string> {
  const s = v
    .replace(CODE_BEFORE, "")
    .replace(CODE_AFTER, "")
    .replace(/^[$€£¥]\s*/, "")
    .replace(/\s*[$€£¥]$/, "")
    .trim();
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return bad("not an amount (digits with a decimal point, e.g. 1500 or 1,500.00 or USD 1,500.00)");
  const int = m[1].replaceAll(",", "");
  const frac = m[2] ?? "";
  let cents = BigInt(int) * 100n + BigInt(`${frac}00`.slice(0, 2));
  if (frac.length > 2 && +frac[2] >= 5) cents += 1n;
  if (int.replace(/^0+/, "").length > 12)
    return bad("amount too large (at most 12 digits before the decimal point)");
  return ok(`${cents / 100n}.${pad(Number(cents % 100n))}`);
}

const TRUE = ["true", "1", "yes", "y", "done", "completed", "x"];
const FALSE = ["false", "0", "no", "n", "undone", "to do", "not done", ""];
export function readBool(v: string): Read<boolean> {
  const l = v.trim().toLowerCase();
  if (TRUE.includes(l)) return ok(true);
  if (FALSE.includes(l)) return ok(false);
  return bad("not a yes/no value (true/false, 1/0, yes/no)");
}

/**
 * A duration in whole minutes: "HH:MM", "HH:MM:SS", or a plain number in `unit`
 * (Pipedrive minutes, HubSpot milliseconds, Salesforce minutes or seconds).
 */
export function readDuration(v: string, unit: "minutes" | "seconds" | "milliseconds"): Read<number> {
  let m = /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (m) {
    // "HH:MM" or "HH:MM:SS"
    const secs = +m[1] * 3600 + +m[2] * 60 + (m[3] ? +m[3] : 0);
    return ok(Math.round(secs / 60));
  }
  m = /^\d{1,12}(\.\d+)?$/.exec(v);
  if (!m) return bad("not a duration (HH:MM, HH:MM:SS or a number)");
  const n = Number(v);
  return ok(Math.round(unit === "minutes" ? n : unit === "seconds" ? n / 60 : n / 60000));
}
