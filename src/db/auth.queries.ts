/** SQL for sign-in, sessions, API tokens and the sign-in rate limit. */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { apiTokens, people, sessions, signInAttempts } from "./schema.js";
import { one, rows } from "./sql.js";

type Role = (typeof people.$inferSelect)["role"];

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
/** What a sign-in needs to know before it checks a password. */
export interface SignInLookup {
  /** The email + address pair: failures in the window since its last success, the last failure, known or not. */
  pair: { failures: number; lastFailureMs: number | null; known: boolean };
  /** Failures from the address (any email) in the window. */
  addressFailures: number;
  /** Active people with this email, in every organisation. */
  candidates: {
    person: { id: string; orgId: string; email: string; name: string; role: Role; passwordHash: string };
    org: { slug: string };
  }[];
}

/**
 * Everything a sign-in reads, in one statement: the throttle's state of the
 * pair key (failures after `since` and after its last success, when the last
 * of them was, whether it succeeded after `knownSince`), the address key's
 * failures after `since`, and the candidates. One round trip: on the embedded
 * database each statement may wait for a report's running statement, so a
 * sign-in under load costs what its number of statements does.
 */
export async function signInLookup(
  db: DbOrTx,
  q: { pairKey: string; addressKey: string; email: string; since: Date; knownSince: Date },
): Promise<SignInLookup> {
  const since = q.since.toISOString();
  const r = await rows<{
    failures: number;
    last_failure_ms: number | null;
    known: boolean;
    address_failures: number;
    id: string | null;
    org_id: string;
    email: string;
    name: string;
    role: Role;
    password_hash: string;
    slug: string;
  }>(
    db,
    sql`with a as (
          select at, succeeded from sign_in_attempts
          where key = ${q.pairKey} and at > ${q.knownSince.toISOString()}::timestamptz
        ), ok as (select max(at) as t from a where succeeded),
        pair as (
          select count(*) filter (
                   where not succeeded and at > ${since}::timestamptz
                     and at > coalesce((select t from ok), '-infinity'::timestamptz))::int as failures,
                 (extract(epoch from max(at) filter (where not succeeded)) * 1000)::float8 as last_failure_ms,
                 (select t from ok) is not null as known
          from a
        ), addr as (
          select count(*)::int as address_failures from sign_in_attempts
          where key = ${q.addressKey} and at > ${since}::timestamptz and not succeeded
        )
        select pair.*, addr.address_failures, p.id, p.org_id, p.email, p.name, p.role, p.password_hash, o.slug
        from pair cross join addr
        left join (people p join organisations o on o.id = p.org_id)
          on p.email = ${q.email} and p.active
        order by o.slug`,
  );
  const first = r[0];
  return {
    pair: {
      failures: first?.failures ?? 0,
      lastFailureMs: first?.last_failure_ms ?? null,
      known: !!first?.known,
    },
    addressFailures: first?.address_failures ?? 0,
    candidates: r
      .filter((x) => x.id !== null)
      .map((x) => ({
        person: {
          id: x.id as string,
          orgId: x.org_id,
          email: x.email,
          name: x.name,
          role: x.role,
          passwordHash: x.password_hash,
        },
        org: { slug: x.slug },
      })),
  };
}

/** A failed sign-in, counted for the pair and for the address, in one statement. */
export async function recordSignInFailure(db: DbOrTx, pairKey: string, addressKey: string, at: Date) {
  await db.insert(signInAttempts).values([
    { key: pairKey, succeeded: false, at },
    { key: addressKey, succeeded: false, at },
  ]);
}

/** A successful sign-in: the pair's success and the new session, in one statement. */
export async function insertSessionAfterSignIn(
  db: DbOrTx,
  pairKey: string,
  at: Date,
  row: typeof sessions.$inferInsert,
) {
  await db.execute(
    sql`with attempt as (
          insert into sign_in_attempts (key, succeeded, at) values (${pairKey}, true, ${at.toISOString()}::timestamptz)
        )
        insert into sessions (token_hash, org_id, person_id, csrf_token, expires_at)
        values (${row.tokenHash}, ${row.orgId}, ${row.personId}, ${row.csrfToken},
                ${(row.expiresAt as Date).toISOString()}::timestamptz)`,
  );
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
