import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { withContext } from "@/packages/db/src/context";
import { getTenant } from "@/packages/db/src/queries/tenants";
import { protectionDays } from "@/packages/db/src/queries/referrals";
import { getDb } from "@/packages/server/src/db";
import { getCurrentUser } from "@/packages/server/src/auth";
import { parseView } from "@/packages/server/src/host";
import { api } from "@/packages/server/src/api";
import { tagStorefrontMiss } from "@/packages/server/src/storefront-cache";

/** A storefront page's route params: the tenant key and the view proxy.ts rewrote the request with. */
export type StorefrontParams = { tenant: string; view: string };

/**
 * The storefront's tenant from the URL segment: a slug (/s/tea) or, after
 * proxy.ts rewrote a tenant host, the host itself. Reads run in that tenant's
 * RLS context with no user.
 */
export const storefrontTenant = cache(async (key: string) =>
  // The transaction's opening statement resolves the key and enters that shop (as the shop API's does).
  withContext(await getDb(), { storefront: decodeURIComponent(key) }, async (tx, shop) => {
    if (shop?.status !== "active") return null;
    const t = await getTenant(tx, shop.id);
    return t ? { ...t, protectionDays: await protectionDays(tx, shop.id) } : null;
  }),
);

/**
 * Every storefront page starts here: its tenant (404 when unknown or closed),
 * the language and link base of its view (links under /s/{slug} on the
 * platform's host, at the root on the tenant's own), and the `shop` key the
 * shop API takes. Reads no cookie or header, so a page that adds none can be
 * cached.
 */
export async function storefrontPage({ tenant: key, view: segment }: StorefrontParams) {
  const view = parseView(segment);
  if (!view) notFound();
  setRequestLocale(view.locale);
  const tenant = await storefrontTenant(key);
  if (!tenant) {
    // A cached page's 404 (home, product page) is dropped when a shop comes to answer here.
    await tagStorefrontMiss();
    notFound();
  }
  return { tenant, locale: view.locale, base: view.onTenantHost ? "" : `/s/${tenant.slug}`, shop: decodeURIComponent(key) };
}

/**
 * A page of the signed-in shopper (sign-in first, coming back to `path`):
 * the storefront, the user, and the API as them. Shopper data is read through
 * the shop procedures, the same checks the browser's calls pass.
 */
export async function shopperPage(params: StorefrontParams, path: string) {
  const page = await storefrontPage(params);
  const user = await getCurrentUser();
  // Signed out: the shop's own sign-in (in its look), then back here.
  if (!user) redirect(`${page.base}/sign-in?next=${encodeURIComponent(`${page.base}${path}`)}`);
  return { ...page, user, api: await api() };
}
