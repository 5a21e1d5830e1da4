import { sql } from "drizzle-orm";
import { rowsOf } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { uplineOf, uplineOfSql } from "../../packages/db/src/queries/referrals";
import { DEPTH, ensureDistributionDataset, timeTenantReads, type DistributionDataset, withAppDb } from "../lib/distribution";
import { fmt } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p99 of reading a shopper's 3-level upline, what an order placement reads:
 * packages/db/src/queries/referrals.ts uplineOf (one referral_bindings row by
 * primary key, its path unnested, the first three active ancestors joined to
 * distributors), as app_user under RLS through the app's drizzle client, over
 * the 1,000,000-distributor tree (bench/lib/distribution.ts). Shoppers are
 * drawn at random depths (a depth 1–12 uniformly, then a random distributor
 * of that depth). Each answer is checked (min(3, depth) ancestors, the first
 * being the referrer). Timed as timeTenantReads does (bench/lib/distribution.ts:
 * inside one open tenant transaction; withTenant per read logged). Budget 1 ms.
 */
const ITERATIONS = Number(process.env.BENCH_UPLINE_ITERATIONS ?? 5000);

let ds: DistributionDataset;
let shoppers: { uid: string; lvl: number; parent: string }[] = [];

const bench: Bench = {
  name: "upline-3",
  unit: "ms",
  budget: 1,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
    const starts = ds.levelSizes.map((_, k) => ds.levelSizes.slice(0, k).reduce((a, b) => a + b, 0));
    // Reproducible: a simple LCG over (depth, index in the level).
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const ns = Array.from({ length: ITERATIONS }, () => {
      const k = 1 + Math.floor(rnd() * DEPTH);
      return starts[k]! + Math.floor(rnd() * ds.levelSizes[k]!);
    });
    const rows = await ctx.sql<{ n: number; uid: string; lvl: number; parent: string }[]>`
      select n, uid::text as uid, lvl, path[1]::text as parent from bench.dist_tree where n = any(${ns})`;
    const byN = new Map(rows.map((r) => [r.n, r]));
    shoppers = ns.map((n) => byN.get(n)!);
  },

  async run(ctx: BenchContext) {
    return withAppDb(ctx, async (db) => {
      const check = (s: (typeof shoppers)[number], up: { userId: string }[]) => {
        if (up.length !== Math.min(3, s.lvl) || up[0]!.userId !== s.parent)
          throw new Error(`upline of ${s.uid} (depth ${s.lvl}): got ${JSON.stringify(up)}`);
      };
      const { open, perRead } = await timeTenantReads(
        db,
        ds.tenantId,
        async (tx, i) => {
          const s = shoppers[i % shoppers.length]!;
          check(s, await uplineOf(tx, ds.tenantId, s.uid));
        },
        ITERATIONS,
      );
      ctx.log(`upline-3: uplineOf in one open tenant transaction ${fmt(open)}`);
      ctx.log(`upline-3: (info) withTenant + uplineOf per read ${fmt(perRead)}`);
      const plan = await withTenant(db, ds.tenantId, async (tx) =>
        rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql`explain (analyze, buffers) ${uplineOfSql(ds.tenantId, shoppers[0]!.uid)}`)),
      );
      ctx.log(`upline-3: plan (depth ${shoppers[0]!.lvl}):\n  ${plan.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
      return open.p99;
    });
  },
};

export default bench;
