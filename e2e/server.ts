/**
 * The app as a browser sees it, for e2e tests: the API on a fresh in-memory
 * PGlite plus the built web app (web/dist) with SPA fallback, on a free port.
 * Builds nothing: e2e/global-setup.ts builds web/dist once per run.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { type DbHandle, migrate, openDb } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { newSetupCode } from "../src/services/setup.service.js";
import { makeOrg, makePerson, PASSWORD, type TestPerson } from "../test/helpers/fixtures.js";

export const WEB_DIST = fileURLToPath(new URL("../web/dist", import.meta.url));

export interface TestServer {
  url: string;
  handle: DbHandle;
  /** The one-time first-run setup code (what `stepwise serve` prints). */
  setupCode: string;
  /** Calls the API over HTTP as `who` (bearer token). */
  call: (who: TestPerson, method: string, path: string, body?: unknown) => Promise<any>;
  close: () => Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const handle = await openDb({ memory: true });
  await migrate(handle);
  const setupCode = newSetupCode();
  const { app } = createApp({ db: handle.db, handle, setupCode });
  // Anything that is not the API is the web app: a file from web/dist, else index.html (client-side routes).
  const notApi = (mw: ReturnType<typeof serveStatic>): ReturnType<typeof serveStatic> => {
    return (c, next) => (c.req.path.startsWith("/api/") ? next() : mw(c, next));
  };
  app.use("*", notApi(serveStatic({ root: WEB_DIST })));
  app.get("*", notApi(serveStatic({ root: WEB_DIST, path: "index.html" })));

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const call = async (who: TestPerson, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${who.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return json;
  };

  return {
    url,
    handle,
    setupCode,
    call,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}

const DAY = 86_400_000;

export interface SeededDeal {
  id: string;
  name: string;
  value: number;
  step: number;
  daysInStep: number;
  owner: string;
  account?: string;
}

export interface Seed {
  password: string;
  manager: TestPerson & { name: string };
  rep: TestPerson & { name: string };
  deals: SeededDeal[];
}

/**
 * A small sales team: a manager and one rep reporting to them, two accounts,
 * and open deals at steps 1–5 (step 6 left empty on purpose), created through
 * the API with backdated creation so days in step are known.
 */
export async function seedOrg(server: TestServer, now = new Date()): Promise<Seed> {
  const { db } = server.handle;
  const org = await makeOrg(db, "northwind");
  const manager = await makePerson(db, org.id, {
    email: "morgan@northwind.test",
    role: "manager",
    name: "Morgan Lee",
  });
  const rep = await makePerson(db, org.id, {
    email: "sam@northwind.test",
    role: "salesperson",
    name: "Sam Patel",
    managerId: manager.id,
  });
  const acme = await server.call(rep, "POST", "/accounts", { name: "Acme Manufacturing" });
  const globex = await server.call(manager, "POST", "/accounts", { name: "Globex Corporation" });

  const plan: Array<Omit<SeededDeal, "id"> & { by: TestPerson; accountId?: string }> = [
    { name: "Acme plant expansion", value: 48_000, step: 2, daysInStep: 12, owner: "Sam Patel", by: rep },
    { name: "Acme spare parts", value: 7_500, step: 1, daysInStep: 3, owner: "Sam Patel", by: rep },
    {
      name: "Globex fleet renewal",
      value: 125_000,
      step: 3,
      daysInStep: 41,
      owner: "Morgan Lee",
      by: manager,
    },
    { name: "Globex service plan", value: 18_250, step: 4, daysInStep: 1, owner: "Morgan Lee", by: manager },
    { name: "Initech pilot", value: 9_900, step: 5, daysInStep: 6, owner: "Sam Patel", by: rep },
  ];
  plan[0].accountId = acme.id;
  plan[0].account = "Acme Manufacturing";
  plan[1].accountId = acme.id;
  plan[1].account = "Acme Manufacturing";
  plan[2].accountId = globex.id;
  plan[2].account = "Globex Corporation";
  plan[3].accountId = globex.id;
  plan[3].account = "Globex Corporation";

  const deals: SeededDeal[] = [];
  for (const d of plan) {
    const created = await server.call(d.by, "POST", "/deals", {
      name: d.name,
      value: d.value,
      step: d.step,
      ...(d.accountId ? { accountId: d.accountId } : {}),
      // Half a day past the whole number, so the count is exact however fast the test runs.
      createdAt: new Date(now.getTime() - d.daysInStep * DAY - DAY / 2).toISOString(),
    });
    const { by: _by, accountId: _a, ...rest } = d;
    deals.push({ id: created.id, ...rest });
  }
  return {
    password: PASSWORD,
    manager: { ...manager, name: "Morgan Lee" },
    rep: { ...rep, name: "Sam Patel" },
    deals,
  };
}
