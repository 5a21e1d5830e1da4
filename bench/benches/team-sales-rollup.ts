import type { Tx } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { teamSalesFromRollup } from "../../packages/db/src/queries/distributors";
import { ensureDistributionDataset, settle, type DistributionDataset, withAppDb } from "../lib/distribution";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p99 of reading this month's team sales of the distributor with the
 * ~100,000-person downline from the monthly rollups:
 *   select team_sales_fen from distributor_month_stats where tenant_id = $1 and user_id = $2 and month = $3
 * (primary key) as app_user under RLS through the app's drizzle client. As
 * upline-3, the statement is timed inside one open tenant transaction (the
 * transaction around it would dominate; withTenant per read is logged).
 * The rollups are the dataset's (bench/lib/distribution.ts) plus whatever
 * commission-throughput's consumer added; team-sales-recompute proves them.
 * Budget 1 ms.
 */
const ITERATIONS = 5000;
// Long enough for V8 to finish optimising the query path (a shorter one left compilation in the timed tail).
const WARMUP = 3000;

let ds: DistributionDataset;

const bench: Bench = {
  name: "team-sales-rollup",
  unit: "ms",
  budget: 1,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
    await settle(ctx); // after commission-throughput's writes too
  },

  async run(ctx: BenchContext) {
    return withAppDb(ctx, async (db) => {
      const read = (tx: Tx) => teamSalesFromRollup(tx, ds.tenantId, ds.hotId, ds.month);
      let value = 0;
      const samples = await withTenant(db, ds.tenantId, (tx) =>
        timeEach(ITERATIONS, WARMUP, async () => {
          value = await read(tx);
          if (!(value > 0)) throw new Error(`no team sales for the hot distributor in ${ds.month}`);
        }),
      );
      const s = summarize(samples);
      ctx.log(`team-sales-rollup: ${ds.month} team sales of the hot distributor (downline ${ds.hotDownline}) = ${value} fen; in one open tenant transaction ${fmt(s)}`);
      const whole = await timeEach(2000, 200, async () => {
        await withTenant(db, ds.tenantId, read);
      });
      ctx.log(`team-sales-rollup: (info) withTenant per read ${fmt(summarize(whole))}`);
      return s.p99;
    });
  },
};

export default bench;
