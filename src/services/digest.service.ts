/**
 * The weekly digest (issue 11, item 10): every Monday at 07:00 in the
 * organisation's time zone, each salesperson and manager gets their week —
 * commitments kept, missed and still open; for managers, reviews overdue and
 * their reports' missed commitments — in the inbox and, when SMTP is
 * configured, by email. Runs as the durable job `digest.weekly`, which
 * schedules the next one.
 */

import type { Db, Tx } from "../db/client.js";
import { digestPeople } from "../db/digest.queries.js";
import { allOrganisations, type ClaimedJob, insertJob } from "../db/jobs.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { addDays, localDate, startOfLocalDay } from "../domain/periods.js";
import { resolveSettings } from "../domain/settings.js";
import { weekStart } from "../domain/timesheet.js";
import type { Mailer } from "./mail.js";
import { notify } from "./notifications.service.js";

const HOUR = 3_600_000;
export const DIGEST_HOUR = 7;

/** The first Monday 07:00 (local) strictly after `now`, with its local date. */
export function nextDigest(now: Date, timeZone: string): { date: string; at: Date } {
  let date = weekStart(localDate(now, timeZone));
  for (;;) {
    const at = new Date(startOfLocalDay(date, timeZone).getTime() + DIGEST_HOUR * HOUR);
    if (at.getTime() > now.getTime()) return { date, at };
    date = addDays(date, 7);
  }
}

/** Makes sure every organisation has its next digest scheduled (idempotent: one job per date). */
export async function scheduleDigests(db: Db | Tx, now: Date): Promise<void> {
  for (const org of await allOrganisations(db)) {
    const next = nextDigest(now, org.timeZone);
    await insertJob(db, {
      orgId: org.id,
      kind: "digest.weekly",
      key: `digest.weekly:${next.date}`,
      payload: { date: next.date },
      runAt: next.at,
    });
  }
}

const n = (x: number, one: string, many = `${one}s`) => `${x} ${x === 1 ? one : many}`;

/** The job: one digest per person for the week before the job's time; then the next week's job. */
export async function sendWeeklyDigest(
  tx: Tx,
  job: ClaimedJob,
  now: Date,
  mailer: Mailer | null,
): Promise<void> {
  const org = await getOrganisation(tx, job.orgId);
  if (!org) return;
  const settings = resolveSettings(org.settings);
  const date = String(job.payload.date);
  const end = job.runAt;
  const start = new Date(end.getTime() - 7 * 24 * HOUR);
  const people = await digestPeople(tx, job.orgId, start, end, settings.reviewCadenceDays);
  for (const p of people) {
    const lines = [
      `Hello ${p.name},`,
      "",
      `Your week in ${org.name} (to ${date}):`,
      `- commitments kept: ${p.kept}`,
      `- commitments missed: ${p.missed}`,
      `- commitments still open: ${p.pending}`,
    ];
    if (p.role === "manager") {
      lines.push(
        `- reviews overdue: ${p.overdue} of ${n(p.reports, "direct report")}`,
        `- commitments your reports missed: ${p.reportsMissed}`,
      );
    }
    lines.push("", "Open Stepwise to see the details.");
    const subject = `Stepwise weekly digest for ${p.name}, week to ${date}`;
    await notify(tx, {
      orgId: job.orgId,
      personId: p.id,
      kind: "digest.weekly",
      title: `Your week: ${n(p.kept, "commitment")} kept, ${p.missed} missed${p.role === "manager" ? `, ${n(p.overdue, "review")} overdue` : ""}`,
      link: "/reviews",
      key: `digest.weekly:${date}`,
      createdAt: now,
    });
    // Inside the job's transaction: a failed send rolls the job back and it is retried (at least once).
    if (mailer) await mailer.send({ to: p.email, subject, text: lines.join("\n") });
  }
  const next = addDays(date, 7);
  await insertJob(tx, {
    orgId: job.orgId,
    kind: "digest.weekly",
    key: `digest.weekly:${next}`,
    payload: { date: next },
    runAt: new Date(startOfLocalDay(next, org.timeZone).getTime() + DIGEST_HOUR * HOUR),
  });
}
