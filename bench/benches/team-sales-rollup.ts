import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { teamSalesFromRollup } from "../../packages/db/src/queries/distributors";
import { ensureDistributionDataset, timeTenantReads, type DistributionDataset, withAppDb } from "../lib/distribution";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p99 of reading this month's team sales of the distributor with the
 * ~100,000-person downline from the monthly rollups:
 *   select team_sales_fen from distributor_month_stats where tenant_id = $1 and user_id = $2 and month = $3
 * (primary key) as app_user under RLS through the app's drizzle client, timed
 * as timeTenantReads does (bench/lib/distribution.ts). The rollups are the
 * dataset's plus whatever commission-throughput's consumer added;
 * team-sales-recompute proves them. Budget 1 ms.
 *
 * Logged for information: a team's size (team tree, dashboards) read through
 * app_private.downline (the path index, migration 0010) against the same
 * count by a plain query, which RLS keeps off that index, for the hot
 * distributor and one at depth 6.
 */
let ds: DistributionDataset;

const bench: Bench = {
  name: "team-sales-rollup",
  unit: "ms",
  budget: 1,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
  },

  async run(ctx: BenchContext) {
    return withAppDb(ctx, async (db) => {
      let value = 0;
      const { open, perRead } = await timeTenantReads(db, ds.tenantId, async (tx) => {
        value = await teamSalesFromRollup(tx, ds.tenantId, ds.hotId, ds.month);
        if (!(value > 0)) throw new Error(`no team sales for the hot distributor in ${ds.month}`);
      });
      ctx.log(`team-sales-rollup: ${ds.month} team sales of the hot distributor (downline ${ds.hotDownline}) = ${value} fen; in one open tenant transaction ${fmt(open)}`);
      ctx.log(`team-sales-rollup: (info) withTenant per read ${fmt(perRead)}`);

      const [mid] = await ctx.sql<{ uid: string }[]>`select uid::text as uid from bench.dist_tree where lvl = 6 order by n limit 1`;
      const count = async (tx: Tx, q: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await tx.execute(q))[0]!.n;
      for (const [who, id] of [["hot", ds.hotId], ["depth 6", mid!.uid]] as const) {
        const sizes: number[] = [];
        const time = (q: ReturnType<typeof sql>) =>
          timeEach(5, 1, async () => {
            sizes.push(await withTenant(db, ds.tenantId, (tx) => count(tx, q)));
          });
        const viaDefiner = summarize(await time(sql`select count(*)::int as n from app_private.downline(${id}::uuid)`));
        const viaScan = summarize(await time(sql`select count(*)::int as n from referral_bindings where path @> array[${id}::uuid]`));
        if (new Set(sizes).size !== 1) throw new Error(`team sizes differ for ${who}: ${sizes.join(", ")}`);
        ctx.log(`team-sales-rollup: (info) team size of the ${who} distributor (${sizes[0]}): app_private.downline p50 ${viaDefiner.p50.toFixed(2)} ms, plain query under RLS p50 ${viaScan.p50.toFixed(2)} ms`);
      }
      return open.p99;
    });
  },
};

export default bench;
