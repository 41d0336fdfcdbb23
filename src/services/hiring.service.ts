/**
 * Hiring (issue 15, docs/hiring.md): candidates, the interview guide,
 * interviews, the scorecard, the fit against the team's weak steps, the bench,
 * and the hire that makes the person.
 *
 * Visibility: a manager sees the candidates considered for the teams carried
 * by their reporting line (themselves included); an executive and an admin
 * every candidate of the organisation; a salesperson nothing (404 everywhere,
 * as if the routes did not exist). The guide is read by managers, executives
 * and admins, edited by admins.
 */

import {
  benchRows,
  type CandidateRow,
  candidateInterviews,
  getCandidate,
  insertCandidate,
  insertInterview,
  insertQuestion,
  listCandidates,
  listQuestions,
  moveCandidate,
  orgLines,
  type QuestionRow,
  seedGuide,
  statusHistory,
  subjectColumns,
  teamManagers,
  teamsOf,
  updateCandidate,
  updateQuestion,
} from "../db/hiring.queries.js";
import { getOrganisation } from "../db/orgs.queries.js";
import { insertPersonIfNew, reportingLineIds } from "../db/people.queries.js";
import { writeAudit } from "../db/records.queries.js";
import type { DbOrTx } from "../db/types.js";
import { AppError } from "../domain/errors.js";
import {
  ATTRIBUTES,
  assembleScorecard,
  type BenchTeam,
  benchByTeam,
  type CandidateStatus,
  canMove,
  type FitRow,
  fitAgainstWeakSteps,
  type InterviewerScores,
  isSubject,
  lineTeams,
  SCORE_MAX,
  SCORE_MIN,
  type Scorecard,
  type Subject,
} from "../domain/hiring.js";
import { localDate, periodContaining, reportTime } from "../domain/periods.js";
import { formatInstant } from "../domain/reports.js";
import { STEP_KEYS, type StepKey, stepKey } from "../domain/steps.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";
import { report } from "./metrics.service.js";
import { notify } from "./notifications.service.js";

const invalid = (path: string, message: string, value?: unknown) =>
  new AppError("validation_failed", `${path}: ${message}`, [{ path, message, value }]);
const UUID = /^[0-9a-f-]{36}$/i;

/** The teams whose candidates the actor sees (null: all); a salesperson has no hiring at all. */
async function hiringTeams(ctx: Ctx): Promise<string[] | null> {
  const { actor } = ctx;
  if (actor.role === "executive" || actor.role === "admin") return null;
  if (actor.role !== "manager") throw new AppError("not_found", "No such page.");
  return teamsOf(ctx.db, actor.orgId, await reportingLineIds(ctx.db, actor.orgId, actor.personId));
}

async function visibleCandidate(ctx: Ctx, id: string): Promise<CandidateRow> {
  const teams = await hiringTeams(ctx);
  const c = UUID.test(id) ? await getCandidate(ctx.db, ctx.actor.orgId, id) : undefined;
  if (!c || (teams !== null && !teams.includes(c.team)))
    throw new AppError("not_found", `No candidate ${id}.`);
  return c;
}

export interface CandidateJson {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  source: string | null;
  team: string;
  role: string;
  status: CandidateStatus;
  notes: string | null;
  /** Recorded apart, never scored. */
  nonPredictors: { experience: string | null; degree: string | null; claimedBook: string | null };
  personId: string | null;
  createdAt: string;
}

const candidateJson = (c: CandidateRow): CandidateJson => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  source: c.source,
  team: c.team,
  role: c.role,
  status: c.status,
  notes: c.notes,
  nonPredictors: { experience: c.experience, degree: c.degree, claimedBook: c.claimedBook },
  personId: c.personId,
  createdAt: formatInstant(c.createdAt),
});

export async function listCandidatesJson(
  ctx: Ctx,
  q: { team?: string; status?: CandidateStatus; personId?: string },
): Promise<CandidateJson[]> {
  const teams = await hiringTeams(ctx);
  return (await listCandidates(ctx.db, ctx.actor.orgId, teams, q)).map(candidateJson);
}

export interface CandidateInput {
  name?: string;
  email?: string | null;
  phone?: string | null;
  source?: string | null;
  team?: string;
  role?: string;
  notes?: string | null;
  experience?: string | null;
  degree?: string | null;
  claimedBook?: string | null;
}

