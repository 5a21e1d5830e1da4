import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commissionsForLine, differentialBonus, marginGuardViolations, scaleTo, type Ancestor, type Line } from "./engine";
import { DEFAULT_PLAN, validatePlan, type Plan } from "./plan";

const line = (over: Partial<Line> = {}): Line => ({ lineId: "L1", productId: "P1", categoryId: "C1", quantity: 1, paidFen: 19900, unitCostFen: 8000, ...over });
const up = (...levels: number[]): Ancestor[] => levels.map((l, i) => ({ userId: `U${i + 1}`, distributorLevel: l }));
const plan = (over: Partial<Plan> = {}): Plan => ({ ...DEFAULT_PLAN, ...over });
const buyer = { userId: "B", distributorLevel: null };

describe("commission for one line (table-driven, PRODUCT.md defaults)", () => {
  it.each<[string, Partial<Plan>, Line, Ancestor[], [string, number][]]>([
    ["15% direct commission for a VIP referrer", { levels: 1 }, line(), up(1), [["U1", 2985]]],
    ["a Gold referrer earns the Gold rate (18%)", { levels: 1 }, line(), up(3), [["U1", 3582]]],
    ["two levels: 15% and 5%", { levels: 2 }, line(), up(1, 1), [["U1", 2985], ["U2", 995]]],
    ["three levels, never a fourth", { levels: 3 }, line(), up(1, 1, 1, 5, 5), [["U1", 2985], ["U2", 995], ["U3", 398]]],
    ["no upline: nothing", { levels: 3 }, line(), [], []],
    ["a product override (fixed ¥10 per unit) wins over the table", { levels: 1, productOverrides: { P1: [{ kind: "fixed", fenPerUnit: 1000 }] } }, line({ quantity: 2, paidFen: 39800, unitCostFen: 8000 }), up(5), [["U1", 2000]]],
    ["a category override (10%) wins over the table", { levels: 1, categoryOverrides: { C1: [{ kind: "percent", bps: 1000 }] } }, line(), up(5), [["U1", 1990]]],
    ["rounding is down to the fen (15% of ¥9.99 = 149.85 fen → 149)", { levels: 1 }, line({ paidFen: 999, unitCostFen: 0 }), up(1), [["U1", 149]]],
  ])("%s", (_name, over, l, upline, expected) => {
    const r = commissionsForLine(validatePlan(plan(over)), l, buyer, upline);
    expect(r.commissions.map((c) => [c.beneficiaryId, c.amountFen])).toEqual(expected);
    for (const c of r.commissions) expect(c.reason.baseFen).toBe(l.paidFen);
  });

  it("explains every amount: which rule, which rate, which base", () => {
    const r = commissionsForLine(plan({ levels: 2, productOverrides: { P1: [{ kind: "percent", bps: 1200 }] } }), line(), buyer, up(2, 4));
    expect(r.commissions[0]!.reason).toEqual({ source: "product", commissionLevel: 1, distributorLevel: 2, rate: { kind: "percent", bps: 1200 }, baseFen: 19900, rawFen: 2388, selfPurchase: false });
    expect(r.commissions[1]!.reason).toMatchObject({ source: "plan", commissionLevel: 2, distributorLevel: 4, rate: { kind: "percent", bps: 700 } });
  });

  it("self-purchase: the buyer earns level 1 and the upline shifts up by one", () => {
    const me = { userId: "B", distributorLevel: 1 };
    const off = commissionsForLine(plan({ levels: 2, selfPurchase: false }), line(), me, up(1, 1));
    expect(off.commissions.map((c) => c.beneficiaryId)).toEqual(["U1", "U2"]);
    const on = commissionsForLine(plan({ levels: 2, selfPurchase: true }), line(), me, up(1, 1));
    expect(on.commissions.map((c) => [c.beneficiaryId, c.commissionLevel, c.reason.selfPurchase])).toEqual([["B", 1, true], ["U1", 2, false]]);
  });

  it("the margin guard scales everything down to its cap (70% of ¥30 margin = ¥21)", () => {
    const r = commissionsForLine(plan({ levels: 3, rates: [[5000, 5000, 5000, 5000, 5000], [3000, 3000, 3000, 3000, 3000], [1000, 1000, 1000, 1000, 1000]] }), line({ paidFen: 10000, unitCostFen: 7000 }), buyer, up(1, 1, 1));
    expect(r.guard).toEqual({ marginFen: 3000, capFen: 2100, scaled: true });
    expect(r.commissions.reduce((s, c) => s + c.amountFen, 0)).toBe(2100);
    expect(r.commissions.map((c) => c.reason.rawFen)).toEqual([5000, 3000, 1000]);
  });
});

