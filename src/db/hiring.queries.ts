/** SQL for hiring: candidates and their status history, the interview guide, interviews (docs/hiring.md). */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type CandidateStatus, SEED_GUIDE, type Subject } from "../domain/hiring.js";
import { STEP_KEYS, type StepKey, stepNumber } from "../domain/steps.js";
import type { DbOrTx } from "./client.js";
import {
  candidateStatusChanges,
  candidates,
  interviewAnswers,
  interviewQuestions,
  interviewScores,
  interviews,
  people,
} from "./schema.js";
import { rows } from "./sql.js";

export type CandidateRow = typeof candidates.$inferSelect;
export type QuestionRow = typeof interviewQuestions.$inferSelect;
export type InterviewRow = typeof interviews.$inferSelect;

/** The team names carried by the given people (null: every team of the organisation). */
export async function teamsOf(db: DbOrTx, orgId: string, personIds: string[] | null): Promise<string[]> {
  const who =
    personIds === null
      ? sql`true`
      : personIds.length
        ? sql`id in (${sql.join(
            personIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`;
  const r = await rows<{ team: string }>(
    db,
    sql`select distinct team from people where org_id = ${orgId} and active and team is not null and ${who} order by team`,
  );
  return r.map((x) => x.team);
}

/** The active managers carrying a team name, by name. */
export async function teamManagers(db: DbOrTx, orgId: string, team: string) {
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(
      and(
        eq(people.orgId, orgId),
        eq(people.team, team),
        eq(people.role, "manager"),
        eq(people.active, true),
      ),
    )
    .orderBy(asc(people.name), asc(people.id));
}

export async function listCandidates(
  db: DbOrTx,
  orgId: string,
  teams: string[] | null,
  q: { team?: string; status?: CandidateStatus; personId?: string } = {},
): Promise<CandidateRow[]> {
  if (teams !== null && teams.length === 0) return [];
  return db
    .select()
    .from(candidates)
    .where(
      and(
        eq(candidates.orgId, orgId),
        teams === null ? undefined : inArray(candidates.team, teams),
        q.team ? eq(candidates.team, q.team) : undefined,
        q.status ? eq(candidates.status, q.status) : undefined,
        q.personId ? eq(candidates.personId, q.personId) : undefined,
      ),
    )
    .orderBy(desc(candidates.createdAt), asc(candidates.id))
    .limit(500);
}

export async function getCandidate(db: DbOrTx, orgId: string, id: string): Promise<CandidateRow | undefined> {
  const r = await db
    .select()
    .from(candidates)
    .where(and(eq(candidates.orgId, orgId), eq(candidates.id, id)));
  return r[0];
}

export async function insertCandidate(
  db: DbOrTx,
  row: typeof candidates.$inferInsert,
): Promise<CandidateRow> {
  const [r] = await db.insert(candidates).values(row).returning();
  await db.insert(candidateStatusChanges).values({
    orgId: r.orgId,
    candidateId: r.id,
    status: r.status,
    at: r.createdAt,
    by: r.createdBy,
  });
  return r;
}

export async function updateCandidate(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<typeof candidates.$inferInsert>,
): Promise<CandidateRow> {
  const [r] = await db
    .update(candidates)
    .set(patch)
    .where(and(eq(candidates.orgId, orgId), eq(candidates.id, id)))
    .returning();
  return r;
}

/** Sets the status and appends it to the history. */
export async function moveCandidate(
  db: DbOrTx,
  c: { orgId: string; id: string },
  status: CandidateStatus,
  by: string | null,
  note: string | null,
  extra: Partial<typeof candidates.$inferInsert> = {},
): Promise<CandidateRow> {
  const r = await updateCandidate(db, c.orgId, c.id, { ...extra, status });
  await db.insert(candidateStatusChanges).values({ orgId: c.orgId, candidateId: c.id, status, by, note });
  return r;
}

export async function statusHistory(db: DbOrTx, orgId: string, candidateId: string) {
  return db
    .select()
    .from(candidateStatusChanges)
    .where(and(eq(candidateStatusChanges.orgId, orgId), eq(candidateStatusChanges.candidateId, candidateId)))
    .orderBy(asc(candidateStatusChanges.at), asc(candidateStatusChanges.id));
}

/** Seeds the book's questions for an organisation that has none (idempotent: the seed keys are unique). */
export async function seedGuide(db: DbOrTx, orgId: string): Promise<void> {
  await db
    .insert(interviewQuestions)
    .values(
      SEED_GUIDE.map((q, i) => ({
        orgId,
        seedKey: q.key,
        text: q.text,
        position: i + 1,
        ...subjectColumns(q.subject),
      })),
    )
    .onConflictDoNothing();
}

