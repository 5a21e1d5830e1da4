/**
 * Response security headers (review L8), as a pure function of the deployment so
 * next.config.ts stays a list and the rules have tests.
 *
 * - CSP: Next's App Router streams inline <script> chunks, so script-src needs
 *   'unsafe-inline' (nonces would make every page dynamic, losing the cached
 *   product renders); `next dev` also needs 'unsafe-eval' and its websocket.
 *   Clerk's frontend API host (from the publishable key), its images and the
 *   Turnstile challenge frame are allowed only when Clerk is configured. Stripe
 *   Checkout and Connect onboarding are top-level redirects: no Stripe host is needed.
 * - frame-ancestors 'none' + X-Frame-Options DENY everywhere except the storefront
 *   (merchants may embed their shop); the console's refund buttons cannot be clickjacked.
 * - HSTS only in production (it would pin http://localhost to https in dev).
 */
export type HeaderEnv = { production: boolean; clerkPublishableKey?: string | null };
export type HeaderRule = { source: string; headers: { key: string; value: string }[] };

/** The Clerk Frontend API host a publishable key names (pk_{test|live}_base64("host$")), or null. */
export function clerkFrontendHost(key: string | null | undefined): string | null {
  const m = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(key ?? "");
  if (!m) return null;
  let decoded: string;
  try {
    decoded = atob(m[1]!.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const host = decoded.replace(/\$$/, "");
  return /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) ? host.toLowerCase() : null;
}

export function contentSecurityPolicy(env: HeaderEnv, { framable }: { framable: boolean }): string {
  const clerk = clerkFrontendHost(env.clerkPublishableKey);
  const script = ["'self'", "'unsafe-inline'", ...(env.production ? [] : ["'unsafe-eval'"]), ...(clerk ? [`https://${clerk}`, "https://challenges.cloudflare.com"] : [])];
  const connect = ["'self'", ...(env.production ? [] : ["ws:", "wss:"]), ...(clerk ? [`https://${clerk}`, "https://api.clerk.com"] : [])];
  // Shop logos are any https URL the merchant enters (settings.logoUrl).
  const img = ["'self'", "data:", "blob:", "https:", ...(env.production ? [] : ["http:"])];
  const frame = ["'self'", ...(clerk ? ["https://challenges.cloudflare.com"] : [])];
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${img.join(" ")}`,
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    `frame-src ${frame.join(" ")}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'" + (clerk ? ` https://${clerk}` : ""),
    `frame-ancestors ${framable ? "*" : "'none'"}`,
    ...(env.production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(env: HeaderEnv): HeaderRule[] {
  const common = [
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    ...(env.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
  const locked = [...common, { key: "Content-Security-Policy", value: contentSecurityPolicy(env, { framable: false }) }, { key: "X-Frame-Options", value: "DENY" }];
  return [
    // Everything but the storefront (/s/…, which tenant hosts are rewritten to) and the media route (its own sandbox CSP).
    { source: "/((?!s/|api/media/).*)", headers: locked },
    { source: "/s/:path*", headers: [...common, { key: "Content-Security-Policy", value: contentSecurityPolicy(env, { framable: true }) }] },
  ];
}
