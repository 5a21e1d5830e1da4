import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { eq, sql } from "drizzle-orm";
import { payments } from "../../db/src/schema";
import { rowsOf, type Database, type Db, type Tx } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { runOrderSweep } from "../../db/src/flows/jobs";
import { sendRefund } from "../../db/src/flows/refunds";
import { approveRefund, cancelOrder, merchantRefund, placeOrder } from "../../db/src/queries/orders";
import { startPayment } from "../../db/src/queries/payments";
import { setStripeAccount } from "../../db/src/queries/store";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import type { Providers } from "../../payments/src/types";
import { createStripeProvider, stripeClient } from "../src/stripe";
import { handleStripeWebhook } from "../src/stripe-webhook";
import { startFakeStripe, stripeEvent as fakeStripeEvent, type FakeStripe } from "./fake-stripe";

/**
 * The Stripe webhook with signed fixtures (Stripe itself is unreachable):
 * orders and payments are real rows, created through placeOrder and
 * startPayment with the Stripe provider talking to a local fake Stripe API.
 */
const secret = "whsec_test_" + "a1b2c3d4e5f6".repeat(3);
const ACCT = "acct_tea_merchant";

let d: Database;
let db: Db;
let fake: FakeStripe;
let providers: Providers;
let teaId: string;
let shopperId: string;
let ownerId: string;

beforeAll(async () => {
  fake = await startFakeStripe();
  const client = stripeClient({ STRIPE_SECRET_KEY: "sk_test_fake_webhook", STRIPE_API_BASE: fake.url });
  providers = { stripe: createStripeProvider(client) };
  d = await createTestDatabase();
  db = d.db;
  const seed = await seedDemo(db);
  teaId = seed.teaId;
  shopperId = seed.shopperId;
  ownerId = seed.ownerId;
  await withTenant(db, teaId, async (tx) => {
    await setStripeAccount(tx, teaId, ownerId, ACCT);
    await tx.execute(sql`update store_settings set stripe_charges_enabled = true where tenant_id = ${teaId}`);
  });
});
afterAll(async () => {
  await d.close();
  await fake.close();
});

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const count = async (q: ReturnType<typeof sql>) => Number((await truth<{ n: number | string }>(q))[0]!.n);

type Placed = { orderId: string; paymentId: string; sessionId: string; totalFen: number };

/** An unpaid tea order with an open Stripe Checkout Session. */
/** Opens (or reuses) the Stripe Checkout session of a tea order, as the shop API does. */
function startStripePayment(tx: Tx, orderId: string) {
  return startPayment(tx, providers.stripe!, {
    tenant: { id: teaId, slug: "tea" },
    orderId,
    buyerId: shopperId,
    feeBps: 300,
    shopBase: "http://localhost:3000/s/tea",
    successUrl: (id) => `http://localhost:3000/s/tea/pay/${id}/done`,
    cancelUrl: `http://localhost:3000/s/tea/orders/${orderId}`,
  });
}

async function stripeOrder(): Promise<Placed> {
  const [sku] = await truth<{ id: string }>(
    sql`select s.id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
        where s.tenant_id = ${teaId} and p.status = 'on_sale' and s.stock > 5 order by s.id limit 1`,
  );
  return withTenant(
    db,
    teaId,
    async (tx) => {
      const { order } = await placeOrder(tx, {
        tenantId: teaId,
        buyer: { id: shopperId, name: "顾客 刘洋" },
        items: [{ skuId: sku!.id, quantity: 1 }],
        address: { name: "刘洋", phone: "13800000000", province: "浙江省", city: "杭州市", district: "西湖区", detail: "龙井路 1 号" },
        idempotencyKey: randomUUID(),
      });
      const { paymentId } = await startStripePayment(tx, order.id);
      const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId));
      return { orderId: order.id, paymentId, sessionId: payment!.providerRef!, totalFen: order.totalFen };
    },
    shopperId,
  );
}

const stripeEvent = (type: string, object: Record<string, unknown>, account: string | null = ACCT) => fakeStripeEvent(type, object, account);

function sessionObject(p: Placed, over: Record<string, unknown> = {}) {
  return {
    id: p.sessionId,
    object: "checkout.session",
    mode: "payment",
    status: "complete",
    payment_status: "paid",
    amount_total: p.totalFen,
    currency: "cny",
    client_reference_id: p.orderId,
    payment_intent: `pi_${p.paymentId.replace(/-/g, "").slice(0, 20)}`,
    metadata: { tenant_id: teaId, order_id: p.orderId, payment_id: p.paymentId },
    ...over,
  };
}

