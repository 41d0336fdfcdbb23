/** Builds web/dist once per e2e run, and only when it is missing or older than web/src. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export default function setup() {
  const index = join(repo, "web/dist/index.html");
  const sources = [
    join(repo, "web/src"),
    join(repo, "web/index.html"),
    join(repo, "web/vite.config.ts"),
    // the web app shares the step names with the domain
    join(repo, "src/domain/steps.ts"),
  ];
  const stale = !existsSync(index) || Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
  if (!stale) return;
  console.log("[e2e] building web/dist …");
  execFileSync(
    process.execPath,
    [join(repo, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts"],
    {
      cwd: repo,
      stdio: "inherit",
      // vitest runs with NODE_ENV=test, which would make Vite bundle React's development
      // build (758 kB instead of 489): the tests, and an `npm start` after them, would
      // get a web app no user gets.
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
}
