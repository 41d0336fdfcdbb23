/** Deals through the steps: history, skips, backfill, win/lose, and the board. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson } from "./helpers/fixtures.js";

let h: DbHandle;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await createTestDb();
  const { app } = createApp({ db: h.db });
  const org = await makeOrg(h.db, "d");
  const rep = await makePerson(h.db, org.id, { email: "rep@d.test", role: "salesperson" });
  call = caller(app, rep);
});
afterAll(async () => {
  await h.close();
});

describe("moving a deal", () => {
  it("records each step with its date; a jump forward records the skipped steps", async () => {
    const d = (await call("POST", "/deals", { name: "Jump", value: 1000, createdAt: "2026-03-01T09:00:00Z" }))
      .body;
    expect(d.currentStep).toBe(1);
    await call("POST", `/deals/${d.id}/move`, { step: "prospecting", at: "2026-03-02T09:00:00Z" });
    const moved = await call("POST", `/deals/${d.id}/move`, { step: 5, at: "2026-03-10T09:00:00Z" });
    expect(moved.status).toBe(200);
    expect(moved.body.currentStep).toBe(5);
    expect(moved.body.stepEnteredAt).toBe("2026-03-10T09:00:00.000Z");
    const hist = (await call("GET", `/deals/${d.id}/steps`)).body;
    expect(hist.map((x: any) => [x.step, x.enteredAt, x.skipped, x.backfilled])).toEqual([
      ["lead", "2026-03-01T09:00:00.000Z", [], true],
      ["prospecting", "2026-03-02T09:00:00.000Z", [], true],
      ["presenting", "2026-03-10T09:00:00.000Z", ["qualification", "needs_analysis"], true],
    ]);
  });

  it("a move back that changes nothing answers 409 pointing to the correction, and records nothing", async () => {
    const d = (await call("POST", "/deals", { name: "Back", value: 1, step: 3 })).body;
    const back = await call("POST", `/deals/${d.id}/move`, { step: 2 });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe("conflict");
    expect(back.body.error.message).toContain("correct-step");
    expect(back.body.error.details[0].path).toBe("step");
    // Moving to the step it is at changes nothing either.
    expect((await call("POST", `/deals/${d.id}/move`, { step: 3 })).status).toBe(409);
    const after = (await call("GET", `/deals/${d.id}`)).body;
    expect(after.currentStep).toBe(3);
    const hist = (await call("GET", `/deals/${d.id}/steps`)).body;
    expect(hist.map((x: any) => [x.step, x.skipped, x.backfilled])).toEqual([
      ["qualification", ["lead", "prospecting"], false],
    ]);
  });

  it("winning enters relationship management; closing from step 4 skips 5 and 6", async () => {
    const d = (
      await call("POST", "/deals", { name: "Win", value: 2500, step: 4, createdAt: "2026-02-01T00:00:00Z" })
    ).body;
    const w = await call("POST", `/deals/${d.id}/win`, { at: "2026-02-20T12:00:00Z" });
    expect(w.body).toMatchObject({
      status: "won",
      currentStep: 7,
      closedAt: "2026-02-20T12:00:00.000Z",
      value: 2500,
    });
    const last = (await call("GET", `/deals/${d.id}/steps`)).body.at(-1);
    expect(last).toMatchObject({ step: "relationship", skipped: ["presenting", "closing"] });
    const again = await call("POST", `/deals/${d.id}/lose`, { reason: "x" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("losing needs a reason and keeps the step the deal was lost at", async () => {
    const d = (await call("POST", "/deals", { name: "Lose", value: 10, step: 3 })).body;
    const l = await call("POST", `/deals/${d.id}/lose`, { status: "disqualified", reason: "no budget" });
    expect(l.body).toMatchObject({ status: "disqualified", lostReason: "no budget", currentStep: 3 });
    expect((await call("POST", `/deals/${d.id}/move`, { step: 4 })).status).toBe(409);
  });
});

describe("the deal board", () => {
  it("shows open deals by step 1–6 with count, total and days in step", async () => {
    const b = (await call("GET", "/board")).body;
    expect(b.steps.map((s: any) => s.step)).toEqual([
      "lead",
      "prospecting",
      "qualification",
      "needs_analysis",
      "presenting",
      "closing",
    ]);
    // Open deals left by the tests above: "Jump" (1000) at step 5 and "Back" (1) at step 3.
    const by = Object.fromEntries(b.steps.map((s: any) => [s.step, s]));
    expect(by.presenting).toMatchObject({ count: 1, total: 1000 });
    expect(by.qualification).toMatchObject({ count: 1, total: 1 });
    expect(by.lead.count + by.prospecting.count + by.needs_analysis.count + by.closing.count).toBe(0);
    // weighted with default rates from step 5: 0.6 × 0.5 = 0.3
    expect(by.presenting.weighted).toBeCloseTo(300, 6);
    expect(by.presenting.deals[0]).toMatchObject({ name: "Jump", value: 1000 });
    expect(by.presenting.deals[0].daysInStep).toBeGreaterThanOrEqual(
      Math.floor((Date.now() - Date.parse("2026-03-10T09:00:00Z")) / 86_400_000) - 1,
    );
  });
});

describe("listing with filters and a cursor", () => {
  it("walks every deal exactly once in pages of 2, and filters by status", async () => {
    // The tests above created 4 deals: Jump (open), Back (open), Win (won), Lose (disqualified).
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const r = await call("GET", `/deals?limit=2${q}`);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((d: any) => d.name));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual(["Back", "Jump", "Lose", "Win"]);
    expect(pages).toBe(2);
    const open = await call("GET", "/deals?status=open");
    expect(open.body.items.map((d: any) => d.name).sort()).toEqual(["Back", "Jump"]);
    const bad = await call("GET", "/deals?cursor=garbage");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("cursor");
  });
});
