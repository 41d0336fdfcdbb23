// The report worker's entry (src/services/report-pool.ts starts it). Plain
// JavaScript, like src/db/pglite-worker.mjs: it loads report-worker.ts through
// tsx's loader (a dependency), so it runs the same under tsx, vitest and the CLI
// bundle, whose own code is esbuild's and carries no loader into a worker.
import { register } from "tsx/esm/api";

register();
await import(new URL("./report-worker.ts", import.meta.url).href);
