/**
 * Card disputes (chargebacks) from the provider's events (PRODUCT.md §3.5, §5.4). While a dispute is open the
 * order's commission is held: the settlement job skips it (flows/settlement.ts) and commission already settled
 * goes back to pending (commission_held), so none of it can be withdrawn. Lost: the disputed amount becomes a
 * refund of origin 'dispute' (applyOutsideRefund), which reverses the commission as a refund made in the app
 * does. Won (or closed with a warning): the held commission is made available again at once; commission that
 * had not settled yet settles on its day as usual. Each step happens once (the dispute row's status).
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { commissionHeld, commissionSettled } from "../../../ledger/src";
import { rowsOf, type Tx } from "../client";
import { disputes, orders, payments } from "../schema";
import { writeAudit } from "./audit";
import { postTransfers, type Posting } from "./ledger";
import { applyOutsideRefund, lockOrder, recordEvent } from "./orders";

export type DisputeOpened = { paymentId: string; provider: "stripe" | "simulator" | "wechatpay"; providerDisputeId: string; amountFen: number; reason: string; at: Date };

const holdKey = (disputeId: string, commissionId: string) => `dispute-hold:${disputeId}:${commissionId}`;
const releaseKey = (disputeId: string, commissionId: string) => `dispute-release:${disputeId}:${commissionId}`;

/** The order's commissions that count (not fully reversed), with what is left of each after reversals. */
async function commissionsOf(tx: Tx, tenantId: string, orderId: string) {
  return rowsOf<{ id: string; beneficiary_id: string; line_id: string; settled: boolean; net_fen: number }>(
    await tx.execute(sql`
      select c.id::text, c.beneficiary_id::text, c.line_id::text, c.settled_at is not null as settled,
             (c.amount_fen - coalesce((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = c.tenant_id and r.commission_id = c.id), 0))::int as net_fen
        from commissions c
       where c.tenant_id = ${tenantId} and c.order_id = ${orderId} and c.status <> 'reversed'
       order by c.id
         for update of c`),
  );
}

/** A dispute opened on a payment: recorded once, and the order's settled commission held. Null: known already, or not a paid payment of this shop. */
export async function openDispute(tx: Tx, tenantId: string, d: DisputeOpened): Promise<{ disputeId: string; heldFen: number } | null> {
  const [payment] = await tx
    .select({ id: payments.id, orderId: payments.orderId })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, d.paymentId)));
  if (!payment) return null;
  const order = await lockOrder(tx, tenantId, payment.orderId);
  const [row] = await tx
    .insert(disputes)
    .values({
      tenantId,
      orderId: order.id,
      paymentId: payment.id,
      provider: d.provider,
      providerDisputeId: d.providerDisputeId,
      amountFen: Math.max(1, d.amountFen),
      reason: d.reason.slice(0, 200),
      openedAt: d.at,
    })
    .onConflictDoNothing()
    .returning({ id: disputes.id });
  if (!row) return null;
  const settled = (await commissionsOf(tx, tenantId, order.id)).filter((c) => c.settled && c.net_fen > 0);
  const postings: Posting[] = settled.map((c) => ({
    key: holdKey(row.id, c.id),
    transfer: commissionHeld(c.beneficiary_id, c.net_fen),
    refs: { commissionId: c.id, orderLineId: c.line_id, memo: { disputeId: row.id, providerDisputeId: d.providerDisputeId } },
  }));
  await postTransfers(tx, tenantId, postings);
  if (settled.length)
    await tx.execute(sql`update commissions set settled_at = null, updated_at = now()
                          where tenant_id = ${tenantId} and id = any(${`{${settled.map((c) => c.id).join(",")}}`}::uuid[])`);
  const heldFen = settled.reduce((n, c) => n + c.net_fen, 0);
  await recordEvent(tx, order, "dispute_opened", order.status, order.status, null, { disputeId: row.id, providerDisputeId: d.providerDisputeId, amountFen: d.amountFen, disputeReason: d.reason, heldFen });
  await writeAudit(tx, { tenantId, actorUserId: null, action: "order.dispute_opened", target: `order:${order.id}`, after: { disputeId: row.id, provider: d.provider, providerDisputeId: d.providerDisputeId, amountFen: d.amountFen, reason: d.reason } });
  return { disputeId: row.id, heldFen };
}

export type DisputeClosed = { provider: "stripe" | "simulator" | "wechatpay"; providerDisputeId: string; outcome: "won" | "lost"; amountFen: number; at: Date };

/**
 * A dispute of payment `paymentId` closed, once (an open dispute only; a replay finds it closed). A dispute the
 * app never saw open (its event lost) is recorded now, so a lost one still reverses the commission.
 */
