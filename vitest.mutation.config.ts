import { defineConfig } from "vitest/config";

// The pure domain tests only (no database, no global setup): what `npm run mutation`
// (Stryker, stryker.config.mjs) runs against each mutant of src/domain.
export default defineConfig({
  test: {
    include: ["src/domain/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
  },
});
