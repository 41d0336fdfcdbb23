/** Formatting shared by every screen. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Whole units of the organisation's currency: "$12,500". */
export function formatMoney(value: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 });
    } catch {
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
    }
    moneyFormats.set(currency, f);
  }
  return f.format(value);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment for people: "Nov 27, 2026, 3:40 AM" in the browser's time zone; `ifNone` for null. */
export function formatDateTime(iso: string | null | undefined, ifNone = "—"): string {
  return iso ? dateTime.format(new Date(iso)) : ifNone;
}
