/**
 * Test-only loader: inserts a generic-CSV sample organisation (interfaces.md)
 * into the database with plain inserts — organisation `sample` (UTC), people,
 * contacts, quotas, deals, their step rows (source `import`) and activities.
 * The real import lives in src/services/import.service.ts; this keeps the
 * metrics tests independent of it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Db } from "../../src/db/client.js";
import { insertOrganisation } from "../../src/db/orgs.queries.js";
import { activities, contacts, dealSteps, deals, people, quotas, type Role } from "../../src/db/schema.js";
import { parseStep } from "../../src/domain/steps.js";

import { SAMPLE_DIR } from "./sample-dir.js";

export { SAMPLE_DIR };

type Row = Record<string, string>;
const readCsv = (dir: string, file: string): Row[] =>
  parse(readFileSync(join(dir, file), "utf8"), { columns: true, skip_empty_lines: true }) as Row[];

const stepOf = (s: string): number => {
  const n = parseStep(s);
  if (!n) throw new Error(`bad step ${s}`);
  return n;
};
const time = (s: string | undefined) => (s ? new Date(s) : null);

async function insertChunked<T>(items: T[], size: number, f: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await f(items.slice(i, i + size));
}

export interface LoadedSample {
  orgId: string;
  /** email → person id */
  personIds: Map<string, string>;
}

export async function loadSampleDb(db: Db, dir = SAMPLE_DIR, slug = "sample"): Promise<LoadedSample> {
  const org = await insertOrganisation(db, { slug, name: "Sample", timeZone: "UTC" });
  const orgId = org.id;
  const peopleRows = readCsv(dir, "people.csv");
  const personIds = new Map<string, string>();
  // Managers first: a person's manager must exist.
  const pending = [...peopleRows];
  while (pending.length) {
    const i = pending.findIndex((r) => !r.manager_email || personIds.has(r.manager_email));
    if (i < 0) throw new Error("people.csv: manager cycle");
    const [r] = pending.splice(i, 1);
    const [row] = await db
      .insert(people)
      .values({
        orgId,
        email: r.email,
        name: r.name,
        role: r.role as Role,
        team: r.team || null,
        managerId: r.manager_email ? personIds.get(r.manager_email) : null,
      })
      .returning({ id: people.id });
    personIds.set(r.email, row.id);
  }
  const pid = (email: string) => {
    const id = personIds.get(email);
    if (!id) throw new Error(`unknown person ${email}`);
    return id;
  };

  const contactIds = new Map<string, string>();
  for (const r of readCsv(dir, "contacts.csv")) {
    const [row] = await db
      .insert(contacts)
      .values({
        orgId,
        email: r.email,
        name: r.name,
        ownerId: pid(r.owner_email),
        status: (r.status || "active") as "active" | "inactive",
        customer: r.customer === "true",
      })
      .returning({ id: contacts.id });
    contactIds.set(r.email, row.id);
  }

  const quotaRows = readCsv(dir, "quotas.csv");
  if (quotaRows.length) {
    await db
      .insert(quotas)
      .values(quotaRows.map((r) => ({ orgId, personId: pid(r.email), period: r.period, amount: r.amount })));
  }

  const stepRows = readCsv(dir, "deal_steps.csv");
  const maxStep = new Map<string, { step: number; at: Date }>();
  for (const r of stepRows) {
    const s = stepOf(r.step);
    const at = new Date(r.entered_at);
    const m = maxStep.get(r.deal_external_id);
    if (!m || s > m.step) maxStep.set(r.deal_external_id, { step: s, at });
  }
  const dealRows = readCsv(dir, "deals.csv");
  const dealIds = new Map<string, string>();
  await insertChunked(dealRows, 500, async (chunk) => {
    const inserted = await db
      .insert(deals)
      .values(
        chunk.map((r) => {
          const status = (r.status || "open") as "open" | "won" | "lost" | "disqualified";
          const m = maxStep.get(r.external_id);
          const createdAt = new Date(r.created_at);
          return {
            orgId,
            externalId: r.external_id,
            name: r.name,
            ownerId: pid(r.owner_email),
            value: r.value,
            expectedClose: r.expected_close || null,
            status,
            closedAt: status === "open" ? null : time(r.closed_at),
            lostReason: r.lost_reason || null,
            currentStep: status === "won" ? 7 : (m?.step ?? 1),
            stepEnteredAt: status === "won" ? time(r.closed_at)! : (m?.at ?? createdAt),
            createdAt,
          };
        }),
      )
      .returning({ id: deals.id, externalId: deals.externalId });
    for (const d of inserted) dealIds.set(d.externalId!, d.id);
  });
  await insertChunked(stepRows, 1000, (chunk) =>
    db.insert(dealSteps).values(
      chunk.map((r) => ({
        orgId,
        dealId: dealIds.get(r.deal_external_id)!,
        step: stepOf(r.step),
        enteredAt: new Date(r.entered_at),
        source: "import" as const,
        backfilled: true,
      })),
    ),
  );
  await insertChunked(readCsv(dir, "activities.csv"), 1000, (chunk) =>
    db.insert(activities).values(
      chunk.map((r) => ({
        orgId,
        externalId: r.external_id,
        ownerId: pid(r.owner_email),
        kind: r.kind as any,
        step: stepOf(r.step),
        dealId: r.deal_external_id ? dealIds.get(r.deal_external_id)! : null,
        contactId: r.contact_email ? contactIds.get(r.contact_email)! : null,
        scheduledFor: time(r.scheduled_for),
        doneAt: time(r.done_at),
        loggedAt: time(r.logged_at),
        durationMinutes: r.duration_minutes ? Number(r.duration_minutes) : null,
        outcome: r.outcome || null,
      })),
    ),
  );
  return { orgId, personIds };
}
