import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{engine,generators,runtime,studio,test}/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // CI reads a plain "N passed, N failed" line; vitest's own summary is not one.
    reporters: ["default", "./test/support/plain-summary-reporter.ts"],
    pool: "forks",
    globalSetup: ["./test/support/global-setup.ts"],
  },
});