export function subjectColumns(subject: Subject): { attribute: string | null; step: number | null } {
  return (STEP_KEYS as readonly string[]).includes(subject)
    ? { attribute: null, step: stepNumber(subject as StepKey) }
    : { attribute: subject, step: null };
}

export async function listQuestions(db: DbOrTx, orgId: string): Promise<QuestionRow[]> {
  return db
    .select()
    .from(interviewQuestions)
    .where(eq(interviewQuestions.orgId, orgId))
    .orderBy(asc(interviewQuestions.position), asc(interviewQuestions.createdAt), asc(interviewQuestions.id));
}

export async function insertQuestion(
  db: DbOrTx,
  row: typeof interviewQuestions.$inferInsert,
): Promise<QuestionRow> {
  const [r] = await db.insert(interviewQuestions).values(row).returning();
  return r;
}

export async function updateQuestion(
  db: DbOrTx,
  orgId: string,
  id: string,
  patch: Partial<Pick<QuestionRow, "text" | "active" | "position">>,
): Promise<QuestionRow | undefined> {
  const [r] = await db
    .update(interviewQuestions)
    .set(patch)
    .where(and(eq(interviewQuestions.orgId, orgId), eq(interviewQuestions.id, id)))
    .returning();
  return r;
}

export async function insertInterview(
  db: DbOrTx,
  row: typeof interviews.$inferInsert,
  answers: { questionId: string; answer: string }[],
  scores: { subject: Subject; score: number; evidence: string }[],
): Promise<InterviewRow> {
  const [r] = await db.insert(interviews).values(row).returning();
  if (answers.length)
    await db
      .insert(interviewAnswers)
      .values(answers.map((a) => ({ orgId: r.orgId, interviewId: r.id, ...a })));
  if (scores.length)
    await db.insert(interviewScores).values(scores.map((s) => ({ orgId: r.orgId, interviewId: r.id, ...s })));
  return r;
}

export interface InterviewFull extends InterviewRow {
  interviewerName: string;
  answers: { questionId: string; question: string; answer: string }[];
  scores: { subject: string; score: number; evidence: string }[];
}

/** A candidate's interviews, oldest first, with their answers and scores. */
export async function candidateInterviews(
  db: DbOrTx,
  orgId: string,
  candidateId: string,
): Promise<InterviewFull[]> {
  const list = await rows<InterviewRow & { interviewerName: string }>(
    db,
    sql`select i.org_id as "orgId", i.id, i.candidate_id as "candidateId", i.interviewer_id as "interviewerId",
               i.held_on::text as "heldOn", i.created_at as "createdAt", p.name as "interviewerName"
        from interviews i join people p on p.org_id = i.org_id and p.id = i.interviewer_id
        where i.org_id = ${orgId} and i.candidate_id = ${candidateId}::uuid
        order by i.held_on, i.created_at, i.id`,
  );
  if (!list.length) return [];
  const ids = list.map((i) => i.id);
  const answers = await db
    .select({
      interviewId: interviewAnswers.interviewId,
      questionId: interviewAnswers.questionId,
      question: interviewQuestions.text,
      answer: interviewAnswers.answer,
    })
    .from(interviewAnswers)
    .innerJoin(
      interviewQuestions,
      and(
        eq(interviewQuestions.orgId, interviewAnswers.orgId),
        eq(interviewQuestions.id, interviewAnswers.questionId),
      ),
    )
    .where(and(eq(interviewAnswers.orgId, orgId), inArray(interviewAnswers.interviewId, ids)))
    .orderBy(asc(interviewQuestions.position));
  const scores = await db
    .select()
    .from(interviewScores)
    .where(and(eq(interviewScores.orgId, orgId), inArray(interviewScores.interviewId, ids)));
  return list.map((i) => ({
    ...i,
    createdAt: new Date(i.createdAt),
    answers: answers
      .filter((a) => a.interviewId === i.id)
      .map(({ questionId, question, answer }) => ({ questionId, question, answer })),
    scores: scores
      .filter((s) => s.interviewId === i.id)
      .map(({ subject, score, evidence }) => ({ subject, score, evidence })),
  }));
}

/** Every candidate's team, status and entry time (the bench counts all of them: no page limit). */
export async function benchRows(db: DbOrTx, orgId: string) {
  return db
    .select({ team: candidates.team, status: candidates.status, createdAt: candidates.createdAt })
    .from(candidates)
    .where(eq(candidates.orgId, orgId));
}

/** Every person of the organisation with their manager and team (reporting lines, in memory). */
export async function orgLines(db: DbOrTx, orgId: string) {
  return db
    .select({ id: people.id, managerId: people.managerId, team: people.team, active: people.active })
    .from(people)
    .where(eq(people.orgId, orgId));
}
