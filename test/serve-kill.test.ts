/**
 * Faults: the real `stepwise serve` is killed with SIGKILL in the middle of a
 * mixed write load (accounts and contacts created, accounts updated, from
 * several clients at once). Every write the server acknowledged is there,
 * none is there twice, and the server starts again on the same database (the
 * dead process's data-dir lock taken over), serves, and on SIGTERM stops
 * cleanly without losing the write it acknowledged last. On the engine of the
 * run: the embedded database (PGlite in its worker thread), or PostgreSQL
 * with DATABASE_URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDb } from "../src/db/client.js";
import { insertToken } from "../src/db/tokens.queries.js";
import { sha256 } from "../src/services/auth.service.js";
import { runSetup } from "../src/services/setup.service.js";
import { type CliRun, spawnCli } from "./helpers/cli-process.js";
import { createPgTestDatabase } from "./helpers/db.js";

const TOKEN = "swt_kill_test_token_0123456789abcdef";
let work: string;
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | undefined;
let orgId: string;

const openTarget = () =>
  openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.STEPWISE_DATA_DIR });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "stepwise-serve-kill-"));
  env = { ...process.env, STEPWISE_DATA_DIR: join(work, "data") };
  delete env.DATABASE_URL;
  const pgDb = await createPgTestDatabase();
  if (pgDb) {
    env.DATABASE_URL = pgDb.url;
    dropDb = pgDb.drop;
  }
  const h = await openTarget();
  try {
    await migrate(h);
    const s = await runSetup(
      h.db,
      {
        organisation: { name: "Kill", slug: "kill", timeZone: "UTC", currency: "USD" },
        admin: { name: "Admin", email: "admin@kill.test", password: "correct horse battery" },
        setupCode: "kill-test-code",
      },
      "kill-test-code",
    );
    orgId = s.orgId;
    await insertToken(h.db, {
      orgId,
      personId: s.adminId,
      name: "load",
      scope: "write",
      tokenHash: sha256(TOKEN),
    });
  } finally {
    await h.close();
  }
}, 120_000);

afterAll(async () => {
  await dropDb?.();
  rmSync(work, { recursive: true, force: true });
});

/** Starts `stepwise serve` on a free port; resolves with its base URL once it answers. */
async function serve(): Promise<{ run: CliRun; base: string }> {
  const run = spawnCli(env, ["serve", "--port", "0", "--host", "127.0.0.1", "--no-demo"]);
  let out = "";
  const base = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = out.match(/running at (http:\/\/localhost:\d+)/);
      if (m) resolve(m[1].replace("localhost", "127.0.0.1"));
    });
    run.done.then((r) => reject(new Error(`serve exited (${r.code ?? r.signal}): ${r.stderr}`)));
  });
  return { run, base };
}

const api = (base: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

interface Acks {
  accounts: Map<string, string>; // name → id
  contacts: Set<string>; // email
  industry: Map<string, string>; // account id → last acknowledged industry
  attempted: Set<string>; // account names sent (acknowledged or not)
}

/** One client writing until it fails (the server died): create, update, create a contact, … */
async function writer(base: string, w: number, acks: Acks): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const name = `acct-${w}-${i}`;
      acks.attempted.add(name);
      const a = await api(base, "POST", "/accounts", { name });
      if (a.status !== 201) throw new Error(`POST /accounts ${a.status}: ${await a.text()}`);
      const id = ((await a.json()) as { id: string }).id;
      acks.accounts.set(name, id);
      const industry = `industry-${i}`;
      const p = await api(base, "PATCH", `/accounts/${id}`, { industry });
      if (p.status !== 200) throw new Error(`PATCH /accounts ${p.status}: ${await p.text()}`);
      acks.industry.set(id, industry);
      const email = `c-${w}-${i}@kill.test`;
      const c = await api(base, "POST", "/contacts", { name: `Contact ${w} ${i}`, email, accountId: id });
      if (c.status !== 201) throw new Error(`POST /contacts ${c.status}: ${await c.text()}`);
      acks.contacts.add(email);
    } catch (e) {
      // The connection broke: the kill. Any other failure is a test failure.
      if ((e as Error).message.startsWith("POST") || (e as Error).message.startsWith("PATCH")) throw e;
      return;
    }
  }
}

async function readBack() {
  const h = await openTarget();
  h.pool?.on("error", () => {});
  try {
    const q = async <T>(text: string): Promise<T[]> =>
      ((await h.db.execute(text)) as unknown as { rows: T[] }).rows;
    return {
      accounts: await q<{ id: string; name: string; industry: string | null; n: number }>(
        `SELECT min(id::text) AS id, name, min(industry) AS industry, count(*)::int AS n FROM accounts WHERE org_id = '${orgId}' GROUP BY name`,
      ),
      contacts: await q<{ email: string; n: number }>(
        `SELECT email, count(*)::int AS n FROM contacts WHERE org_id = '${orgId}' GROUP BY email`,
      ),
    };
  } finally {
    await h.close();
  }
}

describe("stepwise serve killed with SIGKILL under a mixed write load", () => {
  it("keeps every acknowledged write exactly once, and comes back serving", async () => {
    const first = await serve();
    const acks: Acks = {
      accounts: new Map(),
      contacts: new Set(),
      industry: new Map(),
      attempted: new Set(),
    };
    const writers = [0, 1, 2, 3, 4, 5].map((w) => writer(first.base, w, acks));
    // Kill once a good number of writes have been acknowledged, while all six still write.
    while (acks.contacts.size < 30) {
      if (
        (await Promise.race([Promise.all(writers), new Promise((r) => setTimeout(r, 20, "tick"))])) !== "tick"
      )
        throw new Error("the writers stopped before the kill");
    }
    first.run.child.kill("SIGKILL");
    expect((await first.run.done).signal).toBe("SIGKILL");
    await Promise.all(writers);

    // Back on the same database (on PGlite: the dead server's lock is taken over).
    const second = await serve();
    const list = await api(second.base, "GET", "/accounts?limit=1");
    expect(list.status).toBe(200);
    const last = await api(second.base, "POST", "/accounts", { name: "after-restart" });
    expect(last.status).toBe(201);
    second.run.child.kill("SIGTERM");
    expect((await second.run.done).code).toBe(0);

    const db = await readBack();
    const byName = new Map(db.accounts.map((r) => [r.name, r]));
    // None doubled: every name, every email once.
    expect(db.accounts.filter((r) => r.n !== 1)).toEqual([]);
    expect(db.contacts.filter((r) => r.n !== 1)).toEqual([]);
    // Every acknowledged write present: the accounts, their last acknowledged update, the contacts.
    for (const [name, id] of acks.accounts) {
      expect(byName.get(name)?.id, name).toBe(id);
      const industry = acks.industry.get(id);
      // The update after the last acknowledged one may have committed unacknowledged: industry-i is the same i.
      if (industry) expect(byName.get(name)?.industry, name).toBe(industry);
    }
    const emails = new Set(db.contacts.map((r) => r.email));
    for (const email of acks.contacts) expect(emails.has(email), email).toBe(true);
    // Nothing that was never sent; and the write acknowledged just before SIGTERM survived it.
    for (const r of db.accounts)
      expect(acks.attempted.has(r.name) || r.name === "after-restart", r.name).toBe(true);
    expect(byName.get("after-restart")?.n).toBe(1);
  }, 300_000);
});