const clean = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);

async function checkTeam(ctx: Ctx, team: string): Promise<string> {
  const t = team.trim();
  const visible = await hiringTeams(ctx);
  const all = await teamsOf(ctx.db, ctx.actor.orgId, null);
  if (!all.includes(t)) throw invalid("team", "no person carries this team", team);
  if (visible !== null && !visible.includes(t))
    throw invalid("team", "not a team of your reporting line", team);
  return t;
}

function fields(input: CandidateInput) {
  const email = clean(input.email);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw invalid("email", "not an email address", email);
  return {
    name: input.name?.trim(),
    email: email === undefined ? undefined : (email?.toLowerCase() ?? null),
    phone: clean(input.phone),
    source: clean(input.source),
    role: input.role?.trim() || undefined,
    notes: clean(input.notes),
    experience: clean(input.experience),
    degree: clean(input.degree),
    claimedBook: clean(input.claimedBook),
  };
}

export async function createCandidate(ctx: Ctx, input: CandidateInput & { name: string; team: string }) {
  await hiringTeams(ctx);
  requireWrite(ctx.actor);
  const f = fields(input);
  if (!f.name) throw invalid("name", "must not be empty");
  const team = await checkTeam(ctx, input.team);
  const row = await ctx.db.transaction(async (tx) => {
    const c = await insertCandidate(tx, {
      ...f,
      name: f.name!,
      orgId: ctx.actor.orgId,
      team,
      createdBy: ctx.actor.personId || null,
    });
    await audit(tx, ctx, c.id, "create", { name: c.name, team: c.team, status: c.status });
    return c;
  });
  return candidateJson(row);
}

export async function editCandidate(ctx: Ctx, id: string, patch: CandidateInput) {
  const before = await visibleCandidate(ctx, id);
  requireWrite(ctx.actor);
  const f = fields(patch);
  if (f.name !== undefined && !f.name) throw invalid("name", "must not be empty");
  const team = patch.team === undefined ? undefined : await checkTeam(ctx, patch.team);
  const set = Object.fromEntries(
    Object.entries({ ...f, team }).filter(([, v]) => v !== undefined),
  ) as Partial<CandidateRow>;
  const row = await ctx.db.transaction(async (tx) => {
    const c = await updateCandidate(tx, ctx.actor.orgId, id, set);
    await audit(tx, ctx, id, "update", set, pickKeys(before, Object.keys(set)));
    return c;
  });
  return candidateJson(row);
}

const pickKeys = (o: object, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

async function audit(tx: DbOrTx, ctx: Ctx, id: string, action: string, after: object, before?: object) {
  await writeAudit(tx, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.personId || null,
    entity: "candidate",
    entityId: id,
    action,
    before: before ?? null,
    after,
  });
}

export async function changeStatus(ctx: Ctx, id: string, input: { status: CandidateStatus; note?: string }) {
  const c = await visibleCandidate(ctx, id);
  requireWrite(ctx.actor);
  if (input.status === "hired") throw invalid("status", "hire with POST /candidates/{id}/hire", input.status);
  if (!canMove(c.status, input.status))
    throw invalid("status", `cannot move from ${c.status} to ${input.status}`, input.status);
  const row = await ctx.db.transaction(async (tx) => {
    const r = await moveCandidate(
      tx,
      c,
      input.status,
      ctx.actor.personId || null,
      input.note?.trim() || null,
    );
    await audit(tx, ctx, id, "status", { status: input.status }, { status: c.status });
    return r;
  });
  return candidateJson(row);
}

export interface InterviewInput {
  heldOn: string;
  answers: { questionId: string; answer: string }[];
  scores: { subject: string; score: number; evidence: string }[];
}

