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
