/**
 * Builds one migrated template database per run; every test file then gets a
 * fresh copy of it (PGlite: restored from a dump; PostgreSQL: CREATE DATABASE
 * … TEMPLATE), which is much faster than migrating each time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate, openDb } from "../src/db/client.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `stepwise_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${name}`;
    const h = await openDb({ databaseUrl: tplUrl.toString() });
    await migrate(h);
    await h.close();
    project.provide("pgTemplateUrl", tplUrl.toString());
    project.provide("pgliteTemplate", "");
    return async () => {
      // test databases are dropped by each file; drop the template last
      // only this run's test databases (test/helpers/db.ts names them stepwise_t<pid>_…)
      const left = await admin.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
        `stepwise_t${process.pid}_`,
      ]);
      for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const h = await openDb({ memory: true });
  await migrate(h);
  const blob = await h.pglite!.dumpDataDir("none");
  await h.close();
  const dir = resolve(".tmp");
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  project.provide("pgTemplateUrl", "");
}
