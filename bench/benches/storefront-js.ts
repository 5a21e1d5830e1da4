import { measureStorefrontHome } from "../lib/storefront-home";
import type { Bench } from "../lib/types";

/** gzip KB of the JavaScript a shopper's browser loads for the decorated home (every script the page names). Budget 150 KB: the editor must stay out. */
const bench: Bench = {
  name: "storefront-js",
  unit: "KB",
  budget: 150,
  run: async (ctx) => (await measureStorefrontHome(ctx)).jsKb,
};
export default bench;
