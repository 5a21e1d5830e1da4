/**
 * The pages a shop has before its merchant decorates anything: today's
 * storefront home (category chips over the newest products) and a category
 * page, so a shop without a release looks as it always did.
 */
import { DOCUMENT_VERSION, type PageDocument } from "./document";

export const defaultHomeDocument = (): PageDocument => ({
  version: DOCUMENT_VERSION,
  kind: "home",
  title: "",
  blocks: [
    { id: "home-categories", type: "categoryNav", props: { categoryIds: [], style: "chips" } },
    { id: "home-newest", type: "productGrid", props: { title: "", source: "newest", productIds: [], categoryId: null, count: 40, columns: 2 } },
  ],
});

export const defaultCategoryDocument = (): PageDocument => ({
  version: DOCUMENT_VERSION,
  kind: "category",
  title: "",
  blocks: [
    { id: "category-nav", type: "categoryNav", props: { categoryIds: [], style: "icons" } },
    { id: "category-best", type: "productList", props: { title: "", source: "bestSelling", productIds: [], categoryId: null, count: 10 } },
  ],
});
