#!/usr/bin/env node
// `npm start`: build the web app if it is missing or older than its sources, then `stepwise serve`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = "web/dist/index.html";
if (existsSync("web/src")) {
  const sources = Math.max(newest("web/src"), statSync("web/index.html").mtimeMs);
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    process.stdout.write("Building the web app (once)…\n");
    const r = spawnSync(
      process.execPath,
      ["node_modules/vite/bin/vite.js", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
      // the production build whatever NODE_ENV the shell has (Vite follows it: React's
      // development build otherwise)
      { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
process.argv = [process.argv[0], "bin/stepwise.mjs", "serve", ...process.argv.slice(2)];
await import("../bin/stepwise.mjs");
