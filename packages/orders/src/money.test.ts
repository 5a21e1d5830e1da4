import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AppError } from "../../core/src/errors";
import { allocateFen, assertRefundable, lineTotalFen, orderTotals, shippingFeeFen } from "./money";

describe("order totals in fen", () => {
  it("adds lines and flat shipping, free from the threshold", () => {
    const rule = { flatFen: 1000, freeFromFen: 9900 };
    expect(orderTotals([{ unitPriceFen: 3990, quantity: 2 }], rule)).toEqual({ subtotalFen: 7980, shippingFen: 1000, totalFen: 8980 });
    expect(orderTotals([{ unitPriceFen: 3300, quantity: 3 }], rule)).toEqual({ subtotalFen: 9900, shippingFen: 0, totalFen: 9900 });
    expect(shippingFeeFen(1, { flatFen: 800, freeFromFen: null })).toBe(800);
  });

  it("refuses zero or negative prices, zero or fractional quantities, empty orders and floats", () => {
    const key = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? e.key : (e as Error).name;
      }
      return "ok";
    };
    expect(key(() => lineTotalFen({ unitPriceFen: 0, quantity: 1 }))).toBe("order.priceNotPositive");
    expect(key(() => lineTotalFen({ unitPriceFen: -5, quantity: 1 }))).toBe("order.priceNotPositive");
    expect(key(() => lineTotalFen({ unitPriceFen: 100, quantity: 0 }))).toBe("order.quantityInvalid");
    expect(key(() => lineTotalFen({ unitPriceFen: 100, quantity: 1.5 }))).toBe("order.quantityInvalid");
    expect(key(() => lineTotalFen({ unitPriceFen: 99.9, quantity: 1 }))).toBe("RangeError");
    expect(key(() => orderTotals([], { flatFen: 0, freeFromFen: null }))).toBe("order.empty");
  });
});

describe("refunds", () => {
  it("accepts a refund up to what remains, refuses more or nothing", () => {
    expect(() => assertRefundable(5000, 10000, 5000)).not.toThrow();
    expect(() => assertRefundable(5001, 10000, 5000)).toThrow(expect.objectContaining({ key: "order.refundTooLarge", params: { maxFen: 5000, max: "¥50.00" } }));
    expect(() => assertRefundable(0, 10000, 0)).toThrow(expect.objectContaining({ key: "order.refundNotPositive" }));
  });

  it("allocates a partial refund over lines: worked example", () => {
    // ¥10.00 back on lines paid ¥19.90, ¥59.70 and ¥0.01.
    // 1000·1990/7961 = 249.97, 1000·5970/7961 = 749.91, 1000·1/7961 = 0.13 → floors 249+749+0, two fen to the largest remainders.
    expect(allocateFen(1000, [1990, 5970, 1])).toEqual([250, 750, 0]);
    expect(allocateFen(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it("allocation is exact, integral, within each weight and proportional to within one fen (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, share) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const amount = Math.floor(total * share);
        const parts = allocateFen(amount, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        parts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(weights[i]!);
          if (total > 0) expect(Math.abs(p - (amount * weights[i]!) / total)).toBeLessThan(1);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("refuses to allocate more than was paid", () => {
    expect(() => allocateFen(11, [5, 5])).toThrow(expect.objectContaining({ key: "order.refundTooLarge" }));
  });
});
