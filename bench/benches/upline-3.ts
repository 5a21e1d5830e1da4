import { withTenant } from "../../packages/db/src/context";
import { uplineOf } from "../../packages/db/src/queries/referrals";
import { DEPTH, ensureDistributionDataset, settle, type DistributionDataset, withAppDb } from "../lib/distribution";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p99 of reading a shopper's 3-level upline, what an order placement reads:
 * packages/db/src/queries/referrals.ts uplineOf (one referral_bindings row by
 * primary key, its path unnested, the first three active ancestors joined to
 * distributors), as app_user under RLS through the app's drizzle client, over
 * the 1,000,000-distributor tree (bench/lib/distribution.ts). Shoppers are
 * drawn at random depths (a depth 1–12 uniformly, then a random distributor
 * of that depth). Each answer is checked (min(3, depth) ancestors, the first
 * being the referrer).
 *
 * The figure is the statement inside one open tenant transaction (withTenant
 * once, then ITERATIONS reads), because the transaction around it (begin;
 * set_config role/tenant/user; commit: three more round trips, what
 * tenant-tx measures) dominates a sub-millisecond read and is paid once per
 * order placement anyway. The whole withTenant-per-read figure is logged
 * too (stderr). Budget 1 ms.
 */
const ITERATIONS = Number(process.env.BENCH_UPLINE_ITERATIONS ?? 5000);
// Long enough for V8 to finish optimising the query path (a shorter one left compilation in the timed tail).
const WARMUP = 3000;

let ds: DistributionDataset;
let shoppers: { uid: string; lvl: number; parent: string }[] = [];

const bench: Bench = {
  name: "upline-3",
  unit: "ms",
  budget: 1,

  async setup(ctx: BenchContext) {
    ds = await ensureDistributionDataset(ctx);
    await settle(ctx); // after commission-throughput's writes too
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
      const samples = await withTenant(db, ds.tenantId, (tx) =>
        timeEach(ITERATIONS, WARMUP, async (i) => {
          const s = shoppers[i % shoppers.length]!;
          check(s, await uplineOf(tx, ds.tenantId, s.uid));
        }),
      );
      const s = summarize(samples);
      ctx.log(`upline-3: uplineOf in one open tenant transaction ${fmt(s)}`);
      const whole = await timeEach(2000, 200, async (i) => {
        const sh = shoppers[i % shoppers.length]!;
        check(sh, await withTenant(db, ds.tenantId, (tx) => uplineOf(tx, ds.tenantId, sh.uid)));
      });
      ctx.log(`upline-3: (info) withTenant + uplineOf per read ${fmt(summarize(whole))}`);
      await ctx.sql.begin(async (t) => {
        await t`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${ds.tenantId}, true), set_config('app.user_id', '', true)`;
        const plan = await t.unsafe(
          `explain (analyze, buffers) select d.user_id as "userId", d.level
             from referral_bindings b
             cross join lateral unnest(b.path) with ordinality x(uid, i)
             join distributors d on d.tenant_id = b.tenant_id and d.user_id = x.uid and d.status = 'active'
            where b.tenant_id = $1 and b.user_id = $2
            order by x.i limit 3`,
          [ds.tenantId, shoppers[0]!.uid],
        );
        ctx.log(`upline-3: plan (depth ${shoppers[0]!.lvl}):\n  ${plan.map((r) => r["QUERY PLAN"]).join("\n  ")}`);
      });
      return s.p99;
    });
  },
};

export default bench;
