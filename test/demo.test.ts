import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import {
  bypassTriggers,
  csvLine,
  csvLineOfCells,
  DEAL_STEPS_TABLE,
  DEALS_TABLE,
  DEMO_BATCH_TABLES,
  verifyForeignKeys,
  withBulkTransaction,
} from "../src/db/demo.queries.js";
import { one, rows } from "../src/db/sql.js";
import { DemoIds, Pacer, Rng, Spread } from "../src/domain/demo/random.js";
import {
  DEMO_PASSWORD,
  type DemoBatch,
  type DemoPlan,
  generateDemo,
  orgShape,
  storyDeck,
} from "../src/domain/demo.js";
import { planDemoCoaching } from "../src/domain/demo-coaching.js";
import { AppError } from "../src/domain/errors.js";
import { STEP_NAMES } from "../src/domain/steps.js";
import { IdParam } from "../src/http/schemas.js";
import { createDemoOrg, type DemoProgress } from "../src/services/demo.service.js";
import { JOB_HANDLERS } from "../src/services/jobs.service.js";
import { runDueJobs } from "../src/services/jobs.worker.js";
import { hashPassword, verifyPassword } from "../src/services/passwords.js";
import { createTestDb } from "./helpers/db.js";

const AS_OF = new Date("2026-11-15T12:00:00Z");
const H48 = 48 * 3_600_000;

function collect(plan: DemoPlan): DemoBatch {
  const all: DemoBatch = {
    accounts: [],
    contacts: [],
    deals: [],
    dealSteps: [],
    activities: [],
    quotas: [],
    timeEntries: [],
    reviews: [],
  };
  for (const b of plan.batches()) {
    for (const k of Object.keys(all) as (keyof DemoBatch)[]) (all[k] as unknown[]).push(...b[k]);
  }
  return all;
}

function digest(plan: DemoPlan): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(plan.people));
  for (const b of plan.batches()) h.update(JSON.stringify(b));
  return h.digest("hex");
}

