import { z } from "zod";
import { parseMediaUrl } from "../../catalog/src/image";
import { ORDER_STATUSES } from "./state";

/**
 * Input schemas of the shop and order APIs, shared with the forms. Messages
 * are keys under "errors" in messages/*.json.
 */
const uuid = (key: string) => z.string({ error: key }).uuid({ error: key });
const text = (max: number, key: string) => z.string({ error: key }).trim().min(1, { error: key }).max(max, { error: key });

/** Which storefront (slug or custom host) a shopper call is for. */
export const shopInput = z.object({ shop: z.string().min(1).max(253) });

export const quantitySchema = z
  .number({ error: "order.quantityInvalid" })
  .int({ error: "order.quantityInvalid" })
  .min(1, { error: "order.quantityInvalid" })
  .max(999, { error: "order.quantityInvalid" });

export const cartPutInput = shopInput.extend({
  skuId: uuid("order.skuUnavailable"),
  quantity: quantitySchema,
  mode: z.enum(["add", "set"]).default("add"),
  refCode: z.string().trim().max(32).nullish(),
});

/** A mainland mobile number (11 digits from 1), spaces and dashes tolerated. */
export const phoneSchema = z
  .string({ error: "address.phone" })
  .transform((s) => s.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^(\+?86)?1[3-9]\d{9}$/, { error: "address.phone" }));

export const addressInput = z.object({
  name: text(30, "address.name"),
  phone: phoneSchema,
  province: text(20, "address.province"),
  city: text(20, "address.city"),
  district: z.string().trim().max(20, { error: "address.detail" }).default(""),
  detail: text(120, "address.detail"),
  isDefault: z.boolean().default(false),
});
export type AddressFormInput = z.input<typeof addressInput>;

/** Save a new address (no id) or edit one of the shopper's own. */
export const saveAddressInput = shopInput.extend({ id: uuid("address.notFound").nullish(), address: addressInput });

export const checkoutInput = shopInput.extend({
  items: z
    .array(z.object({ skuId: uuid("order.skuUnavailable"), quantity: quantitySchema }), { error: "order.items" })
    .min(1, { error: "order.items" })
    .max(50, { error: "order.items" }),
  /** A saved address, or a new one entered at checkout (saved to the address book). */
  addressId: uuid("address.notFound").nullish(),
  address: addressInput.nullish(),
  note: z.string().trim().max(200, { error: "order.note" }).default(""),
  refCode: z.string().trim().max(32).nullish(),
  /** How the share code came: a link or a QR code (the order's attribution). */
  refVia: z.enum(["link", "qr"]).nullish(),
  fromCart: z.boolean().default(false),
  idempotencyKey: z.string({ error: "order.key" }).min(8, { error: "order.key" }).max(64, { error: "order.key" }),
});

export const orderIdInput = z.object({ orderId: uuid("order.notFound") });

export const returnRequestInput = shopInput.extend({
  orderId: uuid("order.notFound"),
  reason: text(200, "order.reason"),
  /** Only pictures uploaded to this shop (/api/media/{tenant}/{id}); the router checks the tenant and the uploader. */
  photos: z
    .array(z.string().max(200).refine((u) => parseMediaUrl(u) !== null, { error: "order.photoForeign" }), { error: "order.photos" })
    .max(6, { error: "order.photos" })
    .default([]),
  amountFen: z.number().int({ error: "order.refundNotPositive" }).positive({ error: "order.refundNotPositive" }).nullish(),
});

export const shipInput = z.object({
  orderId: uuid("order.notFound"),
  carrier: text(30, "order.carrier"),
  trackingNo: z
    .string({ error: "order.trackingNo" })
    .trim()
    .regex(/^[A-Za-z0-9-]{6,40}$/, { error: "order.trackingNo" }),
});

/** The units per order line a refund puts back in stock; left out, a return puts back every unit not back yet. */
const restockLinesInput = z
  .array(
    z.object({
      lineId: uuid("order.restockUnits"),
      quantity: z.number({ error: "order.restockUnits" }).int({ error: "order.restockUnits" }).min(0, { error: "order.restockUnits" }).max(999, { error: "order.restockUnits" }),
    }),
  )
  .max(50, { error: "order.restockUnits" })
  .nullish();

export const refundDecisionInput = z.discriminatedUnion("decision", [
  z.object({
    refundId: uuid("order.refundNotFound"),
    decision: z.literal("approve"),
    amountFen: z.number().int({ error: "order.refundNotPositive" }).positive({ error: "order.refundNotPositive" }).nullish(),
    restock: z.boolean().default(true),
    lines: restockLinesInput,
  }),
  z.object({ refundId: uuid("order.refundNotFound"), decision: z.literal("refuse"), reason: text(200, "order.reason") }),
]);

export const merchantRefundInput = z.object({
  orderId: uuid("order.notFound"),
  amountFen: z.number({ error: "order.refundNotPositive" }).int({ error: "order.refundNotPositive" }).positive({ error: "order.refundNotPositive" }),
  reason: text(200, "order.reason"),
  restock: z.boolean().default(false),
  lines: restockLinesInput,
});

export const orderListInput = z.object({
  status: z.enum([...ORDER_STATUSES, "after_sale"]).nullish(),
  from: z.coerce.date({ error: "order.date" }).nullish(),
  to: z.coerce.date({ error: "order.date" }).nullish(),
  q: z.string().trim().max(60).nullish(),
  refCode: z.string().trim().max(32).nullish(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(5).max(100).default(20),
});


const moneyFen = (key: string) => z.number({ error: key }).int({ error: key }).min(0, { error: key }).max(100_000_000, { error: key });

export const storeSettingsInput = z.object({
  shippingFlatFen: moneyFen("store.shippingFee"),
  freeShippingFromFen: moneyFen("store.freeFrom").nullable(),
  returnWindowDays: z.number({ error: "store.returnWindow" }).int({ error: "store.returnWindow" }).min(0, { error: "store.returnWindow" }).max(90, { error: "store.returnWindow" }),
  unpaidExpiryMinutes: z.number({ error: "store.expiry" }).int({ error: "store.expiry" }).min(5, { error: "store.expiry" }).max(1440, { error: "store.expiry" }),
});
