import { describe, expect, test } from "vitest";
import { clerkFrontendHost, contentSecurityPolicy, securityHeaders } from "./security-headers";

const header = (rules: ReturnType<typeof securityHeaders>, source: string, key: string) => rules.find((r) => r.source === source)?.headers.find((h) => h.key === key)?.value;
const CONSOLE = "/((?!s/|api/media/).*)";

describe("security headers", () => {
  test("the console cannot be framed; the storefront may be; HSTS only in production", () => {
    const prod = securityHeaders({ production: true });
    expect(header(prod, CONSOLE, "X-Frame-Options")).toBe("DENY");
    expect(header(prod, CONSOLE, "Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(header(prod, "/s/:path*", "Content-Security-Policy")).toContain("frame-ancestors *");
    expect(header(prod, "/s/:path*", "X-Frame-Options")).toBeUndefined();
    expect(header(prod, CONSOLE, "Strict-Transport-Security")).toMatch(/^max-age=\d+/);
    expect(header(prod, CONSOLE, "Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(header(securityHeaders({ production: false }), CONSOLE, "Strict-Transport-Security")).toBeUndefined();
  });
  test("the console rule matches console pages but not the storefront or media", () => {
    const re = new RegExp("^" + CONSOLE.replace("/((", "/(("), "");
    for (const p of ["/console", "/console/orders/1", "/", "/sign-in", "/api/trpc/x"]) expect(re.test(p)).toBe(true);
    for (const p of ["/s/tea", "/s/tea/p/1", "/api/media/a/b"]) expect(re.test(p)).toBe(false);
  });
  test("Clerk's hosts are allowed only when a publishable key names them; dev allows eval and the HMR socket", () => {
    const key = "pk_test_" + btoa("clever-fox-12.clerk.accounts.dev$");
    expect(clerkFrontendHost(key)).toBe("clever-fox-12.clerk.accounts.dev");
    expect(clerkFrontendHost("pk_test_!!")).toBeNull();
    expect(clerkFrontendHost(undefined)).toBeNull();
    const withClerk = contentSecurityPolicy({ production: true, clerkPublishableKey: key }, { framable: false });
    expect(withClerk).toContain("script-src 'self' 'unsafe-inline' https://clever-fox-12.clerk.accounts.dev");
    expect(withClerk).not.toContain("unsafe-eval");
    const plain = contentSecurityPolicy({ production: true }, { framable: false });
    expect(plain).not.toContain("clerk");
    expect(plain).toContain("object-src 'none'");
    expect(contentSecurityPolicy({ production: false }, { framable: false })).toContain("'unsafe-eval'");
  });
});
