/**
 * The share code a visitor came through (PRODUCT.md §4.2), kept from the
 * first visit of a share link or QR (`?ref=CODE`, `&via=qr`) in a
 * first-party cookie of the shop: path /s/{slug} on the platform's host, /
 * on the tenant's own host. It lives as long as the tenant's protection
 * period, and is applied at sign-up, sign-in and checkout whatever page the
 * shopper buys from. Pure: the storefront sets it, the server reads it.
 *
 * Value: `CODE.via.seconds` (seconds since the epoch when it was set).
 */
export const REF_COOKIE = "mall_ref";

export type RefVia = "link" | "qr";
export type RefCookie = { code: string; via: RefVia; at: number };

const CODE = /^[A-Za-z0-9]{4,32}$/;
const DAY = 24 * 60 * 60;

/** The share code and its source in a storefront URL's query, or null. */
export function refFromQuery(q: { get(name: string): string | null }): { code: string; via: RefVia } | null {
  const code = q.get("ref")?.trim() ?? "";
  if (!CODE.test(code)) return null;
  return { code: code.toUpperCase(), via: q.get("via") === "qr" ? "qr" : "link" };
}

export function encodeRefCookie(c: RefCookie): string {
  return `${c.code.toUpperCase()}.${c.via}.${Math.floor(c.at)}`;
}

/**
 * The cookie's code, or null when absent, malformed, from the future, or
 * older than the protection period (`days`, when known).
 */
export function parseRefCookie(value: string | null | undefined, nowSeconds: number, days?: number): RefCookie | null {
  const m = /^([A-Za-z0-9]{4,32})\.(link|qr)\.(\d{1,12})$/.exec(value?.trim() ?? "");
  if (!m) return null;
  const at = Number(m[3]);
  if (at > nowSeconds + 300) return null;
  if (days !== undefined && nowSeconds - at > refCookieMaxAge(days)) return null;
  return { code: m[1]!.toUpperCase(), via: m[2] as RefVia, at };
}

/** Seconds the cookie lives: the protection period (1–365 days, 30 by default). */
export function refCookieMaxAge(days: number | null | undefined): number {
  const d = Number.isInteger(days) && days! >= 1 ? Math.min(days!, 365) : 30;
  return d * DAY;
}

/** The cookie's path: the shop's part of the platform host, or the whole tenant host (`base` is the storefront's link base). */
export function refCookiePath(base: string): string {
  return base === "" ? "/" : base;
}

/** One `name=value` out of a Cookie header (the first with that name: the browser sends the most specific path first). */
export function cookieFromHeader(header: string | null | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Whether a visit with `fresh` should (re)write the kept cookie: when there is
 * none (or it expired). The first visit wins within its lifetime; the
 * binding rule (first / last touch with protection) is the database's.
 */
export function shouldKeepRef(existing: RefCookie | null, fresh: { code: string } | null): boolean {
  return fresh !== null && existing === null;
}
