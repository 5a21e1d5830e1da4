import type { PaymentsRuntime } from "../../../payments/src/types";
import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { assertMayReserve, hitRateLimit } from "../../../db/src/queries/rate-limits";
import { AppError, isUuid } from "../../../core/src/errors";
import { deleteAddress, listAddresses, saveAddress } from "../../../db/src/queries/addresses";
import { cartView, checkoutPreview, putCartItem, removeCartItem } from "../../../db/src/queries/cart";
import { addressSnapshot, cancelOrder, confirmReceipt, listOrders, orderDetail, placeOrder, requestReturn } from "../../../db/src/queries/orders";
import { drainInBackground } from "../../../db/src/flows/commissions";
import { applyPaymentEvent, paymentForBuyer, startPayment } from "../../../db/src/queries/payments";
import { storeImage } from "../../../db/src/queries/media";
import { orderEvents } from "../../../db/src/schema";
import { cartPutInput, checkoutInput, returnRequestInput, saveAddressInput, shopInput } from "../../../orders/src/schemas";
import { simulatorEvent } from "../../../payments/src/simulator";
import { withContext } from "../../../db/src/context";
import { liveSkus, similarProducts } from "../../../db/src/queries/catalog";
import { publicProcedure, shopperProcedure, router } from "../trpc";
import { shopCatalogRouter } from "./shop-catalog";
import { shopDistributionRouter } from "./shop-distribution";
import { shopWithdrawalsRouter } from "./shop-withdrawals";
import { confirmMiniProgramPayment, startMiniProgramPayment } from "../../../server/src/wechatpay-checkout";
import { sendRefund } from "../../../db/src/flows/refunds";

const uuid = (key: string) => z.string().uuid({ error: key });

export { safeShopBase } from "./_shop-base";
import { safeShopBase } from "./_shop-base";

/** Where a shopper lands after paying, and where a cancelled payment returns (the storefront of the order). */
function payUrls(shopBase: string, orderId: string) {
  return {
    shopBase,
    successUrl: (paymentId: string) => `${shopBase}/orders/${orderId}?paid=${paymentId}`,
    cancelUrl: `${shopBase}/orders/${orderId}`,
  };
}

/** The shopper's side of a storefront: cart, addresses, checkout, payment, orders, returns. */
/** New simulated payments only where the simulator policy allows them (production refuses it unless ALLOW_PAYMENT_SIMULATOR=1). */
function assertSimulatorUsable(payments: PaymentsRuntime) {
  if (payments.active.name === "simulator" && payments.simulator && !payments.simulator.usable) throw new AppError("FORBIDDEN", "payment.simulatorDisabled");
}

