import { headers } from "next/headers";
import { cache } from "react";
import { setContext, withContext } from "@/packages/db/src/context";
import { getTenant, resolveTenant } from "@/packages/db/src/queries/tenants";
import { getDb } from "@/packages/server/src/db";
import { getCurrentUser } from "@/packages/server/src/auth";
import { redirect } from "next/navigation";

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

/** The signed-in shopper, or a redirect to sign-in that comes back to `next`. */
export async function requireShopper(next: string) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return user;
}
