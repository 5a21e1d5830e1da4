"use client";

import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { REF_COOKIE, encodeRefCookie, parseRefCookie, refCookieMaxAge, refCookiePath, refFromQuery, shouldKeepRef } from "@/packages/core/src/referral-cookie";

/**
 * A visitor opened a storefront page with ?ref=CODE (a share link or QR,
 * `&via=qr`): keep the code from the first visit in the shop's first-party
 * cookie (packages/core/src/referral-cookie.ts). The referral route binds a
 * signed-in shopper at once and answers 204 to an anonymous visit, so a share
 * visit logs nothing. The server applies it at checkout (the
 * order's share code binds by the tenant's rule) whatever page the shopper
 * buys from, and after sign-in / sign-up (applyReferralCookie).
 */
export function RefBinder({ shop, base, protectionDays, code }: { shop?: string; base: string; protectionDays?: number; code?: string }) {
  const params = useSearchParams();
  useEffect(() => {
    // A distributor's personal shop (/d/{code}) binds as their share link does.
    const fresh = code ? refFromQuery({ get: (n: string) => (n === "ref" ? code : null) }) : refFromQuery(params);
    const now = Date.now() / 1000;
    const kept = document.cookie
      .split(";")
      .map((c) => c.trim())
      .filter((c) => c.startsWith(`${REF_COOKIE}=`))
      .map((c) => parseRefCookie(decodeURIComponent(c.slice(REF_COOKIE.length + 1)), now, protectionDays))
      .find((c) => c !== null) ?? null;
    if (!fresh) return;
    // A signed-in shopper is bound now (the route answers 204 and does nothing for an anonymous visit).
    if (shop) {
      void fetch(`/api/shop/${encodeURIComponent(shop)}/referral`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fresh),
      }).catch(() => undefined);
    }
    if (!shouldKeepRef(kept, fresh)) return;
    const value = encodeURIComponent(encodeRefCookie({ ...fresh, at: now }));
    document.cookie = `${REF_COOKIE}=${value}; path=${refCookiePath(base)}; max-age=${refCookieMaxAge(protectionDays)}; samesite=lax`;
  }, [params, shop, base, protectionDays, code]);
  return null;
}
