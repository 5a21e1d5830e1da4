import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPercentFen, fenToYuan, MAX_FEN, parsePercentBp, parseYuan, yuanToFen } from "./yuan";

const fen = (s: string, signed = false) => {
  const r = parseYuan(s, { signed });
  return r.ok ? r.fen : r.key;
};

describe("parseYuan", () => {
  it("reads yuan strings exactly as integer fen", () => {
    expect(fen("12.5")).toBe(1250);
    expect(fen("12.50")).toBe(1250);
    expect(fen("12")).toBe(1200);
    expect(fen("12.")).toBe(1200);
    expect(fen("0.01")).toBe(1);
    expect(fen(".5")).toBe(50);
    expect(fen("0.1")).toBe(10);
    expect(fen("19.99")).toBe(1999); // 19.99 * 100 = 1998.9999999999998 in floats
    expect(fen("1,234.56")).toBe(123456);
    expect(fen("¥ 168")).toBe(16800);
    expect(fen("￥168.00")).toBe(16800);
    expect(fen(" 007.10 ")).toBe(710);
    expect(fen("12.500")).toBe(1250);
    expect(fen("0")).toBe(0);
  });
  it("refuses what is not money, with a message key", () => {
    expect(fen("")).toBe("money.required");
    expect(fen("   ")).toBe("money.required");
    expect(fen("12.345")).toBe("money.tooPrecise");
    expect(fen("abc")).toBe("money.format");
    expect(fen("1e3")).toBe("money.format");
    expect(fen("12,34")).toBe("money.format");
    expect(fen("1.2.3")).toBe("money.format");
    expect(fen("-5")).toBe("money.format");
    expect(fen("+5")).toBe("money.format");
    expect(fen("0x10")).toBe("money.format");
    expect(fen("Infinity")).toBe("money.format");
    expect(fen("10000000")).toBe("money.tooLarge");
    expect(fen("99999999999999999999")).toBe("money.tooLarge");
    expect(fen("9999999.99")).toBe(MAX_FEN);
  });
  it("takes a sign when asked (price adjustments)", () => {
    expect(fen("-5.5", true)).toBe(-550);
    expect(fen("+5", true)).toBe(500);
    expect(fen("-0", true)).toBe(0);
    expect(fen("-0.001", true)).toBe("money.tooPrecise");
  });
  it("round-trips every fen amount through fenToYuan", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), (n) => {
        expect(fen(fenToYuan(n))).toBe(n);
      }),
    );
    expect(fenToYuan(1250)).toBe("12.50");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(-550)).toBe("-5.50");
  });
});

describe("percentages", () => {
  it("parses basis points", () => {
    expect(parsePercentBp("10")).toBe(1000);
    expect(parsePercentBp("-12.5")).toBe(-1250);
    expect(parsePercentBp("7.25%")).toBe(725);
    expect(parsePercentBp("1.234")).toBeNull();
    expect(parsePercentBp("x")).toBeNull();
  });
  it("applies them in integers, half away from zero", () => {
    expect(applyPercentFen(1000, 1000)).toBe(1100);
    expect(applyPercentFen(999, 1000)).toBe(1099); // 1098.9
    expect(applyPercentFen(5, 1000)).toBe(6); // 5.5 → 6
    expect(applyPercentFen(1999, -1000)).toBe(1799); // 1799.1
    expect(applyPercentFen(1000, -10000)).toBe(0);
    expect(applyPercentFen(MAX_FEN, 10000)).toBe(2 * MAX_FEN);
  });
});

describe("yuanToFen (forms)", () => {
  it("is parseYuan's fen, or null", () => {
    expect(yuanToFen("¥1,234.5")).toBe(123450);
    expect(yuanToFen("12.345")).toBeNull();
    expect(yuanToFen("abc")).toBeNull();
  });
});
