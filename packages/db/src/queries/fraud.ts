import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/**
 * Anti-fraud, shared payment method (PRODUCT.md §4.10): the payment method
 * behind `fingerprint` (SQL) also paid for one of the distributor `ben`'s own
 * orders in this shop (another order than `orderId`). One predicate for the
 * outbox consumer's check at payment and for a fingerprint that arrives later
 * (Stripe's charge.succeeded may follow checkout.session.completed).
 *
 * It starts from the distributor's own orders (the subquery with OFFSET 0 is
 * not flattened, so the planner cannot start elsewhere) and looks for that
 * method among their payments. Started from the payments made with the
 * method, it read every payment of a shopper who always pays with the same
 * card, for each order checked: 1,640 index rows per order, ~10 ms a batch
 * of four in the checkout bench, and more as the shopper kept buying.
 */
export const paidBySameMethod = (tenantId: string, ben: SQL, fingerprint: SQL, orderId: SQL) => sql`
  exists (select 1 from (select qo.id from orders qo
                          where qo.tenant_id = ${tenantId} and qo.buyer_id = ${ben} and qo.id <> ${orderId} offset 0) mine
           where exists (select 1 from payments q
                          where q.tenant_id = ${tenantId} and q.order_id = mine.id and q.status = 'succeeded' and q.method_fingerprint = ${fingerprint}))`;

/** The kind of method in a fingerprint ("card", "wechat_pay", "sim"…), for the flag's detail: never the fingerprint itself. */
export const methodKind = (fingerprint: SQL) => sql`split_part(${fingerprint}, ':', 1)`;

/**
 * A paid order's payment method became known after its commissions were
 * made: when it is one its direct beneficiary pays with, flag it once and
 * hold that beneficiary's pending commission on the order (as the consumer
 * would have). Returns the flags made.
 */
export async function flagSharedPayment(tx: Tx, tenantId: string, orderId: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with x as (
        select u.order_id, (u.upline->0->>'userId')::uuid as ben, pay.method_fingerprint as fp
          from order_uplines u
          join payments pay on pay.tenant_id = u.tenant_id and pay.order_id = u.order_id and pay.status = 'succeeded' and pay.method_fingerprint is not null
         where u.tenant_id = ${tenantId} and u.order_id = ${orderId}
           and jsonb_array_length(u.upline) > 0 and (u.upline->0->>'userId')::uuid <> u.buyer_id
           and ${paidBySameMethod(tenantId, sql`(u.upline->0->>'userId')::uuid`, sql`pay.method_fingerprint`, sql`u.order_id`)}
      ), f as (
        insert into distribution_flags (tenant_id, user_id, kind, order_id, detail)
        select ${tenantId}, x.ben, 'shared_payment', x.order_id, jsonb_build_object('method', ${methodKind(sql`x.fp`)}) from x
        on conflict do nothing
        returning user_id, order_id
      ), held as (
        update commissions k set status = 'held', updated_at = now()
          from f where k.tenant_id = ${tenantId} and k.order_id = f.order_id and k.beneficiary_id = f.user_id and k.status = 'pending'
      )
      select count(*)::int as n from f`),
  );
  return r?.n ?? 0;
}
