import { openDatabase } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { drainOutbox, OUTBOX_BATCH, type DrainResult } from "../../packages/db/src/flows/commissions";
import { loadPlan } from "../../packages/db/src/queries/distribution-settings";
import { createOrders, ensureDistributionDataset, type DistributionDataset } from "../lib/distribution";
import { nowMs } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * Orders per second turned from order.paid events into commission records,
 * end to end, by the app's outbox consumer (packages/db/src/flows/commissions.ts):
 * WORKERS concurrent drainOutbox loops (processOutboxBatch batches of OUTBOX_BATCH, 250, in
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
 * retried, as the app's job would, and counted on stderr. After
 * BENCH_COMMISSION_SECONDS (default 180) the bench cancels the batches in
 * flight and reports the events processed so far per second (the checks
 * then cover the processed orders), so a consumer that does not scale shows
 * as a low figure rather than a run that never ends; the orders left
 * unprocessed are then deleted, so the rollups still match the orders for
 * the benches that follow.
 * Budget: at least 1,000 orders/s.
 */
const ORDERS = Number(process.env.BENCH_COMMISSION_ORDERS ?? 20_000);
const WORKERS = Number(process.env.BENCH_COMMISSION_WORKERS ?? 2);
const BATCH = OUTBOX_BATCH;
/** Past this, in-flight batches are cancelled and the figure is what was processed so far (a failing figure, not a hang). */
const DEADLINE_S = Number(process.env.BENCH_COMMISSION_SECONDS ?? 180);

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
    let processed = 0;
    try {
      const { db } = database;
      const { plan } = await withTenant(db, ds.tenantId, (tx) => loadPlan(tx, ds.tenantId));
      let stopped = false;
      const codeOf = (e: unknown) => (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      const worker = async () => {
        while (!stopped) {
          let r: DrainResult;
          try {
            r = await drainOutbox(db, ds.tenantId, BATCH);
          } catch (e) {
            if (codeOf(e) === "40P01") {
              deadlocks++;
              continue;
            }
            if (stopped && codeOf(e) === "57014") return;
            throw e;
          }
          for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
          if (r.events === 0) return;
        }
      };
      const [{ me }] = (await sql<{ me: number }[]>`select pg_backend_pid() as me`) as unknown as [{ me: number }];
      const cancel = async () => {
        stopped = true;
        await sql`select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and pid <> ${me} and state <> 'idle'`;
      };
      let timer: NodeJS.Timeout | undefined;
      const deadline = setTimeout(() => {
        ctx.log(`commission-throughput: ${DEADLINE_S} s deadline: cancelling the batches in flight`);
        void cancel();
        timer = setInterval(() => void cancel(), 1000);
      }, DEADLINE_S * 1000);
      const t0 = nowMs();
      try {
        await Promise.all(Array.from({ length: WORKERS }, worker));
      } finally {
        clearTimeout(deadline);
        clearInterval(timer);
      }
      seconds = (nowMs() - t0) / 1000;

      const [left] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where tenant_id = ${ds.tenantId} and processed_at is null`;
      const [done] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where tenant_id = ${ds.tenantId} and processed_at is not null and order_id in (select id from bench.dist_paid_now)`;
      processed = done!.n;
      const [got] = await sql<{ commissions: number; expected: number; lines: number }[]>`
        select (select count(*)::int from commissions c join bench.dist_paid_now s on s.id = c.order_id where c.tenant_id = ${ds.tenantId}) as commissions,
               coalesce(sum(least(${plan.levels}::int,
                         (case when ${plan.selfPurchase}::boolean and u.buyer_level is not null then 1 else 0 end)
                         + (select count(*) from jsonb_array_elements(u.upline) e where (e->>'userId')::uuid <> u.buyer_id))), 0)::int as expected,
               count(*)::int as lines
          from bench.dist_paid_now s
          join order_uplines u on u.tenant_id = ${ds.tenantId} and u.order_id = s.id
          join order_lines l on l.tenant_id = ${ds.tenantId} and l.order_id = s.id
         where exists (select 1 from outbox x where x.tenant_id = ${ds.tenantId} and x.order_id = s.id and x.processed_at is not null)`;
      ctx.log(
        `commission-throughput: ${stopped ? `STOPPED at the deadline: ${processed} of ${ORDERS}` : total.events} events in ${seconds.toFixed(1)} s by ${WORKERS} workers (batches of ${BATCH}); ` +
          `${got!.commissions} commissions for ${got!.lines} lines (plan: ${plan.levels} levels, self-purchase ${plan.selfPurchase}, expected ${got!.expected}), ` +
          `${total.flags} flags, ${total.levelChanges} level changes, ${deadlocks} deadlocks retried`,
      );
      if (stopped) {
        // Leave the dataset consistent for the benches after this one: the
        // orders whose events were not processed go (their rollups never came).
        await sql.begin(async (t) => {
          await t`create temp table undone on commit drop as
                  select order_id from outbox where tenant_id = ${ds.tenantId} and processed_at is null and order_id in (select id from bench.dist_paid_now)`;
          await t`delete from outbox where tenant_id = ${ds.tenantId} and order_id in (select order_id from undone)`;
          await t`delete from team_sales_entries where tenant_id = ${ds.tenantId} and order_id in (select order_id from undone)`;
          await t`delete from order_uplines where tenant_id = ${ds.tenantId} and order_id in (select order_id from undone)`;
          await t`delete from order_lines where tenant_id = ${ds.tenantId} and order_id in (select order_id from undone)`;
          await t`delete from orders where tenant_id = ${ds.tenantId} and id in (select order_id from undone)`;
        });
      }
      if (!stopped && left!.n !== 0) throw new Error(`${left!.n} outbox events left unprocessed`);
      if (!stopped && total.events !== ORDERS) throw new Error(`processed ${total.events} events, expected ${ORDERS}`);
      if (stopped ? got!.commissions !== got!.expected : got!.commissions !== got!.expected || total.commissions !== got!.expected)
        throw new Error(`commission rows: ${got!.commissions} in the table, ${total.commissions} reported, ${got!.expected} implied by the plan`);
    } finally {
      await database.close();
    }
    return processed / seconds;
  },
};

export default bench;
