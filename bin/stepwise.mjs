#!/usr/bin/env node
// The `stepwise` command. It runs src/cli/main.ts as a bundle for plain Node,
// made on the first start after any change of the sources (bin/cli-bundle.mjs),
// or, where that is not possible, through tsx's loader. Either way there is no
// build step to run by hand.
import { cliModuleUrl } from "./cli-bundle.mjs";

let url = await cliModuleUrl();
if (url === undefined) {
  const { register } = await import("tsx/esm/api");
  register();
  url = new URL("../src/cli/main.ts", import.meta.url).href;
}
const { main } = await import(url);
process.exitCode = await main(process.argv.slice(2));
