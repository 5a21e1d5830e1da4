import { describe, expect, test } from "vitest";
import { isOwnOrigin } from "./host";

const PROD = { NODE_ENV: "production", PLATFORM_DOMAIN: "mall.example", PLATFORM_HOSTS: "mall.example,www.mall.example" } as NodeJS.ProcessEnv;
const DEV = { NODE_ENV: "development" } as NodeJS.ProcessEnv;

describe("return addresses are the shop's own hosts (review L6)", () => {
  test.each([
    ["https://tea.mall.example/s", ["tea"], PROD, true],
    ["https://mall.example/s/tea", ["tea"], PROD, true],
    ["https://shop.tea.cn", ["tea", "shop.tea.cn"], PROD, true],
    ["http://tea.mall.example", ["tea"], PROD, false], // http in production
    ["http://tea.mall.example", ["tea"], { ...PROD, PUBLIC_SCHEME: "http" }, true], // unless the deployment is public over http
    ["https://beauty.mall.example", ["tea"], PROD, false], // another shop
    ["https://evil.tea.mall.example", ["tea"], PROD, false], // a deeper subdomain
    ["https://1.2.3.4", ["tea"], PROD, false], // an IP literal
    ["https://[2001:db8::1]", ["tea"], PROD, false],
    ["https://evil.example", ["tea"], PROD, false],
    ["https://user:pw@tea.mall.example", ["tea"], PROD, false],
    ["http://tea.localhost:3000", ["tea"], DEV, true],
    ["http://localhost:3000", [], DEV, true],
    ["http://10.0.0.1:3000", [], DEV, false],
    ["https://tea.mall.example", [], PROD, false], // onboarding: platform hosts only
  ] as const)("%s for %j → %s", (url, keys, env, ok) => {
    expect(isOwnOrigin(new URL(url), [...keys], env)).toBe(ok);
  });
});
