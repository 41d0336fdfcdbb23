/**
 * Benchmark of the metrics engine (issue 3; not part of `npm test`):
 *
 *   DATABASE_URL=postgres://… npx tsx bench/metrics.ts     (npm run bench:metrics)
 *   options: --people N (PostgreSQL, default 5000) --pglite-people N (default 200)
 *            --seed N (1) --as-of ISO (2026-11-15T12:00:00Z) --runs N (7)
 *            --only postgres|pglite
 *            --org-only (only the organisation-wide quad and Managers screen data)
 *            --vacuum (PostgreSQL: then VACUUM ANALYZE the organisation's big tables
 *              and time those two again: right after a bulk load, and after it)
 *            --writes N --later H (PostgreSQL, with --org-only: then N writes to the
 *              organisation's deals after the checkpoint — step rows and closes in
 *              (asOf, asOf + H h], a quarter of the step rows back-dated into the
 *              period — and the two timed again as of asOf + H hours; undone after)
 *
 * The organisation-wide lean figures come from a checkpoint (src/db/checkpoints.queries.ts)
 * when there is one for the quarter as of asOf: the demo writer takes it; for an
 * organisation built before, the benchmark takes it (and prints how long that took).
 * Each organisation-wide line is then timed against the same report with the
 * checkpoint set aside ("plain"), in the same run.
 *
 * On PostgreSQL (DATABASE_URL) it uses the demo organisation `bench<N>` (built
 * with createDemoOrg: ~730 k deals and ~8.3 M activities at 5,000 people with
 * the default options), re-using it when it is already there with the same
 * size, seed and asOf (checked: the deterministic person ids, the headcount
 * and the latest activity); then on PGlite (in memory) a 200-person one.
 *
 * For each it times, through the real service path (`report(ctx, kind, …)`,
 * what GET /api/v1/metrics/{kind} runs, and the screens' endpoints):
 *   (a) the team scorecard: manager1 as the actor (their reporting line), the
 *       quarter containing asOf;
 *   (b) the Team screen's data (`teamScreen`, GET /team-screen), manager1;
 *   (c) the organisation-wide quad: the executive as the actor, same quarter;
 *   (d) the Managers screen's data (`managersReport`, GET /managers), the executive;
 * and next to each, in the same run, the plain SQL aggregate over the same
 * rows (the rows the report has to read: the people's step entries — deal_steps
 * joined to deals — and, for the scorecard, activities, from the start of the
 * rate window before the quarter to asOf, `GROUP BY owner_id, step`), with the
 * ratio report ÷ plain aggregate. Median and p90 over --runs runs after one
 * warm-up run.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { refreshCheckpoint } from "../src/db/checkpoints.queries.js";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import { one, rows } from "../src/db/sql.js";
import { generateDemo } from "../src/domain/demo.js";
import { periodContaining, periodRange, reportTime } from "../src/domain/periods.js";
import { factsWindowStart } from "../src/domain/reports.js";
import { resolveSettings } from "../src/domain/settings.js";
import type { Actor, Ctx } from "../src/services/context.js";
import { createDemoOrg } from "../src/services/demo.service.js";
import { managersReport, report, teamScreen } from "../src/services/metrics.service.js";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "5000" },
    "pglite-people": { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    "as-of": { type: "string", default: "2026-11-15T12:00:00Z" },
    runs: { type: "string", default: "7" },
    only: { type: "string" },
    "org-only": { type: "boolean", default: false },
    vacuum: { type: "boolean", default: false },
    writes: { type: "string", default: "0" },
    later: { type: "string", default: "24" },
  },
});
const seed = Number(values.seed);
const asOf = new Date(values["as-of"]!);
const runs = Math.max(1, Number(values.runs));
const out = (s = "") => process.stdout.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** Reuses `bench<N>` when it was built with the same people, seed and asOf; else (re)creates it. */
async function ensureOrg(h: DbHandle, people: number): Promise<string> {
  const slug = `bench${people}`;
  const plan = generateDemo({ slug, people, seed, asOf });
  const org = await one<{ id: string }>(h.db, sql`select id from organisations where slug = ${slug}`);
  if (org) {
    const probe = [plan.people[0], plan.people[2], plan.people[plan.people.length - 1]].map((p) => p.id);
    const check = await one<{ n: number; known: number; last: Date | null }>(
      h.db,
      sql`select (select count(*) from people where org_id = ${org.id})::int as n,
                 (select count(*) from people where org_id = ${org.id}
                   and id = any(${`{${probe.join(",")}}`}::uuid[]))::int as known,
                 (select max(done_at) from activities where org_id = ${org.id}) as last`,
    );
    const last = check?.last ? new Date(check.last).getTime() : 0;
    if (
      check?.n === people &&
      check.known === 3 &&
      last <= asOf.getTime() &&
      last > asOf.getTime() - 7 * 864e5
    ) {
      out(`re-using organisation ${slug} (${people} people, seed ${seed}, as of ${asOf.toISOString()})`);
      return org.id;
    }
  }
  out(`creating organisation ${slug} (${people} people, seed ${seed}, as of ${asOf.toISOString()}) …`);
  let lastPct = -1;
  const s = await createDemoOrg(h, {
    slug,
    people,
    seed,
    asOf,
    onProgress: (p) => {
      const pct = Math.floor((p.done / p.total) * 10) * 10;
      if (pct > lastPct) {
        lastPct = pct;
        process.stderr.write(`  demo ${pct}% (${fmt(p.rows)} rows)\n`);
      }
    },
  });
  out(`  created in ${(s.elapsedMs / 1000).toFixed(1)} s`);
  return s.orgId;
}

