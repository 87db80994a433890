import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{engine,generators,runtime,studio,test}/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // CI reads a plain "N passed, N failed" line; vitest's own summary is not one.
    reporters: ["default", "./test/support/plain-summary-reporter.ts"],
    pool: "forks",
    // Two files at a time on the two cores: each file has its own database (test/support/postgres.ts)
    // and its own Redis prefixes or private redis-server, and much of a file's time is waiting on
    // browsers, SMTP and PostgreSQL. One worker (vitest's default here) took twice as long.
    maxWorkers: 2,
    globalSetup: ["./test/support/global-setup.ts"],
  },
});
