/**
 * Which storefront a host name serves. Pure, so it is unit-tested and shared
 * by proxy.ts and the storefront's link building.
 *
 *  - the platform's own hosts (PLATFORM_HOSTS, default localhost and 127.0.0.1) → null
 *  - `{slug}.{PLATFORM_DOMAIN}` (default localhost) → the slug
 *  - any other host → the host itself (a custom domain mapped in settings)
 */
export function tenantKeyForHost(hostHeader: string | null | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const host = (hostHeader ?? "").split(":")[0]!.trim().toLowerCase();
  if (!host) return null;
  const domain = (env.PLATFORM_DOMAIN ?? "localhost").toLowerCase();
  const platformHosts = new Set((env.PLATFORM_HOSTS ?? "localhost,127.0.0.1,[::1]").split(",").map((h) => h.trim().toLowerCase()));
  platformHosts.add(domain);
  platformHosts.add(`www.${domain}`);
  if (platformHosts.has(host)) return null;
  if (host.endsWith(`.${domain}`)) {
    const sub = host.slice(0, -(domain.length + 1));
    return sub && !sub.includes(".") ? sub : null;
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  return host;
}

/** The internal path a storefront request is rewritten to, or null (platform request). */
export function storefrontRewrite(hostHeader: string | null | undefined, pathname: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const key = tenantKeyForHost(hostHeader, env);
  if (!key) return null;
  // The API, internal storefront paths and sign-in (a shopper signs in on the shop's own host) are not rewritten.
  if (pathname.startsWith("/api/") || pathname.startsWith("/s/") || pathname === "/sign-in" || pathname.startsWith("/sign-in/")) return null;
  return `/s/${encodeURIComponent(key)}${pathname === "/" ? "" : pathname}`;
}
