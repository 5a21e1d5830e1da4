import { describe, expect, it } from "vitest";
import { MESSAGES, translateError } from "../../i18n/src";

const PARAMS = { name: "龙井", stock: 3, max: "¥50.00", maxFen: 5000, days: 7, from: "paid", event: "ship" };
const keysOf = (ns: string) => Object.keys((MESSAGES.en.errors as unknown as Record<string, Record<string, string>>)[ns]!).map((k) => `${ns}.${k}`);

describe("commerce error messages", () => {
  const keys = ["order", "address", "payment", "store"].flatMap(keysOf);
  it.each(keys)("%s reads in both languages, with its parameters filled", (k) => {
    const zh = translateError("zh-CN", k, PARAMS);
    const en = translateError("en", k, PARAMS);
    expect(zh).not.toBe(translateError("zh-CN", "invalid"));
    expect(en).not.toBe(translateError("en", "invalid"));
    expect(zh).not.toBe(en);
    expect(zh + en).not.toMatch(/[{}]/);
  });

  it("names the amount that can still be refunded", () => {
    expect(translateError("zh-CN", "order.refundTooLarge", PARAMS)).toContain("¥50.00");
    expect(translateError("en", "order.outOfStock", PARAMS)).toBe("Not enough stock for 龙井: 3 left.");
  });
});
