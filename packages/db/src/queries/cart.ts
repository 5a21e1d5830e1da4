import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError, isUuid } from "../../../core/src/errors";
import { orderTotals } from "../../../orders/src/money";
import type { Tx } from "../client";
import { listAddresses } from "./addresses";
import { getStoreSettings } from "./store";
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

/** What the shopper sees of a SKU wherever it is listed to buy (cart, checkout). */
const skuLine = {
  skuId: productSkus.id,
  productId: products.id,
  productName: products.name,
  images: products.images,
  status: products.status,
  spec: productSkus.spec,
  priceFen: productSkus.priceFen,
  stock: productSkus.stock,
};
const skuProduct = and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId));

/**
 * The cart with current prices and stock (lines whose product went off sale
 * are shown as unavailable; a SKU removed by a spec edit drops out).
 */
export async function cartView(tx: Tx, tenantId: string, userId: string) {
  return tx
    .select({ ...skuLine, quantity: cartItems.quantity, refCode: cartItems.refCode })
    .from(cartItems)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, cartItems.tenantId), eq(productSkus.id, cartItems.skuId)))
    .innerJoin(products, skuProduct)
    .where(and(eq(cartItems.tenantId, tenantId), eq(cartItems.userId, userId)))
    .orderBy(asc(cartItems.addedAt));
}

/** SKUs as checkout shows them (buy now), in the order asked for; unknown ids are left out. */
export async function checkoutLines(tx: Tx, tenantId: string, items: { skuId: string; quantity: number }[]) {
  const ids = items.map((i) => i.skuId).filter(isUuid);
  if (!ids.length) return [];
  const rows = await tx
    .select(skuLine)
    .from(productSkus)
    .innerJoin(products, skuProduct)
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, ids)));
  return items.flatMap((i) => {
    const r = rows.find((x) => x.skuId === i.skuId);
    return r ? [{ ...r, quantity: i.quantity }] : [];
  });
}

/**
 * The "confirm order" page: the lines to buy (buy now, or the cart lines that
 * can be bought), their totals with the shop's shipping rule, the buyer's
 * addresses, and the share code the order will carry (the link's, else the
 * one a cart line came through).
 */
export async function checkoutPreview(
  tx: Tx,
  tenantId: string,
  userId: string,
  p: { fromCart: boolean; items: { skuId: string; quantity: number }[]; refCode: string | null },
) {
  const settings = await getStoreSettings(tx, tenantId);
  const cart = p.fromCart ? (await cartView(tx, tenantId, userId)).filter((l) => l.status === "on_sale" && l.stock >= l.quantity) : [];
  const lines = p.fromCart ? cart : (await checkoutLines(tx, tenantId, p.items)).filter((l) => l.status === "on_sale");
  const totals = lines.length
    ? orderTotals(
        lines.map((l) => ({ unitPriceFen: l.priceFen, quantity: l.quantity })),
        { flatFen: settings.shippingFlatFen, freeFromFen: settings.freeShippingFromFen },
      )
    : null;
  return {
    lines,
    totals,
    freeShippingFromFen: settings.freeShippingFromFen,
    addresses: await listAddresses(tx, tenantId, userId),
    refCode: p.refCode || (cart.find((l) => l.refCode)?.refCode ?? null),
  };
}
