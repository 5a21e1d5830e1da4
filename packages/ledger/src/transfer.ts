import { accountKey, distributor, isDistributorAccount, merchant, type AccountRef } from "./accounts";

/** One line of a transfer: + credits the account, − debits it (signed integer fen, never 0). */
export type Leg = { account: AccountRef; amountFen: number };

export const TRANSFER_KINDS = [
  "commission_accrued",
  "commission_settled",
  "commission_clawback",
  "commission_held",
  "bonus",
  "withdrawal_reserved",
  "withdrawal_returned",
  "payout",
  "correction",
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export type Transfer = { kind: TransferKind; legs: Leg[] };

/** Why a transfer is refused (message keys: errors.ledger.*). */
export type TransferProblem = "ledger.tooFewLegs" | "ledger.notInteger" | "ledger.zeroLeg" | "ledger.unbalanced" | "ledger.sameAccountTwice" | "ledger.ownerMismatch";

/**
 * The rules every transfer obeys before it is written: at least two lines,
 * each a non-zero safe integer of fen, each account once, a distributor's
 * account with its owner and the merchant's without, and Σ = 0.
 */
export function transferProblem(t: Transfer): TransferProblem | null {
  if (t.legs.length < 2) return "ledger.tooFewLegs";
  const seen = new Set<string>();
  let sum = 0;
  for (const leg of t.legs) {
    if (!Number.isSafeInteger(leg.amountFen)) return "ledger.notInteger";
    if (leg.amountFen === 0) return "ledger.zeroLeg";
    if (isDistributorAccount(leg.account.kind) !== (leg.account.ownerId !== null && leg.account.ownerId !== "")) return "ledger.ownerMismatch";
    const key = accountKey(leg.account);
    if (seen.has(key)) return "ledger.sameAccountTwice";
    seen.add(key);
    sum += leg.amountFen;
  }
  return sum === 0 ? null : "ledger.unbalanced";
}

export class TransferError extends Error {
  constructor(readonly problem: TransferProblem) {
    super(problem);
  }
}

/** The transfer, checked (throws TransferError). */
export function checked(t: Transfer): Transfer {
  const problem = transferProblem(t);
  if (problem) throw new TransferError(problem);
  return t;
}

const positive = (fen: number) => {
  if (!Number.isSafeInteger(fen) || fen <= 0) throw new TransferError(fen === 0 ? "ledger.zeroLeg" : "ledger.notInteger");
  return fen;
};

/** Order paid: the commission is owed to the distributor, pending (expense ← pending). */
export const commissionAccrued = (userId: string, fen: number): Transfer =>
  checked({ kind: "commission_accrued", legs: [{ account: merchant("merchant_commission_expense"), amountFen: -positive(fen) }, { account: distributor("distributor_pending", userId), amountFen: fen }] });

/** Matured: pending → available. */
export const commissionSettled = (userId: string, fen: number): Transfer =>
  checked({ kind: "commission_settled", legs: [{ account: distributor("distributor_pending", userId), amountFen: -positive(fen) }, { account: distributor("distributor_available", userId), amountFen: fen }] });

/**
 * Settled commission of an order under a card dispute goes back to pending (not withdrawable) until the
 * dispute closes: lost, the refund's clawback takes it from pending; won, the next settlement makes it
 * available again. Like a clawback after a payout, available may go below zero.
 */
export const commissionHeld = (userId: string, fen: number): Transfer =>
  checked({ kind: "commission_held", legs: [{ account: distributor("distributor_available", userId), amountFen: -positive(fen) }, { account: distributor("distributor_pending", userId), amountFen: fen }] });

/**
 * A refund takes back the refunded share of a commission: from pending while
 * it is unsettled, else from available, which may go below zero (money
 * already withdrawn) and is repaid by later earnings.
 */
export const commissionClawback = (userId: string, fen: number, settled: boolean): Transfer =>
  checked({
    kind: "commission_clawback",
    legs: [{ account: distributor(settled ? "distributor_available" : "distributor_pending", userId), amountFen: -positive(fen) }, { account: merchant("merchant_commission_expense"), amountFen: fen }],
  });

/** Team bonus or a top-team reward on bonus day: straight to available. */
export const bonusPaid = (userId: string, fen: number): Transfer =>
  checked({ kind: "bonus", legs: [{ account: merchant("merchant_commission_expense"), amountFen: -positive(fen) }, { account: distributor("distributor_available", userId), amountFen: fen }] });

/**
 * A bonus recomputed after refunds (the next bonus day): more is paid to available, less is taken back from it
 * (which may go below zero, like a clawback, and is repaid by later earnings).
 */
export const bonusAdjusted = (userId: string, deltaFen: number): Transfer => {
  if (!Number.isSafeInteger(deltaFen) || deltaFen === 0) throw new TransferError(deltaFen === 0 ? "ledger.zeroLeg" : "ledger.notInteger");
  return checked({ kind: "bonus", legs: [{ account: merchant("merchant_commission_expense"), amountFen: -deltaFen }, { account: distributor("distributor_available", userId), amountFen: deltaFen }] });
};

/** A withdrawal request reserves its amount: available → withdrawing. */
export const withdrawalReserved = (userId: string, fen: number): Transfer =>
  checked({ kind: "withdrawal_reserved", legs: [{ account: distributor("distributor_available", userId), amountFen: -positive(fen) }, { account: distributor("distributor_withdrawing", userId), amountFen: fen }] });

/** Refused, failed or returned (an unconfirmed transfer expired): withdrawing → available. */
export const withdrawalReturned = (userId: string, fen: number): Transfer =>
  checked({ kind: "withdrawal_returned", legs: [{ account: distributor("distributor_withdrawing", userId), amountFen: -positive(fen) }, { account: distributor("distributor_available", userId), amountFen: fen }] });

/** Paid out: the reserved gross leaves withdrawing, the net as paid out, the tax as withheld. */
export function payoutMade(userId: string, grossFen: number, taxFen: number): Transfer {
  positive(grossFen);
  if (!Number.isSafeInteger(taxFen) || taxFen < 0 || taxFen > grossFen) throw new TransferError("ledger.unbalanced");
  const legs: Leg[] = [{ account: distributor("distributor_withdrawing", userId), amountFen: -grossFen }];
  if (grossFen - taxFen > 0) legs.push({ account: distributor("distributor_paid_out", userId), amountFen: grossFen - taxFen });
  if (taxFen > 0) legs.push({ account: distributor("distributor_tax_withheld", userId), amountFen: taxFen });
  return checked({ kind: "payout", legs });
}

/**
 * A payout that came back after it was made (a Stripe transfer reversed): a correction of the payout, the net
 * leaves paid out, the tax withheld is undone (the payment did not happen), the gross is available again.
 */
export function payoutReturned(userId: string, grossFen: number, taxFen: number): Transfer {
  positive(grossFen);
  if (!Number.isSafeInteger(taxFen) || taxFen < 0 || taxFen > grossFen) throw new TransferError("ledger.unbalanced");
  const legs: Leg[] = [{ account: distributor("distributor_available", userId), amountFen: grossFen }];
  if (grossFen - taxFen > 0) legs.push({ account: distributor("distributor_paid_out", userId), amountFen: -(grossFen - taxFen) });
  if (taxFen > 0) legs.push({ account: distributor("distributor_tax_withheld", userId), amountFen: -taxFen });
  return checked({ kind: "correction", legs });
}

/** Σ of signed amounts per account key: balances derived from entries. */
export function balances(transfers: readonly Transfer[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of transfers) for (const leg of t.legs) out.set(accountKey(leg.account), (out.get(accountKey(leg.account)) ?? 0) + leg.amountFen);
  return out;
}
