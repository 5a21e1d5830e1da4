import { describe, expect, it } from "vitest";
import { mayBeRenamedShop, parseView, previewRewrite, shopSubdomainUrl, slugRedirect, storefrontRewrite, tenantOrigin, tenantKeyForHost, viewSegment } from "./host";

const env = { PLATFORM_DOMAIN: "localhost" } as unknown as NodeJS.ProcessEnv;

describe("host-based routing", () => {
  it("serves the platform on its own hosts", () => {
    for (const h of ["localhost:3000", "localhost", "127.0.0.1:3000", "www.localhost"]) expect(tenantKeyForHost(h, env)).toBeNull();
  });
  it("maps {slug}.platform to the slug, case-insensitively", () => {
    expect(tenantKeyForHost("tea.localhost:3000", env)).toBe("tea");
    expect(tenantKeyForHost("Tea.LocalHost", env)).toBe("tea");
  });
  it("maps any other host to itself (custom domain), never a deeper subdomain of the platform", () => {
    expect(tenantKeyForHost("shop.example.com", env)).toBe("shop.example.com");
    expect(tenantKeyForHost("a.b.localhost", env)).toBeNull();
  });
  it("rewrites storefront paths, adding the view (language, host), but leaves the API and internal paths alone", () => {
    expect(storefrontRewrite("tea.localhost:3000", "/", "zh-CN", env)).toBe("/s/tea/zh-CN~host");
    expect(storefrontRewrite("tea.localhost:3000", "/p/1", "en", env)).toBe("/s/tea/en~host/p/1");
    expect(storefrontRewrite("tea.localhost:3000", "/api/trpc/x", "zh-CN", env)).toBeNull();
    expect(storefrontRewrite("tea.localhost:3000", "/s/tea/zh-CN/p/1", "zh-CN", env)).toBeNull();
    expect(storefrontRewrite("localhost:3000", "/console", "zh-CN", env)).toBeNull();
    expect(storefrontRewrite("localhost:3000", "/s/tea", "en", env)).toBe("/s/tea/en");
    expect(storefrontRewrite("localhost:3000", "/s/tea/p/1", "zh-CN", env)).toBe("/s/tea/zh-CN/p/1");
    expect(storefrontRewrite("shop.example.com", "/", "zh-CN", { ...env, PLATFORM_DOMAIN: "mall.cn" })).toBe("/s/shop.example.com/zh-CN~host");
  });
  it("reads back only the views it writes", () => {
    for (const v of [{ locale: "zh-CN", onTenantHost: false }, { locale: "en", onTenantHost: true }] as const) expect(parseView(viewSegment(v))).toEqual(v);
    expect(parseView("zh-CN%7Ehost")).toEqual({ locale: "zh-CN", onTenantHost: true });
    for (const bad of ["p", "orders", "fr", "en~hostx", ""]) expect(parseView(bad)).toBeNull();
  });
});

describe("the shop's own sign-in and origin", () => {
  it("a tenant host's /sign-in is the shop's, not the platform's", () => {
    expect(storefrontRewrite("tea.localhost:3105", "/sign-in", "zh-CN", env)).toBe("/s/tea/zh-CN~host/sign-in");
    expect(storefrontRewrite("localhost:3105", "/sign-in", "zh-CN", env)).toBeNull();
  });
  it("share cards point at the shop's own host", () => {
    expect(tenantOrigin({ slug: "tea" }, { PORT: "3105" } as unknown as NodeJS.ProcessEnv)).toBe("http://tea.localhost:3105");
    expect(tenantOrigin({ slug: "tea", customDomain: "shop.example.com" }, { NODE_ENV: "production" } as unknown as NodeJS.ProcessEnv)).toBe("https://shop.example.com");
    expect(tenantOrigin({ slug: "tea" }, { NODE_ENV: "production", PLATFORM_DOMAIN: "mall.cn", PORT: "3000" } as unknown as NodeJS.ProcessEnv)).toBe("https://tea.mall.cn");
  });
});

