/** SQL for the weekly digest: who gets one, and the figures it reports. */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { rows } from "./sql.js";

export interface DigestPerson {
  id: string;
  email: string;
  name: string;
  role: string;
  /** Commitments still pending. */
  pending: number;
  /** Commitments checked or marked in the week: kept / missed. */
  kept: number;
  missed: number;
  /** Direct reports (salespeople) and those of them whose last review is older than the cadence (or none). */
  reports: number;
  overdue: number;
  /** Missed commitments of the direct reports in the week. */
  reportsMissed: number;
}

/** Every active salesperson and manager of the organisation with the week's figures. */
export async function digestPeople(
  db: DbOrTx,
  orgId: string,
  weekStart: Date,
  weekEnd: Date,
  cadenceDays: number,
): Promise<DigestPerson[]> {
  const from = weekStart.toISOString();
  const to = weekEnd.toISOString();
  return rows<DigestPerson>(
    db,
    sql`with c as (
          select person_id, status, checked_at from commitments where org_id = ${orgId}
        ), last_review as (
          select person_id, max(held_at) as at from reviews
          where org_id = ${orgId} and held_at <= ${to}::timestamptz group by person_id
        )
        select p.id, p.email, p.name, p.role,
          (select count(*) from c where c.person_id = p.id and c.status = 'pending')::int as pending,
          (select count(*) from c where c.person_id = p.id and c.status = 'kept'
             and c.checked_at >= ${from}::timestamptz and c.checked_at < ${to}::timestamptz)::int as kept,
          (select count(*) from c where c.person_id = p.id and c.status = 'missed'
             and c.checked_at >= ${from}::timestamptz and c.checked_at < ${to}::timestamptz)::int as missed,
          (select count(*) from people r where r.org_id = p.org_id and r.manager_id = p.id
             and r.active and r.role = 'salesperson')::int as reports,
          (select count(*) from people r left join last_review lr on lr.person_id = r.id
             where r.org_id = p.org_id and r.manager_id = p.id and r.active and r.role = 'salesperson'
               and (lr.at is null or lr.at < ${to}::timestamptz - make_interval(days => ${cadenceDays})))::int as overdue,
          (select count(*) from people r join c on c.person_id = r.id
             where r.org_id = p.org_id and r.manager_id = p.id and c.status = 'missed'
               and c.checked_at >= ${from}::timestamptz and c.checked_at < ${to}::timestamptz)::int as "reportsMissed"
        from people p
        where p.org_id = ${orgId} and p.active and p.role in ('salesperson', 'manager')
        order by p.email`,
  );
}
