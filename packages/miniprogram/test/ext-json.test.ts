/**
 * The ext.json a shop's package carries overrides the template's tab bar:
 * every tab a merchant can choose must lead to a page the template has and
 * show icons it ships, or WeChat refuses the upload.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildExtJson, TAB_PAGES, tabIcon } from "../package/ext";
import { DEFAULT_THEME } from "../../theme/src";
import { linkTarget, parseExt, target, setTabPages } from "../template/lib/index";

const template = path.resolve(import.meta.dirname, "../template");
const app = JSON.parse(fs.readFileSync(path.join(template, "app.json"), "utf8")) as { pages: string[] };

describe("ext.json tab bar against the template", () => {
  test.each(Object.entries(TAB_PAGES))("a %s tab leads to a page of the template, with both icons", (target, page) => {
    expect(app.pages).toContain(page);
    for (const active of [false, true]) expect(fs.existsSync(path.join(template, tabIcon(target as keyof typeof TAB_PAGES, active))), tabIcon(target as keyof typeof TAB_PAGES, active)).toBe(true);
  });
});

describe("the shop's tab bar reaches the template", () => {
  const theme = {
    ...DEFAULT_THEME,
    tabBar: [
      { target: "home" as const, label: { "zh-CN": "首页", en: "Home" } },
      { target: "distribution" as const, label: { "zh-CN": "分销", en: "Earn" } },
      { target: "page" as const, pageSlug: "spring", label: { "zh-CN": "上新", en: "New" } },
      { target: "me" as const, label: { "zh-CN": "我的", en: "Me" } },
    ],
  };
  const ext = parseExt(buildExtJson({ appid: "wxabc", tenant: { id: "t-1", slug: "tea", name: "青山茶舍" }, apiBase: "https://mall.example.com", release: { version: 2, theme } }).ext);
  test("ext.json's tabs and landing tab are what the template reads", () => {
    expect(ext).toMatchObject({ tenant: "tea", release: 2, tabs: ["/pages/home/index", "/pages/distribution/index", "/pages/landing/index", "/pages/me/index"], landingTab: "spring" });
  });
  test("links to the shop's tab pages open with switchTab, and to a page off its tab bar with navigate", () => {
    setTabPages(ext.tabs);
    try {
      expect(linkTarget({ kind: "distribution" })).toEqual({ url: "/pages/distribution/index", openType: "switchTab" });
      expect(target("/pages/category/index").openType).toBe("navigate");
      expect(target("/pages/me/index").openType).toBe("switchTab");
    } finally {
      setTabPages(["/pages/home/index", "/pages/category/index", "/pages/cart/index", "/pages/me/index"]);
    }
  });
});
