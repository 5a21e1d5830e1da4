import { cache } from "react";
import { withTenant } from "@/packages/db/src/context";
import type { PageKind } from "@/packages/decoration/src";
import { getDb } from "@/packages/server/src/db";
import { storefrontDesign } from "@/packages/server/src/storefront-design";
import type { H5Context } from "@/components/storefront/blocks";
import { storefrontPage, type StorefrontParams } from "./tenant";

/** The preview token of ?preview= (one value; a repeated parameter counts as none given). */
export const previewParam = (sp: { preview?: string | string[] }) => (typeof sp.preview === "string" ? sp.preview : undefined);

/** One read per request, shared by a page and its metadata. */
const designOf = cache(async (tenantId: string, kind: PageKind, slug: string | undefined, token: string | undefined) => {
  const now = Date.now();
  const design = await withTenant(await getDb(), tenantId, (tx) => storefrontDesign(tx, tenantId, { kind, slug }, { previewToken: token, now }));
  return { design, now };
});

/**
 * A decorated storefront page (home, category, a landing page): the shop, the
 * document it shows (the live release's, or the drafts behind a valid
 * ?preview= token) with its block data, and the renderers' context.
 */
export async function decoratedPage(params: StorefrontParams, sp: { preview?: string | string[] }, kind: PageKind, slug?: string) {
  const page = await storefrontPage(params);
  const token = previewParam(sp);
  const { design, now } = await designOf(page.tenant.id, kind, slug, token);
  const ctx: H5Context = { base: page.base, locale: page.locale, now, ...(design.mode === "preview" ? { preview: true, previewToken: token } : {}) };
  return { ...page, design, ctx };
}
