// Mutation testing of the pure domain code: `npm run mutation` (not part of `npm test`).
// The machine is shared: one test process (concurrency 1). To iterate on one file:
//   npx stryker run --mutate src/domain/rates.ts
// The score and the surviving mutants judged equivalent are in docs/testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/domain/periods.ts",
    "src/domain/stepflow.ts",
    "src/domain/rates.ts",
    "src/domain/plan.ts",
    "src/domain/efforts.ts",
    "src/domain/usage.ts",
    "src/domain/team.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 1,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: null },
  // The domain suite runs in well under a second: a mutant that makes it loop is cut
  // off after 3 s instead of the default 5 s + 1.5 × that.
  timeoutMS: 3000,
  timeoutFactor: 1,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
