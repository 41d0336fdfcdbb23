// The CLI's sources bundled once for plain Node (no build step to run by hand).
//
// Running src/ through tsx's loader costs every command ~0.5–0.8 s of start-up:
// the loader itself, and its hooks (on a separate thread) see every module,
// the dependencies' included. So the launcher bundles src/cli/main.ts with
// esbuild (tsx's own copy) into node_modules/.cache/stepwise-cli/<key>/, where
// <key> hashes this checkout's path and the content of every file under src/
// (plus package.json, tsconfig.json and this file): any edit gives a new key,
// hence a fresh bundle on the next start (~0.2–0.4 s, once). Dependencies stay
// external; code splitting keeps lazily imported modules (the HTTP stack of
// `serve`) out of the other commands' start-up.
//
// Concurrent starts: each builds into its own temporary folder and renames it
// into place; a loser of the race uses the winner's bundle. Bundles unused for
// 7 days are removed. When the bundle cannot be made (read-only install, no
// esbuild, a syntax error), or with STEPWISE_CLI_TSX=1, `cliModuleUrl` returns
// undefined and the caller runs the sources through tsx as before.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const ENTRY = join(SRC, "cli", "main.ts");
const CACHE = join(ROOT, "node_modules", ".cache", "stepwise-cli");
const MAX_UNUSED_MS = 7 * 24 * 3600 * 1000;

function sourceFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Changes whenever anything the bundle is made from changes (or the checkout moves). */
function bundleKey() {
  const h = createHash("sha256");
  h.update(`${ROOT}\0${process.versions.node.split(".")[0]}\0`);
  const files = [
    ...sourceFiles(SRC).sort(),
    join(ROOT, "package.json"),
    join(ROOT, "tsconfig.json"),
    fileURLToPath(import.meta.url),
  ];
  for (const f of files) {
    h.update(`${relative(ROOT, f)}\0`);
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 20);
}

/**
 * `import.meta.url` of a source file, kept as that file's URL in the bundle
 * (src/db/client.ts finds ./drizzle and src/http/server.ts web/dist from it).
 */
const sourceMetaUrl = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

async function build(outdir) {
  // esbuild is tsx's dependency: resolve it from there, not from whatever npm hoisted.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  const esbuild = fromTsx("esbuild");
  try {
    await esbuild.build({
      entryPoints: { main: ENTRY },
      outdir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node22",
      packages: "external",
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunk-[hash]",
      sourcemap: "linked",
      sourcesContent: false,
      logLevel: "silent",
      plugins: [sourceMetaUrl],
    });
  } finally {
    await esbuild.stop?.();
  }
}

function prune(keep) {
  const now = Date.now();
  for (const name of readdirSync(CACHE)) {
    if (name === keep) continue;
    const p = join(CACHE, name);
    try {
      const age = now - statSync(p).mtimeMs;
      if (age > (name.startsWith("tmp-") ? 3600 * 1000 : MAX_UNUSED_MS)) {
        rmSync(p, { recursive: true, force: true });
      }
    } catch {
      // Another process pruned it first.
    }
  }
}

/** The file URL of the bundled src/cli/main.ts, built if needed; undefined → run through tsx. */
export async function cliModuleUrl() {
  if (process.env.STEPWISE_CLI_TSX === "1") return undefined;
  try {
    const key = bundleKey();
    const dir = join(CACHE, key);
    const main = join(dir, "main.mjs");
    if (existsSync(main)) {
      try {
        const now = new Date();
        utimesSync(dir, now, now);
      } catch {
        // Read-only cache: fine, it is only not pruned.
      }
    } else {
      mkdirSync(CACHE, { recursive: true });
      const tmp = join(CACHE, `tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
      try {
        await build(tmp);
        renameSync(tmp, dir);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        // Lost the race to a concurrent start: its bundle is as good.
        if (!existsSync(main)) throw e;
      }
      prune(key);
    }
    process.setSourceMapsEnabled(true);
    return pathToFileURL(main).href;
  } catch {
    return undefined;
  }
}
