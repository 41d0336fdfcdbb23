/** SQL for sign-in, sessions, API tokens and the sign-in rate limit. */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { apiTokens, organisations, people, sessions, signInAttempts } from "./schema.js";
import { one } from "./sql.js";

export async function findPeopleByEmail(db: DbOrTx, email: string) {
  return db
    .select({ person: people, org: organisations })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.orgId))
    .where(and(eq(people.email, email), eq(people.active, true)));
}

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(row);
}

export async function deleteSession(db: DbOrTx, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function findSession(db: DbOrTx, tokenHash: string, now: Date) {
  const r = await db
    .select({ session: sessions, person: people })
    .from(sessions)
    .innerJoin(people, and(eq(people.orgId, sessions.orgId), eq(people.id, sessions.personId)))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(people.active, true)));
  return r[0];
}

export async function findToken(db: DbOrTx, tokenHash: string) {
  const r = await db
    .select({ token: apiTokens, person: people })
    .from(apiTokens)
    .innerJoin(people, and(eq(people.orgId, apiTokens.orgId), eq(people.id, apiTokens.personId)))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(people.active, true)));
  return r[0];
}

export async function touchToken(db: DbOrTx, orgId: string, id: string, at: Date) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id)));
}

export async function recordSignInAttempt(db: DbOrTx, key: string, succeeded: boolean, at = new Date()) {
  await db.insert(signInAttempts).values({ key, succeeded, at });
}

/**
 * One throttle key's state: failures after `since` and after its last success,
 * when the last of them was (ms since epoch), and whether it succeeded after
 * `knownSince` (a known email + address pair).
 */
export async function signInKeyState(
  db: DbOrTx,
  key: string,
  since: Date,
  knownSince: Date,
): Promise<{ failures: number; lastFailureMs: number | null; known: boolean }> {
  const r = await one<{ failures: number; last_failure_ms: number | null; known: boolean }>(
    db,
    sql`with a as (
          select at, succeeded from sign_in_attempts
          where key = ${key} and at > ${knownSince.toISOString()}::timestamptz
        ), ok as (select max(at) as t from a where succeeded)
        select count(*) filter (
                 where not succeeded and at > ${since.toISOString()}::timestamptz
                   and at > coalesce((select t from ok), '-infinity'::timestamptz))::int as failures,
               (extract(epoch from max(at) filter (where not succeeded)) * 1000)::float8 as last_failure_ms,
               (select t from ok) is not null as known
        from a`,
  );
  return { failures: r?.failures ?? 0, lastFailureMs: r?.last_failure_ms ?? null, known: !!r?.known };
}

/** Forgets attempts older than `before` (the throttle never looks that far back). */
export async function pruneSignInAttempts(db: DbOrTx, before: Date) {
  await db.execute(sql`delete from sign_in_attempts where at < ${before.toISOString()}::timestamptz`);
}

export async function failedSignInsSince(db: DbOrTx, key: string, since: Date): Promise<number> {
  const r = await one<{ n: number }>(
    db,
    sql`select count(*)::int as n from sign_in_attempts
        where key = ${key} and at > ${since.toISOString()}::timestamptz and not succeeded`,
  );
  return r?.n ?? 0;
}

export async function countOrganisations(db: DbOrTx): Promise<number> {
  const r = await one<{ n: number }>(db, sql`select count(*)::int as n from organisations`);
  return r?.n ?? 0;
}

/**
 * Ends everything a person signed in with: their sessions are deleted and their
 * API tokens revoked (not just hidden while inactive, so reactivation does not
 * bring them back). Returns how many of each.
 */
export async function endCredentials(db: DbOrTx, orgId: string, personId: string, at: Date) {
  const s = await db
    .delete(sessions)
    .where(and(eq(sessions.orgId, orgId), eq(sessions.personId, personId)))
    .returning({ id: sessions.tokenHash });
  const t = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return { sessions: s.length, tokens: t.length };
}