export async function recordInterview(ctx: Ctx, id: string, input: InterviewInput) {
  const c = await visibleCandidate(ctx, id);
  requireWrite(ctx.actor);
  if (!ctx.actor.personId) throw new AppError("forbidden", "An interview is recorded by a person.");
  if (
    !(
      c.status === "sourced" ||
      c.status === "screened" ||
      c.status === "interviewed" ||
      c.status === "offered"
    )
  )
    throw invalid("status", `the candidate is ${c.status}: no more interviews`, c.status);
  if (!input.scores.length) throw invalid("scores", "score at least one attribute or step");
  const seen = new Set<string>();
  input.scores.forEach((s, i) => {
    if (!isSubject(s.subject)) throw invalid(`scores.${i}.subject`, "not an attribute or a step", s.subject);
    if (seen.has(s.subject)) throw invalid(`scores.${i}.subject`, "scored twice", s.subject);
    seen.add(s.subject);
    if (!Number.isInteger(s.score) || s.score < SCORE_MIN || s.score > SCORE_MAX)
      throw invalid(`scores.${i}.score`, `expected ${SCORE_MIN} to ${SCORE_MAX}`, s.score);
    if (!s.evidence.trim()) throw invalid(`scores.${i}.evidence`, "say what the candidate said or did");
  });
  const questions = new Map((await listQuestions(ctx.db, ctx.actor.orgId)).map((q) => [q.id, q]));
  const asked = new Set<string>();
  input.answers.forEach((a, i) => {
    if (!questions.has(a.questionId))
      throw invalid(`answers.${i}.questionId`, "not a question of the guide", a.questionId);
    if (asked.has(a.questionId)) throw invalid(`answers.${i}.questionId`, "answered twice", a.questionId);
    asked.add(a.questionId);
    if (!a.answer.trim()) throw invalid(`answers.${i}.answer`, "must not be empty");
  });
  const interview = await ctx.db.transaction(async (tx) => {
    const i = await insertInterview(
      tx,
      { orgId: ctx.actor.orgId, candidateId: c.id, interviewerId: ctx.actor.personId, heldOn: input.heldOn },
      input.answers.map((a) => ({ questionId: a.questionId, answer: a.answer.trim() })),
      input.scores.map((s) => ({
        subject: s.subject as Subject,
        score: s.score,
        evidence: s.evidence.trim(),
      })),
    );
    // An interview moves a sourced or screened candidate to interviewed.
    if (c.status === "sourced" || c.status === "screened")
      await moveCandidate(tx, c, "interviewed", ctx.actor.personId, null);
    await audit(tx, ctx, c.id, "interview", { interviewId: i.id, scores: input.scores.length });
    // The team's managers hear of an interview someone else held (they decide the hire).
    for (const m of await teamManagers(tx, ctx.actor.orgId, c.team)) {
      if (m.id === ctx.actor.personId) continue;
      await notify(tx, {
        orgId: ctx.actor.orgId,
        personId: m.id,
        kind: "hiring.interview",
        title: `${ctx.actor.name} interviewed ${c.name} for team ${c.team}: their scores are on the scorecard.`,
        link: `/candidates/${c.id}`,
        key: `hiring.interview:${i.id}`,
      });
    }
    return i;
  });
  return {
    id: interview.id,
    candidateId: c.id,
    interviewerId: interview.interviewerId,
    heldOn: interview.heldOn,
  };
}

export interface CandidateDetail extends CandidateJson {
  history: { status: CandidateStatus; at: string; by: string | null; note: string | null }[];
  interviews: Awaited<ReturnType<typeof candidateInterviews>>;
  scorecard: Scorecard;
  fit: FitRow[];
}

/** The per-interviewer scores: each interviewer's latest score of each subject. */
function byInterviewer(list: Awaited<ReturnType<typeof candidateInterviews>>): InterviewerScores[] {
  const out = new Map<string, InterviewerScores>();
  for (const i of list) {
    const x = out.get(i.interviewerId) ?? {
      interviewerId: i.interviewerId,
      interviewerName: i.interviewerName,
      scores: {},
    };
    for (const s of i.scores)
      if (isSubject(s.subject)) x.scores[s.subject] = { score: s.score, evidence: s.evidence };
    out.set(i.interviewerId, x);
  }
  return [...out.values()];
}