function sign(evt: object, opts: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(evt);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? secret, timestamp: opts.timestamp });
  return { payload, header };
}

async function deliver(evt: object, opts: { secret?: string; timestamp?: number; tamper?: (s: string) => string } = {}) {
  const { payload, header } = sign(evt, opts);
  const out = await handleStripeWebhook({ db, providers, secret }, opts.tamper ? opts.tamper(payload) : payload, header);
  if (out.followUp) await out.followUp();
  return out;
}

const orderStatus = async (id: string) => (await truth<{ status: string }>(sql`select status from orders where id = ${id}`))[0]!.status;
const paymentRow = async (id: string) =>
  (await truth<{ status: string; payment_intent_id: string | null; failure_reason: string | null }>(sql`select status, payment_intent_id, failure_reason from payments where id = ${id}`))[0]!;
const eventsOf = async (orderId: string, type: string) => count(sql`select count(*) as n from order_events where order_id = ${orderId} and type = ${type}`);
const webhookRows = () => count(sql`select count(*) as n from webhook_events where provider = 'stripe'`);

describe("Stripe webhook: signature", () => {
  it("rejects a tampered body, a wrong secret, a missing header and a stale timestamp with 400, changing nothing", async () => {
    const p = await stripeOrder();
    const evt = stripeEvent("checkout.session.completed", sessionObject(p));
    const before = await webhookRows();

    expect((await deliver(evt, { tamper: (s) => s.replace(`"amount_total":${p.totalFen}`, `"amount_total":1`) })).status).toBe(400);
    expect((await deliver(evt, { secret: "whsec_someone_else_0123456789" })).status).toBe(400);
    expect((await handleStripeWebhook({ db, providers, secret }, JSON.stringify(evt), null)).status).toBe(400);
    // Signed 301 seconds ago: outside Stripe's default 300-second tolerance.
    expect((await deliver(evt, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(400);

    expect(await webhookRows()).toBe(before);
    expect(await orderStatus(p.orderId)).toBe("created");
    expect((await paymentRow(p.paymentId)).status).toBe("pending");
  });

  it("answers 503 when no webhook secret is configured, and accepts any of several comma-separated secrets", async () => {
    const evt = stripeEvent("customer.created", { id: "cus_1", object: "customer" });
    const { payload, header } = sign(evt);
    expect((await handleStripeWebhook({ db, providers, secret: undefined }, payload, header)).status).toBe(503);
    const out = await handleStripeWebhook({ db, providers, secret: `whsec_connect_endpoint_000, ${secret}` }, payload, header);
    expect(out.status).toBe(200);
  });
});

describe("Stripe webhook: payments", () => {
  it("checkout.session.completed (paid) marks the order paid and records the payment intent", async () => {
    const p = await stripeOrder();
    const out = await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ received: true, result: { handled: true, type: "payment.succeeded", tenantId: teaId, result: { applied: true, effect: "paid" } } });
    expect(await orderStatus(p.orderId)).toBe("paid");
    expect(await paymentRow(p.paymentId)).toMatchObject({ status: "succeeded", payment_intent_id: expect.stringMatching(/^pi_/) });
  });

  it("the same event delivered 5 times at once changes the order exactly once", async () => {
    const p = await stripeOrder();
    const { payload, header } = sign(stripeEvent("checkout.session.completed", sessionObject(p)));
    const outs = await Promise.all(Array.from({ length: 5 }, () => handleStripeWebhook({ db, providers, secret }, payload, header)));
    expect(outs.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);
    const results = outs.map((o) => (o.body.result as { result: { applied: boolean; reason?: string } }).result);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.filter((r) => !r.applied).map((r) => r.reason)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await orderStatus(p.orderId)).toBe("paid");
    expect(await count(sql`select count(*) as n from outbox where order_id = ${p.orderId} and topic = 'order.paid'`)).toBe(1);
    expect(await eventsOf(p.orderId, "pay")).toBe(1);
  });

  it("finds the tenant from the session metadata when the event names no account", async () => {
    const p = await stripeOrder();
    const out = await deliver(stripeEvent("checkout.session.async_payment_succeeded", sessionObject(p), null));
    expect(out.body).toMatchObject({ result: { handled: true, result: { applied: true, effect: "paid" } } });
    expect(await orderStatus(p.orderId)).toBe("paid");
  });

  it("ignores a completed session that is not paid yet (delayed payment methods)", async () => {
    const p = await stripeOrder();
    const out = await deliver(stripeEvent("checkout.session.completed", sessionObject(p, { payment_status: "unpaid" })));
    expect(out.body).toMatchObject({ result: { handled: false } });
    expect(await orderStatus(p.orderId)).toBe("created");
  });

  it("payment_intent.payment_failed records the decline reason; the session stays the order's one open attempt", async () => {
    const p = await stripeOrder();
    const pi = {
      id: "pi_failed_1",
      object: "payment_intent",
      amount: p.totalFen,
      currency: "cny",
      status: "requires_payment_method",
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
      metadata: { tenant_id: teaId, order_id: p.orderId, payment_id: p.paymentId },
    };
    const out = await deliver(stripeEvent("payment_intent.payment_failed", pi));
    expect(out.body).toMatchObject({ result: { handled: true, type: "payment.failed", result: { applied: true, effect: "failed" } } });
    expect(await paymentRow(p.paymentId)).toMatchObject({ status: "pending", failure_reason: "insufficient_funds", payment_intent_id: "pi_failed_1" });
    expect(await orderStatus(p.orderId)).toBe("created");
    expect(await eventsOf(p.orderId, "payment_failed")).toBe(1);

    // Still payable, on the same session: "pay" again must not open a second one that could also be charged.
    const again = await withTenant(
      db,
      teaId,
      (tx) => startStripePayment(tx, p.orderId),
      shopperId,
    );
    expect(again.paymentId).toBe(p.paymentId);
    const [{ n }] = (await truth<{ n: number }>(sql`select count(*)::int as n from payments where order_id = ${p.orderId}`)) as [{ n: number }];
    expect(n).toBe(1);
  });

  it("checkout.session.expired closes the attempt; the order itself waits for its own expiry", async () => {
    const p = await stripeOrder();
    const out = await deliver(stripeEvent("checkout.session.expired", sessionObject(p, { status: "expired", payment_status: "unpaid", payment_intent: null })));
    expect(out.body).toMatchObject({ result: { handled: true, type: "payment.expired", result: { applied: true, effect: "expired" } } });
    expect((await paymentRow(p.paymentId)).status).toBe("expired");
    expect(await orderStatus(p.orderId)).toBe("created");
  });

  it("money for an order that can no longer take it is voided and sent back to Stripe after the commit", async () => {
    const p = await stripeOrder();
    await withTenant(db, teaId, (tx) => cancelOrder(tx, teaId, p.orderId, { id: shopperId, buyer: true }), shopperId);
    const seen = fake.seen.length;
    fake.refundStatus = "succeeded";
    const out = await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    expect(out.body).toMatchObject({ result: { handled: true, result: { applied: true, effect: "voided" } } });
    const refund = fake.seen.slice(seen).find((r) => r.path === "/v1/refunds");
    expect(refund).toBeDefined();
    expect(refund!.headers["stripe-account"]).toBe(ACCT);
    expect(refund!.body).toMatchObject({ amount: String(p.totalFen), payment_intent: sessionObject(p).payment_intent });
    const [row] = await truth<{ id: string; kind: string; status: string }>(sql`select id, kind, status from refunds where order_id = ${p.orderId}`);
    expect(row).toMatchObject({ kind: "void", status: "succeeded" });
    expect(refund!.headers["idempotency-key"]).toMatch(new RegExp(`^${row!.id}:a1$`));
    expect(await orderStatus(p.orderId)).toBe("cancelled");
  });
});

