import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { categories, productSkus, products } from "../schema";

/** Storefront home: categories and on-sale products with their lowest price and total stock. */
export async function storefrontCatalog(tx: Tx, tenantId: string) {
  const cats = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.tenantId, tenantId))
    .orderBy(asc(categories.sort));
  const items = await tx
    .select({
      id: products.id,
      categoryId: products.categoryId,
      name: products.name,
      subtitle: products.subtitle,
      emoji: products.emoji,
      images: products.images,
      minPriceFen: sql<number>`min(${productSkus.priceFen})::int`,
      stock: sql<number>`coalesce(sum(${productSkus.stock}), 0)::int`,
    })
    .from(products)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, products.tenantId), eq(productSkus.productId, products.id)))
    .where(and(eq(products.tenantId, tenantId), eq(products.status, "on_sale")))
    .groupBy(products.tenantId, products.id)
    .orderBy(asc(products.sort));
  return { categories: cats, products: items };
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
