import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../packages/db/src/client";
import { recomputeTeamSales, recomputeTeamSalesSql, teamSalesFromOrders, teamSalesFromRollup } from "../../packages/db/src/queries/distributors";
import { withTenant } from "../../packages/db/src/context";
import { ensureDistributionDataset, type DistributionDataset, withAppDb } from "../lib/distribution";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p50 of recomputing this month's team sales of the distributor with the
 * ~100,000-person downline without the rollups: the sum of the team sales
 * entries their team's orders wrote for them when paid and refunded
 * (recomputeTeamSales in packages/db/src/queries/distributors.ts: written in
 * markPaid / applyRefundSucceeded, the order's own transactions, not by the
 * outbox consumer that keeps distributor_month_stats; a primary-key range).
 * One withTenant transaction per recomputation, as app_user under RLS
 * (drizzle). Budget 50 ms.
 *
 * It is the recomputation that proves the rollups right: the bench throws
 * unless rollup = entries = the orders themselves (teamSalesFromOrders: paid
 * orders whose captured chain contains them, lines less refunds) for the hot
 * distributor and a sample at every depth (untimed; the from-orders figure,
 * a scan of the tenant's captured chains since RLS keeps the GIN index out,
 * is logged). EXPLAIN (ANALYZE, BUFFERS) of the timed statement goes to stderr.
 */
const ITERATIONS = Number(process.env.BENCH_RECOMPUTE_ITERATIONS ?? 40);
const WARMUP = 5;

let ds: DistributionDataset;

/** The app's recomputation (packages/db/src/queries/distributors.ts). */
const recompute = (tx: Tx, userId: string) => recomputeTeamSales(tx, ds.tenantId, userId, ds.month);
const fromOrders = (tx: Tx, userId: string) => teamSalesFromOrders(tx, ds.tenantId, userId, ds.month, ds.timeZone);

const rollup = (tx: Tx, userId: string) => teamSalesFromRollup(tx, ds.tenantId, userId, ds.month);

const bench: Bench = {
  name: "team-sales-recompute",
  unit: "ms",
  budget: 50,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
  },

  async run(ctx: BenchContext) {
    return withAppDb(ctx, async (db) => {
      // The proof, untimed: recomputed = rollup for the hot one and a sample at every depth.
      const sample = await ctx.sql<{ uid: string; lvl: number }[]>`
        select distinct on (lvl) uid::text as uid, lvl from bench.dist_tree
         where n % 997 = 3 order by lvl, n`;
      const who = [{ uid: ds.hotId, lvl: 0 }, ...sample];
      let hot = { fen: 0, orders: 0 };
      await withTenant(db, ds.tenantId, async (tx) => {
        for (const w of who) {
          const [r, s, o] = [await recompute(tx, w.uid), await rollup(tx, w.uid), await fromOrders(tx, w.uid)];
          if (r.fen !== o.fen || r.orders !== o.orders)
            throw new Error(`team sales entries are wrong for ${w.uid} (depth ${w.lvl}): ${r.fen} fen over ${r.orders} orders, the orders say ${o.fen} over ${o.orders}`);
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
      ctx.log(`team-sales-recompute: rollup = entries = orders for ${who.length} distributors (depths 0–${Math.max(...who.map((w) => w.lvl))}); hot: ${hot.fen} fen over ${hot.orders} orders in ${ds.month}`);

      const samples = await timeEach(ITERATIONS, WARMUP, async () => {
        const r = await withTenant(db, ds.tenantId, (tx) => recompute(tx, ds.hotId));
        if (r.fen !== hot.fen) throw new Error(`recomputation changed: ${r.fen} vs ${hot.fen}`);
      });
      const s = summarize(samples);
      ctx.log(`team-sales-recompute: withTenant + recompute ${fmt(s)}`);
      const slow = await timeEach(5, 1, async () => {
        await withTenant(db, ds.tenantId, (tx) => fromOrders(tx, ds.hotId));
      });
      ctx.log(`team-sales-recompute: (info) the same from the orders (teamSalesFromOrders) ${fmt(summarize(slow))}`);
      const plan = await withTenant(db, ds.tenantId, async (tx) => {
        const q = recomputeTeamSalesSql(ds.tenantId, ds.hotId, ds.month);
        return rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql`explain (analyze, buffers) ${q}`));
      });
      ctx.log(`team-sales-recompute: plan:\n  ${plan.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
      return s.p50;
    });
  },
};

export default bench;
