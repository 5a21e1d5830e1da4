import { describe, expect, test } from "vitest";
import { landingAfterSignIn, safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  test("a path on this site is kept, non-ASCII percent-encoded once", () => {
    expect(safeNextPath("/s/tea/p/1?ref=TEA0004")).toBe("/s/tea/p/1?ref=TEA0004");
    expect(safeNextPath("/s/tea/search?q=寿眉饼")).toBe("/s/tea/search?q=%E5%AF%BF%E7%9C%89%E9%A5%BC");
    expect(safeNextPath("/s/tea/search?q=%E5%AF%BF")).toBe("/s/tea/search?q=%E5%AF%BF");
  });
  test("anything that could leave the site, or is not a path, falls back", () => {
    for (const bad of ["//evil.example/x", "/\\evil.example/x", "https://evil.example/", "console", "", null, 42]) expect(safeNextPath(bad)).toBe("/console");
    expect(safeNextPath("//evil.example", "/")).toBe("/");
  });
});

describe("landingAfterSignIn", () => {
  test.each([
    [{ next: "/s/tea/me", isPlatformOperator: false, tenantCount: 0 }, "/s/tea/me"],
    [{ next: "/s/tea/me", isPlatformOperator: true, tenantCount: 3 }, "/s/tea/me"],
    [{ next: undefined, isPlatformOperator: true, tenantCount: 0 }, "/platform"],
    [{ next: "", isPlatformOperator: false, tenantCount: 1 }, "/console"],
    [{ next: "//evil.example", isPlatformOperator: false, tenantCount: 2 }, "/console"],
    [{ next: null, isPlatformOperator: false, tenantCount: 0 }, "/"],
  ])("%j → %s", (who, want) => expect(landingAfterSignIn(who)).toBe(want));
});
