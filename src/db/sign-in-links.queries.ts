/** SQL for one-time sign-in links and for setting a person's password. */
import { and, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { people, sessions, signInLinks } from "./schema.js";

/** Cancels the person's unused links and stores a new one, in the caller's transaction. */
export async function replaceSignInLink(db: DbOrTx, row: typeof signInLinks.$inferInsert, at: Date) {
  await db
    .update(signInLinks)
    .set({ cancelledAt: at })
    .where(
      and(
        eq(signInLinks.orgId, row.orgId),
        eq(signInLinks.personId, row.personId),
        isNull(signInLinks.usedAt),
        isNull(signInLinks.cancelledAt),
      ),
    );
  const [r] = await db.insert(signInLinks).values(row).returning();
  return r;
}

/** The link with this token hash and its person, locked until the transaction ends. */
export async function lockSignInLink(db: DbOrTx, tokenHash: string) {
  const r = await db
    .select({ link: signInLinks, person: people })
    .from(signInLinks)
    .innerJoin(people, and(eq(people.orgId, signInLinks.orgId), eq(people.id, signInLinks.personId)))
    .where(eq(signInLinks.tokenHash, tokenHash))
    .for("update", { of: signInLinks });
  return r[0];
}

export async function markSignInLinkUsed(db: DbOrTx, orgId: string, id: string, at: Date) {
  await db
    .update(signInLinks)
    .set({ usedAt: at })
    .where(and(eq(signInLinks.orgId, orgId), eq(signInLinks.id, id)));
}

export async function setPasswordHash(db: DbOrTx, orgId: string, personId: string, passwordHash: string) {
  await db
    .update(people)
    .set({ passwordHash })
    .where(and(eq(people.orgId, orgId), eq(people.id, personId)));
}

export async function findPersonCredentials(db: DbOrTx, orgId: string, personId: string) {
  const r = await db
    .select({ id: people.id, passwordHash: people.passwordHash, active: people.active, name: people.name })
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.id, personId)));
  return r[0];
}

/** Ends the person's sessions except the one whose hash is `keep` (none kept when undefined). */
export async function endOtherSessions(db: DbOrTx, orgId: string, personId: string, keep?: string) {
  const own = and(eq(sessions.orgId, orgId), eq(sessions.personId, personId));
  const r = await db
    .delete(sessions)
    .where(keep ? and(own, ne(sessions.tokenHash, keep)) : own)
    .returning({ id: sessions.tokenHash });
  return r.length;
}
