import { AppError } from "../../core/src/errors";
import { formatFen } from "../../core/src/money";

/**
 * Order arithmetic in integer fen. Every function refuses non-integers and
 * results beyond Number.MAX_SAFE_INTEGER rather than rounding silently.
 */
function fen(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer of fen, got ${n}`);
  return n;
}

export type PricedLine = { unitPriceFen: number; quantity: number };

export function lineTotalFen({ unitPriceFen, quantity }: PricedLine): number {
  if (fen(unitPriceFen, "unit price") <= 0) throw new AppError("BAD_REQUEST", "order.priceNotPositive");
  if (!Number.isInteger(quantity) || quantity <= 0) throw new AppError("BAD_REQUEST", "order.quantityInvalid");
  return fen(unitPriceFen * quantity, "line total");
}

/** Flat shipping, free from a subtotal upward (null: never free). */
export type ShippingRule = { flatFen: number; freeFromFen: number | null };

export function shippingFeeFen(subtotalFen: number, rule: ShippingRule): number {
  fen(subtotalFen, "subtotal");
  if (fen(rule.flatFen, "shipping fee") < 0) throw new RangeError("shipping fee must not be negative");
  if (rule.freeFromFen !== null && subtotalFen >= fen(rule.freeFromFen, "free shipping threshold")) return 0;
  return rule.flatFen;
}

export type OrderTotals = { subtotalFen: number; shippingFen: number; totalFen: number };

export function orderTotals(lines: PricedLine[], rule: ShippingRule): OrderTotals {
  if (lines.length === 0) throw new AppError("BAD_REQUEST", "order.empty");
  const subtotalFen = fen(lines.reduce((sum, l) => sum + lineTotalFen(l), 0), "subtotal");
  const shippingFen = shippingFeeFen(subtotalFen, rule);
  return { subtotalFen, shippingFen, totalFen: fen(subtotalFen + shippingFen, "total") };
}

/**
 * Splits `amountFen` across parts in proportion to `weights` (largest
 * remainder; ties to the earlier part), so the parts are integers that sum
 * exactly to the amount and none exceeds its weight when amount ≤ Σweights.
 * Used to spread a partial refund over the lines that were paid for.
 */
export function allocateFen(amountFen: number, weights: number[]): number[] {
  fen(amountFen, "amount");
  weights.forEach((w) => {
    if (fen(w, "weight") < 0) throw new RangeError("weights must not be negative");
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (amountFen < 0 || amountFen > total) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: total, max: formatFen(total) });
  if (total === 0) return weights.map(() => 0);
  // BigInt keeps amount × weight exact beyond 2^53.
  const A = BigInt(amountFen);
  const T = BigInt(total);
  const base = weights.map((w) => (A * BigInt(w)) / T);
  const rem = weights.map((w, i) => ({ i, r: (A * BigInt(w)) % T }));
  let left = Number(A - base.reduce((a, b) => a + b, 0n));
  rem.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  const out = base.map(Number);
  for (const { i } of rem) {
    if (left === 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

/** A (partial) refund must be positive and within what is still refundable. */
export function assertRefundable(requestFen: number, paidFen: number, alreadyRefundedFen: number): void {
  fen(requestFen, "refund");
  const remaining = fen(paidFen, "paid") - fen(alreadyRefundedFen, "refunded");
  if (requestFen <= 0) throw new AppError("BAD_REQUEST", "order.refundNotPositive");
  if (requestFen > remaining) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: remaining, max: formatFen(remaining) });
}