describe("Stripe webhook: the payment method behind a payment", () => {
  it("charge.succeeded records the method's fingerprint on the payment (never the card), once", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const charge = {
      id: `ch_${randomUUID().slice(0, 8)}`,
      object: "charge",
      amount: p.totalFen,
      currency: "cny",
      status: "succeeded",
      payment_intent: sessionObject(p).payment_intent,
      metadata: { tenant_id: teaId, order_id: p.orderId, payment_id: p.paymentId },
      payment_method_details: { type: "card", card: { brand: "visa", last4: "4242", fingerprint: "Xt5EWLLDS7FJjR1c" } },
    };
    const evt = stripeEvent("charge.succeeded", charge);
    const out = await deliver(evt);
    expect(out.body).toMatchObject({ result: { handled: true, type: "payment.method", result: { applied: true } } });
    const [row] = await truth<{ method_fingerprint: string }>(sql`select method_fingerprint from payments where id = ${p.paymentId}`);
    expect(row!.method_fingerprint).toBe("card:Xt5EWLLDS7FJjR1c");
    expect((await deliver(evt)).body).toMatchObject({ result: { result: { applied: false, reason: "duplicate" } } });
    // A charge without a fingerprint (some wallets) is acknowledged and ignored.
    const bare = { ...charge, id: "ch_bare", payment_method_details: { type: "wechat_pay", wechat_pay: {} } };
    expect((await deliver(stripeEvent("charge.succeeded", bare))).body).toMatchObject({ result: { handled: false } });
  });
});

