/** The shared zod schemas: what a merchant can type into sign-up and settings. */
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import zhCN from "../../../messages/zh-CN.json";
import en from "../../../messages/en.json";
import {
  RESERVED_SLUGS,
  changeRoleInput,
  createTenantInput,
  domainSchema,
  inviteInput,
  slugSchema,
  tenantSettingsInput,
  timeZoneSchema,
  wechatAppIdSchema,
} from "./schemas";

/** The error keys of a failed parse (the messages are keys under "errors" in messages/*.json). */
function errorsOf(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}
function ok<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`expected ${JSON.stringify(value)} to parse: ${r.error.issues.map((i) => i.message).join(", ")}`);
  return r.data;
}

const seenKeys = new Set<string>();
function keys(schema: z.ZodType, value: unknown): string[] {
  const k = errorsOf(schema, value);
  k.forEach((x) => seenKeys.add(x));
  return k;
}

describe("slug", () => {
  test.each([...RESERVED_SLUGS])("reserved word %j is rejected", (word) => {
    const k = keys(slugSchema, word);
    expect(k.length).toBeGreaterThan(0);
    // Words that are otherwise well-formed are rejected precisely because they are reserved.
    if (word.length >= 3 && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(word)) expect(k).toEqual(["slug.reserved"]);
  });

  test.each(["ADMIN", "Www", " api ", "Sign-Up", "LOCALHOST"])("reserved words are rejected in any case and with spaces: %j", (word) => {
    expect(keys(slugSchema, word)).toEqual(["slug.reserved"]);
  });

  test("the reserved list holds the platform's own paths and hosts", () => {
    for (const w of ["www", "admin", "api", "s", "console", "agency", "onboarding", "invite", "_next"]) expect(RESERVED_SLUGS.has(w)).toBe(true);
  });

  test("uppercase is normalized to lowercase, surrounding spaces trimmed", () => {
    expect(ok(slugSchema, "Green-Tea")).toBe("green-tea");
    expect(ok(slugSchema, "  QINGSHAN01 ")).toBe("qingshan01");
  });

  test("length bounds: 3 to 32 characters", () => {
    expect(keys(slugSchema, "ab")).toEqual(["slug.tooShort"]);
    expect(ok(slugSchema, "abc")).toBe("abc");
    expect(ok(slugSchema, "a".repeat(32))).toBe("a".repeat(32));
    expect(keys(slugSchema, "a".repeat(33))).toEqual(["slug.tooLong"]);
    expect(keys(slugSchema, "")).toContain("slug.tooShort");
    // Trimmed before counting.
    expect(keys(slugSchema, "  ab  ")).toEqual(["slug.tooShort"]);
  });

  test.each(["-tea", "tea-", "tea_shop", "tea shop", "tea.shop", "茶舍茶舍", "tea/shop", "tea!"])("malformed %j is rejected (slug.format)", (s) => {
    expect(keys(slugSchema, s)).toEqual(["slug.format"]);
  });

  test.each(["tea", "tea-house", "t-e-a", "123", "shop2024", "a1-b2"])("well-formed %j is accepted", (s) => {
    expect(ok(slugSchema, s)).toBe(s);
  });

  test("not a string: slug.required", () => {
    expect(keys(slugSchema, undefined)).toEqual(["slug.required"]);
    expect(keys(slugSchema, 42)).toEqual(["slug.required"]);
  });
});

describe("custom domain", () => {
  test.each(["shop.example.com", "a.cn", "www.qingshan-tea.com.cn", "xn--fiqs8s.com", "m.shop-1.example.co"])("accepts %j", (d) => {
    expect(ok(domainSchema, d)).toBe(d);
  });

  test("normalizes case and spaces", () => {
    expect(ok(domainSchema, "  Shop.Example.COM ")).toBe("shop.example.com");
  });

  test.each([
    "https://shop.example.com",
    "shop.example.com/path",
    "shop.example.com:8080",
    "localhost",
    "example",
    "-shop.example.com",
    "shop-.example.com",
    "shop..example.com",
    "shop.example.c",
    "shop.example.123",
    "shop_1.example.com",
    "店铺.example.com",
    "192.168.1.10",
    `${"a".repeat(64)}.example.com`,
    `${"abcdefghi.".repeat(26)}com`, // 263 characters
  ])("rejects %j with domain.format", (d) => {
    expect(keys(domainSchema, d)).toContain("domain.format");
  });

  test("a 63-character label is still fine", () => {
    expect(ok(domainSchema, `${"a".repeat(63)}.example.com`)).toBe(`${"a".repeat(63)}.example.com`);
  });
});

