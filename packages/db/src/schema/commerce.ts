import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";
import { ORDER_STATUSES } from "../../../orders/src/state";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A tenant's commerce settings (PRODUCT.md §3): shipping, return window,
 * unpaid-order expiry and the Stripe Connect account. One row per tenant,
 * created on first read with the defaults below.
 */
export const storeSettings = pgTable(
  "store_settings",
  {
    tenantId: tenantId().primaryKey(),
    shippingFlatFen: integer("shipping_flat_fen").notNull().default(1000),
    /** Free shipping from this subtotal upward; null: never free. */
    freeShippingFromFen: integer("free_shipping_from_fen").default(9900),
    returnWindowDays: integer("return_window_days").notNull().default(7),
    unpaidExpiryMinutes: integer("unpaid_expiry_minutes").notNull().default(30),
    stripeAccountId: text("stripe_account_id"),
    stripeChargesEnabled: boolean("stripe_charges_enabled").notNull().default(false),
    stripePayoutsEnabled: boolean("stripe_payouts_enabled").notNull().default(false),
    stripeDetailsSubmitted: boolean("stripe_details_submitted").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("store_settings_stripe_account_key").on(t.stripeAccountId),
    check("store_settings_shipping_nonnegative", sql`${t.shippingFlatFen} >= 0 and (${t.freeShippingFromFen} is null or ${t.freeShippingFromFen} >= 0)`),
    check("store_settings_return_window", sql`${t.returnWindowDays} between 0 and 90`),
    check("store_settings_expiry", sql`${t.unpaidExpiryMinutes} between 5 and 1440`),
    tenantIsolation("store_settings"),
  ],
).enableRLS();

/** Uploaded pictures (product images, return photos), served by /api/media. */
export const media = pgTable(
  "media",
  {
    tenantId: tenantId(),
    id: id(),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    size: integer("size").notNull(),
    uploadedBy: uuid("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    check("media_type", sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')`),
    check("media_size", sql`${t.size} between 1 and 5242880`),
    tenantIsolation("media"),
  ],
).enableRLS();

/** A shopper's address book. */
export const addresses = pgTable(
  "addresses",
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid("user_id").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    province: text("province").notNull(),
    city: text("city").notNull(),
    district: text("district").notNull().default(""),
    detail: text("detail").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index("addresses_user_idx").on(t.tenantId, t.userId),
    tenantIsolation("addresses"),
  ],
).enableRLS();

/** A shopper's cart: one row per SKU. `refCode` is the share link the item came through. */
export const cartItems = pgTable(
  "cart_items",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    skuId: uuid("sku_id").notNull(),
    quantity: integer("quantity").notNull(),
    refCode: text("ref_code"),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.skuId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    check("cart_items_quantity", sql`${t.quantity} between 1 and 999`),
    tenantIsolation("cart_items"),
  ],
).enableRLS();

export type AddressSnapshot = { name: string; phone: string; province: string; city: string; district: string; detail: string };
export type OrderStatusValue = (typeof ORDER_STATUSES)[number];

