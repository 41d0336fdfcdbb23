/**
 * Issue 12, item 7: webhooks do not reach internal addresses. Refused when the
 * subscription is made (address literals, localhost) and again at connect time
 * on the resolved address; STEPWISE_WEBHOOK_ALLOW opens chosen networks.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { parseNetworks } from "../src/services/networks.js";
import { urlProblem } from "../src/services/webhook-targets.js";
import { runDueDeliveries } from "../src/services/webhooks.worker.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson } from "./helpers/fixtures.js";
import { startReceiver } from "./helpers/receiver.js";

let h: DbHandle;
let admin: ReturnType<typeof caller>;
let rep: ReturnType<typeof caller>;
let orgId: string;

beforeAll(async () => {
  delete process.env.STEPWISE_WEBHOOK_ALLOW;
  h = await createTestDb();
  const { app } = createApp({ db: h.db });
  const org = await makeOrg(h.db, "wt");
  orgId = org.id;
  admin = caller(app, await makePerson(h.db, org.id, { email: "admin@wt.test", role: "admin" }));
  rep = caller(app, await makePerson(h.db, org.id, { email: "rep@wt.test", role: "salesperson" }));
});
afterEach(() => {
  delete process.env.STEPWISE_WEBHOOK_ALLOW;
});
afterAll(async () => {
  await h.close();
});

const subscriptions = async () =>
  (await one<{ n: number }>(h.db, sql`select count(*)::int as n from webhook_subscriptions`))!.n;

describe("refused when subscribing", () => {
  it.each([
    "http://127.0.0.1/hook",
    "http://localhost:8080/hook",
    "http://api.localhost/hook",
    "http://[::1]/hook",
    "http://0.0.0.0/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://2130706433/hook", // 127.0.0.1 as one number
    "http://127.1/hook",
    "http://0x7f.1/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://172.31.255.255/hook",
    "http://192.168.1.1/hook",
    "http://[fc00::1]/hook",
    "http://[fd12:3456::1]/hook",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook", // IPv4-mapped IPv6
    "http://[::ffff:a01:203]/hook", // ::ffff:10.1.2.3
    "http://[::]/hook",
  ])("%s → 400 naming url, nothing written", async (url) => {
    const before = await subscriptions();
    const r = await admin("POST", "/webhooks", { url, events: ["deal.won"] });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("url");
    expect(await subscriptions()).toBe(before);
  });

  it("public addresses and names are accepted; a change of URL is checked too", async () => {
    const ok = await admin("POST", "/webhooks", { url: "https://93.184.215.14/hook", events: ["deal.won"] });
    expect(ok.status).toBe(201);
    const named = await admin("POST", "/webhooks", {
      url: "https://hooks.example.com/x",
      events: ["deal.won"],
    });
    expect(named.status).toBe(201);
    const moved = await admin("PATCH", `/webhooks/${named.body.id}`, { url: "http://192.168.0.10/x" });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details[0].path).toBe("url");
    expect((await admin("GET", "/webhooks")).body.find((w: any) => w.id === named.body.id).url).toBe(
      "https://hooks.example.com/x",
    );
  });

  it("STEPWISE_WEBHOOK_ALLOW opens exactly the networks it names", () => {
    const allow = parseNetworks("10.20.0.0/16, 127.0.0.1", "STEPWISE_WEBHOOK_ALLOW");
    expect(urlProblem("http://10.20.3.4/x", allow)).toBeUndefined();
    expect(urlProblem("http://10.21.0.1/x", allow)).toMatch(/10\.21\.0\.1 is a private address/);
    expect(urlProblem("http://localhost:9/x", allow)).toBeUndefined();
    expect(urlProblem("http://[::ffff:127.0.0.1]/x", allow)).toBeUndefined();
    expect(urlProblem("http://169.254.169.254/x", allow)).toMatch(/linkLocal/);
  });
});

describe("refused at connect time, on the resolved address", () => {
  /** A subscription written straight to the table, as if its name had resolved elsewhere when it was made. */
  async function subscribeRaw(url: string) {
    const r = await one<{ id: string }>(
      h.db,
      sql`insert into webhook_subscriptions (org_id, url, events, secret, created_by)
          values (${orgId}, ${url}, array['deal.won'], 'whsec_test', (select id from people where email = 'admin@wt.test'))
          returning id`,
    );
    return r!.id;
  }
  async function winADeal() {
    const d = await rep("POST", "/deals", { name: `D ${Math.random()}`, value: 1 });
    expect((await rep("POST", `/deals/${d.body.id}/win`, {})).status).toBe(200);
  }

  it("a name resolving to loopback is refused, the receiver gets nothing and the log says why", async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const byName = await subscribeRaw(`http://localhost:${port}/hook`);
      const byNumber = await subscribeRaw(`http://2130706433:${port}/hook`);
      await winADeal();
      const round = await runDueDeliveries(h.db, new Date(), { random: () => 0 });
      expect(round.delivered).toBe(0);
      expect(receiver.got).toEqual([]);
      for (const id of [byName, byNumber]) {
        const log = await admin("GET", `/webhooks/${id}/deliveries`);
        expect(log.body[0].status).toBe("pending");
        expect(log.body[0].lastError).toMatch(/^refused: .*127\.0\.0\.1 is a loopback address/);
        expect(log.body[0].lastStatusCode).toBeNull();
      }
      await h.db.execute(sql`delete from webhook_subscriptions where id in (${byName}, ${byNumber})`);
    } finally {
      await receiver.close();
    }
  });

  it("with loopback allowed, the same name is delivered", async () => {
    process.env.STEPWISE_WEBHOOK_ALLOW = "127.0.0.1, ::1";
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      await subscribeRaw(`http://localhost:${port}/hook`);
      await winADeal();
      const round = await runDueDeliveries(h.db, new Date(), { random: () => 0 });
      expect(round.delivered).toBe(1);
      expect(receiver.got.map((g) => g.body.event)).toEqual(["deal.won"]);
    } finally {
      await receiver.close();
    }
  });
});
