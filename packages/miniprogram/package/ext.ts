import type { NavItem, Theme } from "../../theme/src";
import { navLabel } from "../../theme/src";

/**
 * The tenant's ext.json: what makes the one shared template this shop's
 * mini-program (WeChat reads it with wx.getExtConfigSync()). Pure: no Node,
 * so the template build and its tests can use it too.
 */
export type ExtInput = {
  /** the shop's authorized mini-program app id ('' before it authorized one: the zip still builds) */
  appid: string;
  tenant: { id: string; slug: string; name: string };
  /** https origin of the platform's API, e.g. https://mall.example.com */
  apiBase: string;
  release: { version: number; theme: Theme };
};

/** Where each tab leads in the template (packages/miniprogram/template/app.json must list these pages). */
export const TAB_PAGES: Record<NavItem["target"], string> = {
  home: "pages/home/index",
  category: "pages/category/index",
  cart: "pages/cart/index",
  me: "pages/me/index",
  distribution: "pages/distribution/index",
  page: "pages/landing/index",
};

/** Tab icons the template ships: images/tab-{target}.png and tab-{target}-on.png (81×81; scripts/make-tab-icons.mjs made the last two). */
export const tabIcon = (target: NavItem["target"], active: boolean) => `images/tab-${target}${active ? "-on" : ""}.png`;

export type ExtJson = {
  extEnable: true;
  extAppid: string;
  directCommit: false;
  /**
   * tenant: the shop key the template sends to the shop API (its slug); tenantId for the record; tabs: the
   * tab bar's pages (a link to one opens with switchTab); landingTab: the landing page its 页面 tab shows.
   */
  ext: { tenant: string; tenantId: string; slug: string; name: string; apiBase: string; release: number; tabs: string[]; landingTab: string | null };
  window: { navigationBarBackgroundColor: string; navigationBarTextStyle: "white" | "black"; navigationBarTitleText: string; backgroundColor: string };
  tabBar: { color: string; selectedColor: string; backgroundColor: string; borderStyle: "black" | "white"; list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] };
};

/** WeChat allows only "white" or "black" title text: the one that reads on the primary colour. */
function textStyleOn(hex: string): "white" | "black" {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? "black" : "white";
}

export function buildExtJson(i: ExtInput): ExtJson {
  const t = i.release.theme;
  // Each tab page once: WeChat refuses a tabBar listing a page twice (two landing tabs share one page).
  const seen = new Set<string>();
  const list = t.tabBar
    .filter((tab) => !seen.has(TAB_PAGES[tab.target]) && seen.add(TAB_PAGES[tab.target]))
    .map((tab) => ({ pagePath: TAB_PAGES[tab.target], text: navLabel(tab, "zh-CN"), iconPath: tabIcon(tab.target, false), selectedIconPath: tabIcon(tab.target, true) }));
  return {
    extEnable: true,
    extAppid: i.appid,
    directCommit: false,
    ext: {
      tenant: i.tenant.slug,
      tenantId: i.tenant.id,
      slug: i.tenant.slug,
      name: i.tenant.name,
      apiBase: i.apiBase,
      release: i.release.version,
      tabs: list.map((l) => `/${l.pagePath}`),
      landingTab: t.tabBar.find((tab) => tab.target === "page")?.pageSlug ?? null,
    },
    window: { navigationBarBackgroundColor: t.primary, navigationBarTextStyle: textStyleOn(t.primary), navigationBarTitleText: i.tenant.name, backgroundColor: t.background },
    tabBar: { color: t.foreground, selectedColor: t.primary, backgroundColor: t.background, borderStyle: textStyleOn(t.background) === "black" ? "black" : "white", list },
  };
}

/** The mini-program's version for a release: WeChat's user_version. */
export const userVersionOf = (release: number) => `1.0.${release}`;
