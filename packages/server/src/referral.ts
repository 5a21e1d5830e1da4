import { cookies, headers } from "next/headers";
import { withContext } from "../../db/src/context";
import { bindShopper } from "../../db/src/queries/referrals";
import { REF_COOKIE, parseRefCookie } from "../../core/src/referral-cookie";
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
    const ref = parseRefCookie((await cookies()).get(REF_COOKIE)?.value, Date.now() / 1000);
    if (!ref) return;
    const key = shopKeyForSignIn(next, (await headers()).get("host"));
    if (!key) return;
    await withContext(await getDb(), { storefront: key, userId }, async (tx, shop) => {
      if (shop?.status === "active") await bindShopper(tx, shop.id, userId, ref.code, ref.via);
    });
  } catch (e) {
    console.warn("referral cookie not applied", e);
  }
}

/** The share code kept in the shop's cookie, if it is still valid now. */
export function keptRef(value: string | null | undefined) {
  return parseRefCookie(value, Date.now() / 1000);
}