/**
 * Wall time (ms) of `f`; with `cpu`, its process CPU time (ms) is pushed there — on
 * PGlite, whose worker thread is in this process, the database's work included.
 */
async function time(f: () => Promise<unknown>, cpu?: number[]): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu?.push((c.user + c.system) / 1000);
  return ms;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p90: q(0.9) };
}

interface Line {
  engine: string;
  people: number;
  what: string;
  median: number;
  p90: number;
  plain: number;
  note: string;
}

async function benchOrg(h: DbHandle, people: number): Promise<Line[]> {
  const orgId = await ensureOrg(h, people);
  const counts = await one<Record<string, number>>(
    h.db,
    sql`select (select count(*) from people where org_id = ${orgId})::int as people,
               (select count(*) from deals where org_id = ${orgId})::int as deals,
               (select count(*) from deal_steps where org_id = ${orgId})::int as deal_steps,
               (select count(*) from activities where org_id = ${orgId})::int as activities`,
  );
  out(
    `  rows: ${Object.entries(counts ?? {})
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(", ")}`,
  );
  const tzOf = (await one<{ tz: string }>(
    h.db,
    sql`select time_zone as tz from organisations where id = ${orgId}`,
  ))!.tz;
  await ensureCheckpoint(h, orgId, periodContaining(asOf, "quarter", tzOf), tzOf);
  const person = async (email: string) =>
    (await one<{ id: string; email: string; name: string }>(
      h.db,
      sql`select id, email, name from people where org_id = ${orgId} and email = ${email}`,
    ))!;
  const actor = (p: { id: string; email: string; name: string }, role: Actor["role"]): Ctx => ({
    db: h.db,
    actor: { orgId, personId: p.id, email: p.email, name: p.name, role, scope: "read", via: "session" },
  });
  const mgr = await person("manager1@demo.test");
  const exec = await person("exec@demo.test");
  const tz = (await one<{ tz: string }>(
    h.db,
    sql`select time_zone as tz from organisations where id = ${orgId}`,
  ))!.tz;
  const period = periodContaining(asOf, "quarter", tz);
  const from = factsWindowStart(periodRange(period, tz), asOf, resolveSettings({}));
  const line = (
    await rows<{ id: string }>(
      h.db,
      sql`with recursive r as (select id from people where org_id = ${orgId} and id = ${mgr.id}
                             union select p.id from people p join r on p.manager_id = r.id where p.org_id = ${orgId})
        select id from r`,
    )
  ).map((r) => r.id);
  const ids = sql`${`{${line.join(",")}}`}::uuid[]`;

  // The plain aggregates: one GROUP BY over the same rows the report reads, on the
  // same indexes. The baseline must be a lower bound, so each is timed twice per run —
  // as the planner likes it and with parallel workers off (a parallel scan of every
  // step row of the organisation was chosen at 1,000 people and took 15–40× longer) —
  // and the faster of the two counts (bestPlain).
  type Q = Parameters<typeof rows>[0];
  const stepAgg = (q: Q, who: ReturnType<typeof sql>) =>
    rows(
      q,
      sql`select d.owner_id, s.step, count(*)::int as n from deal_steps s
          join deals d on d.org_id = s.org_id and d.id = s.deal_id
          where s.org_id = ${orgId} and ${who} and s.entered_at > ${from} and s.entered_at <= ${asOf}
          group by d.owner_id, s.step`,
    );
  const actAgg = (q: Q) =>
    rows(
      q,
      sql`select owner_id, step, count(*)::int as n from activities
          where org_id = ${orgId} and owner_id = any(${ids}) and done_at > ${from} and done_at <= ${asOf}
          group by owner_id, step`,
    );
  const serial = (f: (q: Q) => Promise<unknown>) =>
    h.db.transaction(async (tx) => {
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
      await f(tx);
    });
  const bestPlain = async (f: (q: Q) => Promise<unknown>) =>
    Math.min(await time(() => f(h.db)), await time(() => serial(f)));
  const params = reportTime(period, asOf.toISOString());
  const scorecard = () => report(actor(mgr, "manager"), "scorecard", params);
  const quad = () => report(actor(exec, "executive"), "quad", params);
  const teamPlain = async (q: Q) => {
    await stepAgg(q, sql`d.owner_id = any(${ids})`);
    await actAgg(q);
  };
  const orgPlain = (q: Q) => stepAgg(q, sql`true`);

  // The Team screen's data as the web app asks for it (GET /team-screen: the scorecard,
  // team, early-warning and manager-time reports from one load of the facts), and the
  // Managers screen's (GET /managers) for the executive: the whole organisation.
  const teamPage = () => teamScreen(actor(mgr, "manager"), params);
  const managers = () => managersReport(actor(exec, "executive"), params);
  const orgN = ((await quad()) as { people: unknown[] }).people.length;
  const mgrN = (await managers()).managers.length;
  await bestPlain(orgPlain);
  const orgRuns = Math.max(3, Math.ceil(runs / 2));
  const engine = h.kind === "postgres" ? "PostgreSQL" : "PGlite";
  const timeOrg = async (when: string, at = params): Promise<Line[]> => {
    const b: number[] = [];
    const bp: number[] = [];
    const mg: number[] = [];
    const mgp: number[] = [];
    for (let i = 0; i < orgRuns; i++) {
      b.push(await time(() => report(actor(exec, "executive"), "quad", at)));
      bp.push(await bestPlain(orgPlain));
      mg.push(await time(() => managersReport(actor(exec, "executive"), at)));
      mgp.push(await bestPlain(orgPlain));
    }
    return [
      {
        engine,
        people,
        what: `org-wide quad (${orgN} people, ${period})${when}`,
        ...stats(b),
        plain: stats(bp).median,
        note: "steps",
      },
      {
        engine,
        people,
        what: `Managers screen data (${mgrN} managers)${when}`,
        ...stats(mg),
        plain: stats(mgp).median,
        note: "steps",
      },
    ];
  };
  // The same with the checkpoint set aside (renamed for the moment): the plain query.
  const withoutCheckpoint = async (when: string, at = params): Promise<Line[]> => {
    await h.db.execute(
      sql`update deal_stats_checkpoints set period_key = period_key || '-aside' where org_id = ${orgId}`,
    );
    try {
      return await timeOrg(`${when}, without checkpoint`, at);
    } finally {
      await h.db.execute(
        sql`update deal_stats_checkpoints set period_key = replace(period_key, '-aside', '') where org_id = ${orgId}`,
      );
    }
  };
  if (values["org-only"]) {
    const lines = await timeOrg(" (checkpoint)");
    lines.push(...(await withoutCheckpoint("")));
    if (values.vacuum && h.kind === "postgres") {
      const t0 = performance.now();
      await h.db.execute(sql`vacuum analyze deals, deal_steps, deal_step_minima, activities`);
      out(
        `  VACUUM ANALYZE of deals, deal_steps, deal_step_minima, activities: ${fmt(performance.now() - t0)} ms`,
      );
      lines.push(...(await timeOrg(", after VACUUM ANALYZE")));
    }
    const n = Number(values.writes);
    if (n > 0 && h.kind === "postgres") {
      const later = new Date(asOf.getTime() + Number(values.later) * 3_600_000);
      const undo = await writeAfterCheckpoint(h, orgId, n, period, tz, later);
      const when = `, ${fmt(n)} writes later, as of +${values.later} h`;
      const at = reportTime(period, later.toISOString());
      try {
        lines.push(...(await timeOrg(when, at)), ...(await withoutCheckpoint(when, at)));
      } finally {
        await undo();
        await ensureCheckpoint(h, orgId, period, tz);
      }
    }
    return lines;
  }
  const teamN = ((await scorecard()) as { people: unknown[] }).people.length;
  await teamPage();
  await bestPlain(teamPlain);
  // Interleaved: the report and its baseline see the same machine load.
  const a: number[] = [];
  const ap: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await time(scorecard));
    ap.push(await bestPlain(teamPlain));
  }
  // Before GET /team-screen the web app asked for the four reports in parallel.
  const fourReports = () =>
    Promise.all(
      (["scorecard", "team", "early-warning", "manager-time"] as const).map((k) =>
        report(actor(mgr, "manager"), k, params),
      ),
    );
  const tp: number[] = [];
  const tpCpu: number[] = [];
  const tpp: number[] = [];
  const t4: number[] = [];
  for (let i = 0; i < runs; i++) {
    tp.push(await time(teamPage, tpCpu));
    tpp.push(await bestPlain(teamPlain));
    t4.push(await time(fourReports));
  }
  return [
    {
      engine,
      people,
      what: `team scorecard (${teamN} people, ${period})`,
      ...stats(a),
      plain: stats(ap).median,
      note: "steps + activities",
    },
    {
      engine,
      people,
      what: `Team screen data (${teamN} people, 4 reports)${
        h.kind === "pglite" ? `, CPU ${fmt(stats(tpCpu).median)} ms` : ""
      }`,
      ...stats(tp),
      plain: stats(tpp).median,
      note: "steps + activities",
    },
    {
      engine,
      people,
      what: `(before: the 4 reports, in parallel)`,
      ...stats(t4),
      plain: stats(tpp).median,
      note: "steps + activities",
    },
    ...(await timeOrg("")),
  ];
}

