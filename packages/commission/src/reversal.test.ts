import { describe, expect, test } from "vitest";
import { fullyRefunded, reversalFen } from "./reversal";

describe("the share of a commission a refund reverses", () => {
  test("partial refunds add up to the whole commission, rounded down on the way", () => {
    const base = { amountFen: 1001, lineTotalFen: 3000 };
    const a = reversalFen({ ...base, refundedBeforeFen: 0, reversedFen: 0, refundFen: 1000 });
    expect(a).toBe(333);
    const b = reversalFen({ ...base, refundedBeforeFen: 1000, reversedFen: a, refundFen: 1000 });
    expect(b).toBe(334);
    const c = reversalFen({ ...base, refundedBeforeFen: 2000, reversedFen: a + b, refundFen: 1000 });
    expect(a + b + c).toBe(1001);
  });

  test("after a confirmed fraud flag took the whole commission, a partial refund takes nothing (never negative)", () => {
    expect(reversalFen({ amountFen: 500, lineTotalFen: 2000, refundedBeforeFen: 0, reversedFen: 500, refundFen: 700 })).toBe(0);
    expect(reversalFen({ amountFen: 500, lineTotalFen: 2000, refundedBeforeFen: 0, reversedFen: 500, refundFen: 2000 })).toBe(0);
  });

  test("a refund beyond the line never reverses more than the commission", () => {
    expect(reversalFen({ amountFen: 500, lineTotalFen: 2000, refundedBeforeFen: 1500, reversedFen: 375, refundFen: 1500 })).toBe(125);
  });

  test("any sequence of refunds reverses between 0 and the commission, and all of it once the line is refunded", () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 500; run++) {
      const lineTotalFen = 1 + rnd(100_000);
      const amountFen = rnd(lineTotalFen + 1);
      let refunded = 0;
      let reversed = rnd(4) === 0 ? amountFen : 0; // sometimes a flag took it all first
      while (refunded < lineTotalFen) {
        const refundFen = Math.min(lineTotalFen - refunded, 1 + rnd(lineTotalFen));
        const r = reversalFen({ amountFen, lineTotalFen, refundedBeforeFen: refunded, reversedFen: reversed, refundFen });
        expect(r).toBeGreaterThanOrEqual(0);
        reversed += r;
        expect(reversed).toBeLessThanOrEqual(amountFen);
        refunded += refundFen;
      }
      expect(reversed).toBe(amountFen);
      expect(fullyRefunded({ lineTotalFen, refundedBeforeFen: refunded - 1, refundFen: 1 })).toBe(true);
    }
  });

  test("refuses fractions and negatives", () => {
    expect(() => reversalFen({ amountFen: 1.5, lineTotalFen: 10, refundedBeforeFen: 0, reversedFen: 0, refundFen: 1 })).toThrow(RangeError);
    expect(() => reversalFen({ amountFen: 1, lineTotalFen: 10, refundedBeforeFen: 0, reversedFen: 0, refundFen: -1 })).toThrow(RangeError);
  });
});
