import type { BlockLink, RenderContext } from "@/packages/decoration/src";

/**
 * The H5 renderers' context: the shared one, plus the signed preview token
 * when the page shows drafts (every link inside keeps it, so a merchant
 * browsing the preview stays in the preview).
 */
export type H5Context = RenderContext & { previewToken?: string };

/** A storefront path with the preview token kept (when previewing). */
export function shopHref(path: string, ctx: H5Context): string {
  const href = path || "/";
  if (!ctx.previewToken) return href;
  return `${href}${href.includes("?") ? "&" : "?"}preview=${encodeURIComponent(ctx.previewToken)}`;
}

/** Where a block's link leads inside the shop, or null for none (the block then renders no anchor). */
export function linkHref(link: BlockLink | undefined, ctx: H5Context): string | null {
  if (!link) return null;
  const { base } = ctx;
  switch (link.kind) {
    case "none":
      return null;
    case "home":
      return shopHref(base || "/", ctx);
    case "product":
      return link.id ? productHref(link.id, ctx) : null;
    case "category":
      return link.id ? categoryHref(link.id, ctx) : null;
    case "page":
      return link.slug ? shopHref(`${base}/pages/${link.slug}`, ctx) : null;
    case "distribution":
      return shopHref(`${base}/me/distribution`, ctx);
    case "search":
      return shopHref(`${base}/search`, ctx);
    default: {
      const never: never = link.kind;
      return never;
    }
  }
}

/** A category's products (the search page filtered by it). */
export const categoryHref = (id: string, ctx: H5Context) => shopHref(`${ctx.base}/search?c=${id}`, ctx);

/** A product's page (a cached render of live data: the token rides along only so "back" stays in the preview). */
export const productHref = (id: string, ctx: H5Context) => shopHref(`${ctx.base}/p/${id}`, ctx);
