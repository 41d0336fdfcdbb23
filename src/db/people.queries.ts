/** SQL for people and reporting lines. */
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";
import { organisations, people } from "./schema.js";
import { rows } from "./sql.js";

/** The person and everybody below them in the reporting line (recursive), ids only. */
export async function reportingLineIds(db: DbOrTx, orgId: string, personId: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    db,
    sql`with recursive line(id) as (
          select id from people where org_id = ${orgId} and id = ${personId}
          union
          select p.id from people p join line on p.manager_id = line.id where p.org_id = ${orgId}
        ) select id from line`,
  );
  return r.map((x) => x.id);
}

export interface PersonRow {
  id: string;
  email: string;
  name: string;
  role: string;
  managerId: string | null;
  team: string | null;
  active: boolean;
}

/** One person of the organisation (undefined: none). */
export async function personById(db: DbOrTx, orgId: string, id: string): Promise<PersonRow | undefined> {
  const r = await rows<PersonRow>(
    db,
    sql`select id, email, name, role, manager_id as "managerId", team, active
        from people where org_id = ${orgId} and id = ${id}::uuid`,
  );
  return r[0];
}

/** The people whose manager is `managerId` (direct reports), active only. */
export async function directReports(db: DbOrTx, orgId: string, managerId: string): Promise<PersonRow[]> {
  return rows<PersonRow>(
    db,
    sql`select id, email, name, role, manager_id as "managerId", team, active
        from people where org_id = ${orgId} and manager_id = ${managerId}::uuid and active
        order by name, id`,
  );
}

/** The id of the person with this email (lower-case) in the organisation, if any. */
export async function personIdByEmail(db: DbOrTx, orgId: string, email: string): Promise<string | undefined> {
  const r = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.orgId, orgId), eq(people.email, email)));
  return r[0]?.id;
}

/** Adds a person; returns the row. */
export async function insertPerson(db: DbOrTx, values: typeof people.$inferInsert) {
  const [p] = await db.insert(people).values(values).returning();
  return p;
}

/** Adds a person unless the email is taken in the organisation; returns the row, or undefined when taken. */
export async function insertPersonIfNew(db: DbOrTx, values: typeof people.$inferInsert) {
  const [p] = await db.insert(people).values(values).onConflictDoNothing().returning();
  return p as typeof people.$inferSelect | undefined;
}

/** Email and name of everybody in the organisation with this slug (none when there is no such organisation). */
export async function peopleOfOrgSlug(db: DbOrTx, slug: string): Promise<{ email: string; name: string }[]> {
  return db
    .select({ email: people.email, name: people.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.orgId))
    .where(eq(organisations.slug, slug));
}

/** Names of the given people (id → name). */
export async function peopleNames(db: DbOrTx, orgId: string, ids: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const r = await rows<{ id: string; name: string }>(
    db,
    sql`select id, name from people where org_id = ${orgId}
        and id in (${sql.join(
          uniq.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(r.map((x) => [x.id, x.name]));
}

/** Every active salesperson of the organisation. */
export async function activeSalespeople(db: DbOrTx, orgId: string): Promise<PersonRow[]> {
  return rows<PersonRow>(
    db,
    sql`select id, email, name, role, manager_id as "managerId", team, active
        from people where org_id = ${orgId} and role = 'salesperson' and active
        order by name, id`,
  );
}

export interface TeamRow {
  name: string;
  members: number;
  salespeople: number;
  /** The managers carrying this team name (usually one). */
  managers: string[];
}

/** The teams of the organisation: every distinct `people.team` of active people, with counts. */
export async function listTeams(db: DbOrTx, orgId: string): Promise<TeamRow[]> {
  return rows<TeamRow>(
    db,
    sql`select team as name, count(*)::int as members,
               (count(*) filter (where role = 'salesperson'))::int as salespeople,
               coalesce(array_agg(name order by name) filter (where role = 'manager'), '{}') as managers
        from people where org_id = ${orgId} and active and team is not null
        group by team order by team`,
  );
}

/** Renames a team: every person carrying the old name gets the new one; returns how many. */
export async function renameTeam(db: DbOrTx, orgId: string, from: string, to: string): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`with u as (update people set team = ${to} where org_id = ${orgId} and team = ${from} returning 1)
        select count(*)::int as n from u`,
  );
  return r[0]?.n ?? 0;
}
