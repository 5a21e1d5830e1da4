import { LOCALES, type Locale } from "../../i18n/src/locales";

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

const isIpLiteral = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[");

/**
 * Whether `url` may be used as a return address (payment return URLs, Stripe
 * onboarding; review L6): https (http only outside production), no
 * credentials, and a platform host, or `{key}.PLATFORM_DOMAIN` / a custom
 * host for one of `keys` (the shop's slug and the host it was entered by).
 * IP literals other than listed platform hosts and deeper subdomains are refused.
 */
export function isOwnOrigin(url: URL, keys: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  // Plain http only outside production, or where the deployment says its public scheme is http (PUBLIC_SCHEME).
  const httpOk = url.protocol === "https:" || (url.protocol === "http:" && (env.NODE_ENV !== "production" || env.PUBLIC_SCHEME === "http"));
  if (!httpOk || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  const domain = (env.PLATFORM_DOMAIN ?? "localhost").toLowerCase();
  const platformHosts = new Set((env.PLATFORM_HOSTS ?? "localhost,127.0.0.1,[::1]").split(",").map((h) => h.trim().toLowerCase()));
  if (platformHosts.has(host) || host === domain || host === `www.${domain}`) return true;
  if (isIpLiteral(host)) return false;
  const wanted = keys.map((k) => k.toLowerCase());
  if (host.endsWith(`.${domain}`)) {
    const sub = host.slice(0, -(domain.length + 1));
    return !sub.includes(".") && wanted.includes(sub);
  }
  return wanted.includes(host);
}

/**
 * How a storefront page is rendered, as the internal path segment after the
 * tenant key (`/s/{key}/{view}/…`): its language, and whether it is served on
 * the tenant's own host (links at the root) or under /s/{slug} on the
 * platform's. Everything a storefront page's markup depends on besides the
 * database is in the URL, so a page without a signed-in user's data (the
 * product page) can be rendered once and cached (ISR).
 */
export type StorefrontView = { locale: Locale; onTenantHost: boolean };

const HOST_SUFFIX = "~host";

export function viewSegment(view: StorefrontView): string {
  return `${view.locale}${view.onTenantHost ? HOST_SUFFIX : ""}`;
}

/** The view of an internal path segment; null for anything viewSegment does not write (a 404). */
export function parseView(segment: string): StorefrontView | null {
  const decoded = decodeURIComponent(segment);
  const onTenantHost = decoded.endsWith(HOST_SUFFIX);
  const locale = onTenantHost ? decoded.slice(0, -HOST_SUFFIX.length) : decoded;
  return (LOCALES as readonly string[]).includes(locale) ? { locale: locale as Locale, onTenantHost } : null;
}

/**
 * The internal path a request is rewritten to, or null (a platform page, the
 * API). A tenant host's pages and the platform's /s/{key}/… both gain the
 * view segment; `locale` is the shopper's language cookie.
 */
export function storefrontRewrite(hostHeader: string | null | undefined, pathname: string, locale: Locale, env: NodeJS.ProcessEnv = process.env): string | null {
  const key = tenantKeyForHost(hostHeader, env);
  if (!key) {
    const m = /^\/s\/([^/]+)(\/.*)?$/.exec(pathname);
    return m ? `/s/${m[1]}/${viewSegment({ locale, onTenantHost: false })}${m[2] ?? ""}` : null;
  }
  // The API and internal storefront paths are not rewritten; /sign-in is the shop's own (app/s/…/sign-in).
  if (pathname.startsWith("/api/") || pathname.startsWith("/s/")) return null;
  return `/s/${encodeURIComponent(key)}/${viewSegment({ locale, onTenantHost: true })}${pathname === "/" ? "" : pathname}`;
}

/**
 * A decorated page asked for with ?preview= (its drafts behind a signed
 * token) goes to the preview route, rendered per request; the same address
 * without it is the live release's cached render. `target` is
 * storefrontRewrite's path: /s/{key}/{view}, …/category or …/pages/{slug}.
 */
export function previewRewrite(target: string): string {
  const m = /^(\/s\/[^/]+\/[^/]+)(\/category|\/pages\/[^/]+)?\/?$/.exec(target);
  return m ? `${m[1]}/preview${m[2] ?? ""}` : target;
}

/**
 * Where a request for a renamed shop's old slug goes (a 308, so printed QR
 * codes and shared links keep working for 90 days, drizzle/0027): the same
 * path and query under the new slug, on the platform's /s/{slug}/… or on
 * `{slug}.{PLATFORM_DOMAIN}`. `renamed` maps old slugs to new ones; null:
 * not a renamed shop's address.
 */
export function slugRedirect(hostHeader: string | null | undefined, url: URL, renamed: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): URL | null {
  if (!renamed.size) return null;
  const key = tenantKeyForHost(hostHeader, env);
  const domain = (env.PLATFORM_DOMAIN ?? "localhost").toLowerCase();
  if (!key) {
    const m = /^\/s\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const to = m ? renamed.get(decodeURIComponent(m[1]!).toLowerCase()) : undefined;
    if (!to) return null;
    const next = new URL(url);
    if (hostHeader) next.host = hostHeader;
    next.pathname = `/s/${to}${m![2] ?? ""}`;
    return next;
  }
  const to = renamed.get(key);
  if (!to || key.includes(".")) return null;
  const next = new URL(url);
  const port = (hostHeader ?? "").split(":")[1];
  next.host = `${to}.${domain}${port ? `:${port}` : ""}`;
  return next;
}

/** The key proxy.ts may need a slug redirect for: a /s/{key} path or a tenant host's subdomain. */
export function mayBeRenamedShop(hostHeader: string | null | undefined, pathname: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const key = tenantKeyForHost(hostHeader, env);
  if (key) return !key.includes(".") && !pathname.startsWith("/api/");
  return pathname.startsWith("/s/");
}

/**
 * The absolute origin of a tenant's own host, for canonical URLs and share
 * cards (read without a request: the product page is a cached render). A
 * mapped custom domain wins, else `{slug}.{PLATFORM_DOMAIN}`; https in
 * production, http with the dev server's PORT otherwise (PUBLIC_SCHEME overrides).
 */
export function tenantOrigin(tenant: { slug: string; customDomain?: string | null }, env: NodeJS.ProcessEnv = process.env): string {
  const prod = env.NODE_ENV === "production";
  const scheme = env.PUBLIC_SCHEME || (prod ? "https" : "http");
  if (tenant.customDomain) return `${scheme}://${tenant.customDomain}`;
  const domain = (env.PLATFORM_DOMAIN ?? "localhost").toLowerCase();
  const port = !prod && env.PORT && env.PORT !== "80" && env.PORT !== "443" ? `:${env.PORT}` : "";
  return `${scheme}://${tenant.slug}.${domain}${port}`;
}

/**
 * The console's link to a shop's own subdomain: `{slug}.{PLATFORM_DOMAIN}`,
 * with the port the console itself was reached on (the same server answers
 * both), in the deployment's scheme.
 */
export function shopSubdomainUrl(slug: string, requestHost: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const scheme = env.PUBLIC_SCHEME || (env.NODE_ENV === "production" ? "https" : "http");
  const domain = (env.PLATFORM_DOMAIN ?? "localhost").toLowerCase();
  const port = /:(\d+)$/.exec(requestHost ?? "")?.[1];
  return `${scheme}://${slug}.${domain}${port && port !== "80" && port !== "443" ? `:${port}` : ""}/`;
}