/** The checkpoint of the quarter as of asOf (the demo writer's), taken when missing or older. */
async function ensureCheckpoint(h: DbHandle, orgId: string, period: string, tz: string) {
  const key = { orgId, period: periodRange(period, tz), windowDays: resolveSettings({}).rateWindowDays };
  const have = await one<{ asOf: Date }>(
    h.db,
    sql`select as_of as "asOf" from deal_stats_checkpoints
        where org_id = ${orgId} and period_key = ${period} and time_zone = ${tz} and window_days = ${key.windowDays}`,
  );
  const log = await one<{ n: number }>(
    h.db,
    sql`select count(*)::int as n from deal_stats_log where org_id = ${orgId}`,
  );
  if (have && new Date(have.asOf).getTime() === asOf.getTime() && log?.n === 0) return;
  const t0 = performance.now();
  const ok = await refreshCheckpoint(h.db, key, asOf, 600_000);
  out(
    `  checkpoint of ${period} as of ${asOf.toISOString()}: ${ok ? "taken" : "NOT taken"} in ${fmt(performance.now() - t0)} ms`,
  );
}

/**
 * `n` writes after the checkpoint, one statement each as the API would: for open deals
 * (a deterministic pick), a step row one step further at a time in (asOf, later] — a
 * quarter of them back-dated into the period before asOf — and every fourth write a
 * win at a time in (asOf, later]. Returns the undo.
 */
