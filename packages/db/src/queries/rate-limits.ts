import { sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import { holdVerdict, RATE_LIMITS, rateKey, rateVerdict, type RateAction } from "../../../tenancy/src/rate-limits";
import { rowsOf, type Tx } from "../client";

/** FX_RATE_LIMITS=off turns every limit off: the test suites and e2e servers, which act many times as one user from one address. */
const limitsOff = () => process.env.FX_RATE_LIMITS === "off";

/**
 * Counts one `action` of `subject` (drizzle/0020: one upsert, exact across app
 * servers) and refuses with TOO_MANY_REQUESTS past the rule. Runs in the
 * caller's transaction: a refused or failed call rolls its hit back.
 */
export async function hitRateLimit(tx: Tx, action: RateAction, subject: string[], cost = 1): Promise<void> {
  if (limitsOff()) return;
  const rule = RATE_LIMITS[action];
  const [row] = rowsOf<{ n: number | string }>(await tx.execute(sql`select app_private.rate_hit(${rateKey(action, ...subject)}, ${rule.windowSeconds}::int, ${cost}::bigint) as n`));
  const verdict = rateVerdict(action, Number(row!.n));
  if (verdict) throw new AppError("TOO_MANY_REQUESTS", verdict.key, verdict.params);
}

/**
 * A shopper holds at most MAX_UNPAID_ORDERS unpaid orders (MAX_RESERVED_UNITS units) in a shop, so nobody
 * can sit on its stock. Called right after an order is placed: its own order and units are in the count.
 */
export async function assertMayReserve(tx: Tx, tenantId: string, buyerId: string): Promise<void> {
  if (limitsOff()) return;
  const [row] = rowsOf<{ orders: number | string; units: number | string }>(
    await tx.execute(sql`
      select count(distinct o.id) as orders, coalesce(sum(l.quantity), 0) as units
        from orders o join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
       where o.tenant_id = ${tenantId} and o.buyer_id = ${buyerId} and o.status = 'created'`),
  );
  const verdict = holdVerdict(Number(row!.orders) - 1, Number(row!.units), 0);
  if (verdict) throw new AppError("TOO_MANY_REQUESTS", verdict.key, verdict.params);
}
