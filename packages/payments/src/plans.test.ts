import { describe, expect, it } from "vitest";
import { PLAN_FEATURES, showsPoweredBy } from "./plans";

describe("powered-by line per plan", () => {
  it.each(["basic", "pro", "agency"])("paid plan %s shows no platform line", (plan) => {
    expect(showsPoweredBy(plan)).toBe(false);
  });
  it("follows the plan's setting, and an unknown plan shows nothing", () => {
    const withFree = { ...PLAN_FEATURES, free: { poweredBy: true } };
    expect(showsPoweredBy("free", withFree)).toBe(true);
    expect(showsPoweredBy("pro", withFree)).toBe(false);
    expect(showsPoweredBy("unknown", withFree)).toBe(false);
    expect(showsPoweredBy("__proto__", withFree)).toBe(false);
  });
});