async function writeAfterCheckpoint(
  h: DbHandle,
  orgId: string,
  n: number,
  period: string,
  tz: string,
  later: Date,
) {
  const open = await rows<{ id: string; step: number }>(
    h.db,
    sql`select id, current_step::int as step from deals where org_id = ${orgId} and status = 'open'
        order by md5(id::text) limit ${n}`,
  );
  const start = periodRange(period, tz).start.getTime();
  const span = later.getTime() - asOf.getTime();
  const steps: number[] = [];
  const won: string[] = [];
  const t0 = performance.now();
  for (const [i, d] of open.entries()) {
    const after = new Date(asOf.getTime() + 1 + ((i * 7919) % span));
    if (i % 4 === 3) {
      await h.db.execute(
        sql`update deals set status = 'won', closed_at = ${after} where org_id = ${orgId} and id = ${d.id}`,
      );
      won.push(d.id);
      continue;
    }
    const at = i % 4 === 2 ? new Date(start + ((i * 104729) % (asOf.getTime() - start))) : after;
    const r = await one<{ id: number }>(
      h.db,
      sql`insert into deal_steps (org_id, deal_id, step, entered_at)
          values (${orgId}, ${d.id}, ${Math.min(7, d.step + 1)}, ${at}) returning id`,
    );
    steps.push(Number(r!.id));
  }
  out(`  ${fmt(open.length)} writes in ${fmt(performance.now() - t0)} ms`);
  return async () => {
    await h.db.execute(
      sql`delete from deal_steps where org_id = ${orgId} and id = any(${`{${steps.join(",")}}`}::bigint[])`,
    );
    await h.db.execute(
      sql`update deals set status = 'open', closed_at = null where org_id = ${orgId} and id = any(${`{${won.join(",")}}`}::uuid[])`,
    );
  };
}

