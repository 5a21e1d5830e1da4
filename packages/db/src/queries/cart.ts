import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError, isUuid } from "../../../core/src/errors";
import type { Tx } from "../client";
import { cartItems, productSkus, products } from "../schema";

/** Adds to (or sets) a cart line. The SKU must be on sale in this tenant; quantity is checked against stock. */
export async function putCartItem(
  tx: Tx,
  tenantId: string,
  userId: string,
  input: { skuId: string; quantity: number; mode: "add" | "set"; refCode?: string | null },
) {
  const sku = await skuOnSale(tx, tenantId, input.skuId);
  const [current] = await tx
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.tenantId, tenantId), eq(cartItems.userId, userId), eq(cartItems.skuId, input.skuId)));
  const quantity = input.mode === "add" ? (current?.quantity ?? 0) + input.quantity : input.quantity;
  if (quantity > sku.stock) throw new AppError("CONFLICT", "order.outOfStock", { name: sku.productName, stock: sku.stock }, "quantity");
  if (quantity > 999) throw new AppError("BAD_REQUEST", "order.quantityInvalid", {}, "quantity");
  await tx
    .insert(cartItems)
    .values({ tenantId, userId, skuId: input.skuId, quantity, refCode: input.refCode ?? null })
    .onConflictDoUpdate({
      target: [cartItems.tenantId, cartItems.userId, cartItems.skuId],
      set: { quantity, refCode: sql`coalesce(excluded.ref_code, ${cartItems.refCode})` },
    });
  return { quantity };
}

export async function removeCartItem(tx: Tx, tenantId: string, userId: string, skuId: string) {
  if (!isUuid(skuId)) return;
  await tx.delete(cartItems).where(and(eq(cartItems.tenantId, tenantId), eq(cartItems.userId, userId), eq(cartItems.skuId, skuId)));
}

export async function skuOnSale(tx: Tx, tenantId: string, skuId: string) {
  if (!isUuid(skuId)) throw new AppError("NOT_FOUND", "order.skuUnavailable", { name: "" }, "skuId");
  const [sku] = await tx
    .select({ id: productSkus.id, stock: productSkus.stock, productName: products.name, status: products.status })
    .from(productSkus)
    .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
    .where(and(eq(productSkus.tenantId, tenantId), eq(productSkus.id, skuId)));
  // A SKU of another tenant is invisible under RLS: the same answer as one that does not exist.
  if (!sku || sku.status !== "on_sale") throw new AppError("NOT_FOUND", "order.skuUnavailable", { name: sku?.productName ?? "" }, "skuId");
  return sku;
}

/** The cart with current prices and stock (lines whose product went off sale are shown as unavailable). */
export async function cartView(tx: Tx, tenantId: string, userId: string) {
  return tx
    .select({
      skuId: cartItems.skuId,
      quantity: cartItems.quantity,
      refCode: cartItems.refCode,
      productId: products.id,
      productName: products.name,
      emoji: products.emoji,
      images: products.images,
      status: products.status,
      spec: productSkus.spec,
      priceFen: productSkus.priceFen,
      stock: productSkus.stock,
    })
    .from(cartItems)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, cartItems.tenantId), eq(productSkus.id, cartItems.skuId)))
    .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
    .where(and(eq(cartItems.tenantId, tenantId), eq(cartItems.userId, userId)))
    .orderBy(asc(cartItems.addedAt));
}

export async function cartCount(tx: Tx, tenantId: string, userId: string) {
  const [r] = await tx
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    // The same lines as cartView: a SKU deleted by a spec edit no longer counts.
    .innerJoin(productSkus, and(eq(productSkus.tenantId, cartItems.tenantId), eq(productSkus.id, cartItems.skuId)))
    .where(and(eq(cartItems.tenantId, tenantId), eq(cartItems.userId, userId)));
  return r?.n ?? 0;
}

/** SKUs as checkout shows them (buy-now or cart lines): name, spec, price, stock, picture. */
export async function checkoutLines(tx: Tx, tenantId: string, items: { skuId: string; quantity: number }[]) {
  const ids = items.map((i) => i.skuId).filter(isUuid);
  if (!ids.length) return [];
  const rows = await tx
    .select({
      skuId: productSkus.id,
      productId: products.id,
      productName: products.name,
      emoji: products.emoji,
      images: products.images,
      status: products.status,
      spec: productSkus.spec,
      priceFen: productSkus.priceFen,
      stock: productSkus.stock,
    })
    .from(productSkus)
    .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, ids)));
  return items.flatMap((i) => {
    const r = rows.find((x) => x.skuId === i.skuId);
    return r ? [{ ...r, quantity: i.quantity }] : [];
  });
}
