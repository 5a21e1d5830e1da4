/**
 * The platform's application fee on each payment, in basis points by plan.
 * PLATFORM_FEE_BPS overrides it for every plan (e.g. a promotion).
 */
export const FEE_BPS_BY_PLAN = { basic: 300, pro: 200, agency: 150 } as const;

export function feeBps(plan: keyof typeof FEE_BPS_BY_PLAN, override?: string | null): number {
  if (override != null && override !== "") {
    const n = Number(override);
    if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new RangeError(`PLATFORM_FEE_BPS must be an integer 0..10000, got ${override}`);
    return n;
  }
  return FEE_BPS_BY_PLAN[plan];
}

/** Fee in fen, rounded down (the merchant keeps the fraction); never above the amount. */
export function applicationFeeFen(amountFen: number, bps: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`amount must be non-negative integer fen, got ${amountFen}`);
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError(`bps must be 0..10000, got ${bps}`);
  return Number((BigInt(amountFen) * BigInt(bps)) / 10_000n);
}
