/**
 * A fresh, migrated database for one test file: PGlite in memory by default,
 * a new PostgreSQL database when the suite runs with DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type DbHandle, openDb } from "../../src/db/client.js";

/**
 * On a PostgreSQL run: a new database copied from the run's migrated template,
 * with its URL and a function that drops it. undefined on a PGlite run.
 */
export async function createPgTestDatabase(): Promise<
  { url: string; drop: () => Promise<void> } | undefined
> {
  const tplUrl = inject("pgTemplateUrl");
  if (!tplUrl) return undefined;
  const tpl = new URL(tplUrl);
  // Named after this run's template (stepwise_tpl_<pid>), so that a run's clean-up
  // drops its own leftovers and never another run's databases on the same server.
  const run = tpl.pathname.slice(1).replace(/^stepwise_tpl_/, "");
  const name = `stepwise_t${run}_${randomBytes(6).toString("hex")}`;
  const adminUrl = new URL(tplUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE needs the template to be free of other sessions.
  for (let i = 0; ; i++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.pathname.slice(1)}`);
      break;
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const url = new URL(tplUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function createTestDb(): Promise<DbHandle> {
  const pgDb = await createPgTestDatabase();
  if (pgDb) {
    const h = await openDb({ databaseUrl: pgDb.url });
    const close = h.close;
    return {
      ...h,
      close: async () => {
        await close();
        await pgDb.drop();
      },
    };
  }
  const file = inject("pgliteTemplate");
  const blob = new Blob([readFileSync(file)]);
  return openDb({ memory: true, loadDataDir: blob });
}