describe("the demo generator (pure)", () => {
  it("is deterministic: the same seed gives identical rows, another seed different ones", () => {
    const a = digest(generateDemo({ people: 25, seed: 5, asOf: AS_OF }));
    const b = digest(generateDemo({ people: 25, seed: 5, asOf: AS_OF }));
    const c = digest(generateDemo({ people: 25, seed: 6, asOf: AS_OF }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it("replays the same batches when iterated twice", () => {
    const plan = generateDemo({ people: 12, seed: 9, asOf: AS_OF });
    expect(collect(plan)).toEqual(collect(plan));
  });

  it("bySeller pauses after each seller and gives the same batches", () => {
    const plan = generateDemo({ people: 12, seed: 9, asOf: AS_OF, months: 2 });
    const items = [...plan.bySeller()];
    // 12 people: one team of a manager and 9 salespeople, simulated one by one (10
    // pauses), then its 10 batches once the team's quotas are set.
    expect(items.map((x) => (x === undefined ? "pause" : "batch"))).toEqual([
      ...Array<string>(10).fill("pause"),
      ...Array<string>(10).fill("batch"),
    ]);
    expect(items.filter((x) => x !== undefined)).toEqual([...plan.batches()]);
  });

  it("splits 12 people into 1 admin, 1 executive, 1 manager and 9 salespeople", () => {
    const plan = generateDemo({ people: 12, seed: 1, asOf: AS_OF });
    const count = (role: string) => plan.people.filter((p) => p.role === role).length;
    expect([count("admin"), count("executive"), count("manager"), count("salesperson")]).toEqual([
      1, 1, 1, 9,
    ]);
  });

  it("gives every manager 6–10 reports from about 20 people up (200 people: 22 managers × 8)", () => {
    expect(orgShape(200)).toMatchObject({ managers: 22, salespeople: 176 });
    for (const n of [20, 24, 25, 37, 200, 999]) {
      const plan = generateDemo({ people: n, seed: 1, asOf: AS_OF, months: 1, dealsPerRepYear: 1 });
      const managers = plan.people.filter((p) => p.role === "manager");
      expect(plan.people).toHaveLength(n);
      for (const m of managers) {
        const reports = plan.people.filter((p) => p.managerId === m.id).length;
        expect(reports, `${n} people, ${m.email}`).toBeGreaterThanOrEqual(6);
        expect(reports, `${n} people, ${m.email}`).toBeLessThanOrEqual(10);
      }
      // one team per manager, all distinct
      expect(new Set(managers.map((m) => m.team)).size).toBe(managers.length);
    }
  });

  it("rejects a headcount outside 5–5,000", () => {
    expect(() => generateDemo({ people: 4, seed: 1, asOf: AS_OF })).toThrow(RangeError);
    expect(() => generateDemo({ people: 5001, seed: 1, asOf: AS_OF })).toThrow(RangeError);
  });

  it("has the sign-in accounts, rep1 reporting to manager1", () => {
    const plan = generateDemo({ people: 5, seed: 1, asOf: AS_OF });
    const by = new Map(plan.people.map((p) => [p.email, p]));
    expect(by.get("admin@demo.test")?.role).toBe("admin");
    expect(by.get("exec@demo.test")?.role).toBe("executive");
    expect(by.get("manager1@demo.test")?.role).toBe("manager");
    expect(by.get("rep1@demo.test")?.managerId).toBe(by.get("manager1@demo.test")?.id);
  });

  it("sets quotas for the previous and current quarter and their months", () => {
    const plan = generateDemo({ people: 12, seed: 1, asOf: AS_OF });
    expect(plan.periods).toEqual([
      "2026-Q3",
      "2026-Q4",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
    ]);
    expect(
      generateDemo({ people: 5, seed: 1, asOf: new Date("2027-02-01T00:00:00Z") }).periods.slice(0, 2),
    ).toEqual(["2026-Q4", "2027-Q1"]);
  });

  describe("a 100-person organisation", () => {
    const plan = generateDemo({ people: 100, seed: 11, asOf: AS_OF });
    const all = collect(plan);
    const asOf = AS_OF.getTime();
    const reps = plan.people.filter((p) => p.role === "salesperson");
    const stepsByDeal = new Map<string, typeof all.dealSteps>();
    for (const s of all.dealSteps) {
      const list = stepsByDeal.get(s.dealId) ?? [];
      list.push(s);
      stepsByDeal.set(s.dealId, list);
    }

    it("closes every won, lost or disqualified deal with a date, and leaves open ones open", () => {
      const won = all.deals.filter((d) => d.status === "won");
      expect(won.length).toBeGreaterThan(0);
      for (const d of won) {
        expect(d.closedAt).not.toBeNull();
        expect(d.currentStep).toBe(7);
        expect(d.stepEnteredAt).toBe(d.closedAt);
      }
      for (const d of all.deals) {
        expect(d.closedAt === null, d.id).toBe(d.status === "open");
        if (d.status === "lost" || d.status === "disqualified") expect(d.lostReason).toBeTruthy();
        if (d.closedAt !== null) expect(d.closedAt).toBeLessThanOrEqual(asOf);
      }
      expect(all.deals.some((d) => d.status === "open")).toBe(true);
      expect(all.deals.some((d) => d.status === "lost")).toBe(true);
      expect(all.deals.some((d) => d.status === "disqualified")).toBe(true);
    });

    it("keeps step rows ordered, at or before asOf, with current_step the furthest step", () => {
      // About 55,000 deals: the checks collect what is wrong and assert once (an expect per row
      // is most of this test's time on a loaded machine).
      const wrong: string[] = [];
      for (const d of all.deals) {
        const steps = stepsByDeal.get(d.id);
        if (!steps?.length) {
          wrong.push(`${d.id}: no step rows`);
          continue;
        }
        for (let i = 1; i < steps.length; i++) {
          if (!(steps[i].enteredAt > steps[i - 1].enteredAt)) wrong.push(`${d.id}: row ${i} not later`);
          if (!(steps[i].step > steps[i - 1].step)) wrong.push(`${d.id}: row ${i} not a later step`);
        }
        if (steps.some((s) => s.enteredAt > asOf)) wrong.push(`${d.id}: a row after asOf`);
        const furthest = steps[steps.length - 1];
        if (d.currentStep !== Math.max(...steps.map((s) => s.step))) wrong.push(`${d.id}: current step`);
        if (d.stepEnteredAt !== furthest.enteredAt) wrong.push(`${d.id}: step entered at`);
        if (steps[0].enteredAt !== d.createdAt) wrong.push(`${d.id}: first row not at creation`);
      }
      expect(wrong).toEqual([]);
      expect(all.deals.length).toBeGreaterThan(40_000);
    });

    it("has occasional skips, each naming the steps jumped over", () => {
      const skips = all.dealSteps.filter((s) => s.skipped.length > 0);
      expect(skips.length).toBeGreaterThan(0);
      expect(skips.length).toBeLessThan(all.dealSteps.length * 0.1);
      for (const s of skips) {
        const prev = stepsByDeal
          .get(s.dealId)!
          .filter((x) => x.enteredAt < s.enteredAt)
          .pop();
        const from = prev ? prev.step : 0;
        expect(s.skipped).toEqual(Array.from({ length: s.step - from - 1 }, (_, i) => from + 1 + i));
      }
    });

    it("leaves some open deals without a scheduled next step, and gives others one", () => {
      const withNext = new Set(
        all.activities
          .filter((a) => a.doneAt === null && a.dealId && a.scheduledFor !== null && a.scheduledFor >= asOf)
          .map((a) => a.dealId),
      );
      const open = all.deals.filter((d) => d.status === "open");
      const covered = open.filter((d) => withNext.has(d.id)).length;
      expect(covered).toBeGreaterThan(0);
      expect(covered).toBeLessThan(open.length);
    });

    it("has activities done at or before asOf, some logged more than 48 h late, none logged in the future", () => {
      const done = all.activities.filter((a) => a.doneAt !== null);
      const bad = done.filter((a) => a.doneAt! > asOf || a.loggedAt! > asOf || a.loggedAt! < a.doneAt!);
      expect(bad).toEqual([]);
      const late = done.filter((a) => a.loggedAt! - a.doneAt! > H48).length;
      expect(late).toBeGreaterThan(0);
      expect(late).toBeLessThan(done.length / 2);
    });

    it("gives the top 20 % of salespeople well over half of the won revenue (the 80/20 spread)", () => {
      const won = new Map<string, number>();
      for (const d of all.deals) {
        if (d.status === "won") won.set(d.ownerId, (won.get(d.ownerId) ?? 0) + Number(d.value));
      }
      const revenue = reps.map((r) => won.get(r.id) ?? 0).sort((a, b) => b - a);
      const top = revenue.slice(0, Math.ceil(reps.length * 0.2)).reduce((a, b) => a + b, 0);
      const total = revenue.reduce((a, b) => a + b, 0);
      expect(top / total).toBeGreaterThan(0.55);
    });

    it("lets managers sell: some spend well under 75 % of their time managing, others more", () => {
      const managers = plan.people.filter((p) => p.role === "manager");
      const share = managers.map((m) => {
        const mine = all.timeEntries.filter((t) => t.personId === m.id);
        const total = mine.reduce((s, t) => s + t.minutes, 0);
        const selling = mine.filter((t) => t.category === "selling").reduce((s, t) => s + t.minutes, 0);
        expect(total, m.email).toBeGreaterThan(0);
        return (total - selling) / total;
      });
      expect(share.some((s) => s < 0.65)).toBe(true);
      expect(share.some((s) => s >= 0.75)).toBe(true);
      const managerDeals = all.deals.filter((d) => managers.some((m) => m.id === d.ownerId));
      expect(managerDeals.length).toBeGreaterThan(0);
    });

    it("opens roughly 450 deals per salesperson-year at plan (more with the stories' work), about 3 activities a deal", () => {
      // 450 a year at work 1. The stories' work (per 20: 4 Q1 × 1.9, 7 Q2 × 1.9, 5 Q3 × 0.45,
      // 4 Q4 × 0.575) averages (7.6 + 13.3 + 2.25 + 2.3) / 20 ≈ 1.27, volume about 1.03:
      // 450 × 1.27 × 1.03 ≈ 590 a year; new hires (about 10 %) have a fraction of the year,
      // so about 540. 100 people, seed 11 open 526 a year.
      const repIds = new Set(reps.map((r) => r.id));
      const years = 13 / 12;
      const deals = all.deals.filter((d) => repIds.has(d.ownerId)).length / reps.length / years;
      const acts = all.activities.filter((a) => repIds.has(a.ownerId)).length / reps.length / years;
      expect(deals).toBeGreaterThan(450);
      expect(deals).toBeLessThan(650);
      expect(acts).toBeGreaterThan(2 * deals);
      expect(acts).toBeLessThan(4 * deals);
    });

    it("makes contacts customers when they bought, some inactive", () => {
      const customers = all.contacts.filter((c) => c.customer);
      const wonContacts = new Set(all.deals.filter((d) => d.status === "won").map((d) => d.contactId));
      expect(new Set(customers.map((c) => c.id))).toEqual(wonContacts);
      expect(all.contacts.some((c) => c.status === "inactive")).toBe(true);
      expect(new Set(all.contacts.map((c) => c.email)).size).toBe(all.contacts.length);
      expect(new Set(all.accounts.map((a) => a.name)).size).toBe(all.accounts.length);
    });
  });
});

describe("the demo's ids", () => {
  const V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  /** The first 48 bits: the organisation's counter. */
  const counter = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  /** Every id of a plan, table by table, in the order the generator lists the rows. */
  const idsOf = (plan: DemoPlan, all: DemoBatch) => {
    return {
      people: plan.people.map((p) => p.id),
      accounts: all.accounts.map((r) => r.id),
      contacts: all.contacts.map((r) => r.id),
      deals: all.deals.map((r) => r.id),
      activities: all.activities.map((r) => r.id),
      timeEntries: all.timeEntries.map((r) => r.id),
      reviews: all.reviews.map((r) => r.id),
    };
  };
  const bits = (id: string) => BigInt(`0x${id.replaceAll("-", "")}`);

  it("lays out counter, version 8, variant and the draws as RFC 9562 says (hand-worked)", () => {
    const draws = (xs: number[]) => ({ next32: () => xs.shift()! });
    const zero = new DemoIds("demo", 0x0123456789ab).next(draws([0, 0, 0, 0]));
    const some = new DemoIds("demo", 0x0123456789ab).next(
      draws([0xffffffff, 0x12345678, 0xffffffff, 0x0badf00d]),
    );
    // 48-bit counter 0x0123456789ab, then the version nibble 8, then the variant bits 10
    expect(zero.slice(0, 15)).toBe("01234567-89ab-8");
    expect(some.slice(0, 15)).toBe("01234567-89ab-8");
    expect(zero).toMatch(V8);
    expect(some).toMatch(V8);
    // Same slug, so the same hash: the ids differ by the draws' bits where they show —
    // draw 1 and the high half of draw 2 none (the counter), the low 12 bits of draw 2
    // (678), the low 30 of draw 3 (3fffffff: its top 2 are the variant's), all of draw 4.
    expect((bits(zero) ^ bits(some)).toString(16).padStart(32, "0")).toBe("00000000000006783fffffff0badf00d");
  });

  it("counts the people 0..11, then every row from 12 in drawing order, all unique and v8", () => {
    const plan = generateDemo({ people: 12, seed: 3, asOf: AS_OF });
    const all = collect(plan);
    const ids = idsOf(plan, all);
    expect(ids.people.map(counter)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const every = Object.values(ids).flat();
    expect(every.filter((id) => !V8.test(id))).toEqual([]);
    expect(IdParam.safeParse({ id: ids.deals[0] }).success).toBe(true); // the API's zod uuid()
    // Every id drawn is a row: the counters are exactly 0 … n − 1.
    const sorted = every.map(counter).sort((a, b) => a - b);
    expect(sorted.filter((c, i) => c !== i)).toEqual([]);
    expect(new Set(every).size).toBe(every.length);
    // The first row drawn is manager1's first account (its contact and deal follow).
    expect(counter(ids.accounts[0])).toBe(12);
    expect(counter(ids.contacts[0])).toBe(13);
    expect(counter(ids.deals[0])).toBe(14);
    // Rows are listed in drawing order (seller by seller), so each table's ids increase:
    // the COPY appends at the right edge of its indexes. Reviews are the exception, drawn
    // newest first and listed oldest first per salesperson.
    for (const key of ["accounts", "contacts", "deals", "activities", "timeEntries"] as const) {
      const c = ids[key].map(counter);
      expect(
        c.every((x, i) => i === 0 || x > c[i - 1]),
        key,
      ).toBe(true);
    }
    const reviews = all.reviews;
    const outOfOrder = reviews.filter((r, i) => {
      if (i === 0) return false;
      const [a, b] = [counter(reviews[i - 1].id), counter(r.id)];
      return r.personId === reviews[i - 1].personId ? a < b : a > b;
    });
    expect(reviews.length).toBeGreaterThan(0);
    expect(outOfOrder).toEqual([]);
  });

  it("gives another slug other ids with the same counters, names and figures", () => {
    // Three months of history: the same code, fewer rows to compare.
    const a = generateDemo({ people: 12, seed: 3, asOf: AS_OF, months: 3 });
    const b = generateDemo({ people: 12, seed: 3, asOf: AS_OF, months: 3, slug: "other" });
    const [allA, allB] = [collect(a), collect(b)];
    const [ia, ib] = [Object.values(idsOf(a, allA)).flat(), Object.values(idsOf(b, allB)).flat()];
    expect(ib.map(counter).join()).toBe(ia.map(counter).join());
    // The same draws XOR another slug's hash: every id pair differs by one constant
    // (nonzero) in the low 80 bits.
    const diffs = new Set(ia.map((id, i) => (bits(id) ^ bits(ib[i])).toString(16)));
    expect(diffs.size).toBe(1);
    expect([...diffs][0]).not.toBe("0");
    const inA = new Set(ia);
    expect(ib.filter((id) => inA.has(id))).toEqual([]);
    // Everything else equal: each id replaced by its counter.
    const plain = (plan: DemoPlan, all: DemoBatch) =>
      JSON.stringify([plan.people, all]).replace(
        /"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g,
        (q) => String(counter(q.slice(1, -1))),
      );
    expect(plain(b, allB)).toBe(plain(a, allA));
  });
});

describe("the demo's outcomes by construction", () => {
  it("a Pacer says yes Σp ± 1 times over any run of calls", () => {
    const pace = new Pacer(new Rng(1, "pacer"));
    const said = Array.from({ length: 200 }, () => pace.chance(0.3));
    // 0.3 a call: 60 of 200, and 3 of any 10 consecutive calls, each ± 1
    expect(said.filter(Boolean).length).toBeGreaterThanOrEqual(59);
    expect(said.filter(Boolean).length).toBeLessThanOrEqual(61);
    for (let i = 0; i + 10 <= said.length; i++) {
      const n = said.slice(i, i + 10).filter(Boolean).length;
      expect(n, `calls ${i}..${i + 9}`).toBeGreaterThanOrEqual(2);
      expect(n, `calls ${i}..${i + 9}`).toBeLessThanOrEqual(4);
    }
  });

  it("a Spread covers [0, 1) evenly with any five consecutive values", () => {
    const spread = new Spread(new Rng(2, "spread"));
    const xs = Array.from({ length: 60 }, () => spread.next());
    for (let i = 0; i + 5 <= xs.length; i++) {
      const s = xs.slice(i, i + 5).sort((a, b) => a - b);
      // five steps of 0.618… from 0 land at 0, .236, .472, .618, .854: the widest gap
      // (around the circle) is 0.236, wherever the run starts
      const gaps = s.map((x, k) => (k + 1 < s.length ? s[k + 1] : s[0] + 1) - x);
      expect(Math.max(...gaps), `values ${i}..${i + 4}`).toBeLessThan(0.237);
    }
  });

  it("deals every story to every team of five or more, fewer than half with results", () => {
    const count = (deck: string[]) =>
      Object.fromEntries(["Q1", "Q2", "Q3", "Q4"].map((q) => [q, deck.filter((x) => x === q).length]));
    // 9: results floor(0.45 × 9) = 4 → 2 Q1, 2 Q3; the other 5 by 7 : 4 → 3.18 and 1.82 →
    // 3 Q2 and 1 Q4, the remainder to Q4 (.82 > .18): 3 Q2, 2 Q4
    expect(count(storyDeck(9, new Rng(3, "deck"), 0))).toEqual({ Q1: 2, Q2: 3, Q3: 2, Q4: 2 });
    // 8: results floor(3.6) = 3 → 1.5 each: the extra to Q1 in team 0, to Q3 in team 1;
    // the other 5: 3 Q2, 2 Q4
    expect(count(storyDeck(8, new Rng(3, "deck"), 0))).toEqual({ Q1: 2, Q2: 3, Q3: 1, Q4: 2 });
    expect(count(storyDeck(8, new Rng(3, "deck"), 1))).toEqual({ Q1: 1, Q2: 3, Q3: 2, Q4: 2 });
    // 5: results floor(2.25) = 2 → 1 each; the other 3: 1.91 and 1.09 → 2 Q2, 1 Q4
    expect(count(storyDeck(5, new Rng(3, "deck"), 0))).toEqual({ Q1: 1, Q2: 2, Q3: 1, Q4: 1 });
  });

  it("deals the stories and the new hires to each team of the demo", () => {
    const plan = generateDemo({ people: 40, seed: 5, asOf: AS_OF });
    for (const team of new Set(plan.sellers.map((s) => s.team))) {
      const reps = plan.sellers.filter((s) => s.team === team && s.role === "salesperson");
      const hires = reps.filter((s) => s.rampUntilDay > s.startDay);
      // 40 people: 4 managers with 8 or 9 salespeople; 10 % of 8 or 9, rounded, is 1
      expect(hires, team).toHaveLength(1);
      expect(hires[0].story, team).toBe("Q2"); // busy, no pipeline yet
      for (const q of ["Q1", "Q2", "Q3", "Q4"])
        expect(
          reps.some((s) => s.story === q),
          `${team} ${q}`,
        ).toBe(true);
      for (const s of reps.filter((x) => x.story === "Q1" || x.story === "Q3")) expect(s.weakStep).toBeNull();
    }
  });
});

describe("the demo CSV lines", () => {
  const org = "00000000-0000-4000-8000-000000000000";
  const keys: Record<string, keyof DemoBatch> = {
    accounts: "accounts",
    contacts: "contacts",
    deals: "deals",
    deal_steps: "dealSteps",
    activities: "activities",
    quotas: "quotas",
    time_entries: "timeEntries",
    reviews: "reviews",
  };

  it("hand-written lines equal the generic serialisation of the cells", () => {
    const all = collect(generateDemo({ people: 12, seed: 1, asOf: AS_OF }));
    for (const t of DEMO_BATCH_TABLES) {
      for (const r of all[keys[t.table]] as any[]) {
        const row = { ...r, updatedAt: 0 };
        expect(csvLine(t as any, org, row)).toBe(csvLineOfCells(t as any, org, row));
      }
    }
  });

  it("quotes text with commas and quotes, and arrays of several steps", () => {
    const step = { dealId: "d", step: 4, enteredAt: 0, recordedAt: 0, recordedBy: "p", skipped: [2, 3] };
    expect(csvLine(DEAL_STEPS_TABLE, "o", step)).toBe(
      'o,d,4,1970-01-01T00:00:00.000Z,1970-01-01T00:00:00.000Z,p,"{2,3}",f,app\n',
    );
    const deal = {
      id: "d",
      name: 'Acme, "Big" deal',
      ownerId: "p",
      accountId: "a",
      contactId: "c",
      value: "10.00",
      product: "",
      leadSource: "Web",
      prospectingMethod: "Call",
      expectedClose: null,
      expectedCloseAtCreation: "1970-01-01",
      status: "lost" as const,
      closedAt: 86_400_000,
      lostReason: "Price",
      currentStep: 3,
      stepEnteredAt: 0,
      createdAt: 0,
      updatedAt: 0,
    };
    const line = csvLine(DEALS_TABLE, "o", deal);
    expect(line).toBe(csvLineOfCells(DEALS_TABLE, "o", deal));
    expect(
      line.startsWith(
        'o,d,"Acme, ""Big"" deal",p,a,c,10.00,"",Web,Call,,lost,1970-01-02T00:00:00.000Z,Price,3,',
      ),
    ).toBe(true);
  });
});

describe("createDemoOrg (database)", () => {
  let h: DbHandle;
  let passwordHash: string;
  beforeAll(async () => {
    h = await createTestDb();
    passwordHash = await hashPassword(DEMO_PASSWORD);
  });
  afterAll(async () => {
    await h.close();
  });

  it("writes a 12-person organisation: people, steps, quotas and every generated row", async () => {
    const summary = await createDemoOrg(h, { people: 12, seed: 3, asOf: AS_OF, passwordHash });
    const org = await one<{
      id: string;
      name: string;
      is_demo: boolean;
      time_zone: string;
      currency: string;
    }>(h.db, sql`select id, name, is_demo, time_zone, currency from organisations where slug = 'demo'`);
    expect(org).toMatchObject({ name: "Demo Company", is_demo: true, time_zone: "UTC", currency: "USD" });
    expect(summary.orgId).toBe(org!.id);

    const count = async (table: string) =>
      (await one<{ n: number }>(
        h.db,
        sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${org!.id}`,
      ))!.n;
    expect(await count("people")).toBe(12);
    expect(await count("process_steps")).toBe(7);
    // 9 salespeople × (2 quarters + 6 months); the one new hire (10 % of 9, rounded; seed 3:
    // started 2026-05-29, before the previous quarter) has them all too: 9 × 8 = 72
    expect(await count("quotas")).toBe(72);

    const steps = await rows<{ step: number; name: string }>(
      h.db,
      sql`select step, name from process_steps where org_id = ${org!.id} order by step`,
    );
    expect(steps.map((s) => s.name)).toEqual(Object.values(STEP_NAMES));

    // The writer stores every generated row (an independent generation of the same options).
    const generated = collect(generateDemo({ people: 12, seed: 3, asOf: AS_OF }));
    const tables: [string, keyof DemoBatch][] = [
      ["accounts", "accounts"],
      ["contacts", "contacts"],
      ["deals", "deals"],
      ["deal_steps", "dealSteps"],
      ["activities", "activities"],
      ["time_entries", "timeEntries"],
      ["reviews", "reviews"],
    ];
    for (const [table, key] of tables) {
      expect(generated[key].length, table).toBeGreaterThan(0);
      expect(await count(table), table).toBe(generated[key].length);
      expect(summary.rows[table], table).toBe(generated[key].length);
    }

    // Coaching sessions as planned, each by the person's own manager, before asOf's day,
    // on the person's planted weak step when they have one.
    const plan = generateDemo({ people: 12, seed: 3, asOf: AS_OF });
    const sessions = planDemoCoaching(plan.sellers, AS_OF, 3);
    expect(sessions.length).toBeGreaterThan(0);
    expect(await count("coaching_sessions")).toBe(sessions.length);
    expect(summary.rows.coaching_sessions).toBe(sessions.length);
    const stored = await rows<{ by_manager: boolean; before: boolean; step: number; person_id: string }>(
      h.db,
      sql`select c.manager_id = p.manager_id as by_manager, c.held_on < ${AS_OF.toISOString().slice(0, 10)}::date as before,
                 c.step, c.person_id
          from coaching_sessions c join people p on p.org_id = c.org_id and p.id = c.person_id
          where c.org_id = ${org!.id}`,
    );
    expect(stored.every((r) => r.by_manager && r.before)).toBe(true);
    const weak = new Map(plan.sellers.map((x) => [x.personId, x.weakStep]));
    for (const r of stored) if (weak.get(r.person_id)) expect(r.step).toBe(weak.get(r.person_id));

    // Follow-ups (seed 3 plans three, on 2026-10-30, 11-02 and 11-16; the zone is UTC): the two
    // before asOf (11-15 12:00) were sent to the coach that morning, the one after waits as a job.
    expect(sessions.map((x) => x.followUpOn).sort()).toEqual(["2026-10-30", "2026-11-02", "2026-11-16"]);
    const sent = await rows<{ title: string; created_at: Date; person_id: string }>(
      h.db,
      sql`select title, created_at, person_id from notifications
          where org_id = ${org!.id} and kind = 'coaching.follow_up' order by created_at`,
    );
    expect(sent.map((x) => new Date(x.created_at).toISOString())).toEqual([
      "2026-10-30T00:00:00.000Z",
      "2026-11-02T00:00:00.000Z",
    ]);
    for (const x of sent)
      expect(x.title).toMatch(
        /^Follow up today with .+ on .+: (joint call|role-play|skill coaching) on 2026-10-23$/,
      );
    const waiting = await rows<{ run_at: Date; payload: { sessionId: string } }>(
      h.db,
      sql`select run_at, payload from jobs where org_id = ${org!.id} and kind = 'coaching.follow_up'`,
    );
    expect(waiting.map((x) => new Date(x.run_at).toISOString())).toEqual(["2026-11-16T00:00:00.000Z"]);
    // the job, when it runs, sends the third to the coach
    while (
      (await runDueJobs(h.db, new Date("2026-11-16T00:00:01Z"), { handlers: JOB_HANDLERS })).claimed > 0
    );
    const all = await rows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from notifications n join coaching_sessions c
            on c.org_id = n.org_id and n.key = 'coaching.follow_up.' || c.id and n.person_id = c.manager_id
          where n.org_id = ${org!.id} and n.kind = 'coaching.follow_up'`,
    );
    expect(all[0].n).toBe(3);
  });

  it("keeps deals.current_step and step_entered_at consistent with deal_steps", async () => {
    const bad = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from deals d
          join (select org_id, deal_id, max(step) as furthest, max(entered_at) as last_at
                from deal_steps group by org_id, deal_id) s on s.org_id = d.org_id and s.deal_id = d.id
          where d.current_step <> s.furthest or d.step_entered_at <> s.last_at`,
    );
    expect(bad!.n).toBe(0);
    const wonWithoutClose = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from deals where status = 'won' and (closed_at is null or current_step <> 7)`,
    );
    expect(wonWithoutClose!.n).toBe(0);
    const sources = await rows<{ source: string }>(h.db, sql`select distinct source from deal_steps`);
    expect(sources).toEqual([{ source: "app" }]);
  });

  it("stores a password hash every demo account can sign in with", async () => {
    const rep1 = await one<{ password_hash: string; manager: string }>(
      h.db,
      sql`select p.password_hash, m.email as manager from people p
          join people m on m.org_id = p.org_id and m.id = p.manager_id
          where p.email = 'rep1@demo.test'`,
    );
    expect(rep1!.manager).toBe("manager1@demo.test");
    expect(await verifyPassword(rep1!.password_hash, "stepwise-demo")).toBe(true);
    expect(await verifyPassword(rep1!.password_hash, "wrong")).toBe(false);
    const distinct = await one<{ n: number }>(
      h.db,
      sql`select count(distinct password_hash)::int as n from people`,
    );
    expect(distinct!.n).toBe(1);
  });

  it("re-creates the organisation with the same slug instead of adding a second one", async () => {
    const again = await createDemoOrg(h, { people: 12, seed: 4, asOf: AS_OF, passwordHash });
    expect(again.replaced).toBe(true);
    const orgs = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from organisations where slug = 'demo'`,
    );
    expect(orgs!.n).toBe(1);
    const people = await one<{ n: number }>(h.db, sql`select count(*)::int as n from people`);
    expect(people!.n).toBe(12);
  });

  it("writes the same rows with per-row foreign-key triggers (the path for non-superusers)", async () => {
    const s = await createDemoOrg(h, {
      slug: "demo-triggers",
      people: 6,
      seed: 2,
      asOf: AS_OF,
      passwordHash,
      bypassTriggers: false,
    });
    expect(s.foreignKeys).toBe("triggers");
    const generated = collect(generateDemo({ slug: "demo-triggers", people: 6, seed: 2, asOf: AS_OF }));
    const n = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from activities where org_id = ${s.orgId}`,
    );
    expect(n!.n).toBe(generated.activities.length);
    const again = await createDemoOrg(h, {
      slug: "demo-triggers",
      people: 6,
      seed: 2,
      asOf: AS_OF,
      passwordHash,
    });
    expect(again).toMatchObject({ replaced: true, foreignKeys: "verified" });
    expect(again.rows).toEqual(s.rows);
  });

  it("writes every row when the load is split into many COPY rounds", async () => {
    const progress: DemoProgress[] = [];
    const s = await createDemoOrg(h, {
      slug: "demo-rounds",
      people: 6,
      seed: 8,
      asOf: AS_OF,
      passwordHash,
      flushRows: 500,
      onProgress: (p) => progress.push({ ...p }),
    });
    const generated = collect(generateDemo({ slug: "demo-rounds", people: 6, seed: 8, asOf: AS_OF }));
    // Progress: once per seller (6 people: 1 manager and 3 salespeople sell), its row count
    // never going down while rounds are in flight, ending at every row of the load:
    // the organisation, its 7 steps, the 6 people and every generated row.
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(progress.every((p) => p.total === 4)).toBe(true);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i].rows, `update ${i}`).toBeGreaterThanOrEqual(progress[i - 1].rows);
    const generatedRows = Object.values(generated).reduce((n, list) => n + list.length, 0);
    expect(progress.at(-1)!.rows).toBe(1 + 7 + 6 + generatedRows);
    expect(s.totalRows).toBe(1 + 7 + 6 + generatedRows);
    // more than one round: the seller batches add up to well over 500 rows
    expect(generated.activities.length).toBeGreaterThan(1000);
    const n = await one<{ acts: number; deals: number; steps: number }>(
      h.db,
      sql`select (select count(*)::int from activities where org_id = ${s.orgId}) as acts,
                 (select count(*)::int from deals where org_id = ${s.orgId}) as deals,
                 (select count(*)::int from deal_steps where org_id = ${s.orgId}) as steps`,
    );
    expect(n).toEqual({
      acts: generated.activities.length,
      deals: generated.deals.length,
      steps: generated.dealSteps.length,
    });
  });

  it("finds a row without a parent when foreign-key triggers are bypassed", async () => {
    const org = (await one<{ id: string }>(h.db, sql`select id from organisations where slug = 'demo'`))!;
    const err = await withBulkTransaction(h, async (tx) => {
      expect(await bypassTriggers(tx)).toBe(true);
      const owner = (
        await tx.query<{ id: string }>("select id from people where org_id = $1 limit 1", [org.id])
      )[0];
      await tx.query(
        `insert into activities (org_id, owner_id, kind, step, deal_id)
         values ($1, $2, 'call', 2, '00000000-0000-4000-8000-000000000001')`,
        [org.id, owner.id],
      );
      const e = await verifyForeignKeys(tx, org.id, ["activities"]).catch((x: Error) => x);
      throw e; // roll back the orphan either way
    }).catch((x: Error) => x);
    expect(String(err)).toMatch(/activities_org_id_deal_id_deals_org_id_id_fk|foreign key .*activities/);
    const orphans = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from activities where deal_id = '00000000-0000-4000-8000-000000000001'`,
    );
    expect(orphans!.n).toBe(0);
  });

  it("stores the generator's rows as generated and rebuilds the indexes it dropped for the load", async () => {
    // A database of its own: alone there, the writer drops the loaded tables' secondary
    // indexes and builds them after the load; next to another organisation it keeps them.
    const db = await createTestDb();
    try {
      const indexes = () =>
        rows<{ name: string; def: string }>(
          db.db,
          sql`select indexname as name, indexdef as def from pg_indexes
              where schemaname = current_schema()
                and tablename in ('accounts', 'contacts', 'deals', 'deal_steps', 'activities', 'quotas', 'time_entries', 'reviews')
              order by 1`,
        );
      const before = await indexes();
      expect(before.map((x) => x.name)).toContain("activities_org_owner_done");
      const s = await createDemoOrg(db, { slug: "solo", people: 6, seed: 5, asOf: AS_OF, passwordHash });
      expect(s.indexes).toBe("rebuilt");
      expect(await indexes()).toEqual(before);

      const g = collect(generateDemo({ slug: "solo", people: 6, seed: 5, asOf: AS_OF }));
      const ms = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const at = (c: string) => sql.raw(`to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
      const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
      const deals = await rows(
        db.db,
        sql`select id, owner_id, account_id, contact_id, value::text as value, status,
                   ${at("closed_at")} as closed, expected_close::text as expected, current_step
            from deals where org_id = ${s.orgId} order by id`,
      );
      expect(deals).toEqual(
        byId(g.deals).map((d) => ({
          id: d.id,
          owner_id: d.ownerId,
          account_id: d.accountId,
          contact_id: d.contactId,
          value: d.value,
          status: d.status,
          closed: ms(d.closedAt),
          expected: d.expectedClose,
          current_step: d.currentStep,
        })),
      );
      const acts = await rows(
        db.db,
        sql`select id, owner_id, kind, step, deal_id, contact_id, ${at("scheduled_for")} as scheduled,
                   ${at("done_at")} as done, ${at("logged_at")} as logged
            from activities where org_id = ${s.orgId} order by id`,
      );
      expect(acts).toEqual(
        byId(g.activities).map((a) => ({
          id: a.id,
          owner_id: a.ownerId,
          kind: a.kind,
          step: a.step,
          deal_id: a.dealId,
          contact_id: a.contactId,
          scheduled: ms(a.scheduledFor),
          done: ms(a.doneAt),
          logged: ms(a.loggedAt),
        })),
      );
      const steps = await rows<{ k: string }>(
        db.db,
        sql`select deal_id || ' ' || step || ' ' || ${at("entered_at")} || ' ' || array_to_string(skipped, ',') as k
            from deal_steps where org_id = ${s.orgId}`,
      );
      expect(steps.map((x) => x.k).sort()).toEqual(
        g.dealSteps.map((x) => `${x.dealId} ${x.step} ${ms(x.enteredAt)} ${x.skipped.join(",")}`).sort(),
      );
      expect(deals.length).toBeGreaterThan(100);
      expect(acts.length).toBeGreaterThan(100);

      const other = await createDemoOrg(db, { slug: "other", people: 5, seed: 1, asOf: AS_OF, passwordHash });
      expect(other.indexes).toBe("kept");
      expect(await indexes()).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it("refuses a bad headcount with a validation error and leaves the existing demo alone", async () => {
    const err = await createDemoOrg(h, { people: 2, seed: 1, asOf: AS_OF, passwordHash }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("validation_failed");
    const people = await one<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from people p join organisations o on o.id = p.org_id where o.slug = 'demo'`,
    );
    expect(people!.n).toBe(12);
  });
});