export async function candidateDetail(
  ctx: Ctx,
  id: string,
  now: Date = new Date(),
): Promise<CandidateDetail> {
  const c = await visibleCandidate(ctx, id);
  const [history, list] = await Promise.all([
    statusHistory(ctx.db, ctx.actor.orgId, c.id),
    candidateInterviews(ctx.db, ctx.actor.orgId, c.id),
  ]);
  const scorecard = assembleScorecard(byInterviewer(list));
  const means = Object.fromEntries(
    scorecard.rows.filter((r) => r.kind === "step").map((r) => [r.subject, r.mean]),
  ) as Partial<Record<StepKey, number | null>>;
  return {
    ...candidateJson(c),
    history: history.map((h) => ({ status: h.status, at: formatInstant(h.at), by: h.by, note: h.note })),
    interviews: list,
    scorecard,
    fit: fitAgainstWeakSteps(await teamFocus(ctx, c.team, now), means),
  };
}

/** The coaching focus of each salesperson of the team, this month (metrics.md). */
async function teamFocus(ctx: Ctx, team: string, now: Date): Promise<(StepKey | null)[]> {
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const period = periodContaining(now, "month", org.timeZone);
  const card = (await report(ctx, "scorecard", { ...reportTime(period), team, now })) as {
    people: { coachingFocus: StepKey | null }[];
  };
  return card.people.map((p) => p.coachingFocus);
}

/** The bench of every team the actor sees, as of today in the organisation's time zone. */
export async function bench(ctx: Ctx, now: Date = new Date()): Promise<{ asOf: string; teams: BenchTeam[] }> {
  const visible = await hiringTeams(ctx);
  const teams = visible ?? (await teamsOf(ctx.db, ctx.actor.orgId, null));
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const shown = new Set(teams);
  const list = (await benchRows(ctx.db, ctx.actor.orgId)).filter((c) => shown.has(c.team));
  const asOf = localDate(now, org.timeZone);
  return {
    asOf,
    teams: benchByTeam(
      teams,
      list.map((c) => ({ team: c.team, status: c.status, enteredOn: localDate(c.createdAt, org.timeZone) })),
      asOf,
    ),
  };
}

/**
 * Hire: one call makes the person (a salesperson in the considered team,
 * reporting to that team's manager — the actor if they carry the team, else
 * its first manager by name), links it and records `hired`.
 */
export async function hire(ctx: Ctx, id: string, input: { email?: string }) {
  const c = await visibleCandidate(ctx, id);
  requireWrite(ctx.actor);
  if (c.status === "hired")
    throw new AppError("conflict", `${c.name} is hired already.`, [
      { path: "status", message: "hired already", value: c.status },
    ]);
  if (!canMove(c.status, "hired"))
    throw invalid("status", `a ${c.status} candidate cannot be hired (interview them first)`, c.status);
  const email = (input.email ?? c.email ?? "").trim().toLowerCase();
  if (!email) throw invalid("email", "the new person needs an email: give one or add it to the candidate");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid("email", "not an email address", email);
  const managers = await teamManagers(ctx.db, ctx.actor.orgId, c.team);
  const manager = managers.find((m) => m.id === ctx.actor.personId) ?? managers[0];
  if (!manager) throw invalid("team", `no active manager carries team ${c.team}`, c.team);
  const row = await ctx.db.transaction(async (tx) => {
    const p = await insertPersonIfNew(tx, {
      orgId: ctx.actor.orgId,
      email,
      name: c.name,
      role: "salesperson",
      managerId: manager.id,
      team: c.team,
    });
    if (!p)
      throw new AppError("conflict", `A person with email ${email} exists already.`, [
        { path: "email", message: "already taken", value: email },
      ]);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "person",
      entityId: p.id,
      action: "create (hire)",
      after: { email, role: p.role, team: p.team, managerId: p.managerId, candidateId: c.id },
    });
    const r = await moveCandidate(tx, c, "hired", ctx.actor.personId || null, null, {
      personId: p.id,
      email,
    });
    await audit(tx, ctx, c.id, "hire", { status: "hired", personId: p.id }, { status: c.status });
    // The new salesperson's manager hears of a hire someone else made into their team.
    if (manager.id !== ctx.actor.personId)
      await notify(tx, {
        orgId: ctx.actor.orgId,
        personId: manager.id,
        kind: "hiring.hired",
        title: `${ctx.actor.name} hired ${c.name} into your team ${c.team}; ${c.name} reports to you.`,
        link: `/people/${p.id}`,
        key: `hiring.hired:${c.id}`,
      });
    return r;
  });
  return candidateJson(row);
}

