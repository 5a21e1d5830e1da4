import { openDatabase } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { drainOutbox, type DrainResult } from "../../packages/db/src/flows/commissions";
import { loadPlan } from "../../packages/db/src/queries/distribution-settings";
import { createOrders, ensureDistributionDataset, type DistributionDataset } from "../lib/distribution";
import { nowMs } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * Orders per second turned from order.paid events into commission records,
 * end to end, by the app's outbox consumer (packages/db/src/flows/commissions.ts):
 * WORKERS concurrent drainOutbox loops (processOutboxBatch batches of 500 in
 * withTenant transactions, SKIP LOCKED sharing the queue, as the app's
 * after-payment drains and the jobs run it) until the outbox is empty. Each
 * batch: the captured uplines, the plan, the anti-fraud checks, the
 * commission rows, the month rollups of every chain member and their level
 * evaluation, the events marked processed.
 *
 * Setup (untimed): ORDERS (default 20,000) paid orders of random
 * distributors of the 1,000,000-distributor tree, their lines and uplines as
 * captureUpline writes them, and one order.paid outbox event each with the
 * payload markPaid builds (set-based SQL). Afterwards the bench throws unless
 * every event is processed and the commission rows are exactly what the plan
 * implies: per line, min(plan levels, beneficiaries) where the beneficiaries
 * are the buyer (self-purchase, when the plan pays it) and the captured
 * upline. A deadlock between workers (PostgreSQL aborts one transaction) is
 * retried, as the app's job would, and counted on stderr.
 * Budget: at least 1,000 orders/s.
 */
const ORDERS = Number(process.env.BENCH_COMMISSION_ORDERS ?? 20_000);
const WORKERS = Number(process.env.BENCH_COMMISSION_WORKERS ?? 2);
const BATCH = 500;

let ds: DistributionDataset;

const bench: Bench = {
  name: "commission-throughput",
  unit: "orders/s",
  budget: 1000,
  higherIsBetter: true,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
    const { sql } = ctx;
    const t0 = nowMs();
    await createOrders(sql, {
      tenantId: ds.tenantId,
      tz: ds.timeZone,
      distributors: ds.distributors,
      thisMonth: ORDERS,
      lastMonth: 0,
      table: "bench.dist_paid_now",
      chainIdx: null,
      offset: 100_000_000,
      paidNow: true,
      refundShare: 0,
    });
    // order.paid as markPaid writes it, in order of payment.
    await sql`
      insert into outbox (tenant_id, topic, key, order_id, payload)
      select o.tenant_id, 'order.paid', 'order.paid:' || o.id, o.id,
             jsonb_build_object(
               'orderId', o.id::text, 'orderNo', o.no, 'buyerId', o.buyer_id::text, 'refCode', o.ref_code,
               'paymentId', gen_random_uuid()::text, 'totalFen', o.total_fen, 'shippingFen', o.shipping_fen,
               'lines', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'lineId', l.id, 'productId', l.product_id, 'skuId', l.sku_id, 'quantity', l.quantity,
                          'unitPriceFen', l.unit_price_fen, 'unitCostFen', l.unit_cost_fen, 'lineTotalFen', l.line_total_fen)
                        order by l.sku_code)
                   from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id), '[]'::jsonb))
        from bench.dist_paid_now s
        join orders o on o.tenant_id = ${ds.tenantId} and o.id = s.id
       order by s.g`;
    await sql`analyze outbox, orders, order_lines, order_uplines`;
    ctx.log(`commission-throughput: ${ORDERS} paid orders and order.paid events in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  },

  async run(ctx: BenchContext) {
    const { sql } = ctx;
    const database = await openDatabase({ kind: "postgres", url: ctx.url, max: WORKERS });
    const total: DrainResult = { events: 0, commissions: 0, reversals: 0, flags: 0, levelChanges: 0 };
    let deadlocks = 0;
    let seconds: number;
    try {
      const { db } = database;
      const { plan } = await withTenant(db, ds.tenantId, (tx) => loadPlan(tx, ds.tenantId));
      const worker = async () => {
        for (;;) {
          let r: DrainResult;
          try {
            r = await drainOutbox(db, ds.tenantId, BATCH);
          } catch (e) {
            if ((e as { code?: string }).code === "40P01" || (e as { cause?: { code?: string } }).cause?.code === "40P01") {
              deadlocks++;
              continue;
            }
            throw e;
          }
          for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
          if (r.events === 0) return;
        }
      };
      const t0 = nowMs();
      await Promise.all(Array.from({ length: WORKERS }, worker));
      seconds = (nowMs() - t0) / 1000;

      const [left] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where tenant_id = ${ds.tenantId} and processed_at is null`;
      const [got] = await sql<{ commissions: number; expected: number; lines: number }[]>`
        select (select count(*)::int from commissions c join bench.dist_paid_now s on s.id = c.order_id where c.tenant_id = ${ds.tenantId}) as commissions,
               sum(least(${plan.levels}::int,
                         (case when ${plan.selfPurchase}::boolean and u.buyer_level is not null then 1 else 0 end)
                         + (select count(*) from jsonb_array_elements(u.upline) e where (e->>'userId')::uuid <> u.buyer_id)))::int as expected,
               count(*)::int as lines
          from bench.dist_paid_now s
          join order_uplines u on u.tenant_id = ${ds.tenantId} and u.order_id = s.id
          join order_lines l on l.tenant_id = ${ds.tenantId} and l.order_id = s.id`;
      ctx.log(
        `commission-throughput: ${total.events} events in ${seconds.toFixed(1)} s by ${WORKERS} workers (batches of ${BATCH}); ` +
          `${total.commissions} commissions for ${got!.lines} lines (plan: ${plan.levels} levels, self-purchase ${plan.selfPurchase}, expected ${got!.expected}), ` +
          `${total.flags} flags, ${total.levelChanges} level changes, ${deadlocks} deadlocks retried`,
      );
      if (left!.n !== 0) throw new Error(`${left!.n} outbox events left unprocessed`);
      if (total.events !== ORDERS) throw new Error(`processed ${total.events} events, expected ${ORDERS}`);
      if (got!.commissions !== got!.expected || total.commissions !== got!.expected)
        throw new Error(`commission rows: ${got!.commissions} in the table, ${total.commissions} reported, ${got!.expected} implied by the plan`);
    } finally {
      await database.close();
    }
    return ORDERS / seconds;
  },
};

export default bench;
