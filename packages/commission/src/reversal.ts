/**
 * How much of a commission a refund takes back (PRODUCT.md §4.9, §5.4).
 *
 * Cumulative and rounded down: after refunds totalling R of a line of L,
 * floor(amount × R / L) has been reversed in all, so a full refund reverses
 * exactly the whole commission and the parts never exceed it. What earlier
 * reversals took (`reversedFen`) is subtracted; a reversal that already took
 * more than this refund's share (a confirmed fraud flag reverses the whole
 * commission with base 0) leaves nothing to take: the result is never
 * negative, so one odd history can never poison the consumer (review: a
 * negative reversal violated commission_reversals_amount and was retried
 * first forever).
 */
export type ReversalInput = {
  /** The commission. */
  amountFen: number;
  /** What the order line was paid. */
  lineTotalFen: number;
  /** What earlier refunds refunded of the line. */
  refundedBeforeFen: number;
  /** What earlier reversals (refunds, confirmed flags) took of this commission. */
  reversedFen: number;
  /** What this refund refunds of the line. */
  refundFen: number;
};

export function reversalFen(x: ReversalInput): number {
  const { amountFen, lineTotalFen, refundedBeforeFen, reversedFen, refundFen } = x;
  for (const [k, v] of Object.entries(x)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`reversal: ${k} must be a non-negative integer (fen), got ${v}`);
  }
  if (lineTotalFen === 0 || amountFen === 0) return Math.max(0, amountFen - reversedFen);
  const refunded = Math.min(lineTotalFen, refundedBeforeFen + refundFen);
  const due = Math.min(amountFen, Math.floor((amountFen * refunded) / lineTotalFen));
  return Math.max(0, due - reversedFen);
}

/** Whether the line is refunded in full after this refund (the commission is then wholly reversed). */
export function fullyRefunded(x: Pick<ReversalInput, "lineTotalFen" | "refundedBeforeFen" | "refundFen">): boolean {
  return x.refundedBeforeFen + x.refundFen >= x.lineTotalFen;
}
