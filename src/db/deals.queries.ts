/** SQL for deals: the append-only step history and the deal board. */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { dealStepCorrections, dealSteps, deals } from "./schema.js";
import { inPieces, rows } from "./sql.js";

export async function insertDealStep(db: DbOrTx, row: typeof dealSteps.$inferInsert) {
  await db.insert(dealSteps).values(row);
}

export async function setDealState(
  db: DbOrTx,
  orgId: string,
  dealId: string,
  patch: Partial<typeof deals.$inferInsert>,
) {
  const r = await db
    .update(deals)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(deals.orgId, orgId), eq(deals.id, dealId)))
    .returning();
  return r[0];
}

export interface BoardCard {
  id: string;
  name: string;
  value: number;
  step: number;
  ownerId: string;
  ownerName: string;
  accountName: string | null;
  stepEnteredAt: Date;
  expectedClose: string | null;
}

export interface BoardTotal {
  step: number;
  count: number;
  total: number;
}

/** The deal's step rows in force (no correction names them), oldest recorded first. */
export async function stepRowsInForce(db: DbOrTx, orgId: string, dealId: string) {
  const r = await rows<{ id: number; step: number; enteredAt: Date | string; backfilled: boolean }>(
    db,
    sql`select id::int8::float8 as id, step::int as step, entered_at as "enteredAt", backfilled
        from deal_steps_in_force where org_id = ${orgId} and deal_id = ${dealId} order by id`,
  );
  return r.map((x) => ({ ...x, enteredAt: toDate(x.enteredAt) as Date }));
}

// Raw queries give times as Date on one engine and as text on the other.
const toDate = (v: Date | string | null): Date | null => (v === null || v instanceof Date ? v : new Date(v));

export async function insertDealStepReturningId(db: DbOrTx, row: typeof dealSteps.$inferInsert) {
  const r = await db.insert(dealSteps).values(row).returning({ id: dealSteps.id });
  return r[0].id;
}

export async function insertStepCorrection(db: DbOrTx, row: typeof dealStepCorrections.$inferInsert) {
  await db.insert(dealStepCorrections).values(row);
}

export interface HistoryRow {
  id: number;
  step: number;
  enteredAt: Date;
  recordedAt: Date;
  recordedBy: string | null;
  recordedByName: string | null;
  skipped: number[];
  backfilled: boolean;
  source: string;
  /** Set when a later correction named this row. */
  correctedAt: Date | null;
  correctedBy: string | null;
  correctedByName: string | null;
  correctionReason: string | null;
  correctedTo: number | null;
  /** Set on a row recorded by a correction (the one it replaced). */
  replaces: number | null;
  replaceReason: string | null;
}

/** Every step row of a deal (corrected ones too), with who recorded it and any correction. */
export async function dealHistoryRows(db: DbOrTx, orgId: string, dealId: string): Promise<HistoryRow[]> {
  const r = await rows<HistoryRow>(
    db,
    sql`select s.id::float8 as id, s.step::int as step, s.entered_at as "enteredAt", s.recorded_at as "recordedAt",
               s.recorded_by as "recordedBy", p.name as "recordedByName", s.skipped::int[] as skipped,
               s.backfilled, s.source,
               c.recorded_at as "correctedAt", c.recorded_by as "correctedBy", cp.name as "correctedByName",
               c.reason as "correctionReason", c.to_step::int as "correctedTo",
               r.deal_step_id::float8 as replaces, r.reason as "replaceReason"
        from deal_steps s
        left join people p on p.org_id = s.org_id and p.id = s.recorded_by
        left join deal_step_corrections c on c.org_id = s.org_id and c.deal_step_id = s.id
        left join people cp on cp.org_id = c.org_id and cp.id = c.recorded_by
        left join deal_step_corrections r on r.org_id = s.org_id and r.replacement_step_id = s.id
        where s.org_id = ${orgId} and s.deal_id = ${dealId}
        order by s.entered_at, s.id`,
  );
  return r.map((x) => ({
    ...x,
    enteredAt: toDate(x.enteredAt) as Date,
    recordedAt: toDate(x.recordedAt) as Date,
    correctedAt: toDate(x.correctedAt),
  }));
}

