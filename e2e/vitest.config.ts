import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    // Reads of the page are polled (`expect.poll`) until they hold: CI is a loaded 2-core machine,
    // and a read right after a click may run before React has rendered the change.
    expect: { poll: { timeout: 20_000 } },
    pool: "forks",
    // Each file runs a browser and an embedded database: two at once is what 2 cores take.
    maxWorkers: 2,
  },
});