function printTable(lines: Line[]) {
  const head = ["engine", "people", "report", "median", "p90", "plain aggregate", "ratio"];
  const body = lines.map((l) => [
    l.engine,
    fmt(l.people),
    l.what,
    `${fmt(l.median)} ms`,
    `${fmt(l.p90)} ms`,
    `${fmt(l.plain)} ms (${l.note})`,
    `${(l.median / l.plain).toFixed(1)}×`,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const right = new Set([1, 3, 4, 6]);
  const row = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  ");
  out();
  out(row(head));
  out(w.map((n) => "─".repeat(n)).join("  "));
  for (const r of body) out(row(r));
  out();
  out("targets (PostgreSQL, 5,000 people): team scorecard ≤ 100 ms median and ≤ 3× the plain aggregate;");
  out("  Team screen data ≤ 150 ms; org-wide quad and Managers screen data ≤ 1,000 ms (issue 14).");
}

async function main() {
  const lines: Line[] = [];
  const url = process.env.DATABASE_URL;
  if (values.only !== "pglite") {
    if (!url) {
      out("DATABASE_URL is not set: skipping the PostgreSQL run (the 5,000-person benchmark needs it).");
    } else {
      const h = await openDb({ databaseUrl: url });
      try {
        await migrate(h);
        out(`PostgreSQL: ${new URL(url).host}${new URL(url).pathname}`);
        lines.push(...(await benchOrg(h, Number(values.people))));
      } finally {
        await h.close();
      }
    }
  }
  if (values.only !== "postgres") {
    const h = await openDb({ memory: true });
    try {
      await migrate(h);
      out("PGlite: in memory");
      lines.push(...(await benchOrg(h, Number(values["pglite-people"]))));
    } finally {
      await h.close();
    }
  }
  printTable(lines);
}

await main();