export interface QuestionJson {
  id: string;
  subject: Subject;
  kind: "attribute" | "step";
  text: string;
  active: boolean;
  position: number;
}

const questionJson = (q: QuestionRow): QuestionJson => ({
  id: q.id,
  subject: (q.step ? stepKey(q.step) : q.attribute) as Subject,
  kind: q.step ? "step" : "attribute",
  text: q.text,
  active: q.active,
  position: q.position,
});

/** The organisation's guide (seeded from the book's examples the first time anybody reads it). */
export async function guide(ctx: Ctx): Promise<QuestionJson[]> {
  await hiringTeams(ctx);
  let list = await listQuestions(ctx.db, ctx.actor.orgId);
  if (!list.length) {
    await seedGuide(ctx.db, ctx.actor.orgId);
    list = await listQuestions(ctx.db, ctx.actor.orgId);
  }
  return list.map(questionJson);
}

function requireGuideAdmin(ctx: Ctx) {
  if (ctx.actor.role === "salesperson") throw new AppError("not_found", "No such page.");
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "admin");
}

export async function addQuestion(ctx: Ctx, input: { subject: string; text: string; position?: number }) {
  requireGuideAdmin(ctx);
  if (!isSubject(input.subject))
    throw invalid("subject", `expected one of ${[...ATTRIBUTES, ...STEP_KEYS].join(", ")}`, input.subject);
  const text = input.text.trim();
  if (!text) throw invalid("text", "must not be empty");
  const row = await ctx.db.transaction(async (tx) => {
    const q = await insertQuestion(tx, {
      orgId: ctx.actor.orgId,
      text,
      position: input.position ?? 100,
      ...subjectColumns(input.subject as Subject),
    });
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "interview_question",
      entityId: q.id,
      action: "create",
      after: { subject: input.subject, text },
    });
    return q;
  });
  return questionJson(row);
}

export async function editQuestion(
  ctx: Ctx,
  id: string,
  patch: { text?: string; active?: boolean; position?: number },
) {
  requireGuideAdmin(ctx);
  if (patch.text !== undefined && !patch.text.trim()) throw invalid("text", "must not be empty");
  const set = Object.fromEntries(
    Object.entries({ ...patch, text: patch.text?.trim() }).filter(([, v]) => v !== undefined),
  );
  const row = await ctx.db.transaction(async (tx) => {
    const q = UUID.test(id) ? await updateQuestion(tx, ctx.actor.orgId, id, set) : undefined;
    if (!q) throw new AppError("not_found", `No question ${id}.`);
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId || null,
      entity: "interview_question",
      entityId: id,
      action: "update",
      after: set,
    });
    return q;
  });
  return questionJson(row);
}

/**
 * The Managers page's recruiting column: per manager, the candidates in
 * pipeline for the teams of their reporting line and the days since the last
 * one entered (null: none ever).
 */
export async function withRecruiting<T extends { managers: { id: string }[] }>(
  ctx: Ctx,
  overview: T,
  now: Date = new Date(),
): Promise<T & { managers: { recruiting: { inPipeline: number; daysSinceLast: number | null } }[] }> {
  // A salesperson sees no hiring figures (docs/hiring.md, visibility).
  // (the type promises the column; a salesperson's overview simply does not carry it)
  if (ctx.actor.role === "salesperson")
    return overview as unknown as Awaited<ReturnType<typeof withRecruiting<T>>>;
  const org = await getOrganisation(ctx.db, ctx.actor.orgId);
  const [all, lines] = overview.managers.length
    ? await Promise.all([benchRows(ctx.db, ctx.actor.orgId), orgLines(ctx.db, ctx.actor.orgId)])
    : [[], []];
  const asOf = localDate(now, org.timeZone);
  const managers = [];
  for (const m of overview.managers) {
    const teams = lineTeams(lines, m.id);
    const [b] = benchByTeam(
      ["line"],
      all
        .filter((c) => teams.has(c.team))
        .map((c) => ({ team: "line", status: c.status, enteredOn: localDate(c.createdAt, org.timeZone) })),
      asOf,
    );
    managers.push({ ...m, recruiting: { inPipeline: b.inPipeline, daysSinceLast: b.daysSinceLast } });
  }
  return { ...overview, managers };
}
