import { describe, expect, test } from "vitest";
import {
  addDays,
  clawbackFen,
  DEFAULT_HOLD_RULES,
  DEFAULT_WITHDRAWAL_SETTINGS,
  holdDaysFor,
  holdRulesSchema,
  localDate,
  maskResidentId,
  overdue,
  reviewRoute,
  settles,
  settlesOn,
  validResidentId,
  withdrawalProblem,
  withdrawalSettingsSchema,
} from "../src";

const P = "00000000-0000-4000-8000-0000000000a1";
const C = "00000000-0000-4000-8000-0000000000c1";

describe("settlement", () => {
  const rules = { defaultDays: 1, byProduct: { [P]: 0 }, byCategory: { [C]: 3 }, highPrice: { aboveFen: 100_000, days: 7 } };
  test.each([
    [{ productId: P, categoryId: C, unitPriceFen: 500 }, 0], // the product's own rule first
    [{ productId: "other", categoryId: C, unitPriceFen: 500 }, 3], // then its category's
    [{ productId: "other", categoryId: null, unitPriceFen: 500 }, 1], // then T+1
    [{ productId: "other", categoryId: null, unitPriceFen: 100_000 }, 1], // at the price: not above it
    [{ productId: "other", categoryId: null, unitPriceFen: 100_001 }, 7], // above: waits longer
    [{ productId: P, categoryId: C, unitPriceFen: 200_000 }, 7],
  ])("%j holds %i days", (line, days) => {
    expect(holdDaysFor(line, rules)).toBe(days);
  });

  test("days are the tenant's calendar days", () => {
    // 16:30 UTC on 3 March is 00:30 on 4 March in Shanghai.
    const at = new Date("2026-03-03T16:30:00Z");
    expect(localDate(at, "Asia/Shanghai")).toBe("2026-03-04");
    expect(settlesOn(at, 1, "Asia/Shanghai")).toBe("2026-03-05");
    expect(settlesOn(at, 1, "UTC")).toBe("2026-03-04");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  test("a run settles what matured, not what a flag holds or an open order", () => {
    expect(settles({ settlesOn: "2026-03-05", held: false }, "2026-03-05")).toBe(true);
    expect(settles({ settlesOn: "2026-03-06", held: false }, "2026-03-05")).toBe(false);
    expect(settles({ settlesOn: "2026-03-01", held: true }, "2026-03-05")).toBe(false);
    expect(settles({ settlesOn: null, held: false }, "2026-03-05")).toBe(false);
  });

  test("hold days out of range are refused by name", () => {
    const bad = holdRulesSchema.safeParse({ ...DEFAULT_HOLD_RULES, defaultDays: 91 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe("ledger.holdDays");
    expect(holdRulesSchema.safeParse({ ...DEFAULT_HOLD_RULES, defaultDays: -1 }).success).toBe(false);
    expect(holdRulesSchema.safeParse({ ...DEFAULT_HOLD_RULES, defaultDays: 1.5 }).success).toBe(false);
    expect(holdRulesSchema.safeParse(DEFAULT_HOLD_RULES).success).toBe(true);
  });
});

describe("withdrawal", () => {
  const s = DEFAULT_WITHDRAWAL_SETTINGS;
  test.each([
    [{ amountFen: 5_000, availableFen: 5_000, restricted: false }, null],
    [{ amountFen: 4_999, availableFen: 9_000, restricted: false }, "withdrawal.belowMinimum"],
    [{ amountFen: 5_001, availableFen: 5_000, restricted: false }, "withdrawal.aboveAvailable"],
    [{ amountFen: 5_000, availableFen: -100, restricted: false }, "withdrawal.aboveAvailable"],
    [{ amountFen: 0, availableFen: 9_000, restricted: false }, "withdrawal.amount"],
    [{ amountFen: -5_000, availableFen: 9_000, restricted: false }, "withdrawal.amount"],
    [{ amountFen: 5_000.5, availableFen: 9_000, restricted: false }, "withdrawal.amount"],
    [{ amountFen: 5_000, availableFen: 9_000, restricted: true }, "withdrawal.restricted"],
  ])("%j → %s", (req, problem) => {
    expect(withdrawalProblem(req, s)).toBe(problem);
  });

  test("the minimum is never below ¥1", () => {
    expect(withdrawalSettingsSchema.safeParse({ minimumFen: 99, autoApproveBelowFen: 0 }).error?.issues[0]?.message).toBe("ledger.minimumFloor");
    expect(withdrawalProblem({ amountFen: 50, availableFen: 9_000, restricted: false }, { minimumFen: 1, autoApproveBelowFen: 0 })).toBe("withdrawal.belowMinimum");
  });

  test("reviewed by the system below ¥500 with a clean record, by finance otherwise", () => {
    expect(reviewRoute({ amountFen: 49_999, openFlags: 0, restricted: false }, s)).toBe("auto");
    expect(reviewRoute({ amountFen: 50_000, openFlags: 0, restricted: false }, s)).toBe("manual");
    expect(reviewRoute({ amountFen: 10_000, openFlags: 1, restricted: false }, s)).toBe("manual");
  });

  test("overdue after 20 hours", () => {
    const at = new Date("2026-03-03T00:00:00Z");
    expect(overdue(at, new Date("2026-03-03T20:00:00Z"))).toBe(false);
    expect(overdue(at, new Date("2026-03-03T20:00:01Z"))).toBe(true);
  });
});

describe("clawback", () => {
  const line = { amountFen: 1_000, lineTotalFen: 10_000, refundedBeforeFen: 0, reversedFen: 0, refundFen: 5_000, refundedUnits: 1 };
  test("the refunded share, less what the merchant lets the distributor keep", () => {
    expect(clawbackFen(line)).toEqual({ reverseFen: 500, keptFen: 0 });
    expect(clawbackFen(line, { kind: "percent", bp: 2_000 })).toEqual({ reverseFen: 400, keptFen: 100 });
    expect(clawbackFen(line, { kind: "perUnit", fen: 150 })).toEqual({ reverseFen: 350, keptFen: 150 });
    expect(clawbackFen(line, { kind: "perUnit", fen: 900 })).toEqual({ reverseFen: 0, keptFen: 500 });
  });
});

describe("resident identity numbers", () => {
  test("the check character and the birth date are verified", () => {
    expect(validResidentId("11010519491231002X")).toBe(true);
    expect(validResidentId("11010519491231002x")).toBe(true);
    expect(validResidentId("110105194912310021")).toBe(false); // wrong check character
    expect(validResidentId("110105194902300020")).toBe(false); // 30 February
    expect(validResidentId("1101051949123100")).toBe(false);
  });
  test("shown masked", () => {
    expect(maskResidentId("11010519491231002X")).toBe("1101**********002X");
  });
});
