import { z } from "zod";
import type { Db, Tx } from "../../../db/src/client";
import { withContext } from "../../../db/src/context";
import { searchProducts, storefrontCategories, storefrontProduct } from "../../../db/src/queries/catalog";
import { publicShopWithPicks } from "../../../db/src/queries/personal-shops";
import { PAGE_KINDS } from "../../../decoration/src";
import { storefrontDesign } from "../../../server/src/storefront-design";
import { livePageKey } from "../../../server/src/live-pages";
import { shopInput } from "../../../orders/src/schemas";
import { publicProcedure, router } from "../trpc";

/**
 * What the H5 storefront renders on the server and the mini-program must ask
 * for: the live release's pages with their block data, categories, search,
 * a product, a distributor's shop. Anyone may ask; an unknown or inactive
 * shop answers empty (null), as the H5 pages 404.
 */
const live = <T>(db: Db, shop: string, run: (tx: Tx, tenantId: string) => Promise<T>) =>
  withContext(db, { storefront: shop }, async (tx, s) => (s?.status === "active" ? run(tx, s.id) : null));

export const shopCatalogRouter = router({
  /** One page of the live release (home, category or a landing page by slug) with the data its blocks show, and the theme. */
  page: publicProcedure
    .input(shopInput.extend({ kind: z.enum(PAGE_KINDS).default("home"), slug: z.string().max(40).optional() }))
    .query(({ ctx, input }) => {
      // The same read as the H5 page (packages/server/src/storefront-design.ts): a release without a home or
      // category page shows the default one, links to landing pages carry their titles.
      const read = () =>
        live(ctx.db, input.shop, async (tx, tenantId) => {
          const d = await storefrontDesign(tx, tenantId, { kind: input.kind, slug: input.slug });
          return { tenantId, value: { version: d.version, theme: d.theme, name: d.name, doc: d.doc, data: d.doc ? d.data : null } };
        });
      // Kept as the H5 page's render is (dropped by the shop's storefront writes), when the app keeps it.
      if (ctx.livePages) return ctx.livePages(livePageKey(input.shop, input.kind, input.slug), read);
      return read().then((r) => r?.value ?? null);
    }),
  categories: publicProcedure.input(shopInput).query(({ ctx, input }) => live(ctx.db, input.shop, (tx, tenantId) => storefrontCategories(tx, tenantId))),
  search: publicProcedure
    .input(shopInput.extend({ q: z.string().trim().max(60).nullish(), categoryId: z.string().uuid().nullish(), page: z.number().int().min(1).max(100).default(1) }))
    .query(({ ctx, input }) =>
      live(ctx.db, input.shop, (tx, tenantId) => searchProducts(tx, tenantId, { q: input.q, categoryId: input.categoryId, limit: 20, offset: (input.page - 1) * 20 })),
    ),
  product: publicProcedure
    .input(shopInput.extend({ productId: z.string().uuid({ error: "notFound" }) }))
    .query(({ ctx, input }) => live(ctx.db, input.shop, (tx, tenantId) => storefrontProduct(tx, tenantId, input.productId))),
  /** A distributor's personal shop (/d/{code} on H5): name, approved content, and their picks as a product grid. */
  personalShop: publicProcedure
    .input(shopInput.extend({ code: z.string().trim().min(1).max(32) }))
    .query(({ ctx, input }) =>
      live(ctx.db, input.shop, (tx, tenantId) => publicShopWithPicks(tx, tenantId, input.code)),
    ),
});
