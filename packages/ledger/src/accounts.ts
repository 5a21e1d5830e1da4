/**
 * The ledger's accounts (PRODUCT.md §5). Amounts on entries are signed fen:
 * positive credits an account, negative debits it; every transfer sums to 0,
 * so the whole ledger does too. A distributor's balances (money the merchant
 * owes them) are credit balances: positive when owed. The merchant's
 * commission expense is a debit balance (negative).
 */
export const DISTRIBUTOR_ACCOUNTS = [
  /** earned, not yet settled (the return window, a hold, a fraud flag) */
  "distributor_pending",
  /** settled: may be withdrawn; negative after a clawback of money already withdrawn, repaid by later earnings */
  "distributor_available",
  /** reserved by a withdrawal request until it is paid out or returned */
  "distributor_withdrawing",
  /** paid out to the distributor, net of tax (cumulative) */
  "distributor_paid_out",
  /** income tax withheld at payout (cumulative) */
  "distributor_tax_withheld",
] as const;

export const MERCHANT_ACCOUNTS = [
  /** what commission, bonuses and rewards have cost the merchant (debit balance) */
  "merchant_commission_expense",
] as const;

export type DistributorAccount = (typeof DISTRIBUTOR_ACCOUNTS)[number];
export type MerchantAccount = (typeof MERCHANT_ACCOUNTS)[number];
export type AccountKind = DistributorAccount | MerchantAccount;

export const ACCOUNT_KINDS: readonly AccountKind[] = [...DISTRIBUTOR_ACCOUNTS, ...MERCHANT_ACCOUNTS];

/** One account: a kind and, for a distributor's, whose (the user id); the merchant's have no owner. */
export type AccountRef = { kind: AccountKind; ownerId: string | null };

export const isDistributorAccount = (kind: AccountKind): kind is DistributorAccount => (DISTRIBUTOR_ACCOUNTS as readonly string[]).includes(kind);

export const distributor = (kind: DistributorAccount, userId: string): AccountRef => ({ kind, ownerId: userId });
export const merchant = (kind: MerchantAccount): AccountRef => ({ kind, ownerId: null });

/** A stable key of an account (the order accounts are locked in, to avoid deadlocks, sorts by it). */
export const accountKey = (a: AccountRef) => `${a.kind}:${a.ownerId ?? ""}`;
