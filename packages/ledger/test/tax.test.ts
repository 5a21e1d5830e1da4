import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { labourDeductionFen, labourTaxFen, withholding } from "../src";

const yuan = (y: number) => Math.round(y * 100);

describe("labour remuneration tax, at every boundary", () => {
  test.each([
    [0, 0],
    [yuan(800), 0],
    [80_001, 0], // taxable 1 fen → 0.2 fen
    [80_003, 1], // 0.6 fen rounds up
    [yuan(3000), yuan(440)],
    [yuan(4000), yuan(640)], // ¥800 off, 20%
    [400_001, yuan(640)], // 80% of X from here: 64,000.16 fen
    [400_003, 64_000], // 64,000.48
    [400_004, 64_001], // 64,000.64
    [yuan(4001), 64_016],
    [yuan(25_000), yuan(4000)], // taxable exactly ¥20,000: still 20%
    [2_500_001, yuan(4000)], // 30% − ¥2,000 from here, continuous
    [yuan(30_000), yuan(5200)], // taxable 24,000 × 30% − 2,000
    [yuan(62_500), yuan(13_000)], // taxable exactly ¥50,000
    [6_250_001, yuan(13_000)], // 40% − ¥7,000 from here
    [yuan(100_000), yuan(25_000)],
  ])("income %i fen → tax %i fen", (income, tax) => {
    expect(labourTaxFen(income)).toBe(tax);
  });

  test("refuses fractions and negatives", () => {
    expect(() => labourTaxFen(-1)).toThrow(RangeError);
    expect(() => labourTaxFen(1.5)).toThrow(RangeError);
  });

  test("never falls as income grows, and never exceeds 40% of it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (x, d) => {
        expect(labourTaxFen(x + d)).toBeGreaterThanOrEqual(labourTaxFen(x));
        expect(labourTaxFen(x)).toBeLessThanOrEqual(Math.ceil(x * 0.4));
      }),
    );
  });
});

describe("withholding across a month's payouts", () => {
  test("the second payout withholds the month's tax so far minus the first's", () => {
    const first = withholding({ payoutFen: yuan(3000), monthPaidBeforeFen: 0, monthWithheldBeforeFen: 0 });
    expect(first).toEqual({ taxFen: yuan(440), netFen: yuan(2560) });
    const second = withholding({ payoutFen: yuan(3000), monthPaidBeforeFen: yuan(3000), monthWithheldBeforeFen: first.taxFen });
    // the month: ¥6,000 × 80% × 20% = ¥960, of which ¥440 already withheld
    expect(second).toEqual({ taxFen: yuan(520), netFen: yuan(2480) });
  });

  test("any split of a month's income withholds in total the tax of the whole", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3_000_000 }), { minLength: 1, maxLength: 12 }), (payouts) => {
        let paid = 0;
        let withheld = 0;
        for (const p of payouts) {
          const w = withholding({ payoutFen: p, monthPaidBeforeFen: paid, monthWithheldBeforeFen: withheld });
          expect(w.taxFen + w.netFen).toBe(p);
          expect(w.taxFen).toBeGreaterThanOrEqual(0);
          paid += p;
          withheld += w.taxFen;
        }
        expect(withheld).toBe(labourTaxFen(paid));
      }),
    );
  });
});

describe("the filing report's deduction", () => {
  test.each([
    [0, 0],
    [50_000, 50_000], // ¥500: the deduction is never more than the income
    [80_000, 80_000],
    [400_000, 80_000], // ¥4,000: still ¥800
    [400_001, 80_000], // 20% of ¥4,000.01 = ¥800.002 → ¥800.00
    [400_003, 80_001], // ¥800.006 → ¥800.01
    [1_000_000, 200_000],
  ])("income %i fen deducts %i fen", (income, deduction) => {
    expect(labourDeductionFen(income)).toBe(deduction);
  });
  test("taxable income is income minus the deduction, and the tax is 20% of it up to ¥20,000", () => {
    for (const income of [100_000, 400_000, 500_000, 2_500_000]) expect(labourTaxFen(income)).toBe(Math.floor(((income - labourDeductionFen(income)) * 20 + 50) / 100));
  });
});
