#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx's loader, so the package works without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
