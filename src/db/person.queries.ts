/** SQL for one person's screen: step entries per week of a period. */
import { sql } from "drizzle-orm";
import type { Period } from "../domain/periods.js";
import type { DbOrTx } from "./client.js";
import { reachExpr } from "./dealstats.queries.js";
import { rows } from "./sql.js";

/**
 * Entries per step (1..6) per week of the period, by asOf: a deal entered step
 * s in week w when the time it reached s (explicit or implicit, as the reports
 * count it: src/db/dealstats.queries.ts) lies in the period, by asOf, and
 * `floor((reached − period start) / 7 days) = w`.
 */
export async function weeklyEntries(
  db: DbOrTx,
  a: { orgId: string; personId: string; period: Period; asOf: Date },
): Promise<{ step: number; week: number; n: number }[]> {
  const t = "p.t";
  const reach = [1, 2, 3, 4, 5, 6].map((s) => `(${s}, ${reachExpr(s, t)})`).join(", ");
  return rows<{ step: number; week: number; n: number }>(
    db,
    sql`with p as (select ${a.asOf}::timestamptz as t, ${a.period.start}::timestamptz as ps,
                          ${a.period.end}::timestamptz as pe)
        select r.step::int as step,
               floor(extract(epoch from (r.at - p.ps)) / 604800)::int as week,
               count(*)::int as n
        from deal_step_minima x cross join p
        cross join lateral (values ${sql.raw(reach)}) as r(step, at)
        where x.org_id = ${a.orgId} and x.owner_id = ${a.personId}
          and r.at >= p.ps and r.at < p.pe and r.at <= p.t
        group by 1, 2 order by 1, 2`,
  );
}
