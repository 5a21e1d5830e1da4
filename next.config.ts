import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // Tenant hosts ({slug}.localhost) load dev assets from the same server.
  allowedDevOrigins: ["*.localhost"],
  typedRoutes: false,
  // Two root layouts (app/(platform), app/s/[tenant]/[view]): an unmatched address gets app/global-not-found.tsx.
  experimental: { globalNotFound: true },
};

export default withNextIntl(config);
