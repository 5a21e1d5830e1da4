/**
 * What a renderer needs besides the document: the products, categories and
 * programme figures the blocks point at, resolved on the server for one shop
 * (H5) or fetched by the mini-program. Plain data, shared by both renderers.
 */
export type BlockProduct = { id: string; name: string; image: string | null; minPriceFen: number; soldOut: boolean };
export type BlockCategory = { id: string; name: string; image: string | null };

export type BlockData = {
  /** per block id: the products it shows, in order (manual picks that went off sale are left out) */
  products: Record<string, BlockProduct[]>;
  /** the shop's categories on sale, in the shop's order (a categoryNav picks from these) */
  categories: BlockCategory[];
  /** landing pages a link may name: slug → title */
  pages: Record<string, string>;
  /** the programme's headline rates for the recruitment block (basis points), or null when distribution is off */
  recruitment: { level1Bp: number; level2Bp: number | null } | null;
};

export type RenderContext = {
  /** the storefront's link base: "/s/tea" on the platform host, "" on the shop's own host */
  base: string;
  locale: "zh-CN" | "en";
  /** ms since epoch: the countdown's "now" (server render time) */
  now: number;
  preview?: boolean;
};

export const emptyBlockData = (): BlockData => ({ products: {}, categories: [], pages: {}, recruitment: null });
