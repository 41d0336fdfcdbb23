#!/usr/bin/env node
// The `stepwise` command. It runs src/cli/main.ts as a bundle for plain Node,
// made on the first start after any change of the sources (bin/cli-bundle.mjs),
// or, where that is not possible, through tsx's loader. Either way there is no
// build step to run by hand.
import { setFlagsFromString } from "node:v8";
import { cliModuleUrl } from "./cli-bundle.mjs";

// Short commands: V8's optimising compiler for WebAssembly (the embedded
// PostgreSQL) pays off only after seconds of work; tiering up costs a report
// on the demo organisation ~0.2–0.3 s of its ~1.2 s. Long-running and bulk
// commands (serve, demo, import, export) keep it.
if (["report", "user", "migrate"].includes(process.argv[2] ?? "")) setFlagsFromString("--liftoff-only");

let url = await cliModuleUrl();
if (url === undefined) {
  const { register } = await import("tsx/esm/api");
  register();
  url = new URL("../src/cli/main.ts", import.meta.url).href;
}
const { main } = await import(url);
process.exitCode = await main(process.argv.slice(2));
