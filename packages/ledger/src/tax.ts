/**
 * Individual income tax on labour remuneration (劳务报酬), withheld at payout
 * (PRODUCT.md §5.7). All payouts to one person in one calendar month count as
 * one payment: each withholds the month's tax so far minus what the month's
 * earlier payouts withheld.
 *
 *   income X ≤ ¥4,000: taxable = X − ¥800; above: taxable = 80% of X
 *   taxable ≤ ¥20,000: 20%; ≤ ¥50,000: 30% − ¥2,000; above: 40% − ¥7,000
 *
 * In integer fen: the taxable amount can be a fifth of a fen, so the tax is
 * computed as one fraction and rounded half up to the fen once.
 */

/** num / den rounded half up, for num ≥ 0, den > 0 (integers). */
function roundHalfUp(num: number, den: number): number {
  return Math.floor((2 * num + den) / (2 * den));
}

const YUAN = 100;

/** The tax on one month's labour income of one person (fen in, fen out). */
export function labourTaxFen(incomeFen: number): number {
  if (!Number.isSafeInteger(incomeFen) || incomeFen < 0) throw new RangeError(`income must be a non-negative integer of fen, got ${incomeFen}`);
  if (incomeFen <= 4000 * YUAN) {
    const taxable = Math.max(0, incomeFen - 800 * YUAN);
    return bracketTax(taxable, 1);
  }
  // taxable = 4X/5: carry the denominator 5 through the bracket.
  return bracketTax(4 * incomeFen, 5);
}

/**
 * The deduction of a month's labour income, as the filing report states it: ¥800 up to ¥4,000 (never more than
 * the income), 20% above, rounded half up to the fen.
 */
export function labourDeductionFen(incomeFen: number): number {
  if (!Number.isSafeInteger(incomeFen) || incomeFen < 0) throw new RangeError(`income must be a non-negative integer of fen, got ${incomeFen}`);
  return incomeFen <= 4000 * YUAN ? Math.min(incomeFen, 800 * YUAN) : roundHalfUp(incomeFen, 5);
}

/** Tax on a taxable amount of taxableNum / den fen, rounded half up. */
function bracketTax(taxableNum: number, den: number): number {
  if (taxableNum <= 20_000 * YUAN * den) return roundHalfUp(taxableNum * 20, 100 * den);
  if (taxableNum <= 50_000 * YUAN * den) return roundHalfUp(taxableNum * 30 - 2_000 * YUAN * 100 * den, 100 * den);
  return roundHalfUp(taxableNum * 40 - 7_000 * YUAN * 100 * den, 100 * den);
}

export type Withholding = { taxFen: number; netFen: number };

/**
 * What a payout of `payoutFen` withholds, given the month's earlier payouts
 * to the same person (their gross and the tax they withheld).
 */
export function withholding({ payoutFen, monthPaidBeforeFen, monthWithheldBeforeFen }: { payoutFen: number; monthPaidBeforeFen: number; monthWithheldBeforeFen: number }): Withholding {
  for (const [name, v] of Object.entries({ payoutFen, monthPaidBeforeFen, monthWithheldBeforeFen })) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer of fen, got ${v}`);
  }
  const due = labourTaxFen(monthPaidBeforeFen + payoutFen) - monthWithheldBeforeFen;
  const taxFen = Math.min(payoutFen, Math.max(0, due));
  return { taxFen, netFen: payoutFen - taxFen };
}