export const shopRouter = router({
  distribution: shopDistributionRouter,
  withdrawals: shopWithdrawalsRouter,
  /** Public reads of the live shop (the mini-program's pages; H5 renders them on the server). */
  catalog: shopCatalogRouter,
  /**
   * What the cached product page cannot know (it is the same for everyone and
   * rendered once): each SKU's stock and price now, and whether the visitor
   * is signed in. Anyone may ask; an unknown shop or a product off sale has no SKUs.
   */
  productLive: publicProcedure.input(shopInput.extend({ productId: uuid("notFound") })).query(({ ctx, input }) =>
    withContext(ctx.db, { storefront: input.shop }, async (tx, shop) => ({
      // A mini-program token counts in its own shop only (as shopperProcedure).
      signedIn: !!ctx.user || (!!shop && ctx.miniprogramShopper?.tenantId === shop.id),
      skus: shop?.status === "active" ? await liveSkus(tx, shop.id, input.productId) : [],
    })),
  ),
  /** A product link that leads nowhere any more (off sale, deleted): products to offer instead. Anyone may ask. */
  similar: publicProcedure.input(shopInput.extend({ productId: z.string().max(64) })).query(({ ctx, input }) =>
    withContext(ctx.db, { storefront: input.shop }, async (tx, shop) =>
      shop?.status === "active" ? similarProducts(tx, shop.id, isUuid(input.productId) ? input.productId : null) : [],
    ),
  ),
  cart: shopperProcedure.input(shopInput).query(({ ctx }) => cartView(ctx.tx, ctx.shop.id, ctx.user.id)),
  /** Confirm order: buy now (`items`) or the cart (`fromCart`), with totals, addresses and the share code. */
  checkoutPreview: shopperProcedure
    .input(
      shopInput.extend({
        fromCart: z.boolean().default(false),
        items: z.array(z.object({ skuId: z.string().max(64), quantity: z.number().int().min(1).max(999) })).max(50).default([]),
        refCode: z.string().trim().max(32).nullish(),
      }),
    )
    .query(({ ctx, input }) => checkoutPreview(ctx.tx, ctx.shop.id, ctx.user.id, { fromCart: input.fromCart, items: input.items, refCode: input.refCode ?? null })),
  cartPut: shopperProcedure.input(cartPutInput).mutation(({ ctx, input }) => putCartItem(ctx.tx, ctx.shop.id, ctx.user.id, input)),
  cartRemove: shopperProcedure
    .input(shopInput.extend({ skuId: uuid("order.skuUnavailable") }))
    .mutation(({ ctx, input }) => removeCartItem(ctx.tx, ctx.shop.id, ctx.user.id, input.skuId)),

  addresses: shopperProcedure.input(shopInput).query(({ ctx }) => listAddresses(ctx.tx, ctx.shop.id, ctx.user.id)),
  saveAddress: shopperProcedure
    .input(saveAddressInput)
    .mutation(({ ctx, input }) => saveAddress(ctx.tx, ctx.shop.id, ctx.user.id, { ...input.address, id: input.id })),
  deleteAddress: shopperProcedure
    .input(shopInput.extend({ id: uuid("address.notFound") }))
    .mutation(({ ctx, input }) => deleteAddress(ctx.tx, ctx.shop.id, ctx.user.id, input.id)),

  /**
   * Place the order (stock reserved) and open its payment, in one
   * transaction: if the payment cannot be opened, no order is left behind.
   * Returns where to send the shopper (Stripe Checkout or the simulator page).
   */
  checkout: shopperProcedure
    .input(
      checkoutInput.extend({
        base: z.string().max(200).default(""),
        /** "miniprogram": the payment is opened as shop.miniProgramPay does (WeChat Pay or the labelled simulator), returned in `miniProgram`. */
        client: z.enum(["h5", "miniprogram"]).default("h5"),
      }),
    )
    .mutation(async ({ ctx, input }) => {
    const tenantId = ctx.shop.id;
    let address;
    if (input.addressId) address = await addressSnapshot(ctx.tx, tenantId, ctx.user.id, input.addressId);
    else if (input.address) {
      const saved = await saveAddress(ctx.tx, tenantId, ctx.user.id, input.address);
      address = { name: saved.name, phone: saved.phone, province: saved.province, city: saved.city, district: saved.district, detail: saved.detail };
    } else throw new AppError("BAD_REQUEST", "address.notFound", {}, "addressId");
    const placed = await placeOrder(ctx.tx, {
      tenantId,
      buyer: { id: ctx.user.id, name: ctx.user.name },
      items: input.items,
      address,
      note: input.note,
      refCode: input.refCode,
      refVia: input.refVia,
      idempotencyKey: input.idempotencyKey,
      fromCart: input.fromCart,
    });
    const { order } = placed;
    if (placed.created) {
      // Counted once placed (a replayed idempotency key is not a new order); refusing rolls the reservation back.
      await hitRateLimit(ctx.tx, "checkout", [tenantId, ctx.user.id]);
      await assertMayReserve(ctx.tx, tenantId, ctx.user.id);
    }
    if (order.status !== "created") return { orderId: order.id, url: null };
    if (input.client === "miniprogram") {
      const miniProgram = await startMiniProgramPayment(ctx.tx, ctx.payments, ctx.wechatPay, {
        tenant: { id: tenantId, slug: ctx.shop.slug },
        placed: placed.created ? placed : undefined,
        orderId: order.id,
        buyerId: ctx.user.id,
        feeBps: ctx.payments.feeBps(ctx.shop.plan),
        customerEmail: ctx.user.email,
        ...payUrls("", order.id),
      });
      return { orderId: order.id, url: null, miniProgram };
    }
    assertSimulatorUsable(ctx.payments);
    const { url } = await startPayment(ctx.tx, ctx.payments.active, {
      tenant: { id: tenantId, slug: ctx.shop.slug },
      placed: placed.created ? placed : undefined,
      orderId: order.id,
      buyerId: ctx.user.id,
      feeBps: ctx.payments.feeBps(ctx.shop.plan),
      customerEmail: ctx.user.email,
      ...payUrls(safeShopBase(input.base, input.shop, ctx.shop.slug), order.id),
    });
    return { orderId: order.id, url };
  }),
  /** Pay (again) for an unpaid order. */
  pay: shopperProcedure
    .input(shopInput.extend({ orderId: uuid("order.notFound"), base: z.string().max(200).default("") }))
    .mutation(async ({ ctx, input }) => {
      assertSimulatorUsable(ctx.payments);
    const { url } = await startPayment(ctx.tx, ctx.payments.active, {
        tenant: { id: ctx.shop.id, slug: ctx.shop.slug },
        orderId: input.orderId,
        buyerId: ctx.user.id,
        feeBps: ctx.payments.feeBps(ctx.shop.plan),
        customerEmail: ctx.user.email,
        ...payUrls(safeShopBase(input.base, input.shop, ctx.shop.slug), input.orderId),
      });
      return { url };
    }),
  /**
   * The mini-program's payment of an unpaid order: with WeChat Pay configured
   * for the shop, `{ provider: "wechatpay", requestPayment }` to pass to
   * wx.requestPayment (payer: the shopper's openid in the shop's mini-program);
   * otherwise `{ provider: "simulator", simulated: true, paymentId }`: the
   * mini-program shows its clearly labelled simulator page and calls shop.simulate.
   */
  miniProgramPay: shopperProcedure.input(shopInput.extend({ orderId: uuid("order.notFound") })).mutation(({ ctx, input }) =>
    startMiniProgramPayment(ctx.tx, ctx.payments, ctx.wechatPay, {
      tenant: { id: ctx.shop.id, slug: ctx.shop.slug },
      orderId: input.orderId,
      buyerId: ctx.user.id,
      feeBps: ctx.payments.feeBps(ctx.shop.plan),
      customerEmail: ctx.user.email,
      ...payUrls("", input.orderId),
    }),
  ),
  /**
   * After wx.requestPayment: asks WeChat Pay whether the payment went through
   * (in case its notification is late) and applies it once. Returns the payment's status.
   */
  miniProgramPayConfirm: shopperProcedure.input(shopInput.extend({ paymentId: uuid("order.notFound") })).mutation(async ({ ctx, input }) => {
    const r = await confirmMiniProgramPayment(ctx.tx, ctx.wechatPay, ctx.shop.id, input.paymentId, ctx.user.id);
    const tenantId = ctx.shop.id;
    const providers = ctx.payments.providers;
    if (r.applied)
      ctx.afterCommit(async (db) => {
        if (r.voidRefundId) await sendRefund(db, providers, tenantId, r.voidRefundId);
        drainInBackground(db, tenantId);
      });
    return { status: r.status, orderStatus: r.orderStatus };
  }),
  /**
   * The simulator's payment page: complete, fail or abandon. It produces the
   * event a provider webhook would and applies it through the same
   * applyPaymentEvent, so the order code cannot tell them apart.
   */
  simulate: shopperProcedure
    .input(
      shopInput.extend({
        paymentId: uuid("order.notFound"),
        outcome: z.enum(["complete", "fail", "abandon"]),
        /** The simulated wallet that pays: the shopper's own unless the page names another (a shared payment method). */
        account: z.string().trim().min(1).max(64).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const policy = ctx.payments.simulator ?? { usable: true, accounts: true };
      if (!policy.usable) throw new AppError("FORBIDDEN", "payment.simulatorDisabled");
      if (input.account !== undefined && !policy.accounts) throw new AppError("BAD_REQUEST", "payment.simulatorDisabled", {}, "account");
      const hit = await paymentForBuyer(ctx.tx, ctx.shop.id, input.paymentId, ctx.user.id);
      if (!hit || hit.payment.provider !== "simulator") throw new AppError("NOT_FOUND", "order.notFound");
      // Each failure is its own event; completing or abandoning twice is one.
      const n =
        input.outcome !== "fail"
          ? 0
          : (
              (await ctx.tx
                .select({ n: count() })
                .from(orderEvents)
                .where(and(eq(orderEvents.tenantId, ctx.shop.id), eq(orderEvents.orderId, hit.order.id), eq(orderEvents.type, "payment_failed")))) as [{ n: number }]
            )[0].n;
      const result = await applyPaymentEvent(ctx.tx, ctx.shop.id, simulatorEvent(input.paymentId, input.outcome, hit.payment.amountFen, n, input.account ?? ctx.user.id));
      const tenantId = ctx.shop.id;
      // As the Stripe webhook: commissions follow in the background, the shopper does not wait for them.
      if (result.applied) ctx.afterCommit(async (db) => drainInBackground(db, tenantId));
      return { orderId: hit.order.id, result };
    }),
  payment: shopperProcedure
    .input(shopInput.extend({ paymentId: uuid("order.notFound") }))
    .query(async ({ ctx, input }) => {
      const hit = await paymentForBuyer(ctx.tx, ctx.shop.id, input.paymentId, ctx.user.id);
      if (!hit) throw new AppError("NOT_FOUND", "order.notFound");
      return hit;
    }),

  orders: shopperProcedure
    .input(shopInput.extend({ status: z.enum(["created", "paid", "shipped", "received", "after_sale"]).nullish(), page: z.number().int().min(1).default(1) }))
    .query(({ ctx, input }) =>
      listOrders(ctx.tx, ctx.shop.id, { status: input.status, limit: 20, offset: (input.page - 1) * 20 }, ctx.user.id),
    ),
  order: shopperProcedure
    .input(shopInput.extend({ orderId: uuid("order.notFound") }))
    .query(({ ctx, input }) => orderDetail(ctx.tx, ctx.shop.id, input.orderId, ctx.user.id)),
  cancel: shopperProcedure
    .input(shopInput.extend({ orderId: uuid("order.notFound") }))
    .mutation(({ ctx, input }) => cancelOrder(ctx.tx, ctx.shop.id, input.orderId, { id: ctx.user.id, buyer: true })),
  confirmReceipt: shopperProcedure
    .input(shopInput.extend({ orderId: uuid("order.notFound") }))
    .mutation(({ ctx, input }) => confirmReceipt(ctx.tx, ctx.shop.id, input.orderId, ctx.user.id)),
  /** A photo for a return request, stored with the storefront's tenant. */
  uploadPhoto: shopperProcedure
    .input(shopInput.extend({ bytes: z.instanceof(Uint8Array, { error: "product.imageEmpty" }) }))
    .mutation(({ ctx, input }) => storeImage(ctx.tx, ctx.shop.id, ctx.user.id, input.bytes)),
  requestReturn: shopperProcedure
    .input(returnRequestInput)
    .mutation(({ ctx, input }) => requestReturn(ctx.tx, ctx.shop.id, input.orderId, ctx.user.id, input)),
});
