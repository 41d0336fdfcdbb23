/** Writes the demo bench (src/domain/demo-hiring.ts) into the demo's bulk transaction, with the seeded guide. */
import { demoBench } from "../domain/demo-hiring.js";
import { SEED_GUIDE } from "../domain/hiring.js";
import { STEP_KEYS, type StepKey, stepNumber } from "../domain/steps.js";
import type { BulkTx } from "./demo.queries.js";

/** Seeds the guide and adds a bench per team; returns how many candidates. */
export async function addDemoBench(
  tx: BulkTx,
  orgId: string,
  people: readonly { id: string; role: string; managerId: string | null; team: string | null }[],
  asOf: Date,
): Promise<number> {
  let attitudeQuestion = "";
  for (const [i, q] of SEED_GUIDE.entries()) {
    const isStep = (STEP_KEYS as readonly string[]).includes(q.subject);
    const [r] = await tx.query<{ id: string }>(
      `insert into interview_questions (org_id, attribute, step, text, position, seed_key)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [
        orgId,
        isStep ? null : q.subject,
        isStep ? stepNumber(q.subject as StepKey) : null,
        q.text,
        i + 1,
        q.key,
      ],
    );
    if (q.key === "attitude-missed") attitudeQuestion = r.id;
  }
  const bench = demoBench(people, asOf.getTime());
  for (const c of bench) {
    const last = c.history[c.history.length - 1];
    const [row] = await tx.query<{ id: string }>(
      `insert into candidates (org_id, name, email, source, team, status, experience, claimed_book, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        orgId,
        c.name,
        c.email,
        c.source,
        c.team,
        last.status,
        c.experience,
        c.claimedBook,
        c.createdBy,
        new Date(c.history[0].at).toISOString(),
      ],
    );
    for (const h of c.history)
      await tx.query(
        "insert into candidate_status_changes (org_id, candidate_id, status, at, by) values ($1, $2, $3, $4, $5)",
        [orgId, row.id, h.status, new Date(h.at).toISOString(), c.createdBy],
      );
    for (const i of c.interviews) {
      const [iv] = await tx.query<{ id: string }>(
        `insert into interviews (org_id, candidate_id, interviewer_id, held_on) values ($1, $2, $3, $4) returning id`,
        [orgId, row.id, i.interviewerId, i.heldOn],
      );
      await tx.query(
        "insert into interview_answers (org_id, interview_id, question_id, answer) values ($1, $2, $3, $4)",
        [orgId, iv.id, attitudeQuestion, i.answer],
      );
      for (const s of i.scores)
        await tx.query(
          "insert into interview_scores (org_id, interview_id, subject, score, evidence) values ($1, $2, $3, $4, $5)",
          [orgId, iv.id, s.subject, s.score, s.evidence],
        );
    }
  }
  return bench.length;
}
