// The layering ARCHITECTURE.md promises, checked on the real import graph: domain ← db ← services ←
// http | cli, web apart (it may use domain's pure values), no cycle inside src or web/src. Type-only
// imports count (a type import is still a dependency a reader must follow).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cycles,
  type ImportGraph,
  layerViolations,
  readImportGraph,
  readPackageImports,
  sqlOutsideDb,
} from "./helpers/import-graph.js";

const root = resolve(import.meta.dirname, "..");

describe("the checker itself, on small made-up graphs", () => {
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it("finds a back-arrow: domain importing db, db importing services, services importing http", () => {
    const g = graph({
      "src/domain/a.ts": ["src/db/b.ts"],
      "src/db/b.ts": ["src/services/c.ts"],
      "src/services/c.ts": ["src/http/d.ts"],
      "src/http/d.ts": [],
    });
    expect(layerViolations(g)).toEqual([
      "src/db/b.ts → src/services/c.ts (db may not import services)",
      "src/domain/a.ts → src/db/b.ts (domain may not import db)",
      "src/services/c.ts → src/http/d.ts (services may not import http)",
    ]);
  });

  it("finds the shells reaching into db past the client, and web reaching into the server", () => {
    const g = graph({
      "src/http/routes.ts": ["src/db/schema.ts", "src/db/client.ts", "src/domain/x.ts"],
      "src/cli/cmd.ts": ["src/db/deals.queries.ts", "src/db/client.ts", "src/services/s.ts"],
      "src/cli/backup.ts": ["src/db/backup.ts", "src/db/lock.ts"],
      "src/http/app.ts": ["src/db/errors.ts", "src/db/types.ts"],
      "web/src/page.tsx": ["src/services/s.ts", "src/domain/steps.ts", "src/contract/c.ts"],
      "src/contract/c.ts": ["src/domain/x.ts", "src/services/s.ts"],
      "src/db/schema.ts": [],
      "src/db/client.ts": [],
      "src/db/deals.queries.ts": [],
      "src/db/backup.ts": [],
      "src/db/lock.ts": [],
      "src/db/errors.ts": [],
      "src/db/types.ts": [],
      "src/domain/x.ts": [],
      "src/domain/steps.ts": [],
      "src/services/s.ts": [],
    });
    // Allowed: http and cli → db/client (the process opens its database), http → domain,
    // cli → services, web → domain and contract, contract → domain. Refused: the eight below —
    // the shells reach the database's plumbing (backup, lock, errors, its types past the client)
    // through services too, and the contract (shared with the web app) holds no server code.
    expect(layerViolations(g)).toEqual([
      "src/cli/backup.ts → src/db/backup.ts (cli reaches db only through services)",
      "src/cli/backup.ts → src/db/lock.ts (cli reaches db only through services)",
      "src/cli/cmd.ts → src/db/deals.queries.ts (cli reaches db only through services)",
      "src/contract/c.ts → src/services/s.ts (contract may not import services)",
      "src/http/app.ts → src/db/errors.ts (http reaches db only through services)",
      "src/http/app.ts → src/db/types.ts (http reaches db only through services)",
      "src/http/routes.ts → src/db/schema.ts (http reaches db only through services)",
      "web/src/page.tsx → src/services/s.ts (web may not import services)",
    ]);
  });

  it("finds SQL written outside db: a SQL package or the schema's tables imported by another layer", () => {
    const g = graph({
      "src/services/s.ts": ["src/db/schema.ts", "src/db/x.queries.ts"],
      "src/db/x.queries.ts": ["src/db/schema.ts"],
      "src/db/schema.ts": [],
    });
    const packages = graph({
      "src/services/s.ts": ["drizzle-orm", "zod"],
      "src/cli/c.ts": ["pg", "commander"],
      "src/http/h.ts": ["drizzle-orm/pg-core", "@electric-sql/pglite"],
      "src/db/x.queries.ts": ["drizzle-orm", "pg-copy-streams"],
      // a package whose name only starts like one: not SQL
      "src/services/t.ts": ["pgp-like", "drizzle-orm-helpers"],
    });
    // Allowed: db importing anything; zod, commander and look-alike names. Refused: the five below.
    expect(sqlOutsideDb(g, packages)).toEqual([
      "src/cli/c.ts → pg (SQL only in src/db)",
      "src/http/h.ts → @electric-sql/pglite (SQL only in src/db)",
      "src/http/h.ts → drizzle-orm/pg-core (SQL only in src/db)",
      "src/services/s.ts → drizzle-orm (SQL only in src/db)",
      "src/services/s.ts → src/db/schema.ts (SQL only in src/db)",
    ]);
  });

  it("finds cycles of any length, a self-import, and not a diamond", () => {
    const g = graph({
      // a → b → c → a: one cycle of three
      "src/db/a.ts": ["src/db/b.ts"],
      "src/db/b.ts": ["src/db/c.ts"],
      "src/db/c.ts": ["src/db/a.ts"],
      // d ↔ e
      "src/http/d.ts": ["src/http/e.ts"],
      "src/http/e.ts": ["src/http/d.ts"],
      // f imports itself
      "src/cli/f.ts": ["src/cli/f.ts"],
      // a diamond g → h, g → i, h → j, i → j: no cycle
      "src/services/g.ts": ["src/services/h.ts", "src/services/i.ts"],
      "src/services/h.ts": ["src/services/j.ts"],
      "src/services/i.ts": ["src/services/j.ts"],
      "src/services/j.ts": [],
    });
    expect(cycles(g)).toEqual([
      ["src/cli/f.ts"],
      ["src/db/a.ts", "src/db/b.ts", "src/db/c.ts"],
      ["src/http/d.ts", "src/http/e.ts"],
    ]);
  });
});

describe("the source tree", () => {
  const g = readImportGraph(root, ["src", "web/src"]);

  it("reads the real graph, type-only and dynamic imports included", () => {
    // src/db/backup.ts has only `import type { DbHandle } from "./types.js"` of the db files;
    // src/cli/serve.ts loads src/http/server.ts with a dynamic import().
    expect(g.get("src/db/backup.ts")).toContain("src/db/types.ts");
    expect(g.get("src/cli/serve.ts")).toContain("src/http/server.ts");
    expect(g.size).toBeGreaterThan(150);
  });

  it("has no import against the layers", () => {
    expect(layerViolations(g)).toEqual([]);
  });

  it("writes SQL only in src/db: no other layer imports drizzle, a driver or the schema", () => {
    const packages = readPackageImports(root, ["src", "web/src"]);
    // read for real: src/db/client.ts imports drizzle-orm (sql) and loads pg with import()
    expect(packages.get("src/db/client.ts")).toEqual(expect.arrayContaining(["drizzle-orm", "pg"]));
    expect(sqlOutsideDb(g, packages)).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles(g)).toEqual([]);
  });
});
