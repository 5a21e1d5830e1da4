import { headers } from "next/headers";
import { cache } from "react";
import { setContext, withContext } from "@/packages/db/src/context";
import { getTenant, resolveTenant } from "@/packages/db/src/queries/tenants";
import { getDb } from "@/packages/server/src/db";
import { getCurrentUser } from "@/packages/server/src/auth";
import { notFound, redirect } from "next/navigation";
import { api } from "@/packages/server/src/api";

/**
 * The storefront's tenant from the URL segment: a slug (/s/tea) or, after
 * proxy.ts rewrote a tenant host, the host itself. Reads run in that tenant's
 * RLS context with no user.
 */
export const storefrontTenant = cache(async (key: string) => {
  const db = await getDb();
  const decoded = decodeURIComponent(key);
  return withContext(db, {}, async (tx) => {
    const hit = await resolveTenant(tx, decoded);
    if (!hit || hit.status !== "active") return null;
    await setContext(tx, { tenantId: hit.id });
    return getTenant(tx, hit.id);
  });
});

/** Links inside the storefront: under /s/{slug} on the platform host, at the root on the tenant's own host. */
export async function storefrontBase(slug: string) {
  return (await headers()).get("x-storefront-host") ? "" : `/s/${slug}`;
}

/**
 * Every storefront page starts here: its tenant (404 when unknown or closed),
 * the base its links use, and the `shop` key the shop API takes.
 */
export async function storefrontPage(key: string) {
  const tenant = await storefrontTenant(key);
  if (!tenant) notFound();
  return { tenant, base: await storefrontBase(tenant.slug), shop: decodeURIComponent(key) };
}

/**
 * A page of the signed-in shopper (sign-in first, coming back to `path`):
 * the storefront, the user, and the API as them. Shopper data is read through
 * the shop procedures, the same checks the browser's calls pass.
 */
export async function shopperPage(key: string, path: string) {
  const page = await storefrontPage(key);
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`${page.base}${path}`)}`);
  return { ...page, user, api: await api() };
}