export interface BoardFilter {
  /** null = every owner in the organisation. */
  ownerIds: string[] | null;
  leadSource?: string;
  noNextStep?: boolean;
  /** Words matched against the deal's, the account's and the owner's names. */
  q?: string;
}

function boardWhere(orgId: string, f: BoardFilter, now: Date): SQL {
  const parts: SQL[] = [sql`d.org_id = ${orgId} and d.status = 'open' and d.current_step between 1 and 6`];
  if (f.ownerIds !== null) parts.push(sql`d.owner_id = any(${`{${f.ownerIds.join(",")}}`}::uuid[])`);
  if (f.leadSource) parts.push(sql`d.lead_source = ${f.leadSource}`);
  if (f.noNextStep) parts.push(sql`not ${hasNextStep(now)}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(d.name ilike ${like} or a.name ilike ${like} or p.name ilike ${like})`);
  }
  return sql.join(parts, sql` and `);
}

/** "What's next?" (metrics.md, nextStepCoverage): a scheduled activity not done, dated at or after now. */
const hasNextStep = (now: Date) =>
  sql`exists (select 1 from activities n where n.org_id = d.org_id and n.deal_id = d.id
              and n.scheduled_for >= ${now} and (n.done_at is null or n.done_at > ${now}))`;

const BOARD_FROM = sql`from deals d
          join people p on p.org_id = d.org_id and p.id = d.owner_id
          left join accounts a on a.org_id = d.org_id and a.id = d.account_id`;

export interface BoardCardRow extends BoardCard {
  noNextStep: boolean;
  leadSource: string | null;
}

/** One column's cards (largest first), `offset`/`limit` for paging. */
export async function boardCards(
  db: DbOrTx,
  orgId: string,
  f: BoardFilter,
  step: number | null,
  offset: number,
  limit: number,
  now: Date,
): Promise<BoardCardRow[]> {
  const where = boardWhere(orgId, f, now);
  const stepCond = step === null ? sql`true` : sql`d.current_step = ${step}`;
  return rows<BoardCardRow>(
    db,
    sql`select * from (
          select d.id, d.name, d.value::float8 as value, d.current_step::int as step, d.owner_id as "ownerId",
                 p.name as "ownerName", a.name as "accountName", d.step_entered_at as "stepEnteredAt",
                 d.expected_close::text as "expectedClose", d.lead_source as "leadSource",
                 not ${hasNextStep(now)} as "noNextStep",
                 row_number() over (partition by d.current_step order by d.value desc, d.id) as rn
          ${BOARD_FROM}
          where ${where} and ${stepCond}
        ) x where rn > ${offset} and rn <= ${offset + limit} order by step, value desc, id`,
  );
}

export async function boardTotalsFiltered(
  db: DbOrTx,
  orgId: string,
  f: BoardFilter,
  now: Date,
): Promise<BoardTotal[]> {
  return rows<BoardTotal>(
    db,
    sql`select d.current_step::int as step, count(*)::int as count, coalesce(sum(d.value), 0)::float8 as total
        ${BOARD_FROM}
        where ${boardWhere(orgId, f, now)}
        group by d.current_step order by d.current_step`,
  );
}

/**
 * `usualDaysInStep` reads this many owners per statement. The embedded database
 * runs one statement at a time and cannot interrupt one: a manager's board was
 * one median statement of ~0.2 s quiet (seconds on a loaded machine) that every
 * sign-in arriving meanwhile waited for; between pieces its scheduler runs
 * cheaper requests first (src/db/pglite-proxy.ts). On PostgreSQL a piece costs a
 * round trip more.
 */
export const USUAL_DAYS_OWNERS_PER_PIECE = 3;

/**
 * Each owner's usual days in a step (docs/selling.md): the median time from
 * reaching step s to reaching s+1, over their deals that went on from s within
 * the last `windowDays` (a skip, which spends no time in s, is left out).
 */
