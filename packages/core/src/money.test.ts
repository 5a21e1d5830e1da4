import { describe, expect, it } from "vitest";
import { formatFen } from "./money";

describe("formatFen", () => {
  it("formats integer fen exactly, with grouping", () => {
    expect(formatFen(16800)).toBe("¥168.00");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(123456789)).toBe("¥1,234,567.89");
    expect(formatFen(-1999)).toBe("-¥19.99");
  });
  it("refuses non-integers (money is never a float)", () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
});
