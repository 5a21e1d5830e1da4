import { ensureDecoratedTea } from "../lib/decoration";
import { ensureDemo } from "../lib/demo";
import { ensureBuilt, floorOf, loadTest, startNext } from "../lib/next-server";
import { round } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p95 ms of the mini-program's home-page data call as the app makes it
 * (GET /api/trpc/shop.catalog.page: the live release's home document and its
 * block data, superjson) on tea's decorated home (20 blocks, two grids of 20
 * products), under `next start`, 20 connections, warm. Budget 50 ms. The same
 * answer served as a static file by node:http in the same run is the floor.
 */
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 15);

const bench: Bench = {
  name: "miniprogram-home",
  unit: "ms",
  budget: 50,

  async setup(ctx: BenchContext) {
    await ensureDemo(ctx);
    await ensureDecoratedTea(ctx);
    await ensureBuilt(ctx, "miniprogram-home");
  },

  async run(ctx: BenchContext) {
    const { base, stop } = await startNext(ctx);
    try {
      const input = encodeURIComponent(JSON.stringify({ json: { shop: "tea", kind: "home" } }));
      const url = `${base}/api/trpc/shop.catalog.page?input=${input}`;
      const res = await fetch(url);
      const body = await res.text();
      if (!res.ok) throw new Error(`shop.catalog.page answered ${res.status}: ${body.slice(0, 200)}`);
      const blocks = (JSON.parse(body) as { result: { data: { json: { doc: { blocks: unknown[] } | null } } } }).result.data.json.doc?.blocks.length ?? 0;
      if (blocks < 20) throw new Error(`the home document has ${blocks} blocks, expected the decorated 20`);
      await loadTest(url, 3);
      const api = await loadTest(url, SECONDS);
      const f = await floorOf(body, "application/json", SECONDS);
      ctx.log(
        `miniprogram-home: ${round(api.rps, 1)} req/s, p50 ${round(api.p50, 1)} ms, p95 ${round(api.p95, 1)} ms (${Math.round(body.length / 1024)} KB JSON, ${blocks} blocks); ` +
          `floor (the same JSON from node:http): ${round(f.rps, 1)} req/s, p95 ${round(f.p95, 2)} ms; ratio ${round(api.p95 / Math.max(f.p95, 0.01), 1)}×`,
      );
      return api.p95;
    } finally {
      stop();
    }
  },
};

export default bench;
