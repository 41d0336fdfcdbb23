/**
 * SQL for reviews and commitments: the review history, the open deals an
 * agenda lists, and the counts that decide a measurable commitment.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { commitments, reviews } from "./schema.js";
import { one, rows } from "./sql.js";

export type ReviewRow = typeof reviews.$inferSelect;
export type CommitmentRow = typeof commitments.$inferSelect;

export async function insertReview(db: DbOrTx, row: typeof reviews.$inferInsert): Promise<ReviewRow> {
  const [r] = await db.insert(reviews).values(row).returning();
  return r;
}

export async function getReview(db: DbOrTx, orgId: string, id: string): Promise<ReviewRow | undefined> {
  const r = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.orgId, orgId), eq(reviews.id, id)));
  return r[0];
}

export async function updateReview(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<Pick<ReviewRow, "notes" | "managerSignedAt" | "personSignedAt">>,
): Promise<ReviewRow | undefined> {
  const r = await db
    .update(reviews)
    .set(patch)
    .where(and(eq(reviews.orgId, orgId), eq(reviews.id, id)))
    .returning();
  return r[0];
}

/** Reviews of the given people (null: everybody), newest first. */
export async function listReviews(
  db: DbOrTx,
  orgId: string,
  personIds: string[] | null,
  limit: number,
): Promise<ReviewRow[]> {
  const where = [eq(reviews.orgId, orgId)];
  if (personIds !== null) where.push(inArray(reviews.personId, personIds.length ? personIds : ["-"]));
  return db
    .select()
    .from(reviews)
    .where(and(...where))
    .orderBy(desc(reviews.heldAt), desc(reviews.id))
    .limit(limit);
}

/** The person's latest review held before `before` (the previous one), if any. */
export async function previousReviewAt(
  db: DbOrTx,
  orgId: string,
  personId: string,
  before: Date,
): Promise<Date | null> {
  const r = await one<{ at: Date | null }>(
    db,
    sql`select max(held_at) as at from reviews
        where org_id = ${orgId} and person_id = ${personId} and held_at < ${before.toISOString()}::timestamptz`,
  );
  return r?.at ? new Date(r.at) : null;
}

/** Latest review at or before asOf per person (people without one are absent). */
export async function lastReviewAt(
  db: DbOrTx,
  orgId: string,
  personIds: string[],
  asOf: Date,
): Promise<Map<string, Date>> {
  if (!personIds.length) return new Map();
  const r = await rows<{ personId: string; at: Date }>(
    db,
    sql`select person_id as "personId", max(held_at) as at from reviews
        where org_id = ${orgId} and person_id in (${sql.join(
          personIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and held_at <= ${asOf.toISOString()}::timestamptz
        group by person_id`,
  );
  return new Map(r.map((x) => [x.personId, new Date(x.at)]));
}

export interface OpenDealRow {
  id: string;
  name: string;
  step: number;
  value: number;
  stepEnteredAt: Date;
  hasNextStep: boolean;
}

/**
 * The person's open deals with whether each has a scheduled activity, not done
 * as of asOf, dated at or after asOf ("what's next?", metrics.md nextStepCoverage).
 */
export async function openDealsOf(
  db: DbOrTx,
  orgId: string,
  personId: string,
  asOf: Date,
): Promise<OpenDealRow[]> {
  const at = asOf.toISOString();
  const r = await rows<OpenDealRow>(
    db,
    sql`select d.id, d.name, d.current_step::int as step, d.value::float8 as value,
               d.step_entered_at as "stepEnteredAt",
               exists (select 1 from activities a
                       where a.org_id = d.org_id and a.deal_id = d.id
                         and a.scheduled_for >= ${at}::timestamptz
                         and (a.done_at is null or a.done_at > ${at}::timestamptz)) as "hasNextStep"
        from deals d
        where d.org_id = ${orgId} and d.owner_id = ${personId} and d.status = 'open'
        order by d.current_step, d.name, d.id`,
  );
  return r.map((d) => ({ ...d, stepEnteredAt: new Date(d.stepEnteredAt), value: Number(d.value) }));
}

export async function insertCommitment(
  db: DbOrTx,
  row: typeof commitments.$inferInsert,
): Promise<CommitmentRow> {
  const [r] = await db.insert(commitments).values(row).returning();
  return r;
}

export async function getCommitment(
  db: DbOrTx,
  orgId: string,
  id: string,
  forUpdate = false,
): Promise<CommitmentRow | undefined> {
  const q = db
    .select()
    .from(commitments)
    .where(and(eq(commitments.orgId, orgId), eq(commitments.id, id)));
  const r = forUpdate ? await q.for("update") : await q;
  return r[0];
}

export async function updateCommitment(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<Pick<CommitmentRow, "status" | "count" | "checkedAt" | "checkedBy">>,
): Promise<CommitmentRow | undefined> {
  const r = await db
    .update(commitments)
    .set(patch)
    .where(and(eq(commitments.orgId, orgId), eq(commitments.id, id)))
    .returning();
  return r[0];
}

export interface CommitmentFilter {
  personIds: string[] | null;
  status?: string;
  /** Only those due at or after this instant. */
  dueFrom?: Date;
  reviewId?: string;
  limit: number;
}

/** Commitments of the given people, by due time (latest first). */
export async function listCommitments(
  db: DbOrTx,
  orgId: string,
  f: CommitmentFilter,
): Promise<CommitmentRow[]> {
  const where = [eq(commitments.orgId, orgId)];
  if (f.personIds !== null)
    where.push(inArray(commitments.personId, f.personIds.length ? f.personIds : ["-"]));
  if (f.status) where.push(eq(commitments.status, f.status as CommitmentRow["status"]));
  if (f.reviewId) where.push(eq(commitments.reviewId, f.reviewId));
  if (f.dueFrom) where.push(sql`${commitments.dueAt} >= ${f.dueFrom.toISOString()}::timestamptz`);
  return db
    .select()
    .from(commitments)
    .where(and(...where))
    .orderBy(desc(commitments.dueAt), desc(commitments.createdAt))
    .limit(f.limit);
}

/**
 * The count that decides a measurable commitment (metrics.md): the person's
 * activities of the kind done in [from, to), or their deals that reached the
 * step (explicitly or implicitly; deal_step_minima.m<s>) in [from, to).
 */
export async function commitmentCountSql(
  db: DbOrTx,
  orgId: string,
  c: { personId: string; step: number | null; activityKind: string | null; from: Date; to: Date },
): Promise<number> {
  const from = c.from.toISOString();
  const to = c.to.toISOString();
  if (c.activityKind !== null) {
    const r = await one<{ n: number }>(
      db,
      sql`select count(*)::int as n from activities
          where org_id = ${orgId} and owner_id = ${c.personId} and kind = ${c.activityKind}
            and done_at >= ${from}::timestamptz and done_at < ${to}::timestamptz`,
    );
    return r?.n ?? 0;
  }
  const s = Number(c.step);
  if (!(s >= 1 && s <= 7)) throw new Error(`commitment step out of range: ${c.step}`);
  const col = sql.raw(`m${s}`);
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from deal_step_minima
        where org_id = ${orgId} and owner_id = ${c.personId}
          and ${col} >= ${from}::timestamptz and ${col} < ${to}::timestamptz`,
  );
  return r?.n ?? 0;
}