export async function closeDispute(tx: Tx, tenantId: string, paymentId: string, d: DisputeClosed): Promise<{ disputeId: string; outcome: "won" | "lost"; refundId: string | null } | null> {
  const find = () =>
    tx
      .select()
      .from(disputes)
      .where(and(eq(disputes.tenantId, tenantId), eq(disputes.provider, d.provider), eq(disputes.providerDisputeId, d.providerDisputeId)))
      .then((rows) => rows[0]);
  let dispute = await find();
  if (!dispute) {
    if (!(await openDispute(tx, tenantId, { paymentId, provider: d.provider, providerDisputeId: d.providerDisputeId, amountFen: d.amountFen, reason: "", at: d.at }))) return null;
    dispute = await find();
  }
  if (!dispute) return null;
  const order = await lockOrder(tx, tenantId, dispute.orderId);
  const [closed] = await tx
    .update(disputes)
    .set({ status: d.outcome, closedAt: d.at })
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, dispute.id), eq(disputes.status, "open")))
    .returning({ id: disputes.id });
  if (!closed) return null;
  let refundId: string | null = null;
  if (d.outcome === "lost") {
    // As a full refund: the disputed amount (the whole charge, as a rule) is gone; what the order has left is capped there.
    const refund = await applyOutsideRefund(tx, tenantId, {
      paymentId: dispute.paymentId,
      providerRefundId: `dispute:${d.providerDisputeId}`,
      amountFen: d.amountFen || dispute.amountFen,
      at: d.at,
      origin: "dispute",
      reason: `dispute_lost:${dispute.reason}`,
    });
    refundId = refund?.refundId ?? null;
    if (refundId) await tx.update(disputes).set({ refundId }).where(and(eq(disputes.tenantId, tenantId), eq(disputes.id, dispute.id)));
  } else {
    // Released: what this dispute held goes back to available, unless the commission was reversed in the meantime,
    // or another dispute of the order is still open (the settlement job settles it once none is).
    const [other] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from disputes where tenant_id = ${tenantId} and order_id = ${order.id} and status = 'open'`),
    );
    const mine = other?.n ? [] : (await commissionsOf(tx, tenantId, order.id)).filter((c) => !c.settled && c.net_fen > 0);
    // The ones this dispute held: its hold transfers, by their idempotency keys (the unique index).
    const keys = mine.map((c) => holdKey(dispute.id, c.id));
    const held = new Set(
      keys.length
        ? rowsOf<{ commission_id: string }>(
            await tx.execute(sql`select commission_id::text from ledger_transfers where tenant_id = ${tenantId} and idempotency_key = any(${`{${keys.join(",")}}`}::text[])`),
          ).map((r) => r.commission_id)
        : [],
    );
    const back = mine.filter((c) => held.has(c.id));
    await postTransfers(
      tx,
      tenantId,
      back.map((c) => ({
        key: releaseKey(dispute.id, c.id),
        transfer: commissionSettled(c.beneficiary_id, c.net_fen),
        refs: { commissionId: c.id, orderLineId: c.line_id, memo: { disputeId: dispute.id, released: true } },
      })),
    );
    if (back.length)
      await tx.execute(sql`update commissions set settled_at = now(), updated_at = now()
                            where tenant_id = ${tenantId} and id = any(${`{${back.map((c) => c.id).join(",")}}`}::uuid[]) and settled_at is null`);
  }
  await recordEvent(tx, order, d.outcome === "lost" ? "dispute_lost" : "dispute_won", order.status, null, null, { disputeId: dispute.id, providerDisputeId: d.providerDisputeId, refundId });
  await writeAudit(tx, { tenantId, actorUserId: null, action: `order.dispute_${d.outcome}`, target: `order:${order.id}`, after: { disputeId: dispute.id, providerDisputeId: d.providerDisputeId, refundId } });
  return { disputeId: dispute.id, outcome: d.outcome, refundId };
}

/** The order's disputes (console order page). */
export async function disputesOfOrder(tx: Tx, tenantId: string, orderId: string) {
  return tx.select().from(disputes).where(and(eq(disputes.tenantId, tenantId), eq(disputes.orderId, orderId))).orderBy(asc(disputes.openedAt));
}

/** Open disputes of the shop, oldest first, with their orders (finance). */
export async function openDisputes(tx: Tx, tenantId: string, limit = 100) {
  return tx
    .select({ id: disputes.id, orderId: disputes.orderId, orderNo: orders.no, amountFen: disputes.amountFen, reason: disputes.reason, provider: disputes.provider, openedAt: disputes.openedAt })
    .from(disputes)
    .innerJoin(orders, and(eq(orders.tenantId, disputes.tenantId), eq(orders.id, disputes.orderId)))
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.status, "open")))
    .orderBy(asc(disputes.openedAt))
    .limit(limit);
}

/** Recently closed disputes (finance shows the last few). */
export async function recentClosedDisputes(tx: Tx, tenantId: string, limit = 10) {
  return tx
    .select({ id: disputes.id, orderId: disputes.orderId, orderNo: orders.no, amountFen: disputes.amountFen, status: disputes.status, closedAt: disputes.closedAt })
    .from(disputes)
    .innerJoin(orders, and(eq(orders.tenantId, disputes.tenantId), eq(orders.id, disputes.orderId)))
    .where(and(eq(disputes.tenantId, tenantId), sql`${disputes.status} <> 'open'`))
    .orderBy(desc(disputes.closedAt))
    .limit(limit);
}
