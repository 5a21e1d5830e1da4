import { describe, expect, it } from "vitest";
import { translateError } from "../../i18n/src";
import { errorKeys, expectReadsInBothLanguages } from "../../i18n/src/testing";

const PARAMS = { max: 3, where: "rates.0.0", name: "明前龙井", worst: "¥35.00", cap: "¥21.00" };

describe("commission error messages", () => {
  it.each(errorKeys("commission"))("%s reads in both languages", (k) => expectReadsInBothLanguages(k, PARAMS));
  it("the cap on levels names the number", () => {
    expect(translateError("en", "commission.tooManyLevels", PARAMS)).toContain("3 levels");
  });
});
