import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/**
 * Anti-fraud, shared payment method (PRODUCT.md §4.10): the payment method
 * behind `fingerprint` (SQL) also paid for one of the distributor `ben`'s own
 * orders in this shop (another order than `orderId`). One predicate for the
 * outbox consumer's check at payment and for a fingerprint that arrives later
 * (Stripe's charge.succeeded may follow checkout.session.completed).
 */
export const paidBySameMethod = (tenantId: string, ben: SQL, fingerprint: SQL, orderId: SQL) => sql`
  exists (select 1 from payments q
            join orders qo on qo.tenant_id = q.tenant_id and qo.id = q.order_id
           where q.tenant_id = ${tenantId} and q.method_fingerprint = ${fingerprint} and q.status = 'succeeded'
             and qo.buyer_id = ${ben} and q.order_id <> ${orderId})`;

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