describe("WeChat app id", () => {
  test("wx + 16 hexadecimal characters", () => {
    expect(ok(wechatAppIdSchema, "wx0123456789abcdef")).toBe("wx0123456789abcdef");
    expect(ok(wechatAppIdSchema, " wxfedcba9876543210 ")).toBe("wxfedcba9876543210");
  });

  test.each([
    ["too short", "wx0123456789abcde"],
    ["too long", "wx0123456789abcdef0"],
    ["not hex", "wx0123456789abcdeg"],
    ["no wx prefix", "0123456789abcdef01"],
    ["other prefix", "wy0123456789abcdef"],
    ["empty", ""],
  ])("rejects %s (%j) with wechatAppId.format", (_why, v) => {
    expect(keys(wechatAppIdSchema, v)).toEqual(["wechatAppId.format"]);
  });
});

describe("time zone", () => {
  test.each(["Asia/Shanghai", "UTC", "America/New_York"])("accepts %j", (tz) => {
    expect(ok(timeZoneSchema, tz)).toBe(tz);
  });
  test.each(["Mars/Olympus", "GMT+8 Beijing", ""])("rejects %j", (tz) => {
    expect(keys(timeZoneSchema, tz)).toEqual(["timeZone.invalid"]);
  });
});

describe("forms", () => {
  const settings = { name: "青山茶舍", slug: "tea", logoUrl: "https://cdn.example.com/logo.png", timeZone: "Asia/Shanghai", customDomain: "shop.example.com", wechatAppId: "wx0123456789abcdef" };

  test("settings: blank optional fields become null (cleared), filled ones are normalized", () => {
    expect(ok(tenantSettingsInput, { ...settings, logoUrl: "  ", customDomain: "", wechatAppId: " " })).toMatchObject({ logoUrl: null, customDomain: null, wechatAppId: null });
    expect(ok(tenantSettingsInput, { ...settings, slug: "Tea", customDomain: "SHOP.Example.com" })).toMatchObject({ slug: "tea", customDomain: "shop.example.com" });
  });

  test("settings: every bad field is reported on its own path", () => {
    const r = tenantSettingsInput.safeParse({ ...settings, name: "x", slug: "admin", logoUrl: "logo.png", timeZone: "Nowhere", customDomain: "bad", wechatAppId: "wx1" });
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    r.error!.issues.forEach((i) => seenKeys.add(i.message));
    expect(byPath).toEqual({
      name: "name.tooShort",
      slug: "slug.reserved",
      logoUrl: "logoUrl.format",
      timeZone: "timeZone.invalid",
      customDomain: "domain.format",
      wechatAppId: "wechatAppId.format",
    });
  });

  test("create tenant: name 2–40 characters, a template is required", () => {
    expect(ok(createTenantInput, { name: " 茶舍 ", slug: "Tea-Shop", template: "tea" })).toEqual({ name: "茶舍", slug: "tea-shop", template: "tea" });
    expect(keys(createTenantInput, { name: "茶", slug: "tea-shop", template: "tea" })).toEqual(["name.tooShort"]);
    expect(keys(createTenantInput, { name: "茶".repeat(41), slug: "tea-shop", template: "tea" })).toEqual(["name.tooLong"]);
    expect(keys(createTenantInput, { name: "茶舍", slug: "tea-shop", template: "" })).toEqual(["template.required"]);
    expect(keys(createTenantInput, { name: "茶舍", slug: "tea-shop" })).toEqual(["template.required"]);
  });

  test("invite: email normalized, role must be one of the five", () => {
    expect(ok(inviteInput, { email: " New.Staff@Example.COM ", role: "finance" })).toEqual({ email: "new.staff@example.com", role: "finance" });
    expect(keys(inviteInput, { email: "not-an-email", role: "finance" })).toEqual(["email.format"]);
    expect(keys(inviteInput, { email: "a@example.com", role: "superuser" })).toEqual(["role.invalid"]);
    expect(keys(changeRoleInput, { userId: "nope", role: "admin" })).toEqual(["notFound"]);
  });
});

describe("messages", () => {
  // Runs last in this file: every key produced above must exist in both languages,
  // otherwise the API silently falls back to the generic "invalid input".
  test("every error key the schemas produce has a zh-CN and an en message", () => {
    expect(seenKeys.size).toBeGreaterThan(10);
    const lookup = (messages: unknown, key: string) =>
      key.split(".").reduce<unknown>((m, part) => (m && typeof m === "object" ? (m as Record<string, unknown>)[part] : undefined), messages);
    const missing: string[] = [];
    for (const k of seenKeys) {
      if (typeof lookup(zhCN.errors, k) !== "string") missing.push(`zh-CN errors.${k}`);
      if (typeof lookup(en.errors, k) !== "string") missing.push(`en errors.${k}`);
    }
    expect(missing).toEqual([]);
  });
});
