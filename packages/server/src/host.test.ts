import { describe, expect, it } from "vitest";
import { storefrontRewrite, tenantKeyForHost } from "./host";

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
  it("rewrites storefront paths but leaves the API and /s/ alone", () => {
    expect(storefrontRewrite("tea.localhost:3000", "/", env)).toBe("/s/tea");
    expect(storefrontRewrite("tea.localhost:3000", "/p/1", env)).toBe("/s/tea/p/1");
    expect(storefrontRewrite("tea.localhost:3000", "/api/trpc/x", env)).toBeNull();
    expect(storefrontRewrite("localhost:3000", "/console", env)).toBeNull();
    expect(storefrontRewrite("shop.example.com", "/", { ...env, PLATFORM_DOMAIN: "mall.cn" })).toBe("/s/shop.example.com");
  });
});
