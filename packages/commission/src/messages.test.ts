import { describe, expect, it } from "vitest";
import { MESSAGES, translateError } from "../../i18n/src";

const PARAMS = { max: 3, where: "rates.0.0", name: "明前龙井", worst: "¥35.00", cap: "¥21.00" };
const keys = Object.keys((MESSAGES.en.errors as unknown as Record<string, Record<string, string>>).commission!).map((k) => `commission.${k}`);

describe("commission error messages", () => {
  it.each(keys)("%s reads in both languages", (k) => {
    const zh = translateError("zh-CN", k, PARAMS);
    const en = translateError("en", k, PARAMS);
    expect(zh).not.toBe(translateError("zh-CN", "invalid"));
    expect(en).not.toBe(translateError("en", "invalid"));
    expect(zh).not.toBe(en);
    expect(zh + en).not.toMatch(/[{}]/);
  });
  it("the cap on levels names the number", () => {
    expect(translateError("en", "commission.tooManyLevels", PARAMS)).toContain("3 levels");
  });
});
