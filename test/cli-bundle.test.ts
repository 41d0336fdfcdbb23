/**
 * bin/stepwise.mjs runs a bundle of src/ made by bin/cli-bundle.mjs: the same
 * commands as through tsx, made by whichever of several concurrent first
 * starts wins, and with each source file's `import.meta.url` kept (the
 * migrations folder is found next to the sources, not next to the bundle).
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "stepwise-cli");
const COMMANDS = [
  "migrate",
  "serve",
  "user",
  "org",
  "demo",
  "import",
  "export",
  "report",
  "backup",
  "restore",
];

function run(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((ok) => {
    const p = spawn(process.execPath, [join(root, "bin", "stepwise.mjs"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => {
      out += d;
    });
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.on("close", (code) => ok({ code, out, err }));
  });
}

/** A copy of the checkout elsewhere (its own bundle key), sharing node_modules. */
const copy = mkdtempSync(join(tmpdir(), "stepwise-cli-bundle-"));
for (const f of ["bin", "src", "package.json", "tsconfig.json"])
  cpSync(join(ROOT, f), join(copy, f), { recursive: true });
symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));

afterAll(() => {
  // The copy's bundles (they name its sources' URLs) go with it.
  const mark = pathToFileURL(join(copy, "src")).href;
  for (const d of readdirSync(CACHE)) {
    const dir = join(CACHE, d);
    const files = readdirSync(dir).filter((f) => f.endsWith(".mjs"));
    if (files.some((f) => readFileSync(join(dir, f), "utf8").includes(mark))) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rmSync(copy, { recursive: true, force: true });
});

describe("the bundled CLI", () => {
  it("lists every command, as through tsx", async () => {
    const bundled = await run(ROOT, ["--help"]);
    const tsx = await run(ROOT, ["--help"], { STEPWISE_CLI_TSX: "1" });
    expect(bundled.code).toBe(0);
    expect(bundled.out).toBe(tsx.out);
    const listed = [...bundled.out.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, "help"]);
  });

  it("is built once by concurrent first starts, which all run", async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => run(copy, ["report", "--help"])));
    for (const r of runs) {
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: stepwise report [options] <kind>");
    }
    expect(new Set(runs.map((r) => r.out)).size).toBe(1);
  });

  it("finds the migrations next to the sources it was built from", () => {
    // The copy has no drizzle/ folder: its bundle must look there, not in this checkout.
    const data = mkdtempSync(join(tmpdir(), "stepwise-cli-bundle-data-"));
    try {
      const r = spawnSync(process.execPath, [join(copy, "bin", "stepwise.mjs"), "migrate"], {
        env: { ...process.env, DATABASE_URL: "", STEPWISE_DATA_DIR: data },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`migrations folder not found: ${join(copy, "drizzle")}`);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
