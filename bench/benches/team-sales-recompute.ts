import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Tx } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { ensureDistributionDataset, type DistributionDataset } from "../lib/distribution";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p50 of recomputing this month's team sales of the distributor with the
 * ~100,000-person downline from the orders themselves, not the rollups:
 * every order whose captured chain contains them (order_uplines.chain @>
 * {id}, GIN index), paid this month in the tenant's time zone, summing its
 * lines' totals minus what was refunded of them (see recomputeQuery). One withTenant transaction
 * per recomputation, as app_user under RLS (drizzle). Budget 50 ms.
 *
 * It is the recomputation that proves the rollups right: the bench throws
 * unless it equals distributor_month_stats.team_sales_fen, for the hot
 * distributor and for a sample of others at every depth (those untimed).
 * EXPLAIN (ANALYZE, BUFFERS) of the query goes to stderr.
 */
const ITERATIONS = Number(process.env.BENCH_RECOMPUTE_ITERATIONS ?? 40);
const WARMUP = 5;

let ds: DistributionDataset;

/**
 * The recomputation. Two choices, both measured on this dataset:
 *  - a line's net is line_total − refunded, and an order's lines total its
 *    subtotal (orderTotals), so the sum is Σ subtotal − Σ refunded of the
 *    lines of the few orders with a refund: order_lines is read only for
 *    those (CASE keeps the subquery from running for the others) instead of
 *    a join over every line of every order of the team;
 *  - the month's bounds are built from the tenant's time zone passed as a
 *    parameter: with `(select time_zone from tenants …)` inside, the bounds
 *    are unknown when planning and the paid_at range was estimated at 0.5%
 *    of the orders (88 rows for 15,000), which picked a nested loop per order.
 */
export const recomputeQuery = (tenantId: string, userId: string, month: string, timeZone: string) => sql`
  select coalesce(sum(o.subtotal_fen - case when o.refunded_fen > 0
                                            then (select coalesce(sum(l.refunded_fen), 0) from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)
                                            else 0 end), 0)::bigint as team_sales_fen,
         count(*)::int as orders
    from order_uplines u
    join orders o on o.tenant_id = u.tenant_id and o.id = u.order_id
   where u.tenant_id = ${tenantId} and u.chain @> array[${userId}::uuid]
     and o.paid_at >= (${month}::date::timestamp at time zone ${timeZone}::text)
     and o.paid_at < ((${month}::date + interval '1 month')::timestamp at time zone ${timeZone}::text)`;

async function recompute(tx: Tx, userId: string): Promise<{ fen: number; orders: number }> {
  const [r] = rowsOf<{ team_sales_fen: string | number; orders: number }>(await tx.execute(recomputeQuery(ds.tenantId, userId, ds.month, ds.timeZone)));
  return { fen: Number(r!.team_sales_fen), orders: r!.orders };
}

async function rollup(tx: Tx, userId: string): Promise<number> {
  const [r] = rowsOf<{ team: string | number }>(
    await tx.execute(sql`select team_sales_fen as team from distributor_month_stats where tenant_id = ${ds.tenantId} and user_id = ${userId} and month = ${ds.month}::date`),
  );
  return Number(r?.team ?? 0);
}

const bench: Bench = {
  name: "team-sales-recompute",
  unit: "ms",
  budget: 50,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
  },

  async run(ctx: BenchContext) {
    const database = await openDatabase({ kind: "postgres", url: ctx.url, max: 1 });
    try {
      const { db } = database;
      // The proof, untimed: recomputed = rollup for the hot one and a sample at every depth.
      const sample = await ctx.sql<{ uid: string; lvl: number }[]>`
        select distinct on (lvl) uid::text as uid, lvl from bench.dist_tree
         where n % 997 = 3 order by lvl, n`;
      const who = [{ uid: ds.hotId, lvl: 0 }, ...sample];
      let hot = { fen: 0, orders: 0 };
      await withTenant(db, ds.tenantId, async (tx) => {
        for (const w of who) {
          const [r, s] = [await recompute(tx, w.uid), await rollup(tx, w.uid)];
          if (r.fen !== s) {
            const [u] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from outbox where tenant_id = ${ds.tenantId} and processed_at is null`));
            throw new Error(
              `rollup is wrong for ${w.uid} (depth ${w.lvl}): team_sales_fen ${s}, recomputed from orders ${r.fen}` +
                (u!.n ? ` (${u!.n} outbox events are not processed yet: did commission-throughput stop early?)` : ""),
            );
          }
          if (w.uid === ds.hotId) hot = r;
        }
      });
      if (hot.fen <= 0) throw new Error("the hot distributor has no team sales this month");
      ctx.log(`team-sales-recompute: rollup = recomputation for ${who.length} distributors (depths 0–${Math.max(...who.map((w) => w.lvl))}); hot: ${hot.fen} fen over ${hot.orders} orders in ${ds.month}`);

      const samples = await timeEach(ITERATIONS, WARMUP, async () => {
        const r = await withTenant(db, ds.tenantId, (tx) => recompute(tx, ds.hotId));
        if (r.fen !== hot.fen) throw new Error(`recomputation changed: ${r.fen} vs ${hot.fen}`);
      });
      const s = summarize(samples);
      ctx.log(`team-sales-recompute: withTenant + recompute ${fmt(s)}`);
      // For information: the same with JIT off (at 1M its compilation was ~100 ms of ~320).
      const noJit = await timeEach(10, 2, async () => {
        await withTenant(db, ds.tenantId, async (tx) => {
          await tx.execute(sql`set local jit = off`);
          return recompute(tx, ds.hotId);
        });
      });
      ctx.log(`team-sales-recompute: (info) the same with set local jit = off ${fmt(summarize(noJit))}`);

      const plan = await withTenant(db, ds.tenantId, async (tx) => {
        const q = recomputeQuery(ds.tenantId, ds.hotId, ds.month, ds.timeZone);
        return rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql`explain (analyze, buffers) ${q}`));
      });
      ctx.log(`team-sales-recompute: plan:\n  ${plan.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
      return s.p50;
    } finally {
      await database.close();
    }
  },
};

export default bench;
