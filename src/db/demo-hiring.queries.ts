/** Writes the demo bench (src/domain/demo-hiring.ts) into the demo's bulk transaction, with the seeded guide. */
import { randomUUID } from "node:crypto";
import { demoBench } from "../domain/demo-hiring.js";
import { SEED_GUIDE } from "../domain/hiring.js";
import { STEP_KEYS, type StepKey, stepNumber } from "../domain/steps.js";
import { type BulkTx, insertRows } from "./demo.queries.js";

/** Seeds the guide and adds a bench per team (ids made here, rows inserted in batches); returns how many candidates. */
export async function addDemoBench(
  tx: BulkTx,
  orgId: string,
  people: readonly { id: string; role: string; managerId: string | null; team: string | null }[],
  asOf: Date,
): Promise<number> {
  const questions = SEED_GUIDE.map((q, i) => {
    const isStep = (STEP_KEYS as readonly string[]).includes(q.subject);
    return [
      randomUUID(),
      orgId,
      isStep ? null : q.subject,
      isStep ? stepNumber(q.subject as StepKey) : null,
      q.text,
      i + 1,
      q.key,
    ];
  });
  await insertRows(
    tx,
    "interview_questions",
    ["id", "org_id", "attribute", "step", "text", "position", "seed_key"],
    questions,
  );
  const attitudeQuestion = questions[SEED_GUIDE.findIndex((q) => q.key === "attitude-missed")][0];
  const bench = demoBench(people, asOf.getTime());
  const candidates: unknown[][] = [];
  const history: unknown[][] = [];
  const interviews: unknown[][] = [];
  const answers: unknown[][] = [];
  const scores: unknown[][] = [];
  const at = (ms: number) => new Date(ms).toISOString();
  for (const c of bench) {
    const id = randomUUID();
    const last = c.history[c.history.length - 1];
    candidates.push([
      id,
      orgId,
      c.name,
      c.email,
      c.source,
      c.team,
      last.status,
      c.experience,
      c.claimedBook,
      c.createdBy,
      at(c.history[0].at),
    ]);
    for (const h of c.history) history.push([orgId, id, h.status, at(h.at), c.createdBy]);
    for (const i of c.interviews) {
      const iv = randomUUID();
      interviews.push([iv, orgId, id, i.interviewerId, i.heldOn]);
      answers.push([orgId, iv, attitudeQuestion, i.answer]);
      for (const s of i.scores) scores.push([orgId, iv, s.subject, s.score, s.evidence]);
    }
  }
  await insertRows(
    tx,
    "candidates",
    [
      "id",
      "org_id",
      "name",
      "email",
      "source",
      "team",
      "status",
      "experience",
      "claimed_book",
      "created_by",
      "created_at",
    ],
    candidates,
  );
  await insertRows(tx, "candidate_status_changes", ["org_id", "candidate_id", "status", "at", "by"], history);
  await insertRows(
    tx,
    "interviews",
    ["id", "org_id", "candidate_id", "interviewer_id", "held_on"],
    interviews,
  );
  await insertRows(tx, "interview_answers", ["org_id", "interview_id", "question_id", "answer"], answers);
  await insertRows(
    tx,
    "interview_scores",
    ["org_id", "interview_id", "subject", "score", "evidence"],
    scores,
  );
  return bench.length;
}