export const orders = pgTable(
  "orders",
  {
    tenantId: tenantId(),
    id: id(),
    /** Human order number shown to shopper and merchant, unique per tenant. */
    no: text("no").notNull(),
    buyerId: uuid("buyer_id").notNull(),
    buyerName: text("buyer_name").notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("created"),
    /** The status a refund request interrupted; set while status = refund_requested. */
    resumeTo: text("resume_to", { enum: ["paid", "shipped", "received"] }),
    subtotalFen: integer("subtotal_fen").notNull(),
    shippingFen: integer("shipping_fen").notNull(),
    totalFen: integer("total_fen").notNull(),
    paidFen: integer("paid_fen").notNull().default(0),
    refundedFen: integer("refunded_fen").notNull().default(0),
    address: jsonb("address").$type<AddressSnapshot>().notNull(),
    note: text("note").notNull().default(""),
    /** The distributor share code the order came through (PRODUCT.md §4). */
    refCode: text("ref_code"),
    /** The distributor the order is attributed to (its direct referrer when placed), and why: the share link or QR it came through, or the shopper's binding. */
    attributedTo: uuid("attributed_to"),
    attribution: text("attribution", { enum: ["link", "qr", "binding"] }),
    /** Client key: a retried "place order" returns the same order. */
    idempotencyKey: text("idempotency_key").notNull(),
    carrier: text("carrier"),
    trackingNo: text("tracking_no"),
    expiresAt: ts("expires_at").notNull(),
    paidAt: ts("paid_at"),
    shippedAt: ts("shipped_at"),
    receivedAt: ts("received_at"),
    completedAt: ts("completed_at"),
    cancelledAt: ts("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("orders_no_key").on(t.tenantId, t.no),
    uniqueIndex("orders_idempotency_key").on(t.tenantId, t.buyerId, t.idempotencyKey),
    index("orders_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("orders_buyer_idx").on(t.tenantId, t.buyerId, t.createdAt),
    index("orders_created_idx").on(t.tenantId, t.createdAt),
    index("orders_unpaid_expiry_idx").on(t.expiresAt).where(sql`status = 'created'`),
    index("orders_received_idx").on(t.receivedAt).where(sql`status = 'received'`),
    check("orders_amounts", sql`${t.subtotalFen} > 0 and ${t.shippingFen} >= 0 and ${t.totalFen} = ${t.subtotalFen} + ${t.shippingFen}`),
    check("orders_paid", sql`${t.paidFen} in (0, ${t.totalFen})`),
    check("orders_refunded", sql`${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.paidFen}`),
    check("orders_resume_to", sql`(${t.status} = 'refund_requested') = (${t.resumeTo} is not null)`),
    tenantIsolation("orders"),
  ],
).enableRLS();

/** What was bought, snapshotted at purchase: later catalog edits do not change it. */
export const orderLines = pgTable(
  "order_lines",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    productId: uuid("product_id").notNull(),
    skuId: uuid("sku_id").notNull(),
    productName: text("product_name").notNull(),
    skuCode: text("sku_code").notNull(),
    spec: jsonb("spec").$type<string[]>().notNull(),
    image: text("image"),
    unitPriceFen: integer("unit_price_fen").notNull(),
    unitCostFen: integer("unit_cost_fen").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotalFen: integer("line_total_fen").notNull(),
    refundedFen: integer("refunded_fen").notNull().default(0),
    /** Units back in stock (a cancelled order, a return): a unit goes back at most once. */
    restockedQty: integer("restocked_qty").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    index("order_lines_order_idx").on(t.tenantId, t.orderId),
    check("order_lines_amounts", sql`${t.unitPriceFen} > 0 and ${t.unitCostFen} >= 0 and ${t.quantity} > 0 and ${t.lineTotalFen} = ${t.unitPriceFen} * ${t.quantity}`),
    check("order_lines_refunded", sql`${t.refundedFen} between 0 and ${t.lineTotalFen}`),
    check("order_lines_restocked", sql`${t.restockedQty} between 0 and ${t.quantity}`),
    tenantIsolation("order_lines"),
  ],
).enableRLS();

/** The order timeline: every transition and merchant/shopper action, append-only. */
export const orderEvents = pgTable(
  "order_events",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    type: text("type").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actorId: uuid("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    index("order_events_order_idx").on(t.tenantId, t.orderId, t.createdAt),
    tenantIsolation("order_events"),
  ],
).enableRLS();

export const paymentProviders = ["stripe", "simulator", "wechatpay"] as const;
export const paymentStatuses = ["pending", "succeeded", "failed", "expired"] as const;

/**
 * One attempt to pay an order (a Checkout Session or a simulator session).
 * At most one open attempt and at most one successful payment per order.
 */
export const payments = pgTable(
  "payments",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    provider: text("provider", { enum: paymentProviders }).notNull(),
    /** Checkout Session id (cs_…) or simulator session id. */
    providerRef: text("provider_ref"),
    paymentIntentId: text("payment_intent_id"),
    checkoutUrl: text("checkout_url"),
    status: text("status", { enum: paymentStatuses }).notNull().default("pending"),
    amountFen: integer("amount_fen").notNull(),
    applicationFeeFen: integer("application_fee_fen").notNull().default(0),
    failureReason: text("failure_reason"),
    /**
     * Who paid, as far as the provider can tell without saying who: Stripe's
     * fingerprint of the card / WeChat Pay / Alipay account ("card:…"), or the
     * simulator's account ("sim:…"). Anti-fraud compares it with the
     * referrer's own payments (PRODUCT.md §4.10).
     */
    methodFingerprint: text("method_fingerprint"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    uniqueIndex("payments_provider_ref_key").on(t.tenantId, t.provider, t.providerRef),
    index("payments_method_idx").on(t.tenantId, t.methodFingerprint),
    index("payments_intent_idx").on(t.tenantId, t.paymentIntentId),
    index("payments_order_idx").on(t.tenantId, t.orderId),
    uniqueIndex("payments_one_open").on(t.tenantId, t.orderId).where(sql`status = 'pending'`),
    check("payments_amount", sql`${t.amountFen} > 0 and ${t.applicationFeeFen} >= 0 and ${t.applicationFeeFen} <= ${t.amountFen}`),
    tenantIsolation("payments"),
  ],
).enableRLS();

export const refundStatuses = ["requested", "refused", "pending", "succeeded", "failed"] as const;

/**
 * A return or refund: a shopper's request (reason, photos) and/or the
 * merchant's decision and the money movement. `status`:
 * requested → refused | pending (approved, sent to the provider) → succeeded | failed.
 */
export type RefundLine = { lineId: string; quantity: number };

export const refunds = pgTable(
  "refunds",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    paymentId: uuid("payment_id"),
    /** return: goods come back; refund: money only; void: a payment the order could not take (paid twice, or after expiry). */
    kind: text("kind", { enum: ["return", "refund", "void"] }).notNull(),
    /** Who made it: the app (asked here, sent by sendRefund), the provider (a Dashboard / merchant-platform refund the app learnt of), a lost dispute. */
    origin: text("origin", { enum: ["app", "provider", "dispute"] }).notNull().default("app"),
    reason: text("reason").notNull().default(""),
    photos: jsonb("photos").$type<string[]>().notNull().default([]),
    status: text("status", { enum: refundStatuses }).notNull().default("requested"),
    requestedFen: integer("requested_fen").notNull(),
    amountFen: integer("amount_fen"),
    restock: boolean("restock").notNull().default(false),
    /** The units this refund puts back when it succeeds (none for money only), capped by what is not back yet. */
    lines: jsonb("lines").$type<RefundLine[]>().notNull().default([]),
    providerRefundId: text("provider_refund_id"),
    /** The provider attempt (idempotency key `${id}:a${attempt}`): the same on every retry, +1 only when the provider said the last one failed. */
    attempt: integer("attempt").notNull().default(1),
    failureReason: text("failure_reason"),
    requestedBy: uuid("requested_by"),
    decidedBy: uuid("decided_by"),
    decidedAt: ts("decided_at"),
    refusalReason: text("refusal_reason"),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    index("refunds_order_idx").on(t.tenantId, t.orderId),
    index("refunds_status_idx").on(t.tenantId, t.status),
    uniqueIndex("refunds_provider_key").on(t.tenantId, t.providerRefundId),
    // One open request per order: a second one waits for the first decision.
    uniqueIndex("refunds_one_open").on(t.tenantId, t.orderId).where(sql`status in ('requested', 'pending') and kind <> 'void'`),
    check("refunds_attempt_positive", sql`${t.attempt} > 0`),
    check("refunds_amounts", sql`${t.requestedFen} > 0 and (${t.amountFen} is null or ${t.amountFen} > 0)`),
    check("refunds_origin", sql`${t.origin} in ('app', 'provider', 'dispute') and (${t.origin} = 'app' or (${t.status} = 'succeeded' and ${t.providerRefundId} is not null))`),
    tenantIsolation("refunds"),
  ],
).enableRLS();

