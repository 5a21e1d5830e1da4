/**
 * Where to go after signing in or out: a path on this site, percent-encoded
 * (a `next` with Chinese in it, e.g. /s/tea/search?q=寿眉饼, made the redirect
 * header invalid), or `fallback` for anything that could leave the site
 * ("//host", "/\host", absolute URLs) or is not a path at all.
 */
export function safeNextPath(next: unknown, fallback = "/console"): string {
  if (typeof next !== "string" || !next.startsWith("/")) return fallback;
  const base = "http://same-site.invalid";
  try {
    const u = new URL(next, base);
    if (u.origin !== base) return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}

/**
 * Where a person lands after signing in when no (safe) `next` says: an
 * operator on /platform, someone with a shop (member or agency) in /console,
 * anyone else (a shopper who signed in on the platform's host) on the
 * platform's home, never on the console's "you have no shop yet". A safe
 * `next` (the shop page they came from) always wins.
 */
export function landingAfterSignIn(who: { next?: unknown; isPlatformOperator: boolean; tenantCount: number }): string {
  const next = safeNextPath(who.next, "");
  if (next) return next;
  if (who.isPlatformOperator) return "/platform";
  if (who.tenantCount > 0) return "/console";
  return "/";
}
