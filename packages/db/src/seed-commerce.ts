import { and, asc, eq, gt, sql } from "drizzle-orm";
import { createSimulator, simulatorEvent } from "../../payments/src/simulator";
import type { Db } from "./client";
import { withTenant } from "./context";
import { sendRefund } from "./flows/refunds";
import { saveAddress } from "./queries/addresses";
import { putCartItem } from "./queries/cart";
import { approveRefund, confirmReceipt, placeOrder, requestReturn, shipOrder } from "./queries/orders";
import { applyPaymentEvent, startPayment } from "./queries/payments";
import { getStoreSettings } from "./queries/store";
import { media, orders, productSkus, products, type AddressSnapshot } from "./schema";

const simulator = createSimulator();

/** A 1×1 PNG, so every tenant has a stored picture (return photos, product images). */
const PIXEL = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"),
);

/** The demo shopper's address (the demo distributor who "shares" it raises the shared-address flag). */
export const DEMO_ADDRESS = { name: "刘洋", phone: "13900001234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号 2 幢 301", isDefault: true };

/**
 * Demo orders for one tenant, made through the same functions the API uses:
 * one received (paid, shipped, confirmed), one refunded after a return, one
 * waiting for payment; plus an address, a cart line and a stored picture.
 * Skipped when the shopper already has orders there.
 */
export async function seedCommerce(db: Db, p: { tenantId: string; slug: string; shopperId: string; shopperName: string; staffId: string }) {
  const { tenantId, shopperId } = p;
  const done = await withTenant(db, tenantId, async (tx) => {
    await getStoreSettings(tx, tenantId);
    const [o] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.buyerId, shopperId))).limit(1);
    return !!o;
  });
  if (done) return;

  const { skus, address } = await withTenant(
    db,
    tenantId,
    async (tx) => {
      const skus = await tx
        .select({ id: productSkus.id })
        .from(productSkus)
        .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
        .where(and(eq(productSkus.tenantId, tenantId), eq(products.status, "on_sale"), gt(productSkus.stock, 5)))
        .orderBy(asc(products.sort), asc(productSkus.code))
        .limit(3);
      const a = await saveAddress(tx, tenantId, shopperId, DEMO_ADDRESS);
      await tx.insert(media).values({ tenantId, contentType: "image/png", bytes: PIXEL, size: PIXEL.length, uploadedBy: p.staffId });
      await putCartItem(tx, tenantId, shopperId, { skuId: skus[2]!.id, quantity: 1, mode: "set" });
      return { skus, address: a };
    },
    shopperId,
  );
  const snapshot = { name: address.name, phone: address.phone, province: address.province, city: address.city, district: address.district, detail: address.detail };
  const buyer = { id: shopperId, name: p.shopperName };

  const placeAndPay = (skuId: string, quantity: number, key: string, pay: boolean) => placeDemoOrder(db, { tenantId, slug: p.slug, buyer, address: snapshot }, skuId, quantity, key, pay);

  const received = await placeAndPay(skus[0]!.id, 2, "seed-received", true);
  await withTenant(db, tenantId, (tx) => shipOrder(tx, tenantId, received.id, p.staffId, { carrier: "顺丰速运", trackingNo: "SF1000000001" }), p.staffId);
  await withTenant(db, tenantId, (tx) => confirmReceipt(tx, tenantId, received.id, shopperId), shopperId);

  const returned = await placeAndPay(skus[1]!.id, 1, "seed-returned", true);
  await withTenant(db, tenantId, (tx) => shipOrder(tx, tenantId, returned.id, p.staffId, { carrier: "中通快递", trackingNo: "ZT2000000002" }), p.staffId);
  const refund = await withTenant(
    db,
    tenantId,
    (tx) => requestReturn(tx, tenantId, returned.id, shopperId, { reason: "尺寸不合适 / wrong size", photos: [] }),
    shopperId,
  );
  await withTenant(db, tenantId, (tx) => approveRefund(tx, tenantId, refund.id, p.staffId, { restock: true }), p.staffId);
  await sendRefund(db, { simulator }, tenantId, refund.id);

  await placeAndPay(skus[0]!.id, 1, "seed-unpaid", false);
  // Keep the demo's unpaid order open for a day rather than 30 minutes.
  await withTenant(db, tenantId, (tx) =>
    tx.execute(sql`update orders set expires_at = now() + interval '1 day' where tenant_id = ${tenantId} and idempotency_key = 'seed-unpaid'`),
  );
}

/** A demo order placed (and paid through the simulator when `pay`) by the same functions the API uses. */
export async function placeDemoOrder(
  db: Db,
  p: { tenantId: string; slug: string; buyer: { id: string; name: string }; address: AddressSnapshot },
  skuId: string,
  quantity: number,
  key: string,
  pay: boolean,
) {
  const { tenantId, buyer } = p;
  const shopperId = buyer.id;
  const snapshot = p.address;
  const order = await withTenant(
    db,
    tenantId,
    async (tx) => (await placeOrder(tx, { tenantId, buyer, items: [{ skuId, quantity }], address: snapshot, idempotencyKey: key })).order,
    shopperId,
  );
  if (!pay) return order;
  const paymentId = await withTenant(
    db,
    tenantId,
    async (tx) =>
      (
        await startPayment(tx, simulator, {
          tenant: { id: tenantId, slug: p.slug },
          orderId: order.id,
          buyerId: shopperId,
          feeBps: 0,
          shopBase: `/s/${p.slug}`,
          successUrl: () => "/",
          cancelUrl: "/",
        })
      ).paymentId,
    shopperId,
  );
  await withTenant(db, tenantId, (tx) => applyPaymentEvent(tx, tenantId, simulatorEvent(paymentId, "complete", order.totalFen, 0, order.buyerId)));
  return order;
}
