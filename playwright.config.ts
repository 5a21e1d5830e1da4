import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, devices } from "@playwright/test";
import { FAKE_WECHAT_ENV } from "./packages/server/test/fake-wechat-open";

/**
 * Browser tests (e2e/) in Debian's Chromium (/usr/bin/chromium or
 * CHROMIUM_PATH); Playwright's own browser downloads are not reachable here.
 *
 * The app is served on :3100 with its own embedded database
 * (.data/e2e-pglite, wiped at every start) so it never collides with a
 * developer's `npm run dev`. With E2E_DATABASE_URL (or DATABASE_URL) the app
 * uses that PostgreSQL database instead; the caller provides a fresh one.
 *
 *   E2E_PROD=1      next build + next start (CI); default: next dev
 *   E2E_PREBUILT=1  with E2E_PROD: skip the build (.ci/run builds once)
 *
 * Next allows one `next dev` per project directory: while a developer's
 * `npm run dev` is running here, the e2e server falls back to build + start.
 *
 * Tenant storefronts are reached as http://<slug>.localhost:3100 — Chromium
 * resolves *.localhost to 127.0.0.1 by itself.
 */
const PORT = Number(process.env.E2E_PORT || 3100);
const ROOT = path.dirname(fileURLToPath(import.meta.url));
const isCI = !!process.env.CI;

/** The developer's running `next dev` in this directory, if any (Next's own lock file). */
function runningDevServer(): { pid: number; port?: number } | null {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/dev/lock"), "utf8")) as { pid: number; port?: number };
    process.kill(info.pid, 0);
    return info;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM" ? { pid: -1 } : null;
  }
}

const devBlocker = process.env.E2E_PROD === "1" ? null : runningDevServer();
if (devBlocker && devBlocker.port !== PORT && !process.env.TEST_WORKER_INDEX) {
  console.log(`playwright: a next dev server (pid ${devBlocker.pid}, port ${devBlocker.port}) runs in this directory; e2e uses next build + start instead`);
}
const prod = process.env.E2E_PROD === "1" || (devBlocker !== null && devBlocker.port !== PORT);
const prebuilt = process.env.E2E_PREBUILT === "1";
const databaseUrl = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL || undefined;
const PGLITE_DIR = ".data/e2e-pglite";
/** The e2e's DNS: TXT records the domain spec publishes for the app's domain check (packages/server/src/domain-check.ts). */
const FAKE_DNS_FILE = path.join(ROOT, ".data/e2e-dns.json");

/** The local fake WeChat (packages/server/test/fake-wechat-open.ts) the app's WeChat client talks to. */
const FAKE_WECHAT_PORT = Number(process.env.FAKE_WECHAT_PORT || 3199);
/** The built mini-program template (npm run miniprogram:build), else a tiny fixture so the package download still runs. */
const BUILT_TEMPLATE = path.join(ROOT, "packages/miniprogram/dist/template");
const TEMPLATE_DIR = fs.existsSync(path.join(BUILT_TEMPLATE, "app.json")) ? BUILT_TEMPLATE : path.join(ROOT, "packages/server/test/fixtures/mp-template");

// The production server is bound to 127.0.0.1, as behind a reverse proxy on the same host (README, deployment):
// every storefront page of the run is served through that address (e2e/bound-address.spec.ts names it).
const start = prod ? `${prebuilt ? "" : "npm run build && "}npm start -- -p ${PORT} -H 127.0.0.1` : `npm run dev -- -p ${PORT}`;
const freshDb = `rm -f ${FAKE_DNS_FILE} && ` + (databaseUrl ? "" : `rm -rf ${PGLITE_DIR} ${PGLITE_DIR}.lock && `);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  forbidOnly: isCI,
  workers: 1, // 2 cores: the app server needs the other one
  retries: isCI ? 1 : 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            // Custom domains in tests: *.test resolves to this machine (proxy.ts maps the host to its tenant).
            "--host-resolver-rules=MAP *.test 127.0.0.1",
          ],
        },
      },
    },
  ],
  webServer: [{
    command: freshDb + start,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !isCI,
    timeout: 600_000, // a cold `next build` on 2 cores is slow
    stdout: "pipe",
    stderr: "pipe",
    env: {
      // Under E2E_PROD (NODE_ENV=production) each demo-only feature is opted into explicitly.
      ALLOW_LOCAL_SIGNIN: "1",
      SEED_DEMO: "1",
      ALLOW_PAYMENT_SIMULATOR: "1",
      ALLOW_SIMULATOR_ACCOUNTS: "1",
      // The browser tests' clock for scheduled jobs (app/api/test/jobs: orders completing, settlement, bonus day).
      ALLOW_TEST_CLOCK: "1",
      // The specs sign in and order many times from 127.0.0.1 (packages/db/src/queries/rate-limits.ts).
      FX_RATE_LIMITS: "off",
      // Custom domains are verified offline: TXT records come from this file, which production honours only
      // with ALLOW_FAKE_DNS=1 (never set in a deployment). The record must still carry the shop's token.
      FX_FAKE_DNS_FILE: FAKE_DNS_FILE,
      ALLOW_FAKE_DNS: "1",
      // The production server is reached over plain http here: its links and return URLs say so.
      PUBLIC_SCHEME: "http",
      PGLITE_DIR,
      // E2E_DATABASE_URL wins over an inherited DATABASE_URL (which the
      // vitest part of a run uses as its server, not as the app's database).
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      // The app's own login (member of app_user only); migrations and seed keep DATABASE_URL.
      ...(process.env.E2E_DATABASE_APP_URL ? { DATABASE_APP_URL: process.env.E2E_DATABASE_APP_URL } : {}),
      // WeChat's third-party platform, played by the fake below (e2e/miniprogram-publish.spec.ts).
      ...FAKE_WECHAT_ENV,
      WECHAT_API_BASE: `http://127.0.0.1:${FAKE_WECHAT_PORT}`,
      WECHAT_MP_BASE: `http://127.0.0.1:${FAKE_WECHAT_PORT}`,
      WECHAT_CODE_CHECK_RETRY_MS: "200",
      MINIPROGRAM_TEMPLATE_DIR: TEMPLATE_DIR,
      SECRETS_KEY: "e2e-only-secrets-key",
    } as Record<string, string>,
  }, {
    command: "npx tsx packages/server/test/fake-wechat-open-server.ts",
    url: `http://127.0.0.1:${FAKE_WECHAT_PORT}/__health`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { FAKE_WECHAT_PORT: String(FAKE_WECHAT_PORT), FAKE_WECHAT_APP_URL: `http://localhost:${PORT}` },
  }],
});
