import { describe, expect, it } from "vitest";
import { translateError } from "../../i18n/src";

describe("order error messages", () => {
  it.each(["illegalTransition", "priceNotPositive", "quantityInvalid", "empty", "refundNotPositive", "refundTooLarge"])("order.%s reads in both languages", (k) => {
    const zh = translateError("zh-CN", `order.${k}`);
    const en = translateError("en", `order.${k}`);
    expect(zh).not.toBe(translateError("zh-CN", "invalid"));
    expect(en).not.toBe(translateError("en", "invalid"));
    expect(zh).not.toBe(en);
  });
});
