import type autocannon from "autocannon";
import { ensureDemoCatalog } from "../lib/demo";
import { cannon, ensureBuilt, startNext } from "../lib/next-server";
import { percentile, round } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p95 latency of the storefront product page (/s/tea/p/{id}, the page a share
 * link opens, half of the requests with ?ref=) under `next start`, with
 * autocannon: 20 connections for BENCH_PAGE_SECONDS (default 15) over random
 * products of a 10,000-product shop. Budget 100 ms.
 *
 * The page is a cached render (ISR: rendered on a product's first visit, then
 * served until the merchant changes the catalogue or it is 5 minutes old;
 * stock and the visitor's own bits are fetched by the browser). So the run
 * first visits every product once (the cold pass, each a render; its req/s
 * and percentiles are logged) and the figure is the shop in use: every page
 * visited since the last change. Prints requests/s too.
 * The app is built first (`next build`) unless BENCH_SKIP_BUILD=1.
 */
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 15);
const CONNECTIONS = 20;

let ids: string[] = [];

const bench: Bench = {
  name: "storefront-product-page",
  unit: "ms",
  budget: 100,

  async setup(ctx: BenchContext) {
    ids = await ensureDemoCatalog(ctx, 10_000);
    if (ids.length < 10_000) throw new Error(`the tea shop has ${ids.length} products on sale, expected 10,000`);
    await ensureBuilt(ctx, "storefront-product-page");
  },

  async run(ctx: BenchContext) {
    const { base, stop } = await startNext(ctx);
    try {
      // Cold: every product page once, in order (each is rendered and stored).
      let next = 0;
      const cold: number[] = [];
      const coldPass = await cannon(
        { url: base, connections: CONNECTIONS, amount: ids.length, requests: [{ setupRequest: (req) => ({ ...req, path: `/s/tea/p/${ids[next++ % ids.length]}` }) }] },
        (ms) => cold.push(ms),
      );
      if (coldPass.non2xx || coldPass.errors) throw new Error(`cold pass: ${coldPass.non2xx} non-2xx responses, ${coldPass.errors} errors`);
      ctx.log(
        `storefront-product-page: cold pass (first visit of each of ${ids.length} products, rendered): ${round(coldPass.requests.average, 1)} req/s, p50 ${round(percentile(cold, 50), 1)} ms, p95 ${round(percentile(cold, 95), 1)} ms`,
      );
      let n = 0;
      const randomPath = () => `/s/tea/p/${ids[Math.floor(Math.random() * ids.length)]}${n++ % 2 ? "?ref=TEA0001" : ""}`;
      const requests: autocannon.Request[] = [{ setupRequest: (req) => ({ ...req, path: randomPath() }) }];
      const latencies: number[] = [];
      let bad = 0;
      const result = await cannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests }, (ms, status) => {
        latencies.push(ms);
        if (status !== 200) bad++;
      });
      if (bad) throw new Error(`${bad} of ${latencies.length} responses were not 200`);
      if (result.errors || result.timeouts) throw new Error(`${result.errors} errors, ${result.timeouts} timeouts`);
      const p95 = percentile(latencies, 95);
      ctx.log(
        `storefront-product-page: ${latencies.length} requests in ${SECONDS} s, ${round(result.requests.average, 1)} req/s, p50 ${round(percentile(latencies, 50), 1)} ms, p95 ${round(p95, 1)} ms, p99 ${round(percentile(latencies, 99), 1)} ms`,
      );
      return p95;
    } finally {
      stop();
    }
  },
};

export default bench;
