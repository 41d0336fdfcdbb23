/** SQL for organisations and their process steps. */
import { and, eq, sql } from "drizzle-orm";
import { DEFAULT_EXIT_CRITERIA, STEP_KEYS, STEP_NAMES } from "../domain/steps.js";
import type { DbOrTx } from "./client.js";
import { organisations, processSteps } from "./schema.js";

export async function getOrganisation(db: DbOrTx, orgId: string) {
  const r = await db.select().from(organisations).where(eq(organisations.id, orgId));
  return r[0];
}

export async function getOrganisationBySlug(db: DbOrTx, slug: string) {
  const r = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return r[0];
}

/** Serialises first-run setups: held until the transaction ends. */
export async function lockOrganisations(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`lock table organisations in exclusive mode`);
}

export async function listOrganisations(db: DbOrTx) {
  return db.select().from(organisations).orderBy(organisations.slug);
}

/** Creates an organisation with the 7 steps under their default names. */
export async function insertOrganisation(db: DbOrTx, values: typeof organisations.$inferInsert) {
  const [org] = await db.insert(organisations).values(values).returning();
  await db.insert(processSteps).values(
    STEP_KEYS.map((key, i) => ({
      orgId: org.id,
      step: i + 1,
      key,
      name: STEP_NAMES[key],
      exitCriteria: DEFAULT_EXIT_CRITERIA[key],
    })),
  );
  return org;
}

export async function orgSteps(db: DbOrTx, orgId: string) {
  return db.select().from(processSteps).where(eq(processSteps.orgId, orgId)).orderBy(processSteps.step);
}

export async function updateOrgStep(
  db: DbOrTx,
  orgId: string,
  step: number,
  patch: { name?: string; exitCriteria?: string },
) {
  const r = await db
    .update(processSteps)
    .set(patch)
    .where(and(eq(processSteps.orgId, orgId), eq(processSteps.step, step)))
    .returning();
  return r[0];
}

/** Changes the organisation's name, time zone, currency or settings (the whole settings object). */
export async function updateOrganisation(
  db: DbOrTx,
  orgId: string,
  patch: { name?: string; timeZone?: string; currency?: string; settings?: Record<string, unknown> },
) {
  const r = await db.update(organisations).set(patch).where(eq(organisations.id, orgId)).returning();
  return r[0];
}
