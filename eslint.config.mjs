import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { builtinModules } from "node:module";

/**
 * Pure packages are bundled into the WeChat mini-program: no framework,
 * database, payment SDK or Node built-in may reach them (tests excepted).
 */
const PURE_PACKAGES = ["theme", "decoration", "commission", "levels", "orders", "payments", "core", "catalog", "tenancy", "ledger"];
const IMPURE = [
  "next", "next/*", "next-intl", "next-intl/*", "react", "react/*", "react-dom", "react-dom/*",
  "drizzle-orm", "drizzle-orm/*", "postgres", "@electric-sql/*", "stripe", "@clerk/*", "svix",
  "node:*", ...builtinModules, ...builtinModules.map((m) => `${m}/*`),
  "**/packages/db/**", "**/packages/server/**", "**/packages/api/**", "**/packages/i18n/**", "**/db/src/**", "**/server/src/**", "**/api/src/**", "**/i18n/src", "**/i18n/src/**", "@/*",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "bench/.cluster/**", "packages/miniprogram/dist/**"],
  },
  {
    files: PURE_PACKAGES.map((p) => `packages/${p}/src/**/*.{ts,tsx}`),
    ignores: ["**/*.test.ts", "**/testing.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: IMPURE, message: "Pure packages are bundled into the mini-program: no Next, React, database, Stripe, Node or server imports (eslint.config.mjs)." }] }],
    },
  },
  {
    // The mini-program template: the same purity, except the app router's types (`import type`, erased by esbuild).
    files: ["packages/miniprogram/template/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: IMPURE, allowTypeImports: true, message: "The mini-program bundles no Next, React, database, Stripe, Node or server code; server types only with `import type` (eslint.config.mjs)." }] }],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
