import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bonusAdjustments, bonusMonthDue, bonusRulesSchema, DEFAULT_BONUS_RULES, nextBonusDay, previousMonth, rewardForRank, topTeamRewards } from "../src/bonus";
import { bonusAdjusted, transferProblem } from "../src/transfer";

const rules = bonusRulesSchema.parse({ day: 25, topTeams: [{ upToRank: 1, amountFen: 100_000 }, { upToRank: 3, amountFen: 50_000 }, { upToRank: 10, amountFen: 10_000 }] });

describe("bonus day rules", () => {
  test("the day is 1–28 and tiers go up; bad rules are refused with their reason", () => {
    expect(bonusRulesSchema.safeParse({ day: 29, topTeams: [] }).error?.issues[0]?.message).toBe("bonus.day");
    expect(bonusRulesSchema.safeParse({ day: 0, topTeams: [] }).success).toBe(false);
    expect(bonusRulesSchema.safeParse({ day: 25, topTeams: [{ upToRank: 3, amountFen: 1 }, { upToRank: 3, amountFen: 1 }] }).error?.issues[0]?.message).toBe("bonus.tierOrder");
    expect(bonusRulesSchema.safeParse({ day: 25, topTeams: [{ upToRank: 101, amountFen: 1 }] }).error?.issues[0]?.message).toBe("bonus.rank");
    expect(bonusRulesSchema.safeParse({ day: 25, topTeams: [{ upToRank: 3, amountFen: 0.5 }] }).error?.issues[0]?.message).toBe("bonus.amount");
    expect(bonusRulesSchema.parse(DEFAULT_BONUS_RULES)).toEqual({ day: 25, topTeams: [] });
  });

  test("rewards by rank: first, second and third, then up to tenth, nothing after", () => {
    expect([1, 2, 3, 4, 10, 11].map((r) => rewardForRank(r, rules))).toEqual([100_000, 50_000, 50_000, 10_000, 10_000, 0]);
  });

  test("top teams ranked by team sales, ties in the order given, teams without sales unranked", () => {
    const teams = [
      { userId: "a", teamSalesFen: 5_000 },
      { userId: "b", teamSalesFen: 9_000 },
      { userId: "c", teamSalesFen: 5_000 },
      { userId: "d", teamSalesFen: 0 },
    ];
    expect(topTeamRewards(teams, rules).map((r) => [r.userId, r.rank, r.amountFen])).toEqual([
      ["b", 1, 100_000],
      ["a", 2, 50_000],
      ["c", 3, 50_000],
    ]);
    expect(topTeamRewards(teams, DEFAULT_BONUS_RULES)).toEqual([]);
  });

  test("bonus day pays the month before, from the shop's day on; the next bonus day", () => {
    expect(bonusMonthDue("2026-12-24", rules)).toBeNull();
    expect(bonusMonthDue("2026-12-25", rules)).toBe("2026-11");
    expect(bonusMonthDue("2027-01-31", rules)).toBe("2026-12");
    expect(previousMonth("2027-01-05")).toBe("2026-12");
    expect(nextBonusDay("2026-12-04", rules)).toBe("2026-12-25");
    expect(nextBonusDay("2026-12-25", rules)).toBe("2026-12-25");
    expect(nextBonusDay("2026-12-26", rules)).toBe("2027-01-25");
    expect(nextBonusDay("2027-01-31", { day: 1, topTeams: [] })).toBe("2027-02-01");
  });

  test("adjustments bring what was paid to what is due, each a balanced transfer", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("u1", "u2", "u3", "u4"), fc.integer({ min: 0, max: 1_000_000 })), fc.dictionary(fc.constantFrom("u1", "u2", "u3", "u4"), fc.integer({ min: 0, max: 1_000_000 })), (paidObj, dueObj) => {
        const paid = new Map(Object.entries(paidObj));
        const due = new Map(Object.entries(dueObj));
        const adj = bonusAdjustments(paid, due);
        for (const u of new Set([...paid.keys(), ...due.keys()])) {
          const delta = adj.find((a) => a.userId === u)?.deltaFen ?? 0;
          expect((paid.get(u) ?? 0) + delta).toBe(due.get(u) ?? 0);
        }
        for (const a of adj) {
          expect(a.deltaFen).not.toBe(0);
          expect(transferProblem(bonusAdjusted(a.userId, a.deltaFen))).toBeNull();
        }
      }),
    );
  });
});
