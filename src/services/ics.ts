/**
 * Reads an .ics calendar (ical.js, the Mozilla calendar parser): every
 * occurrence of every event that starts in [from, to), with recurrence rules,
 * RDATE/EXDATE, moved or cancelled occurrences (RECURRENCE-ID) and the file's
 * VTIMEZONE definitions applied. Times are returned as instants.
 */
import ICAL from "ical.js";
import { AppError } from "../domain/errors.js";

export interface Occurrence {
  uid: string;
  /** Start instant of this occurrence (ISO) as originally scheduled: the key of a recurring instance. */
  recurrenceKey: string;
  title: string;
  start: Date;
  end: Date;
  /** Attendees' emails (lower case), without `mailto:`. */
  attendees: string[];
  organizer: string | null;
}

const MAX_OCCURRENCES = 20_000;

function emailOf(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const s = v
    .replace(/^mailto:/i, "")
    .trim()
    .toLowerCase();
  return s.includes("@") ? s : null;
}

function describe(e: ICAL.Event) {
  const attendees = e.attendees.map((a) => emailOf(a.getFirstValue())).filter((x): x is string => x !== null);
  const org = e.component.getFirstPropertyValue("organizer");
  const cancelled = String(e.component.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED";
  return { title: e.summary ?? "", attendees, organizer: emailOf(org), cancelled };
}

export function readCalendar(text: string, from: Date, to: Date): Occurrence[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (e) {
    throw new AppError("validation_failed", `ics: not a calendar file (${(e as Error).message})`, [
      { path: "ics", message: (e as Error).message },
    ]);
  }
  for (const tz of root.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(tz);
    if (!ICAL.TimezoneService.has(zone.tzid)) ICAL.TimezoneService.register(zone);
  }
  const vevents = root.getAllSubcomponents("vevent");
  const exceptions = vevents.filter((v) => v.hasProperty("recurrence-id"));
  const out: Occurrence[] = [];
  for (const v of vevents) {
    if (v.hasProperty("recurrence-id")) continue;
    const ev = new ICAL.Event(v);
    for (const x of exceptions) {
      if (x.getFirstPropertyValue("uid") === ev.uid) ev.relateException(x);
    }
    const add = (start: Date, end: Date, recurrenceKey: string, item: ICAL.Event) => {
      if (start < from || start >= to) return;
      const d = describe(item);
      if (d.cancelled) return;
      out.push({
        uid: ev.uid,
        recurrenceKey,
        title: d.title,
        start,
        end,
        attendees: d.attendees,
        organizer: d.organizer,
      });
    };
    if (!ev.isRecurring()) {
      add(ev.startDate.toJSDate(), ev.endDate.toJSDate(), ev.startDate.toJSDate().toISOString(), ev);
      continue;
    }
    const it = ev.iterator();
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const next = it.next();
      if (!next) break;
      const d = ev.getOccurrenceDetails(next);
      // A moved occurrence may start later than its recurrence instant; stop on the instant only.
      if (next.toJSDate() >= to && d.startDate.toJSDate() >= to) break;
      add(d.startDate.toJSDate(), d.endDate.toJSDate(), d.recurrenceId.toJSDate().toISOString(), d.item);
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
}
