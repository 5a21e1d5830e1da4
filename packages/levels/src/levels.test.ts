import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorKeys, expectReadsInBothLanguages } from "../../i18n/src/testing";
import { CRITERIA, DEFAULT_LEVELS, evaluateLevel, progressToNext, qualifiedLevel, validateLevels, type LevelDef, type Metrics } from "./index";

const m = (personalSalesFen: number, directReferrals: number, teamSalesFen: number): Metrics => ({ personalSalesFen, directReferrals, teamSalesFen });

describe("distributor levels", () => {
  it.each<[string, Metrics, number]>([
    ["nothing yet: VIP", m(0, 0, 0), 1],
    ["Silver needs all three criteria", m(100_000, 3, 500_000), 2],
    ["one criterion short of Silver stays VIP", m(100_000, 2, 500_000), 1],
    ["Gold", m(300_000, 10, 2_000_000), 3],
    ["Diamond", m(9_000_000, 200, 90_000_000), 5],
  ])("%s", (_n, metrics, level) => {
    expect(qualifiedLevel(DEFAULT_LEVELS, metrics)).toBe(level);
  });

  it("promotes when a higher level is met, with the reason", () => {
    expect(evaluateLevel(DEFAULT_LEVELS, 1, m(300_000, 10, 2_000_000), { demotion: false, monthEnd: false })).toEqual({
      change: "promote",
      from: 1,
      level: 3,
      reason: { metrics: m(300_000, 10, 2_000_000), criteria: DEFAULT_LEVELS[2]!.criteria },
    });
  });

  it("demotes only when allowed and only at month end", () => {
    const low = m(0, 0, 0);
    expect(evaluateLevel(DEFAULT_LEVELS, 3, low, { demotion: true, monthEnd: false })).toEqual({ change: "none", level: 3 });
    expect(evaluateLevel(DEFAULT_LEVELS, 3, low, { demotion: false, monthEnd: true })).toEqual({ change: "none", level: 3 });
    expect(evaluateLevel(DEFAULT_LEVELS, 3, low, { demotion: true, monthEnd: true })).toMatchObject({ change: "demote", from: 3, level: 1 });
  });

  it("tells a distributor how far the next level is", () => {
    expect(progressToNext(DEFAULT_LEVELS, 1, m(150_000, 1, 100_000))).toEqual({
      level: 2,
      missing: [
        { criterion: "directReferrals", need: 3, have: 1, short: 2 },
        { criterion: "teamSalesFen", need: 500_000, have: 100_000, short: 400_000 },
      ],
    });
    expect(progressToNext(DEFAULT_LEVELS, 5, m(0, 0, 0))).toBeNull();
  });

  it.each<[string, (l: LevelDef[]) => void, string]>([
    ["levels out of order", (l) => (l[3]!.criteria.teamSalesFen = 1), "levels.outOfOrder"],
    ["a paid first level", (l) => (l[0]!.criteria.directReferrals = 1), "levels.firstFree"],
    ["a negative criterion", (l) => (l[2]!.criteria.personalSalesFen = -1), "levels.criterionRange"],
    ["four levels", (l) => l.pop(), "levels.count"],
  ])("refuses %s", (_n, mutate, key) => {
    const copy = structuredClone(DEFAULT_LEVELS);
    mutate(copy);
    expect(() => validateLevels(copy)).toThrow(expect.objectContaining({ key }));
  });

  it("the level is monotone in the metrics, and never promotion past what is met", () => {
    const arb = fc.record({ personalSalesFen: fc.nat(50_000_000), directReferrals: fc.nat(300), teamSalesFen: fc.nat(100_000_000) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const hi = { personalSalesFen: Math.max(a.personalSalesFen, b.personalSalesFen), directReferrals: Math.max(a.directReferrals, b.directReferrals), teamSalesFen: Math.max(a.teamSalesFen, b.teamSalesFen) };
        expect(qualifiedLevel(DEFAULT_LEVELS, hi)).toBeGreaterThanOrEqual(qualifiedLevel(DEFAULT_LEVELS, a));
        const q = qualifiedLevel(DEFAULT_LEVELS, a);
        for (const c of CRITERIA) expect(a[c]).toBeGreaterThanOrEqual(DEFAULT_LEVELS[q - 1]!.criteria[c]);
      }),
    );
  });

  it.each(errorKeys("levels"))("%s reads in both languages", (k) => expectReadsInBothLanguages(k, { level: 3 }));
});