describe("the console's link to a shop's subdomain (PLATFORM_DOMAIN)", () => {
  it("uses the platform's domain, the console's port and the deployment's scheme", () => {
    expect(shopSubdomainUrl("tea", "localhost:3000", {} as NodeJS.ProcessEnv)).toBe("http://tea.localhost:3000/");
    expect(shopSubdomainUrl("tea", "mall.cn", { NODE_ENV: "production", PLATFORM_DOMAIN: "mall.cn" } as unknown as NodeJS.ProcessEnv)).toBe("https://tea.mall.cn/");
    expect(shopSubdomainUrl("tea", "mall.cn:8443", { NODE_ENV: "production", PLATFORM_DOMAIN: "Mall.CN" } as unknown as NodeJS.ProcessEnv)).toBe("https://tea.mall.cn:8443/");
  });
});

describe("slugRedirect (a renamed shop's old links, 308)", () => {
  const renamed = new Map([["old-tea", "tea"]]);
  const at = (host: string, pathAndQuery: string) => new URL(`http://${host}${pathAndQuery}`);
  it("keeps the path and the query under the new slug", () => {
    expect(slugRedirect("localhost:3300", at("localhost:3300", "/s/old-tea/p/42?ref=TEA0001&x=1"), renamed, env)?.href).toBe("http://localhost:3300/s/tea/p/42?ref=TEA0001&x=1");
    expect(slugRedirect("localhost:3300", at("localhost:3300", "/s/old-tea"), renamed, env)?.href).toBe("http://localhost:3300/s/tea");
    expect(slugRedirect("localhost", at("localhost", "/s/Old-Tea/cart"), renamed, env)?.href).toBe("http://localhost/s/tea/cart");
  });
  it("moves an old subdomain to the new one", () => {
    expect(slugRedirect("old-tea.localhost:3300", at("old-tea.localhost:3300", "/p/1?ref=A"), renamed, env)?.href).toBe("http://tea.localhost:3300/p/1?ref=A");
  });
  it("leaves every other address alone", () => {
    expect(slugRedirect("localhost", at("localhost", "/s/tea/p/1"), renamed, env)).toBeNull();
    expect(slugRedirect("localhost", at("localhost", "/console"), renamed, env)).toBeNull();
    expect(slugRedirect("localhost", at("localhost", "/s/old-teaX"), renamed, env)).toBeNull();
    expect(slugRedirect("shop.example.com", at("shop.example.com", "/"), renamed, env)).toBeNull();
    expect(slugRedirect("localhost", at("localhost", "/s/old-tea"), new Map(), env)).toBeNull();
  });
  it("is asked for storefront addresses only", () => {
    expect(mayBeRenamedShop("localhost", "/s/old-tea/p/1", env)).toBe(true);
    expect(mayBeRenamedShop("old-tea.localhost", "/", env)).toBe(true);
    expect(mayBeRenamedShop("old-tea.localhost", "/api/trpc/x", env)).toBe(false);
    expect(mayBeRenamedShop("localhost", "/console", env)).toBe(false);
    expect(mayBeRenamedShop("shop.example.com", "/", env)).toBe(false);
  });
});

describe("previewRewrite", () => {
  it("sends a decorated page's preview to the uncached preview route", () => {
    expect(previewRewrite("/s/tea/zh-CN")).toBe("/s/tea/zh-CN/preview");
    expect(previewRewrite("/s/tea/en/category")).toBe("/s/tea/en/preview/category");
    expect(previewRewrite("/s/tea.example.com/zh-CN~host/pages/spring")).toBe("/s/tea.example.com/zh-CN~host/preview/pages/spring");
  });
  it("leaves every other storefront path as it is", () => {
    for (const p of ["/s/tea/zh-CN/p/123", "/s/tea/zh-CN/cart", "/s/tea/zh-CN/search", "/s/tea/zh-CN/pages/a/b", "/s/tea/zh-CN/d/ABC", "/s/tea/zh-CN/me/distribution"]) {
      expect(previewRewrite(p)).toBe(p);
    }
  });
});