export async function usualDaysInStep(
  db: DbOrTx,
  orgId: string,
  ownerIds: string[],
  now: Date,
  windowDays: number,
): Promise<{ ownerId: string; step: number; days: number }[]> {
  if (ownerIds.length === 0) return [];
  if (ownerIds.length > USUAL_DAYS_OWNERS_PER_PIECE) {
    const pieces = await inPieces(db, ownerIds, USUAL_DAYS_OWNERS_PER_PIECE, (ids) =>
      usualDaysInStep(db, orgId, ids, now, windowDays),
    );
    return pieces.flat();
  }
  const from = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  const to = now.toISOString();
  // One median per step, each over the deals that went on from it in the window; one row
  // per owner (not a row per deal and step: the unpivot cost more than the medians).
  // last_at (the latest reach, close or creation) is at or after every m_s, so a deal
  // whose last_at is at or before the window's start cannot count.
  const medians = [1, 2, 3, 4, 5, 6].map((s) => {
    const [cur, nxt] = [sql.raw(`t.m${s}`), sql.raw(`t.m${s + 1}`)];
    return sql`percentile_cont(0.5) within group (order by extract(epoch from (${nxt} - ${cur})) / 86400)
                 filter (where ${nxt} > ${cur} and ${nxt} > ${from}::timestamptz and ${nxt} <= ${to}::timestamptz)`;
  });
  const r = await rows<{ ownerId: string; days: (number | null)[] }>(
    db,
    sql`select t.owner_id as "ownerId", array[${sql.join(medians, sql`, `)}]::float8[] as days
        from deal_step_minima t
        where t.org_id = ${orgId} and t.owner_id = any(${`{${ownerIds.join(",")}}`}::uuid[])
          and t.last_at > ${from}::timestamptz
        group by t.owner_id`,
  );
  return r.flatMap((o) =>
    o.days.flatMap((days, i) => (days === null ? [] : [{ ownerId: o.ownerId, step: i + 1, days }])),
  );
}

export interface DueActivity {
  id: string;
  kind: string;
  step: number;
  scheduledFor: Date;
  notes: string | null;
  dealId: string | null;
  dealName: string | null;
  contactId: string | null;
  contactName: string | null;
}

/** The person's scheduled, not done activities dated before `until`, oldest first. */
export async function dueActivities(db: DbOrTx, orgId: string, ownerId: string, until: Date) {
  const r = await rows<DueActivity>(
    db,
    sql`select a.id, a.kind, a.step::int as step, a.scheduled_for as "scheduledFor", a.notes,
               a.deal_id as "dealId", d.name as "dealName", a.contact_id as "contactId", c.name as "contactName"
        from activities a
        left join deals d on d.org_id = a.org_id and d.id = a.deal_id
        left join contacts c on c.org_id = a.org_id and c.id = a.contact_id
        where a.org_id = ${orgId} and a.owner_id = ${ownerId} and a.done_at is null
          and a.scheduled_for is not null and a.scheduled_for < ${until}
        order by a.scheduled_for, a.id
        limit 200`,
  );
  return r.map((x) => ({ ...x, scheduledFor: toDate(x.scheduledFor) as Date }));
}

/** The person's open deals and active customers with no next step (metrics.md, nextStepCoverage). */
export async function withoutNextStep(db: DbOrTx, orgId: string, ownerId: string, now: Date) {
  const deals = await rows<{
    id: string;
    name: string;
    step: number;
    value: number;
    accountName: string | null;
  }>(
    db,
    sql`select d.id, d.name, d.current_step::int as step, d.value::float8 as value, a.name as "accountName"
        from deals d left join accounts a on a.org_id = d.org_id and a.id = d.account_id
        where d.org_id = ${orgId} and d.owner_id = ${ownerId} and d.status = 'open' and not ${hasNextStep(now)}
        order by d.value desc, d.id`,
  );
  const customers = await rows<{ id: string; name: string; accountName: string | null }>(
    db,
    sql`select c.id, c.name, a.name as "accountName"
        from contacts c left join accounts a on a.org_id = c.org_id and a.id = c.account_id
        where c.org_id = ${orgId} and c.owner_id = ${ownerId} and c.customer and c.status = 'active'
          and not exists (select 1 from activities n where n.org_id = c.org_id and n.contact_id = c.id
                          and n.scheduled_for >= ${now} and (n.done_at is null or n.done_at > ${now}))
        order by c.name, c.id`,
  );
  return { deals, customers };
}

/** Everybody whose team is `team` (the board's team filter). */
export async function teamMemberIds(db: DbOrTx, orgId: string, team: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`select id from people where org_id = ${orgId} and team = ${team}`,
  );
  return r.map((x) => x.id);
}
