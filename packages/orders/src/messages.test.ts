import { describe, expect, it } from "vitest";
import { translateError } from "../../i18n/src";
import { errorKeys, expectReadsInBothLanguages } from "../../i18n/src/testing";

const PARAMS = { name: "龙井", stock: 3, max: "¥50.00", maxFen: 5000, days: 7, from: "paid", event: "ship", mb: 5 };

describe("commerce error messages", () => {
  it.each(["order", "address", "payment", "store"].flatMap(errorKeys))("%s reads in both languages, with its parameters filled", (k) => {
    expectReadsInBothLanguages(k, PARAMS);
  });

  it("names the amount that can still be refunded", () => {
    expect(translateError("zh-CN", "order.refundTooLarge", PARAMS)).toContain("¥50.00");
    expect(translateError("en", "order.outOfStock", PARAMS)).toBe("Not enough stock for 龙井: 3 left.");
  });
});