describe("plan validation", () => {
  it.each<[string, Partial<Plan>, string]>([
    ["a fourth commission level", { levels: 4 }, "commission.tooManyLevels"],
    ["zero levels", { levels: 0 }, "commission.tooManyLevels"],
    ["a rate above 100%", { rates: [[10001, 0, 0, 0, 0], [0, 0, 0, 0, 0]] }, "commission.rateRange"],
    ["a negative rate", { rates: [[-1, 0, 0, 0, 0], [0, 0, 0, 0, 0]] }, "commission.rateRange"],
    ["a row without all five distributor levels", { rates: [[1500], [500, 500, 500, 500, 500]] }, "commission.missingRates"],
    ["a product override with four levels", { productOverrides: { P1: [{ kind: "percent", bps: 1 }, { kind: "percent", bps: 1 }, { kind: "percent", bps: 1 }, { kind: "percent", bps: 1 }] } }, "commission.tooManyLevels"],
    ["a guard above 100%", { marginGuardBps: 10001 }, "commission.guardRange"],
  ])("refuses %s", (_name, over, key) => {
    expect(() => validatePlan(plan(over))).toThrow(expect.objectContaining({ key }));
  });

  it("names the products whose margin the plan could overspend", () => {
    const v = marginGuardViolations(plan({ levels: 2 }), [
      { productId: "safe", name: "明前龙井", categoryId: null, skus: [{ priceFen: 19900, costFen: 8000 }] },
      { productId: "thin", name: "白瓷盖碗", categoryId: null, skus: [{ priceFen: 5000, costFen: 4500 }, { priceFen: 9000, costFen: 5000 }] },
    ]);
    expect(v).toEqual([{ productId: "thin", name: "白瓷盖碗", worstFen: 1100 + 400, capFen: 350 }]);
  });
});

describe("team management bonus, differential (级差)", () => {
  it("a higher holder earns only the difference over a qualifying holder below", () => {
    expect(differentialBonus(100000, [{ userId: "A", rateBps: 300 }, { userId: "B", rateBps: 0 }, { userId: "C", rateBps: 500 }, { userId: "D", rateBps: 500 }])).toEqual([
      { userId: "A", rateBps: 300, amountFen: 3000 },
      { userId: "C", rateBps: 200, amountFen: 2000 },
    ]);
  });
});

const arbPlan = fc.record({
  levels: fc.integer({ min: 1, max: 3 }),
  rates: fc.array(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 5, maxLength: 5 }), { minLength: 3, maxLength: 3 }),
  categoryOverrides: fc.constant({}),
  productOverrides: fc.oneof(fc.constant({}), fc.record({ P1: fc.array(fc.oneof(fc.record({ kind: fc.constant("percent" as const), bps: fc.integer({ min: 0, max: 10000 }) }), fc.record({ kind: fc.constant("fixed" as const), fenPerUnit: fc.integer({ min: 0, max: 100000 }) })), { maxLength: 3 }) })),
  marginGuardBps: fc.integer({ min: 0, max: 10000 }),
  selfPurchase: fc.boolean(),
});
const arbLine = fc.record({
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPriceFen: fc.integer({ min: 1, max: 10_000_000 }),
  unitCostFen: fc.integer({ min: 0, max: 10_000_000 }),
}).map(({ quantity, unitPriceFen, unitCostFen }) => line({ quantity, paidFen: unitPriceFen * quantity, unitCostFen }));
const arbUpline = fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 6 }).map((ls) => up(...ls));

