#!/usr/bin/env node
// `npm test`: lint + format check, type check, the unit/query/route suite, then the browser suite.
// The database is PGlite, or PostgreSQL when DATABASE_URL is set.
// STEPWISE_TEST_PARTS=database runs only the suite that reads DATABASE_URL (vitest): lint, the
// type check and the browser suite (which always serves from an in-memory PGlite) are the same
// on either engine, so CI runs them once, in its embedded-database half.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (title, cmd, args, env = {}) => {
  process.stdout.write(`\n=== ${title}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`\nnpm test: ${title} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
};

const bin = (name) => `node_modules/.bin/${name}`;
const parts = process.env.STEPWISE_TEST_PARTS ?? "all";
if (parts !== "all" && parts !== "database") {
  process.stderr.write(`npm test: STEPWISE_TEST_PARTS must be "all" or "database", not "${parts}"\n`);
  process.exit(2);
}
process.stdout.write(
  `database: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}\n`,
);
if (parts === "database") {
  process.stdout.write(
    "STEPWISE_TEST_PARTS=database: lint, type check and browser tests skipped (they do not depend on the database engine)\n",
  );
} else {
  run("lint (biome)", bin("biome"), ["check", "."]);
  run("type check (tsc)", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
}
run("tests (vitest)", bin("vitest"), ["run"]);
if (parts === "database") process.exit(0);

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync("e2e/vitest.config.ts")) {
  if (existsSync(chromium)) {
    run("browser tests (playwright-core + chromium)", bin("vitest"), [
      "run",
      "--config",
      "e2e/vitest.config.ts",
    ]);
  } else if (process.env.CI) {
    process.stderr.write(`npm test: ${chromium} not found; CI must install Debian's chromium\n`);
    process.exit(1);
  } else {
    process.stdout.write(
      `\n=== browser tests NOT run: ${chromium} not found (apt-get install chromium, or set CHROMIUM_PATH)\n`,
    );
  }
}
