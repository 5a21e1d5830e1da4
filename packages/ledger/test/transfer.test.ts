import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  accountKey,
  balances,
  bonusPaid,
  checked,
  commissionAccrued,
  commissionClawback,
  commissionSettled,
  distributor,
  merchant,
  payoutMade,
  transferProblem,
  TransferError,
  withdrawalReserved,
  withdrawalReturned,
  type Transfer,
} from "../src";

const A = "00000000-0000-4000-8000-00000000000a";
const key = (kind: Parameters<typeof distributor>[0]) => accountKey(distributor(kind, A));

describe("a transfer", () => {
  const expense = merchant("merchant_commission_expense");
  const pending = distributor("distributor_pending", A);
  test.each([
    [[{ account: expense, amountFen: -100 }], "ledger.tooFewLegs"],
    [[{ account: expense, amountFen: -100 }, { account: pending, amountFen: 99 }], "ledger.unbalanced"],
    [[{ account: expense, amountFen: -0.5 }, { account: pending, amountFen: 0.5 }], "ledger.notInteger"],
    [[{ account: expense, amountFen: 0 }, { account: pending, amountFen: 0 }], "ledger.zeroLeg"],
    [[{ account: pending, amountFen: -100 }, { account: pending, amountFen: 100 }], "ledger.sameAccountTwice"],
    [[{ account: { kind: "distributor_pending", ownerId: null }, amountFen: -100 }, { account: expense, amountFen: 100 }], "ledger.ownerMismatch"],
    [[{ account: { kind: "merchant_commission_expense", ownerId: A }, amountFen: -100 }, { account: pending, amountFen: 100 }], "ledger.ownerMismatch"],
  ] as const)("%j is refused: %s", (legs, problem) => {
    const t = { kind: "correction", legs: [...legs] } as Transfer;
    expect(transferProblem(t)).toBe(problem);
    expect(() => checked(t)).toThrow(TransferError);
  });

  test("a balanced one passes", () => {
    expect(transferProblem({ kind: "correction", legs: [{ account: expense, amountFen: -100 }, { account: pending, amountFen: 100 }] })).toBeNull();
  });

  test("builders refuse a zero or negative amount and a tax above the payout", () => {
    expect(() => commissionAccrued(A, 0)).toThrow(TransferError);
    expect(() => withdrawalReserved(A, -5)).toThrow(TransferError);
    expect(() => payoutMade(A, 1000, 1001)).toThrow(TransferError);
  });
});

describe("a commission's life in balances", () => {
  test("paid → settled → withdrawn → paid out with tax; a refund after that leaves available negative until the next commission repays it", () => {
    const life = [
      commissionAccrued(A, 10_000),
      commissionSettled(A, 10_000),
      withdrawalReserved(A, 10_000),
      payoutMade(A, 10_000, 0),
      commissionClawback(A, 4_000, true),
    ];
    let b = balances(life);
    expect(b.get(key("distributor_available"))).toBe(-4_000);
    expect(b.get(key("distributor_paid_out"))).toBe(10_000);
    b = balances([...life, commissionAccrued(A, 6_000), commissionSettled(A, 6_000)]);
    expect(b.get(key("distributor_available"))).toBe(2_000);
  });

  test("a payout splits the gross into net and tax withheld", () => {
    const b = balances([bonusPaid(A, 500_000), withdrawalReserved(A, 500_000), payoutMade(A, 500_000, 80_000)]);
    expect(b.get(key("distributor_withdrawing"))).toBe(0);
    expect(b.get(key("distributor_paid_out"))).toBe(420_000);
    expect(b.get(key("distributor_tax_withheld"))).toBe(80_000);
  });

  test("any sequence of movements keeps the ledger at Σ = 0 and every balance equal to its entries", () => {
    const step = fc.oneof(
      fc.record({ t: fc.constant("accrue" as const), fen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ t: fc.constant("settle" as const), fen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ t: fc.constant("claw" as const), fen: fc.integer({ min: 1, max: 100_000 }), settled: fc.boolean() }),
      fc.record({ t: fc.constant("reserve" as const), fen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ t: fc.constant("return" as const), fen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ t: fc.constant("payout" as const), fen: fc.integer({ min: 1, max: 100_000 }), taxBp: fc.integer({ min: 0, max: 4000 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const transfers = steps.map((s) => {
          switch (s.t) {
            case "accrue":
              return commissionAccrued(A, s.fen);
            case "settle":
              return commissionSettled(A, s.fen);
            case "claw":
              return commissionClawback(A, s.fen, s.settled);
            case "reserve":
              return withdrawalReserved(A, s.fen);
            case "return":
              return withdrawalReturned(A, s.fen);
            case "payout":
              return payoutMade(A, s.fen, Math.floor((s.fen * s.taxBp) / 10_000));
          }
        });
        for (const t of transfers) expect(t.legs.reduce((n, l) => n + l.amountFen, 0)).toBe(0);
        const b = balances(transfers);
        expect([...b.values()].reduce((n, v) => n + v, 0)).toBe(0);
        const entries = transfers.flatMap((t) => t.legs).filter((l) => accountKey(l.account) === key("distributor_pending"));
        expect(b.get(key("distributor_pending")) ?? 0).toBe(entries.reduce((n, l) => n + l.amountFen, 0));
      }),
    );
  });
});
