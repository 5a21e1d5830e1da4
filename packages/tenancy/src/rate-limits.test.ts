import { describe, expect, test } from "vitest";
import { holdVerdict, MAX_RESERVED_UNITS, MAX_UNPAID_ORDERS, RATE_LIMITS, rateKey, rateVerdict } from "./rate-limits";

describe("rate limit rules", () => {
  test.each([
    ["checkout", RATE_LIMITS.checkout.max, null],
    ["checkout", RATE_LIMITS.checkout.max + 1, { key: "rateLimit.tooMany", params: { minutes: 10 } }],
    ["signIn", RATE_LIMITS.signIn.max + 1, { key: "rateLimit.tooMany", params: { minutes: 1 } }],
    ["createTenant", RATE_LIMITS.createTenant.max + 1, { key: "rateLimit.tooMany", params: { minutes: 1440 } }],
    ["bind", 1, null],
    ["tenantUploadBytes", RATE_LIMITS.tenantUploadBytes.max + 1, { key: "rateLimit.storage", params: { minutes: 1440 } }],
  ] as const)("%s with %i hits → %j", (action, total, verdict) => {
    expect(rateVerdict(action, total)).toEqual(verdict);
  });
  test("a shopper may not hold more than the cap of unpaid orders or reserved units", () => {
    expect(holdVerdict(MAX_UNPAID_ORDERS - 1, 0, 1)).toBeNull();
    expect(holdVerdict(MAX_UNPAID_ORDERS, 0, 1)?.key).toBe("rateLimit.unpaidOrders");
    expect(holdVerdict(0, MAX_RESERVED_UNITS - 5, 5)).toBeNull();
    expect(holdVerdict(0, MAX_RESERVED_UNITS - 5, 6)?.key).toBe("rateLimit.reservedUnits");
  });
  test("keys name the action and its subject", () => {
    expect(rateKey("checkout", "t", "u")).toBe("checkout:t:u");
  });
});
