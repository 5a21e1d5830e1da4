import { gzipSync } from "node:zlib";
import { ensureDecoratedTea } from "./decoration";
import { ensureDemo } from "./demo";
import { ensureBuilt, floorOf, loadTest, startNext } from "./next-server";
import { round } from "./stats";
import type { BenchContext } from "./types";

const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 15);

export type HomeFigures = { p95: number; rps: number; floorP95: number; floorRps: number; jsKb: number; blocks: number };

/**
 * The decorated home of tea (20 blocks, two grids of 20 products) under
 * `next start`, 20 connections, warm; the same HTML as a static file served
 * by node:http in the same run (the floor); and the JavaScript a shopper's
 * browser loads for it, gzipped. Measured once a run, read by three benches.
 */
export function measureStorefrontHome(ctx: BenchContext): Promise<HomeFigures> {
  return ctx.once("storefront-home", async () => {
    await ensureDemo(ctx);
    const home = await ensureDecoratedTea(ctx);
    await ensureBuilt(ctx, "storefront-home");
    const { base, stop } = await startNext(ctx);
    try {
      const url = `${base}/s/tea`;
      const res = await fetch(url);
      const html = await res.text();
      const rendered = (html.match(/data-block-type=/g) ?? []).length;
      if (rendered < home.blocks.length) throw new Error(`the home page renders ${rendered} blocks of ${home.blocks.length}`);
      // JavaScript the page loads: every script it names (the editor must not be among them), but the
      // legacy polyfills marked noModule, which a browser that runs modules (every one Next supports) skips.
      const tags = [...html.matchAll(/<script[^>]+src="([^"]+)"[^>]*>/g)];
      const srcs = [...new Set(tags.filter((m) => !/\snomodule\b/i.test(m[0])).map((m) => m[1]!))];
      let gz = 0;
      const sizes: string[] = [];
      for (const src of srcs) {
        const js = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
        const size = gzipSync(js, { level: 9 }).length;
        gz += size;
        sizes.push(`${src.split("/").pop()} ${round(size / 1024, 1)}`);
      }
      const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + gzipSync(Buffer.from(m[1]!)).length, 0);
      ctx.log(`storefront-js: ${srcs.length} scripts, ${round(gz / 1024, 1)} KB gzip (+ ${round(inline / 1024, 1)} KB inline data, not counted): ${sizes.join(", ")}`);
      await loadTest(url, 3); // warm
      const page = await loadTest(url, SECONDS);
      ctx.log(`storefront-home: ${page.n} requests in ${SECONDS} s, ${round(page.rps, 1)} req/s, p50 ${round(page.p50, 1)} ms, p95 ${round(page.p95, 1)} ms (${Math.round(html.length / 1024)} KB HTML)`);
      // The floor: the same bytes from node:http.
      const floor = await floorOf(html, "text/html; charset=utf-8", SECONDS);
      ctx.log(`storefront-home floor (static file, node:http): ${round(floor.rps, 1)} req/s, p95 ${round(floor.p95, 2)} ms; ratio ${round(page.p95 / Math.max(floor.p95, 0.01), 1)}×`);
      return { p95: page.p95, rps: page.rps, floorP95: floor.p95, floorRps: floor.rps, jsKb: gz / 1024, blocks: rendered };
    } finally {
      stop();
    }
  });
}
