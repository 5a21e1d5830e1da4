import { measureStorefrontHome } from "../lib/storefront-home";
import type { Bench } from "../lib/types";

/** Requests/s of the decorated home in the storefront-home run; the floor (the same HTML from node:http) is logged beside it. */
const bench: Bench = {
  name: "storefront-home-rps",
  unit: "req/s",
  budget: 100,
  higherIsBetter: true,
  run: async (ctx) => (await measureStorefrontHome(ctx)).rps,
};
export default bench;
