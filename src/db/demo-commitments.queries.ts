/**
 * Writes the demo's commitments (src/domain/demo-commitments.ts) into the
 * demo's bulk transaction, after deal_step_minima is filled: the target from
 * the person's step entries in the two weeks before the review, and — for a
 * commitment already due — its count and status exactly as the commitment
 * check finds them (the same rows: deal_step_minima's first entries in
 * [created, due), as reviews.queries' commitmentCountSql counts; the demo test
 * compares the two), with the inbox lines the check sends, dated when it ran.
 * A commitment not yet due gets its check and reminder jobs, as
 * createCommitment schedules them.
 */
import { randomUUID } from "node:crypto";
import { checkedTitle, commitmentStatus } from "../domain/commitments.js";
import {
  DEMO_COMMITMENT_REVIEWS,
  type DemoCommitmentPlan,
  demoCommitmentText,
  demoTarget,
  planDemoCommitments,
} from "../domain/demo-commitments.js";
import { startOfLocalDay } from "../domain/periods.js";
import { type BulkTx, insertDemoJobs, insertDemoNotifications, insertRows } from "./demo.queries.js";

const iso = (d: Date) => d.toISOString();

/** Step entries per (person, step, [from, to)), one statement for all of them. */
async function countEntries(
  tx: BulkTx,
  orgId: string,
  asks: { personId: string; step: number; from: Date; to: Date }[],
): Promise<number[]> {
  if (!asks.length) return [];
  const r = await tx.query<{ i: number; n: number }>(
    `select t.i::int as i,
            (select count(*) from deal_step_minima x
              where x.org_id = $1 and x.owner_id = t.person_id
                and (case t.step when 1 then x.m1 when 2 then x.m2 when 3 then x.m3 when 4 then x.m4 end)
                    >= t.f
                and (case t.step when 1 then x.m1 when 2 then x.m2 when 3 then x.m3 when 4 then x.m4 end)
                    < t.u)::int as n
       from unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::int[])
            as t(person_id, step, f, u, i)`,
    [
      orgId,
      asks.map((a) => a.personId),
      asks.map((a) => a.step),
      asks.map((a) => iso(a.from)),
      asks.map((a) => iso(a.to)),
      asks.map((_, i) => i),
    ],
  );
  const out = asks.map(() => 0);
  for (const x of r) out[x.i] = x.n;
  return out;
}

/** Adds the commitments of each salesperson's last reviews; returns how many. */
export async function addDemoCommitments(
  tx: BulkTx,
  orgId: string,
  timeZone: string,
  asOf: Date,
): Promise<number> {
  const reviews = await tx.query<{
    id: string;
    person_id: string;
    manager_id: string;
    held_at: Date | string;
  }>(
    `select id, person_id, manager_id, held_at from (
       select r.id, r.person_id, r.manager_id, r.held_at,
              row_number() over (partition by r.person_id order by r.held_at desc, r.id) as n
         from reviews r join people p on p.org_id = r.org_id and p.id = r.person_id
        where r.org_id = $1 and p.role = 'salesperson' and r.held_at <= $2::timestamptz) x
      where n <= $3 order by person_id, held_at`,
    [orgId, iso(asOf), DEMO_COMMITMENT_REVIEWS],
  );
  const plans: DemoCommitmentPlan[] = planDemoCommitments(
    reviews.map((r) => ({
      id: r.id,
      personId: r.person_id,
      managerId: r.manager_id,
      heldAt: new Date(r.held_at),
    })),
    timeZone,
  );
  const baselines = await countEntries(
    tx,
    orgId,
    plans.map((p) => ({ personId: p.personId, step: p.step, from: p.baselineFrom, to: p.createdAt })),
  );
  const due = plans.map((p) => p.dueAt.getTime() <= asOf.getTime());
  const counts = await countEntries(
    tx,
    orgId,
    plans.map((p) => ({ personId: p.personId, step: p.step, from: p.createdAt, to: p.dueAt })),
  );
  const names = new Map(
    (
      await tx.query<{ id: string; name: string }>(`select id, name from people where org_id = $1`, [orgId])
    ).map((r) => [r.id, r.name]),
  );
  const commitments: unknown[][] = [];
  const notifications: unknown[][] = [];
  const jobs: unknown[][] = [];
  // Messages older than two days were read (the demo's people use their inbox).
  const readBy = asOf.getTime() - 2 * 86_400_000;
  const note = (personId: string, kind: string, title: string, at: Date, key: string | null) =>
    notifications.push([
      randomUUID(),
      orgId,
      personId,
      kind,
      title,
      "/reviews",
      key,
      iso(at),
      at.getTime() < readBy ? iso(new Date(at.getTime() + 86_400_000)) : null,
    ]);
  plans.forEach((p, i) => {
    const id = randomUUID();
    const target = demoTarget(baselines[i]);
    const text = demoCommitmentText(p.step, target, p.dueDate);
    const status = due[i]
      ? commitmentStatus(
          {
            personId: p.personId,
            measure: { kind: "step", step: p.step },
            target,
            createdAt: p.createdAt,
            dueAt: p.dueAt,
          },
          counts[i],
          p.dueAt,
        )
      : "pending";
    commitments.push([
      id,
      orgId,
      p.personId,
      p.reviewId,
      p.managerId,
      text,
      p.step,
      target,
      p.dueDate,
      iso(p.dueAt),
      status,
      due[i] ? counts[i] : null,
      due[i] ? iso(p.dueAt) : null,
      iso(p.createdAt),
    ]);
    note(p.personId, "commitment.created", `New commitment, due ${p.dueDate}: ${text}`, p.createdAt, null);
    if (status !== "pending") {
      const title = checkedTitle(status, counts[i], target, text);
      note(p.personId, `commitment.${status}`, title, p.dueAt, `commitment.${id}`);
      note(
        p.managerId,
        `commitment.${status}`,
        `${names.get(p.personId)}: ${title}`,
        p.dueAt,
        `commitment.${id}`,
      );
    } else {
      const payload = JSON.stringify({ commitmentId: id });
      jobs.push([orgId, "commitment.check", `commitment.check:${id}`, payload, iso(p.dueAt)]);
      const dueDayStart = startOfLocalDay(p.dueDate, timeZone);
      if (dueDayStart.getTime() > asOf.getTime())
        jobs.push([orgId, "commitment.remind", `commitment.remind:${id}`, payload, iso(dueDayStart)]);
    }
  });
  await insertRows(
    tx,
    "commitments",
    [
      "id",
      "org_id",
      "person_id",
      "review_id",
      "created_by",
      "text",
      "measure_step",
      "target",
      "due_date",
      "due_at",
      "status",
      "count",
      "checked_at",
      "created_at",
    ],
    commitments,
  );
  await insertDemoNotifications(tx, notifications);
  await insertDemoJobs(tx, jobs);
  return commitments.length;
}
