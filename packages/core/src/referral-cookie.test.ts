import { describe, expect, test } from "vitest";
import { cookieFromHeader, encodeRefCookie, parseRefCookie, refCookieMaxAge, refCookiePath, refFromQuery, shouldKeepRef } from "./referral-cookie";

const DAY = 86400;
const now = 1_800_000_000;

describe("the share-code cookie", () => {
  test.each([
    ["ref=tea0002", { code: "TEA0002", via: "link" }],
    ["ref=TEA0002&via=qr", { code: "TEA0002", via: "qr" }],
    ["ref=TEA0002&via=other", { code: "TEA0002", via: "link" }],
    ["ref=ab", null],
    ["ref=bad-code!", null],
    ["", null],
  ])("?%s → %j", (q, want) => {
    expect(refFromQuery(new URLSearchParams(q))).toEqual(want);
  });

  test("round-trips; malformed, future or past the protection period reads as none", () => {
    const v = encodeRefCookie({ code: "tea0002", via: "qr", at: now });
    expect(v).toBe(`TEA0002.qr.${now}`);
    expect(parseRefCookie(v, now + 29 * DAY, 30)).toEqual({ code: "TEA0002", via: "qr", at: now });
    expect(parseRefCookie(v, now + 31 * DAY, 30)).toBeNull();
    expect(parseRefCookie(v, now + 31 * DAY, 60)).not.toBeNull();
    expect(parseRefCookie(v, now - 3600)).toBeNull();
    for (const bad of [null, "", "TEA0002", "TEA0002.sms.1", "T.link.1", "TEA0002.link.x"]) expect(parseRefCookie(bad, now)).toBeNull();
  });

  test.each([
    [30, 30 * DAY],
    [7, 7 * DAY],
    [365, 365 * DAY],
    [1000, 365 * DAY],
    [null, 30 * DAY],
    [0, 30 * DAY],
  ])("lifetime for a %s-day protection period is %i s", (days, s) => {
    expect(refCookieMaxAge(days)).toBe(s);
  });

  test("scoped to the shop: /s/{slug} on the platform host, / on the tenant host", () => {
    expect(refCookiePath("/s/tea")).toBe("/s/tea");
    expect(refCookiePath("")).toBe("/");
  });

  test("the first visit is kept; a later link does not replace it while it lives", () => {
    const kept = { code: "TEA0002", via: "link" as const, at: now };
    expect(shouldKeepRef(null, { code: "TEA0003" })).toBe(true);
    expect(shouldKeepRef(kept, { code: "TEA0003" })).toBe(false);
    expect(shouldKeepRef(null, null)).toBe(false);
  });

  test("read from a Cookie header", () => {
    expect(cookieFromHeader("a=1; mall_ref=TEA0002.qr.5; b=2", "mall_ref")).toBe("TEA0002.qr.5");
    expect(cookieFromHeader("a=1", "mall_ref")).toBeNull();
    expect(cookieFromHeader(undefined, "mall_ref")).toBeNull();
  });
});
