import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { categories, productSkus, products } from "../schema";

/** The storefront's categories, in the merchant's order. */
export async function storefrontCategories(tx: Tx, tenantId: string) {
  return tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.tenantId, tenantId))
    .orderBy(asc(categories.sort));
}

export async function catalogCounts(tx: Tx, tenantId: string) {
  const [r] = await tx
    .select({
      products: sql<number>`count(*)::int`,
      onSale: sql<number>`count(*) filter (where ${products.status} = 'on_sale')::int`,
    })
    .from(products)
    .where(eq(products.tenantId, tenantId));
  return r ?? { products: 0, onSale: 0 };
}

const cardFields = {
  id: products.id,
  categoryId: products.categoryId,
  name: products.name,
  subtitle: products.subtitle,
  images: products.images,
  minPriceFen: sql<number>`min(${productSkus.priceFen})::int`,
  stock: sql<number>`coalesce(sum(${productSkus.stock}), 0)::int`,
};
export type ProductCard = { id: string; categoryId: string | null; name: string; subtitle: string; images: string[]; minPriceFen: number; stock: number };

/** On-sale products by name/subtitle search and/or category, a page at a time. */
export async function searchProducts(tx: Tx, tenantId: string, f: { q?: string | null; categoryId?: string | null; limit: number; offset: number }): Promise<ProductCard[]> {
  const conds = [eq(products.tenantId, tenantId), eq(products.status, "on_sale")];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${products.name} ilike ${like} or ${products.subtitle} ilike ${like})`);
  }
  if (f.categoryId) conds.push(eq(products.categoryId, f.categoryId));
  return tx
    .select(cardFields)
    .from(products)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, products.tenantId), eq(productSkus.productId, products.id)))
    .where(and(...conds))
    .groupBy(products.tenantId, products.id)
    .orderBy(asc(products.sort), asc(products.id))
    .limit(f.limit)
    .offset(f.offset);
}

/** The product page: an on-sale product with its SKUs (null when missing, off sale or another tenant's). */
export async function storefrontProduct(tx: Tx, tenantId: string, productId: string) {
  const [p] = await tx
    .select({
      id: products.id,
      name: products.name,
      subtitle: products.subtitle,
      description: products.description,
      images: products.images,
      specs: products.specs,
      categoryId: products.categoryId,
    })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, productId), eq(products.status, "on_sale")));
  if (!p) return null;
  const skus = await tx
    .select({ id: productSkus.id, spec: productSkus.spec, priceFen: productSkus.priceFen, stock: productSkus.stock })
    .from(productSkus)
    .where(and(eq(productSkus.tenantId, tenantId), eq(productSkus.productId, productId)))
    .orderBy(asc(productSkus.code));
  return { ...p, skus };
}
/** The SKUs of a product on sale as they are now (the cached product page's stock and prices are refreshed with these). */
export async function liveSkus(tx: Tx, tenantId: string, productId: string) {
  return tx
    .select({ id: productSkus.id, priceFen: productSkus.priceFen, stock: productSkus.stock })
    .from(productSkus)
    .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
    .where(and(eq(productSkus.tenantId, tenantId), eq(productSkus.productId, productId), eq(products.status, "on_sale")));
}

export type StorefrontProduct = NonNullable<Awaited<ReturnType<typeof storefrontProduct>>>;

/**
 * What a link to a product no longer on sale offers instead: on-sale products
 * of its category (when the product still exists), else the shop's first
 * on-sale products; never the product itself.
 */
export async function similarProducts(tx: Tx, tenantId: string, productId: string | null, limit = 4): Promise<ProductCard[]> {
  const [p] = productId
    ? await tx.select({ categoryId: products.categoryId }).from(products).where(and(eq(products.tenantId, tenantId), eq(products.id, productId)))
    : [];
  const others = (cards: ProductCard[]) => cards.filter((c) => c.id !== productId).slice(0, limit);
  if (p?.categoryId) {
    const same = others(await searchProducts(tx, tenantId, { categoryId: p.categoryId, limit: limit + 1, offset: 0 }));
    if (same.length) return same;
  }
  return others(await searchProducts(tx, tenantId, { limit: limit + 1, offset: 0 }));
}
