import type { BlockLink } from "../../../decoration/src";

/** The template's pages (app.json lists the same); tab pages open with switchTab. */
export const PAGES = {
  home: "/pages/home/index",
  category: "/pages/category/index",
  cart: "/pages/cart/index",
  me: "/pages/me/index",
  landing: "/pages/landing/index",
  search: "/pages/search/index",
  product: "/pages/product/index",
  checkout: "/pages/checkout/index",
  pay: "/pages/pay/index",
  orders: "/pages/orders/index",
  order: "/pages/order/index",
  distribution: "/pages/distribution/index",
  shop: "/pages/shop/index",
} as const;
/** The tab pages of this package: the shop's tab bar from ext.json (setTabPages at start), else the template's four. */
export const TAB_PAGES: string[] = [PAGES.home, PAGES.category, PAGES.cart, PAGES.me];

/** The shop's tab bar decides which links open with switchTab (WeChat refuses navigateTo to a tab page and switchTab to any other). */
export function setTabPages(tabs: readonly string[]) {
  TAB_PAGES.splice(0, TAB_PAGES.length, ...tabs);
}

/** A navigator's target: `openType` is what <navigator open-type> needs (a tab page cannot be navigated to). */
export type Target = { url: string; openType: "navigate" | "switchTab" };

export const target = (url: string): Target => ({ url, openType: TAB_PAGES.includes(url.split("?")[0]!) ? "switchTab" : "navigate" });

export const productUrl = (id: string) => `${PAGES.product}?id=${encodeURIComponent(id)}`;
export const categoryUrl = (id: string) => `${PAGES.search}?c=${encodeURIComponent(id)}`;

/** Where a block's link leads inside the mini-program (as H5's linkHref), or null for none. */
export function linkTarget(link: BlockLink | undefined | null): Target | null {
  if (!link) return null;
  switch (link.kind) {
    case "none":
      return null;
    case "home":
      return target(PAGES.home);
    case "product":
      return link.id ? target(productUrl(link.id)) : null;
    case "category":
      return link.id ? target(categoryUrl(link.id)) : null;
    case "page":
      return link.slug ? target(`${PAGES.landing}?slug=${encodeURIComponent(link.slug)}`) : null;
    case "distribution":
      return target(PAGES.distribution);
    case "search":
      return target(PAGES.search);
    default: {
      const never: never = link.kind;
      return never;
    }
  }
}

/** A platform media path (/api/media/…) as an absolute URL on the API host; absolute URLs pass. */
export const mediaUrl = (apiBase: string, src: string | null | undefined) => (!src ? "" : /^https?:\/\//.test(src) ? src : `${apiBase}${src}`);
