import { z } from "zod";
import { reversalFen } from "../../commission/src";

/**
 * What a refund takes back from a commission (PRODUCT.md §5.4): the refunded
 * share (the commission engine's reversalFen), less the base promotion fee
 * the merchant may let the distributor keep on returns: a share of the
 * reversed commission, or a fixed amount per refunded unit (off by default),
 * never more than the reversal itself.
 */
export const keepOnReturnSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("off") }),
  z.object({ kind: z.literal("percent"), bp: z.number({ error: "ledger.keepPercent" }).int({ error: "ledger.keepPercent" }).min(1, { error: "ledger.keepPercent" }).max(10_000, { error: "ledger.keepPercent" }) }),
  z.object({ kind: z.literal("perUnit"), fen: z.number({ error: "ledger.keepPerUnit" }).int({ error: "ledger.keepPerUnit" }).min(1, { error: "ledger.keepPerUnit" }).max(1_000_000, { error: "ledger.keepPerUnit" }) }),
]);
export type KeepOnReturn = z.infer<typeof keepOnReturnSchema>;

export function clawbackFen(
  c: { amountFen: number; lineTotalFen: number; refundedBeforeFen: number; reversedFen: number; refundFen: number; refundedUnits: number },
  keep: KeepOnReturn = { kind: "off" },
): { reverseFen: number; keptFen: number } {
  const reversal = reversalFen(c);
  const kept = keep.kind === "off" ? 0 : keep.kind === "percent" ? Math.floor((reversal * keep.bp) / 10_000) : keep.fen * c.refundedUnits;
  const keptFen = Math.max(0, Math.min(reversal, kept));
  return { reverseFen: reversal - keptFen, keptFen };
}
