import { measureStorefrontHome } from "../lib/storefront-home";
import type { Bench } from "../lib/types";

/** The decorated home's p95 over the same HTML's p95 as a static file served by node:http, in the same run (the floor). */
const bench: Bench = {
  name: "storefront-home-floor-ratio",
  unit: "ratio",
  budget: 100,
  run: async (ctx) => {
    const f = await measureStorefrontHome(ctx);
    return f.p95 / Math.max(f.floorP95, 0.01);
  },
};
export default bench;
