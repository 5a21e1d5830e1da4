import { cache } from "react";
import { unstable_cache } from "next/cache";
import { withTenant } from "@/packages/db/src/context";
import type { PageKind } from "@/packages/decoration/src";
import { getDb } from "@/packages/server/src/db";
import { storefrontDesign } from "@/packages/server/src/storefront-design";
import { DECORATED_PAGE_SECONDS, storefrontTag } from "@/packages/server/src/storefront-cache";
import type { H5Context } from "@/components/storefront/blocks";
import { storefrontPage, type StorefrontParams } from "./tenant";

/** The preview token of ?preview= (one value; a repeated parameter counts as none given). */
export const previewParam = (sp: { preview?: string | string[] }) => (typeof sp.preview === "string" ? sp.preview : undefined);

async function readDesign(tenantId: string, kind: PageKind, slug: string | undefined, token: string | undefined) {
  const now = Date.now();
  const design = await withTenant(await getDb(), tenantId, (tx) => storefrontDesign(tx, tenantId, { kind, slug }, { previewToken: token, now }));
  return { design, now };
}

/**
 * One read per request, shared by a page and its metadata. The live
 * release's page is cached with the tenant's storefront tag (publishing, a
 * rollback, catalogue and settings writes drop it: storefront-cache.ts) and
 * kept at most DECORATED_PAGE_SECONDS otherwise (stock, best sellers, a
 * countdown's end); the drafts behind a preview token are read every time.
 */
const designOf = cache(async (tenantId: string, kind: PageKind, slug: string | undefined, token: string | undefined) => {
  if (token !== undefined) return readDesign(tenantId, kind, slug, token);
  return unstable_cache(() => readDesign(tenantId, kind, slug, undefined), ["storefront-design", tenantId, kind, slug ?? ""], {
    tags: [storefrontTag(tenantId)],
    revalidate: DECORATED_PAGE_SECONDS,
  })();
});

/**
 * A decorated storefront page (home, category, a landing page): the shop, the
 * document it shows (the live release's, or the drafts behind a valid preview
 * token) with its block data, and the renderers' context.
 */
export async function decoratedPage(params: StorefrontParams, token: string | undefined, kind: PageKind, slug?: string) {
  const page = await storefrontPage(params);
  const { design, now } = await designOf(page.tenant.id, kind, slug, token);
  const ctx: H5Context = { base: page.base, locale: page.locale, now, ...(design.mode === "preview" ? { preview: true, previewToken: token } : {}) };
  return { ...page, design, ctx };
}
