import { measureStorefrontHome } from "../lib/storefront-home";
import type { Bench } from "../lib/types";

/** p95 ms of tea's decorated home (20 blocks, two grids of 20 products) under next start, 20 connections, warm (bench/lib/storefront-home.ts). Budget 100 ms. */
const bench: Bench = {
  name: "storefront-home",
  unit: "ms",
  budget: 100,
  run: async (ctx) => (await measureStorefrontHome(ctx)).p95,
};
export default bench;
