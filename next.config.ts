import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { securityHeaders } from "./packages/core/src/security-headers";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const config: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // pdfkit reads its font metrics from its own folder (the distributor's PDFs, packages/server/src/income-pdf.ts).
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pdfkit"],
  // Tenant hosts ({slug}.localhost) load dev assets from the same server.
  allowedDevOrigins: ["*.localhost"],
  typedRoutes: false,
  // proxy.ts rewrites to the address the request reached (a server bound to 127.0.0.1 behind a reverse proxy
  // included); normalized, that address would read "localhost" and the rewrite would go out over HTTP to ::1.
  skipProxyUrlNormalize: true,
  // Cached storefront renders kept in memory (Next's default is 50 MB; the rest is read from .next on
  // disk): a product page is ~75 KB with its payload, so 1 GB holds ~13,000. The page bench: 700 req/s,
  // p95 47 ms with it; 270-470 req/s and one 1.6 s stall with 50 MB. RENDER_CACHE_MB to change it.
  cacheMaxMemorySize: Number(process.env.RENDER_CACHE_MB || 1024) * 1024 * 1024,
  // Two root layouts (app/(platform), app/s/[tenant]/[view]): an unmatched address gets app/global-not-found.tsx.
  experimental: { globalNotFound: true },
  // CSP, frame-ancestors / X-Frame-Options (the console), HSTS in production, Referrer-Policy: packages/core/src/security-headers.ts.
  async headers() {
    return securityHeaders({ production: process.env.NODE_ENV === "production", clerkPublishableKey: process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY });
  },
};

export default withNextIntl(config);
