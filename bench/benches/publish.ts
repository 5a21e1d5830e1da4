import { openDatabase } from "../../packages/db/src/client";
import { withContext } from "../../packages/db/src/context";
import { draftContent, liveContent, publish, putDrafts } from "../../packages/db/src/queries/design";
import { ensureDemo } from "../lib/demo";
import { decoratedHome, findImage } from "../lib/decoration";
import { percentile, round, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p50 ms to publish a release of 10 pages × 50 blocks (PRODUCT.md §6.4): the
 * drafts read, every page validated again (schemas, and every product,
 * category, page and picture checked to be the shop's own), the diff against
 * the release before, the numbered insert under the shop row's lock, the
 * shop row's theme and the audit row. Budget 200 ms. On the fresh shop.
 */
const RUNS = Number(process.env.BENCH_PUBLISH_RUNS ?? 30);

const bench: Bench = {
  name: "publish",
  unit: "ms",
  budget: 200,

  async setup(ctx: BenchContext) {
    const demo = await ensureDemo(ctx);
    const d = await openDatabase({ kind: "postgres", url: ctx.url, max: 1 });
    try {
      await withContext(d.db, { tenantId: demo.freshId, userId: demo.agencyUserId }, async (tx) => {
        const live = await liveContent(tx, demo.freshId);
        const image = findImage(live.content.pages);
        const ids = (await ctx.sql<{ id: string }[]>`select id::text as id from products where tenant_id = ${demo.freshId} and status = 'on_sale' order by sort limit 20`).map((r) => r.id);
        const [cat] = await ctx.sql<{ id: string }[]>`select id::text as id from categories where tenant_id = ${demo.freshId} order by sort limit 1`;
        const pages = [decoratedHome(ids, image, cat?.id ?? null, 50), decoratedHome(ids, image, cat?.id ?? null, 50, "category")];
        for (let i = 1; i <= 8; i++) pages.push(decoratedHome(ids, image, cat?.id ?? null, 50, "landing", `bench-${i}`));
        const drafts = await draftContent(tx, demo.freshId);
        await putDrafts(tx, demo.freshId, demo.agencyUserId, drafts.theme, pages);
      });
    } finally {
      await d.close();
    }
  },

  async run(ctx: BenchContext) {
    const demo = await ensureDemo(ctx);
    const d = await openDatabase({ kind: "postgres", url: ctx.url, max: 1 });
    try {
      let version = 0;
      const samples = await timeEach(RUNS, 3, async () => {
        version = (await withContext(d.db, { tenantId: demo.freshId, userId: demo.agencyUserId }, (tx) => publish(tx, demo.freshId, demo.agencyUserId, "bench"))).version;
      });
      const [r] = await ctx.sql<{ bytes: number }[]>`select pg_column_size(content)::int as bytes from releases where tenant_id = ${demo.freshId} and version = ${version}`;
      ctx.log(`publish: ${RUNS} releases of 10 pages × 50 blocks (${Math.round((r?.bytes ?? 0) / 1024)} KB stored each): p50 ${round(percentile(samples, 50), 1)} ms, p95 ${round(percentile(samples, 95), 1)} ms`);
      return percentile(samples, 50);
    } finally {
      await d.close();
    }
  },
};

export default bench;