export const disputeStatuses = ["open", "won", "lost"] as const;

/**
 * Card disputes (chargebacks) on a payment, from the provider's events (PRODUCT.md §3.5, §5.4): while one is
 * open the order's commission is held (not settled, not withdrawable); lost reverses it as a full refund
 * (a refund of origin 'dispute'), won releases it. One row per provider dispute.
 */
export const disputes = pgTable(
  "disputes",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    paymentId: uuid("payment_id").notNull(),
    provider: text("provider", { enum: paymentProviders }).notNull(),
    providerDisputeId: text("provider_dispute_id").notNull(),
    amountFen: integer("amount_fen").notNull(),
    reason: text("reason").notNull().default(""),
    status: text("status", { enum: disputeStatuses }).notNull().default("open"),
    openedAt: ts("opened_at").notNull(),
    closedAt: ts("closed_at"),
    /** The refund a lost dispute became. */
    refundId: uuid("refund_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
    foreignKey({ name: "disputes_refund_fk", columns: [t.tenantId, t.refundId], foreignColumns: [refunds.tenantId, refunds.id] }),
    uniqueIndex("disputes_provider_key").on(t.tenantId, t.provider, t.providerDisputeId),
    index("disputes_order_idx").on(t.tenantId, t.orderId),
    index("disputes_open_idx").on(t.tenantId, t.openedAt).where(sql`status = 'open'`),
    check("disputes_status", sql`${t.status} in ('open', 'won', 'lost') and (${t.status} = 'open') = (${t.closedAt} is null)`),
    check("disputes_amount", sql`${t.amountFen} > 0`),
    tenantIsolation("disputes"),
  ],
).enableRLS();

/** Provider events already applied: a replay is recognised and changes nothing (PRODUCT.md §3.5). */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    tenantId: tenantId(),
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.provider, t.eventId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    tenantIsolation("webhook_events"),
  ],
).enableRLS();

export const outboxTopics = ["order.paid", "order.refunded", "order.completed"] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

/**
 * Order events for the distribution engine and the ledger, written in the
 * same transaction as the state change. `key` makes each event unique
 * (e.g. order.paid:<order id>, order.refunded:<refund id>).
 */
export const outbox = pgTable(
  "outbox",
  {
    tenantId: tenantId(),
    seq: bigint("seq", { mode: "number" }).generatedByDefaultAsIdentity(),
    topic: text("topic", { enum: outboxTopics }).notNull(),
    key: text("key").notNull(),
    orderId: uuid("order_id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    processedAt: ts("processed_at"),
    /** Failed tries of this event (drizzle/0023): retried at retry_at with backoff, parked after MAX_OUTBOX_ATTEMPTS. */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    retryAt: ts("retry_at"),
    parkedAt: ts("parked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    uniqueIndex("outbox_key").on(t.tenantId, t.key),
    index("outbox_unprocessed_idx").on(t.tenantId, t.seq).where(sql`processed_at is null`),
    tenantIsolation("outbox"),
  ],
).enableRLS();
