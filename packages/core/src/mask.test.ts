import { describe, expect, it } from "vitest";
import { maskName, maskPhone } from "./mask";

describe("masking personal information", () => {
  it.each([
    ["13812341234", "138****1234"],
    ["+8613812341234", "+86****1234"],
    ["12345", "****"],
    [null, null],
  ])("phone %s → %s", (p, want) => expect(maskPhone(p)).toBe(want));
  it.each([
    ["分销 郑凯", "分***"],
    ["刘洋", "刘*"],
    ["王", "*"],
    ["😀Ann", "😀***"],
  ])("name %s → %s", (n, want) => expect(maskName(n)).toBe(want));
});
