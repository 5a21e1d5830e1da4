import { revalidateTag, unstable_cache } from "next/cache";
import { withTenant } from "../../db/src/context";
import { storefrontProduct } from "../../db/src/queries/catalog";
import { getDb } from "./db";
import { forgetLivePages } from "./live-pages";

/**
 * The storefront's product pages are rendered once and cached (ISR, see
 * app/s/[tenant]/[view]/p/[id]); what a merchant changes must reach them
 * at once, so every cached render carries its tenant's tag and the console's
 * catalogue and settings writes drop the tag when they commit
 * (`storefrontChanged` in the API context). Stock and who is signed in are
 * asked for by the browser (shop.productLive), never cached.
 *
 * The tag lives in this process's cache (and `.next`'s route cache on disk):
 * several app servers would need a shared cache handler (Next's
 * `cacheHandler`) for one server's write to reach the others' renders; until
 * then a page is at most PRODUCT_PAGE_SECONDS old there.
 */
export const PRODUCT_PAGE_SECONDS = 300;

/**
 * The decorated pages (home, category, landing pages) are cached renders of
 * the live release too, dropped with the same tag (publishing and rolling
 * back are storefront writes); at most this old otherwise, for what changes
 * without a merchant's write: stock (售罄), best sellers, a countdown ending.
 */
export { DECORATED_PAGE_SECONDS } from "./live-pages";

export const storefrontTag = (tenantId: string) => `storefront:${tenantId}`;

/**
 * A cached render of an address no open shop answers (an unknown slug, a
 * domain not yet verified) is a 404 with this tag, dropped by every
 * storefront write: the write that makes the address a shop (a new shop, a
 * verified domain, a new slug) must not leave its 404 cached.
 */
export const STOREFRONT_MISS_TAG = "storefront:miss";

/** Marks the render under way as a 404 of an address no shop answers (STOREFRONT_MISS_TAG). */
export function tagStorefrontMiss() {
  return unstable_cache(async () => true, ["storefront-miss"], { tags: [STOREFRONT_MISS_TAG] })();
}

/** Drops every cached storefront render of the tenant, and the cached 404s of addresses no shop answered (the next visit renders anew). */
export function invalidateStorefront(tenantId: string) {
  revalidateTag(storefrontTag(tenantId), { expire: 0 });
  revalidateTag(STOREFRONT_MISS_TAG, { expire: 0 });
  forgetLivePages(tenantId);
}

/** The product page's product (on sale, with its SKUs), tagged with its tenant for invalidateStorefront. */
export function cachedStorefrontProduct(tenantId: string, productId: string) {
  return unstable_cache(async () => withTenant(await getDb(), tenantId, (tx) => storefrontProduct(tx, tenantId, productId)), ["storefront-product", tenantId, productId], {
    tags: [storefrontTag(tenantId)],
    revalidate: PRODUCT_PAGE_SECONDS,
  })();
}
