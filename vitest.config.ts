import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["packages/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are heavy; two cores here.
    maxWorkers: 2,
    // Suites place many orders as one shopper; packages/api/test/security.test.ts turns the limits back on.
    env: { FX_RATE_LIMITS: "off" },
  },
});
