/** SQL for API tokens. */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { apiTokens } from "./schema.js";

export async function insertToken(db: DbOrTx, row: typeof apiTokens.$inferInsert) {
  const [t] = await db.insert(apiTokens).values(row).returning();
  return t;
}

export type TokenRow = typeof apiTokens.$inferSelect;

export async function listTokens(db: DbOrTx, orgId: string, personId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.personId, personId)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: DbOrTx, orgId: string, personId: string, id: string, at: Date) {
  const r = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(
      and(
        eq(apiTokens.orgId, orgId),
        eq(apiTokens.personId, personId),
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning();
  return r[0];
}