describe("properties (fast-check)", () => {
  it("integer fen, at most 3 beneficiaries, each part ≤ base, the sum ≤ base and ≤ the margin cap, deterministic", () => {
    fc.assert(
      fc.property(arbPlan, arbLine, arbUpline, fc.boolean(), (p, l, upline, isDistributor) => {
        const b = { userId: "B", distributorLevel: isDistributor ? 3 : null };
        const r = commissionsForLine(p, l, b, upline);
        const sum = r.commissions.reduce((s, c) => s + c.amountFen, 0);
        expect(r.commissions.length).toBeLessThanOrEqual(3);
        expect(r.commissions.length).toBeLessThanOrEqual(p.levels);
        for (const c of r.commissions) {
          expect(Number.isSafeInteger(c.amountFen)).toBe(true);
          expect(c.amountFen).toBeGreaterThan(0);
          expect(c.amountFen).toBeLessThanOrEqual(l.paidFen);
        }
        expect(sum).toBeLessThanOrEqual(l.paidFen);
        expect(sum).toBeLessThanOrEqual(r.guard.capFen);
        expect(new Set(r.commissions.map((c) => c.beneficiaryId)).size).toBe(r.commissions.length);
        expect(commissionsForLine(p, l, b, upline)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  it("a plan the guard check accepts never needs scaling at payout", () => {
    const modestPlan = arbPlan.map((p) => ({ ...p, rates: p.rates.map((row) => row.map((bps) => Math.floor(bps / 8))), productOverrides: {} }));
    const oneUnit = fc
      .record({ priceFen: fc.integer({ min: 100, max: 10_000_000 }), costShareBps: fc.integer({ min: 0, max: 6000 }) })
      .map(({ priceFen, costShareBps }) => line({ quantity: 1, paidFen: priceFen, unitCostFen: Math.floor((priceFen * costShareBps) / 10000) }));
    fc.assert(
      fc.property(modestPlan, oneUnit, arbUpline, (p, l, upline) => {
        const safe = marginGuardViolations(p, [{ productId: "P1", name: "x", categoryId: "C1", skus: [{ priceFen: l.paidFen, costFen: l.unitCostFen }] }]).length === 0;
        fc.pre(safe);
        expect(commissionsForLine(p, l, buyer, upline).guard.scaled).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("scaleTo hits the target exactly and never raises a part", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 3_000_000 }), (parts, t) => {
        const sum = parts.reduce((a, b) => a + b, 0);
        const out = scaleTo(parts, t);
        expect(out.reduce((a, b) => a + b, 0)).toBe(Math.min(sum, t));
        out.forEach((o, i) => expect(o).toBeLessThanOrEqual(parts[i]!));
      }),
    );
  });
});

describe("the README's worked example (tea plan: 12–16% / 5% / 2%, guard 70%)", () => {
  const tea: Plan = { ...DEFAULT_PLAN, levels: 3, rates: [[1200, 1300, 1400, 1500, 1600], [500, 500, 500, 500, 500], [200, 200, 200, 200, 200]] };
  const chain: Ancestor[] = [{ userId: "gold", distributorLevel: 3 }, { userId: "silver", distributorLevel: 2 }, { userId: "vip", distributorLevel: 1 }];
  it("¥199 bought through Gold → Silver → VIP pays ¥27.86, ¥9.95 and ¥3.98 within a ¥62.30 cap", () => {
    const r = commissionsForLine(tea, line({ paidFen: 19900, unitCostFen: 11000 }), buyer, chain);
    expect(r.commissions.map((c) => [c.beneficiaryId, c.amountFen, c.reason.rate])).toEqual([
      ["gold", 2786, { kind: "percent", bps: 1400 }],
      ["silver", 995, { kind: "percent", bps: 500 }],
      ["vip", 398, { kind: "percent", bps: 200 }],
    ]);
    expect(r.guard).toEqual({ marginFen: 8900, capFen: 6230, scaled: false });
  });
  it("at a ¥160 cost the guard scales them to ¥18.20 + ¥6.50 + ¥2.60 = ¥27.30", () => {
    const r = commissionsForLine(tea, line({ paidFen: 19900, unitCostFen: 16000 }), buyer, chain);
    expect(r.commissions.map((c) => c.amountFen)).toEqual([1820, 650, 260]);
    expect(r.guard).toEqual({ marginFen: 3900, capFen: 2730, scaled: true });
  });
});
