/** SQL for coaching sessions, recognition, the team feed and performance plans. */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";
import { coachingSessions, performancePlans, recognitions } from "./schema.js";
import { rows } from "./sql.js";

export type CoachingRow = typeof coachingSessions.$inferSelect;
export type RecognitionRow = typeof recognitions.$inferSelect;
export type PlanRow = typeof performancePlans.$inferSelect;

const inIds = (col: AnyPgColumn, ids: string[] | null) =>
  ids === null ? undefined : inArray(col, ids.length ? ids : ["-"]);

export async function insertCoaching(
  db: DbOrTx,
  row: typeof coachingSessions.$inferInsert,
): Promise<CoachingRow> {
  const [r] = await db.insert(coachingSessions).values(row).returning();
  return r;
}

export async function getCoaching(db: DbOrTx, orgId: string, id: string): Promise<CoachingRow | undefined> {
  const [r] = await db
    .select()
    .from(coachingSessions)
    .where(and(eq(coachingSessions.orgId, orgId), eq(coachingSessions.id, id)));
  return r;
}

export async function listCoaching(
  db: DbOrTx,
  orgId: string,
  personIds: string[] | null,
): Promise<CoachingRow[]> {
  return db
    .select()
    .from(coachingSessions)
    .where(and(eq(coachingSessions.orgId, orgId), inIds(coachingSessions.personId, personIds)))
    .orderBy(desc(coachingSessions.heldOn), desc(coachingSessions.createdAt))
    .limit(200);
}

export async function insertRecognition(
  db: DbOrTx,
  row: typeof recognitions.$inferInsert,
): Promise<RecognitionRow> {
  const [r] = await db.insert(recognitions).values(row).returning();
  return r;
}

export interface FeedItem {
  kind: "recognition" | "win" | "commitment_kept";
  at: Date;
  personId: string;
  personName: string;
  text: string;
}

/** Wins, kept commitments and recognitions of the given people since `since`, newest first. */
export async function teamFeed(
  db: DbOrTx,
  orgId: string,
  personIds: string[] | null,
  since: Date,
  limit: number,
): Promise<FeedItem[]> {
  const who = (col: string) =>
    personIds === null
      ? sql`true`
      : personIds.length
        ? sql`${sql.raw(col)} in (${sql.join(
            personIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`;
  const s = since.toISOString();
  const r = await rows<FeedItem>(
    db,
    sql`select * from (
          select 'recognition' as kind, r.created_at as at, r.person_id as "personId", p.name as "personName",
                 r.achievement || coalesce(' — ' || r.note, '') as text
          from recognitions r join people p on p.org_id = r.org_id and p.id = r.person_id
          where r.org_id = ${orgId} and r.created_at >= ${s}::timestamptz and ${who("r.person_id")}
          union all
          select 'win', d.closed_at, d.owner_id, p.name, 'Won ' || d.name
          from deals d join people p on p.org_id = d.org_id and p.id = d.owner_id
          where d.org_id = ${orgId} and d.status = 'won' and d.closed_at >= ${s}::timestamptz and ${who("d.owner_id")}
          union all
          select 'commitment_kept', c.checked_at, c.person_id, p.name, 'Kept: ' || c.text
          from commitments c join people p on p.org_id = c.org_id and p.id = c.person_id
          where c.org_id = ${orgId} and c.status = 'kept' and c.checked_at >= ${s}::timestamptz and ${who("c.person_id")}
        ) f order by at desc limit ${limit}`,
  );
  return r.map((x) => ({ ...x, at: new Date(x.at) }));
}

/** Ids of the active people sharing a team name. */
export async function teamMemberIds(db: DbOrTx, orgId: string, team: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`select id from people where org_id = ${orgId} and team = ${team} and active`,
  );
  return r.map((x) => x.id);
}

export async function insertPlan(db: DbOrTx, row: typeof performancePlans.$inferInsert): Promise<PlanRow> {
  const [r] = await db.insert(performancePlans).values(row).returning();
  return r;
}

export async function getPlanRow(db: DbOrTx, orgId: string, id: string): Promise<PlanRow | undefined> {
  const r = await db
    .select()
    .from(performancePlans)
    .where(and(eq(performancePlans.orgId, orgId), eq(performancePlans.id, id)));
  return r[0];
}

export async function updatePlan(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<Pick<PlanRow, "status" | "acknowledgedAt" | "outcome" | "outcomeNote" | "closedAt">>,
): Promise<PlanRow | undefined> {
  const r = await db
    .update(performancePlans)
    .set(patch)
    .where(and(eq(performancePlans.orgId, orgId), eq(performancePlans.id, id)))
    .returning();
  return r[0];
}

export async function listPlans(db: DbOrTx, orgId: string, personIds: string[] | null): Promise<PlanRow[]> {
  return db
    .select()
    .from(performancePlans)
    .where(and(eq(performancePlans.orgId, orgId), inIds(performancePlans.personId, personIds)))
    .orderBy(desc(performancePlans.createdAt))
    .limit(200);
}
