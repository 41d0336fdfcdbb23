// The import graph of the source tree and the layering rules it must keep (ARCHITECTURE.md):
// domain ← db ← services ← http | cli, web separate. Read with TypeScript's own pre-processor, so
// `import type`, `export … from` and dynamic `import()` all count as edges.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** file (relative to the root, "/"-separated) → the project files it imports. */
export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|tsx|mts|mjs)$/;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** A relative specifier resolved to a file the way the bundler resolution does (".js" → ".ts"). */
function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(fromFile), spec);
  const stem = base.replace(/\.(js|mjs|jsx)$/, "");
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.mjs`,
    join(base, "index.ts"),
    join(base, "index.tsx"),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** The graph of every source file under `dirs` (relative to `root`); test files are left out. */
export function readImportGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const dir of dirs) {
    for (const file of listFiles(join(root, dir))) {
      const rel = relative(root, file).split("\\").join("/");
      if (/\.test\.tsx?$/.test(rel)) continue;
      const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const targets = new Set<string>();
      for (const ref of info.importedFiles) {
        const target = resolveSpecifier(file, ref.fileName);
        if (target) targets.add(relative(root, target).split("\\").join("/"));
      }
      graph.set(rel, [...targets].sort());
    }
  }
  return graph;
}

/** The layer a file belongs to: its first folder under src/, or "web" for web/src. */
export function layerOf(file: string): string | undefined {
  if (file.startsWith("web/")) return "web";
  const m = /^src\/([^/]+)\//.exec(file);
  return m ? m[1] : undefined;
}

/** What each layer may import (its own layer always). */
export const ALLOWED_LAYERS: Record<string, string[]> = {
  domain: [],
  db: ["domain"],
  services: ["domain", "db"],
  http: ["domain", "services", "db", "contract"],
  cli: ["domain", "services", "db", "http"],
  // The API's response shapes (zod), shared by the routes and the web app's types.
  contract: ["domain"],
  web: ["domain", "contract"],
};

/**
 * The one db file http and cli may import: the client factory (openDb, migrate, the handle and its
 * types), because the shells are where the process starts and opens its database and hands it to
 * the services. Everything else of db — backups, the lock, migrations' status, database errors,
 * organisations, a feature's queries, the schema — they reach through services
 * (services/operations.service.ts for the database's own plumbing).
 */
export const DB_FILES_FOR_SHELLS = ["src/db/client.ts"];

/** file → the packages it imports (bare specifiers: `drizzle-orm`, `pg`, …), type-only and dynamic ones included. */
export function readPackageImports(root: string, dirs: string[]): ImportGraph {
  const out: ImportGraph = new Map();
  for (const dir of dirs) {
    for (const file of listFiles(join(root, dir))) {
      const rel = relative(root, file).split("\\").join("/");
      if (/\.test\.tsx?$/.test(rel)) continue;
      const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const specs = info.importedFiles.map((r) => r.fileName).filter((f) => !f.startsWith("."));
      out.set(rel, [...new Set(specs)].sort());
    }
  }
  return out;
}

/** The database drivers and the query builder: SQL is written with these, so only src/db may import them. */
export const SQL_PACKAGES = /^(drizzle-orm|pg|pg-copy-streams|@electric-sql\/pglite)(\/|$)/;

/**
 * Every place outside src/db that could write SQL, as "file → what (why)": a SQL package
 * imported, or the schema's tables (src/db/schema.ts) reached from another layer.
 */
export function sqlOutsideDb(graph: ImportGraph, packages: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, specs] of packages) {
    if (from.startsWith("src/db/")) continue;
    for (const spec of specs) if (SQL_PACKAGES.test(spec)) out.push(`${from} → ${spec} (SQL only in src/db)`);
  }
  for (const [from, targets] of graph) {
    if (from.startsWith("src/db/")) continue;
    if (targets.includes("src/db/schema.ts")) out.push(`${from} → src/db/schema.ts (SQL only in src/db)`);
  }
  return out.sort();
}

/** Every import that goes against the layering, as "from → to (why)". */
export function layerViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    if (!fromLayer) continue;
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (!toLayer || toLayer === fromLayer) continue;
      const allowed = ALLOWED_LAYERS[fromLayer] ?? [];
      if (!allowed.includes(toLayer)) {
        out.push(`${from} → ${to} (${fromLayer} may not import ${toLayer})`);
      } else if (
        (fromLayer === "http" || fromLayer === "cli") &&
        toLayer === "db" &&
        !DB_FILES_FOR_SHELLS.includes(to)
      ) {
        out.push(`${from} → ${to} (${fromLayer} reaches db only through services)`);
      }
    }
  }
  return out.sort();
}

/** The cycles of the graph: each strongly connected component with more than one file (or a self-import). */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a source tree (recursion depth = longest import chain).
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}
