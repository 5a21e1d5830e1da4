import { cookies, headers } from "next/headers";
import { withContext } from "../../db/src/context";
import { bindShopper } from "../../db/src/queries/referrals";
import { evaluateLevels } from "../../db/src/flows/commissions";
import { hitRateLimit } from "../../db/src/queries/rate-limits";
import { REF_COOKIE, parseRefCookie, refFromQuery, type RefVia } from "../../core/src/referral-cookie";
import { AppError } from "../../core/src/errors";
import { getDb } from "./db";
import { tenantKeyForHost } from "./host";

/** The shop a sign-in belongs to: the /s/{slug} it returns to, else the tenant host it happens on. */
export function shopKeyForSignIn(next: string, host: string | null): string | null {
  const m = /^\/s\/([^/?#]+)/.exec(next);
  if (m) return decodeURIComponent(m[1]!);
  return tenantKeyForHost(host);
}

/**
 * A session was just established (sign-in or sign-up): the share code kept in
 * the shop's cookie (PRODUCT.md §4.2) binds the user by the tenant's rule
 * (bindShopper: first touch / last touch with protection). The cookie is sent
 * where its path allows (the in-store sign-in page, the tenant host); checkout
 * applies it otherwise. Never fails the sign-in.
 */
export async function applyReferralCookie(userId: string, next: string): Promise<void> {
  try {
    // The share link the sign-in returns to (`next=/s/tea?ref=CODE`) is the freshest touch; else the kept cookie.
    const ref = refInPath(next) ?? parseRefCookie((await cookies()).get(REF_COOKIE)?.value, Date.now() / 1000);
    if (!ref) return;
    const key = shopKeyForSignIn(next, (await headers()).get("host"));
    if (!key) return;
    await bind(userId, key, ref.code, ref.via);
  } catch (e) {
    console.warn("referral cookie not applied", e);
  }
}

/** The ?ref (and ?via) of a local path, or null. */
export function refInPath(path: string): { code: string; via: RefVia } | null {
  const q = path.indexOf("?");
  return q < 0 ? null : refFromQuery(new URLSearchParams(path.slice(q + 1).split("#")[0]));
}

async function bind(userId: string, key: string, code: string, via: RefVia, limited = false) {
  await withContext(await getDb(), { storefront: key, userId }, async (tx, shop) => {
    if (shop?.status !== "active") return;
    if (limited) await hitRateLimit(tx, "bind", [shop.id, userId]);
    const moved = await bindShopper(tx, shop.id, userId, code, via);
    // A new direct referral is one of the level criteria: evaluate the referrer now.
    if (moved) await evaluateLevels(tx, shop.id, [moved], { monthEnd: false });
  });
}

/**
 * A signed-in shopper opened a share link or QR of the shop `key` (slug or
 * host): bind by the tenant's rule, rate limited like any binding (past the
 * limit nothing is bound; the visit itself never fails).
 */
export async function bindVisit(userId: string, key: string, code: string, via: RefVia): Promise<void> {
  try {
    await bind(userId, key, code, via, true);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
  }
}

/** The share code kept in the shop's cookie, if it is still valid now. */
export function keptRef(value: string | null | undefined) {
  return parseRefCookie(value, Date.now() / 1000);
}