describe("Stripe webhook: refunds and accounts", () => {
  it("charge.refunded completes a refund that Stripe first reported pending", async () => {
    const p = await stripeOrder();
    const pi = sessionObject(p).payment_intent;
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const refund = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: p.totalFen, reason: "缺货", restock: true }));
    fake.refundStatus = "pending";
    expect(await sendRefund(db, providers, teaId, refund.id)).toBe("pending");
    fake.refundStatus = "succeeded";
    const [pending] = await truth<{ status: string; provider_refund_id: string }>(sql`select status, provider_refund_id from refunds where id = ${refund.id}`);
    expect(pending!.status).toBe("pending");
    expect(await orderStatus(p.orderId)).toBe("refund_requested");

    const charge = {
      id: "ch_1",
      object: "charge",
      amount: p.totalFen,
      amount_refunded: p.totalFen,
      currency: "cny",
      payment_intent: pi,
      refunded: true,
      refunds: { object: "list", data: [{ id: pending!.provider_refund_id, object: "refund", status: "succeeded", amount: p.totalFen }], has_more: false, url: "/v1/refunds" },
    };
    const evt = stripeEvent("charge.refunded", charge);
    const out = await deliver(evt);
    // The listed refund carries no metadata here, so it reads as made outside the app, but its id is our waiting refund's: that one succeeds.
    expect(out.body).toMatchObject({ result: { handled: true, type: "refund.outside", result: { applied: true, effect: "refunded" } } });
    expect(await truth(sql`select origin from refunds where order_id = ${p.orderId}`)).toEqual([{ origin: "app" }]);
    expect(await orderStatus(p.orderId)).toBe("refunded");
    expect((await truth<{ status: string }>(sql`select status from refunds where id = ${refund.id}`))[0]!.status).toBe("succeeded");
    expect(await count(sql`select count(*) as n from outbox where order_id = ${p.orderId} and topic = 'order.refunded'`)).toBe(1);
    // A replay changes nothing.
    expect((await deliver(evt)).body).toMatchObject({ result: { result: { applied: false, reason: "duplicate" } } });
  });

  it("refund.updated names our refund (metadata.refund_id); a charge.refunded that lists no refunds settles none", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const part = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 100, reason: "少发赠品", restock: false }));
    fake.refundStatus = "pending";
    expect(await sendRefund(db, providers, teaId, part.id)).toBe("pending");
    fake.refundStatus = "succeeded";
    // Stripe leaves charge.refunds out of events unless expanded: nothing may be guessed from the payment.
    const bare = { id: "ch_2", object: "charge", amount: p.totalFen, amount_refunded: 100, currency: "cny", payment_intent: sessionObject(p).payment_intent, refunded: false };
    expect((await deliver(stripeEvent("charge.refunded", bare))).body).toMatchObject({ result: { handled: false } });
    expect((await truth<{ status: string }>(sql`select status from refunds where id = ${part.id}`))[0]!.status).toBe("pending");

    const refundObj = (status: string) => ({ id: "re_from_stripe", object: "refund", amount: 100, currency: "cny", status, metadata: { refund_id: part.id }, payment_intent: sessionObject(p).payment_intent });
    const out = await deliver(stripeEvent("refund.updated", refundObj("succeeded")));
    expect(out.body).toMatchObject({ result: { handled: true, type: "refund.succeeded", result: { applied: true, effect: "refunded" } } });
    expect(await truth(sql`select status, refunded_fen from orders where id = ${p.orderId}`)).toEqual([{ status: "paid", refunded_fen: 100 }]);

    // A refund Stripe could not make is marked failed, so the merchant can approve it again.
    const again = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 200, reason: "再退", restock: false }));
    fake.refundStatus = "pending";
    await sendRefund(db, providers, teaId, again.id);
    fake.refundStatus = "succeeded";
    const failed = { ...refundObj("failed"), id: "re_failed", metadata: { refund_id: again.id }, failure_reason: "expired_or_canceled_card" };
    expect((await deliver(stripeEvent("refund.failed", failed))).body).toMatchObject({ result: { result: { applied: true, effect: "refund_failed" } } });
    expect((await truth<{ status: string; failure_reason: string }>(sql`select status, failure_reason from refunds where id = ${again.id}`))[0]).toEqual({ status: "failed", failure_reason: "expired_or_canceled_card" });
  });

  it("a refund whose answer was lost after Stripe made it is reconciled, never paid twice", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const r = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 300, reason: "超时", restock: false }));
    const before = fake.refunds.length;
    fake.refundStatus = "succeeded";
    fake.dropRefundResponses = 3; // the first call and the SDK's two retries all lose their answer
    expect(await sendRefund(db, providers, teaId, r.id)).toBe("succeeded");
    // The stuck-refund job or a second send changes nothing.
    expect(await sendRefund(db, providers, teaId, r.id)).toBe("skipped");
    expect(fake.refunds.length - before).toBe(1);
    expect(await truth(sql`select status, refunded_fen from orders where id = ${p.orderId}`)).toEqual([{ status: "paid", refunded_fen: 300 }]);
    expect(await count(sql`select count(*) as n from outbox where order_id = ${p.orderId} and topic = 'order.refunded'`)).toBe(1);
    expect((await truth<{ status: string }>(sql`select status from refunds where id = ${r.id}`))[0]!.status).toBe("succeeded");
  });

  it("a lost answer that Stripe cannot confirm leaves the refund pending; the retry reuses the attempt's key", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const r = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 200, reason: "超时", restock: false }));
    const before = fake.refunds.length;
    fake.dropRefundResponses = 3;
    fake.respond("/v1/refunds?", 500, { error: { type: "api_error", message: "list unavailable" } });
    fake.respond("/v1/refunds", 500, { error: { type: "api_error", message: "list unavailable" } });
    const first = await sendRefund(db, providers, teaId, r.id);
    expect(first).not.toBe("failed");
    if (first === "pending") {
      expect((await truth<{ status: string }>(sql`select status from refunds where id = ${r.id}`))[0]!.status).toBe("pending");
      expect(await sendRefund(db, providers, teaId, r.id)).toBe("succeeded");
    }
    expect(fake.refunds.length - before).toBe(1);
    const keys = new Set(fake.seen.filter((s) => s.method === "POST" && s.path === "/v1/refunds" && s.body.metadata_refund_id !== "x").map((s) => s.headers["idempotency-key"]).filter((k) => String(k).startsWith(r.id)));
    expect([...keys]).toEqual([`${r.id}:a1`]);
    expect(await truth(sql`select status, refunded_fen from orders where id = ${p.orderId}`)).toEqual([{ status: "paid", refunded_fen: 200 }]);
  });

  it("a late refund.failed of an earlier attempt does not fail the later attempt, whose success still applies", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const r = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 100, reason: "重试", restock: false }));
    fake.refundStatus = "failed";
    expect(await sendRefund(db, providers, teaId, r.id)).toBe("failed");
    const [a1] = await truth<{ provider_refund_id: string }>(sql`select provider_refund_id from refunds where id = ${r.id}`);
    await withTenant(db, teaId, (tx) => approveRefund(tx, teaId, r.id, ownerId, {}));
    fake.refundStatus = "pending";
    expect(await sendRefund(db, providers, teaId, r.id)).toBe("pending");
    const [a2] = await truth<{ provider_refund_id: string; attempt: number }>(sql`select provider_refund_id, attempt from refunds where id = ${r.id}`);
    expect(a2!.attempt).toBe(2);
    expect(a2!.provider_refund_id).not.toBe(a1!.provider_refund_id);
    const obj = (id: string, status: string, attempt: string) => ({ id, object: "refund", amount: 100, currency: "cny", status, metadata: { refund_id: r.id, refund_attempt: attempt }, payment_intent: sessionObject(p).payment_intent });
    expect((await deliver(stripeEvent("refund.failed", { ...obj(a1!.provider_refund_id, "failed", "1"), failure_reason: "expired_or_canceled_card" }))).body).toMatchObject({ result: { result: { applied: false } } });
    expect((await truth<{ status: string }>(sql`select status from refunds where id = ${r.id}`))[0]!.status).toBe("pending");
    expect((await deliver(stripeEvent("refund.updated", obj(a2!.provider_refund_id, "succeeded", "2")))).body).toMatchObject({ result: { result: { applied: true, effect: "refunded" } } });
    expect(await truth(sql`select status, refunded_fen from orders where id = ${p.orderId}`)).toEqual([{ status: "paid", refunded_fen: 100 }]);
    fake.refundStatus = "succeeded";
  });

  it("an event from an unknown account is not applied to the tenant its metadata names", async () => {
    const p = await stripeOrder();
    const out = await deliver(stripeEvent("checkout.session.completed", sessionObject(p), "acct_someone_else"));
    expect(out.body).toMatchObject({ result: { handled: false, reason: "unknown account" } });
    expect(await orderStatus(p.orderId)).toBe("created");
  });

  it("account.updated updates the shop's Stripe flags", async () => {
    const acct = { id: ACCT, object: "account", type: "express", charges_enabled: true, payouts_enabled: true, details_submitted: true };
    const out = await deliver(stripeEvent("account.updated", acct));
    expect(out.body).toMatchObject({ result: { handled: true, type: "account.updated", result: { applied: true } } });
    const [s] = await truth<Record<string, boolean>>(
      sql`select stripe_charges_enabled as c, stripe_payouts_enabled as p, stripe_details_submitted as d from store_settings where tenant_id = ${teaId}`,
    );
    expect(s).toEqual({ c: true, p: true, d: true });
  });

  it("an event for an unknown account or an unknown session is acknowledged and changes nothing", async () => {
    const before = await webhookRows();
    const stranger = await deliver(stripeEvent("account.updated", { id: "acct_stranger", object: "account", charges_enabled: true, payouts_enabled: true, details_submitted: true }, "acct_stranger"));
    expect(stranger).toMatchObject({ status: 200, body: { received: true, result: { handled: false, reason: "unknown account" } } });

    const p = await stripeOrder();
    const foreign = sessionObject(p, { id: "cs_test_not_ours", metadata: {} });
    expect((await deliver(stripeEvent("checkout.session.completed", foreign, "acct_stranger"))).body).toMatchObject({ result: { handled: false } });
    // Our own account, but a session we never created (e.g. the merchant's other integration).
    expect((await deliver(stripeEvent("checkout.session.completed", foreign))).body).toMatchObject({ result: { handled: false, reason: "unknown payment" } });
    // Metadata naming a tenant that does not exist.
    const bogus = sessionObject(p, { id: "cs_test_bogus", metadata: { tenant_id: randomUUID() } });
    expect((await deliver(stripeEvent("checkout.session.completed", bogus, null))).status).toBe(200);

    expect(await webhookRows()).toBe(before);
    expect(await orderStatus(p.orderId)).toBe("created");
    const [s] = await truth<{ c: boolean }>(sql`select count(*)::int as c from store_settings where stripe_account_id = 'acct_stranger'`);
    expect(s!.c).toBe(0);
  });

  it("ignores event types it does not handle", async () => {
    const out = await deliver(stripeEvent("customer.created", { id: "cus_1", object: "customer" }));
    expect(out).toMatchObject({ status: 200, body: { received: true, result: { handled: false, reason: "unhandled customer.created" } } });
  });

  it("answers 500 on a database failure, so Stripe delivers again", async () => {
    const broken = { transaction: () => Promise.reject(new Error("connection refused")) } as unknown as Db;
    const { payload, header } = sign(stripeEvent("account.updated", { id: ACCT, object: "account", charges_enabled: false }));
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a);
    try {
      expect((await handleStripeWebhook({ db: broken, providers, secret }, payload, header)).status).toBe(500);
    } finally {
      console.error = orig;
    }
    expect(errors).toHaveLength(1);
  });
});

describe("the stuck-refund sweep", () => {
  it("resends only refunds Stripe never acknowledged", async () => {
    const p = await stripeOrder();
    await deliver(stripeEvent("checkout.session.completed", sessionObject(p)));
    const r = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 100, reason: "x", restock: false }));
    fake.refundStatus = "pending";
    await sendRefund(db, providers, teaId, r.id);
    await db.execute(sql`update refunds set decided_at = now() - interval '10 minutes' where id = ${r.id}`);
    const before = fake.seen.filter((x) => x.path === "/v1/refunds").length;
    await runOrderSweep(db, providers);
    expect(fake.seen.filter((x) => x.path === "/v1/refunds").length).toBe(before);
    fake.refundStatus = "succeeded";
  });
});
