// Preloaded (`node --import ./bench/max-rss.mjs …`) into a process measured by
// bench/import.ts: samples the resident set size every 250 ms and, when the
// process exits, writes the kernel's peak RSS (getrusage ru_maxrss, the same as
// VmHWM) and the samples as JSON to the file named by BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  const t0 = Date.now();
  const samples = [];
  const timer = setInterval(() => samples.push([Date.now() - t0, process.memoryUsage.rss()]), 250);
  timer.unref();
  process.on("exit", () => {
    samples.push([Date.now() - t0, process.memoryUsage.rss()]);
    writeFileSync(file, JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, samples }));
  });
}
