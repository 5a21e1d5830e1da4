import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutRequest } from "../../payments/src/types";
import { createStripeConnect, createStripeProvider, refundStatus, stripeClient, stripeRuntime } from "../src/stripe";
import { startFakeStripe, type FakeStripe } from "./fake-stripe";

/** The Stripe provider and Connect, through the real SDK, against a local fake Stripe API. */
let fake: FakeStripe;
let env: Record<string, string>;
beforeAll(async () => {
  fake = await startFakeStripe();
  env = { STRIPE_SECRET_KEY: "sk_test_fake_provider", STRIPE_API_BASE: fake.url };
});
afterAll(() => fake.close());

const last = () => fake.seen[fake.seen.length - 1]!;

function checkoutRequest(over: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    tenantId: "11111111-1111-4111-8111-111111111111",
    tenantSlug: "tea",
    orderId: "22222222-2222-4222-8222-222222222222",
    orderNo: "202611010000000001",
    paymentId: "33333333-3333-4333-8333-333333333333",
    amountFen: 2 * 6800 + 1200 + 1000,
    applicationFeeFen: 471,
    currency: "cny",
    lines: [
      { name: "明前龙井 100g", quantity: 2, unitPriceFen: 6800 },
      { name: "白瓷盖碗", quantity: 1, unitPriceFen: 1200 },
    ],
    shippingFen: 1000,
    shopBase: "https://tea.example.com/s/tea",
    successUrl: "https://tea.example.com/s/tea/pay/333/done",
    cancelUrl: "https://tea.example.com/s/tea/orders/222",
    accountId: "acct_merchant_1",
    expiresAt: new Date(Date.now() + 40 * 60_000),
    customerEmail: "shopper@example.com",
    ...over,
  };
}

describe("Stripe provider (Checkout on the connected account)", () => {
  it("creates a payment-mode Checkout Session in CNY on the merchant's account, with the fee, idempotent by payment id", async () => {
    const req = checkoutRequest();
    const session = await createStripeProvider(stripeClient(env)).createCheckout(req);
    const r = last();
    expect(r.method).toBe("POST");
    expect(r.path).toBe("/v1/checkout/sessions");
    expect(r.headers["authorization"]).toBe("Bearer sk_test_fake_provider");
    expect(r.headers["stripe-account"]).toBe("acct_merchant_1");
    expect(r.headers["idempotency-key"]).toBe(req.paymentId);
    const b = r.body;
    expect(b).toMatchObject({
      mode: "payment",
      currency: "cny",
      client_reference_id: req.orderId,
      customer_email: "shopper@example.com",
      success_url: req.successUrl,
      cancel_url: req.cancelUrl,
      expires_at: String(Math.floor(req.expiresAt.getTime() / 1000)),
      "payment_intent_data[application_fee_amount]": "471",
      "payment_intent_data[metadata][payment_id]": req.paymentId,
      "payment_intent_data[metadata][tenant_id]": req.tenantId,
      "payment_intent_data[metadata][order_id]": req.orderId,
      "metadata[payment_id]": req.paymentId,
      "metadata[tenant_id]": req.tenantId,
      "metadata[order_id]": req.orderId,
      "payment_method_options[wechat_pay][client]": "web",
      "line_items[0][price_data][currency]": "cny",
      "line_items[0][price_data][unit_amount]": "6800",
      "line_items[0][price_data][product_data][name]": "明前龙井 100g",
      "line_items[0][quantity]": "2",
      "line_items[1][price_data][unit_amount]": "1200",
      "line_items[2][price_data][unit_amount]": "1000",
      "line_items[2][quantity]": "1",
    });
    // Dynamic payment methods: the account's settings decide (card, WeChat Pay, Alipay).
    expect(Object.keys(b).filter((k) => k.startsWith("payment_method_types"))).toEqual([]);
    expect(Object.keys(b).filter((k) => k.startsWith("line_items[3]"))).toEqual([]);
    // Our order total is exactly what Stripe will charge.
    const charged = [0, 1, 2].reduce((s, i) => s + Number(b[`line_items[${i}][price_data][unit_amount]`]) * Number(b[`line_items[${i}][quantity]`]), 0);
    expect(charged).toBe(req.amountFen);

    expect(session.providerRef).toMatch(/^cs_test_/);
    expect(session.url).toBe(`https://checkout.stripe.com/c/pay/${session.providerRef}`);
    expect(Math.floor(session.expiresAt.getTime() / 1000)).toBe(Math.floor(req.expiresAt.getTime() / 1000));
  });

  it("charges one line for the order when its lines do not add up to the total, and sends no fee of 0", async () => {
    await createStripeProvider(stripeClient(env)).createCheckout(checkoutRequest({ amountFen: 9999, applicationFeeFen: 0, shippingFen: 0, customerEmail: null }));
    const b = last().body;
    expect(b["line_items[0][price_data][unit_amount]"]).toBe("9999");
    expect(b["line_items[0][price_data][product_data][name]"]).toContain("202611010000000001");
    expect(b["line_items[1][quantity]"]).toBeUndefined();
    expect(b["payment_intent_data[application_fee_amount]"]).toBeUndefined();
    expect(b.customer_email).toBeUndefined();
  });

  it("caps the session at Stripe's 24 hours and refuses a checkout without a connected account", async () => {
    const s = await createStripeProvider(stripeClient(env)).createCheckout(checkoutRequest({ expiresAt: new Date(Date.now() + 3 * 86_400_000) }));
    expect(s.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    await expect(createStripeProvider(stripeClient(env)).createCheckout(checkoutRequest({ accountId: null }))).rejects.toThrow(/connected account/);
  });

  it("surfaces a Stripe error as a rejected checkout", async () => {
    fake.respond("/v1/checkout/sessions", 400, { error: { type: "invalid_request_error", message: "Currency cny is not supported for this account" } });
    await expect(createStripeProvider(stripeClient(env)).createCheckout(checkoutRequest())).rejects.toThrow(/cny is not supported/);
  });

  it("refunds on the connected account, keyed by our refund id, and maps Stripe's refund statuses", async () => {
    const provider = createStripeProvider(stripeClient(env));
    const req = { refundId: "44444444-4444-4444-8444-444444444444", attemptKey: "44444444-4444-4444-8444-444444444444:a1", attempt: 1, paymentRef: "cs_test_x", paymentIntentId: "pi_123", amountFen: 1500, accountId: "acct_merchant_1" };
    fake.refundStatus = "succeeded";
    const ok = await provider.refund(req);
    const r = last();
    expect(r.path).toBe("/v1/refunds");
    expect(r.headers["stripe-account"]).toBe("acct_merchant_1");
    expect(r.headers["idempotency-key"]).toBe(req.attemptKey);
    expect(r.body).toMatchObject({ payment_intent: "pi_123", amount: "1500", "metadata[refund_id]": req.refundId, "metadata[refund_attempt]": "1" });
    expect(ok).toEqual({ providerRefundId: expect.stringMatching(/^re_/), status: "succeeded" });

    fake.refundStatus = "pending";
    // Each status on its own attempt (the fake, like Stripe, answers a reused key with the first refund).
    expect((await provider.refund({ ...req, attempt: 2, attemptKey: `${req.refundId}:a2` })).status).toBe("pending");
    fake.refundStatus = "failed";
    expect(await provider.refund({ ...req, attempt: 3, attemptKey: `${req.refundId}:a3` })).toMatchObject({ status: "failed", failureReason: "expired_or_canceled_card" });
    fake.refundStatus = "succeeded";

    expect(refundStatus({ status: "requires_action", failure_reason: undefined })).toEqual({ status: "pending" });
    expect(refundStatus({ status: "canceled", failure_reason: undefined })).toEqual({ status: "failed", failureReason: "canceled" });
    await expect(provider.refund({ ...req, paymentIntentId: null })).rejects.toThrow(/payment intent/);
  });
});

describe("Stripe Connect (Express onboarding)", () => {
  it("creates an Express account in the configured country with card payments and transfers, tagged with the tenant", async () => {
    const connect = createStripeConnect(stripeClient(env), { country: "HK" });
    const { accountId } = await connect.createAccount({ tenantId: "55555555-5555-4555-8555-555555555555", tenantName: "青山茶舍", email: "owner@demo.local" });
    const r = last();
    expect(r.path).toBe("/v1/accounts");
    expect(r.headers["stripe-account"]).toBeUndefined();
    expect(r.headers["idempotency-key"]).toBe("connect-account-55555555-5555-4555-8555-555555555555");
    expect(r.body).toMatchObject({
      type: "express",
      country: "HK",
      email: "owner@demo.local",
      "business_profile[name]": "青山茶舍",
      "capabilities[card_payments][requested]": "true",
      "capabilities[transfers][requested]": "true",
      "metadata[tenant_id]": "55555555-5555-4555-8555-555555555555",
    });
    expect(accountId).toMatch(/^acct_/);

    const link = await connect.accountLink({ accountId, refreshUrl: "http://localhost:3000/r", returnUrl: "http://localhost:3000/x" });
    expect(last().body).toMatchObject({ account: accountId, type: "account_onboarding", refresh_url: "http://localhost:3000/r", return_url: "http://localhost:3000/x" });
    expect(link.url).toContain(accountId);

    fake.account = { charges_enabled: true, payouts_enabled: false, details_submitted: true };
    expect(await connect.retrieveAccount(accountId)).toEqual({ chargesEnabled: true, payoutsEnabled: false, detailsSubmitted: true });
    expect(last()).toMatchObject({ method: "GET", path: `/v1/accounts/${accountId}` });
  });
});

describe("the Stripe runtime", () => {
  it("makes Stripe the active provider, keeps the simulator for old payments, and takes fees by plan or PLATFORM_FEE_BPS", async () => {
    const rt = stripeRuntime(env);
    expect(rt.active.name).toBe("stripe");
    expect(Object.keys(rt.providers).sort()).toEqual(["simulator", "stripe"]);
    expect(rt.connect).not.toBeNull();
    expect([rt.feeBps("basic"), rt.feeBps("pro"), rt.feeBps("agency")]).toEqual([300, 200, 150]);
    expect(stripeRuntime({ ...env, PLATFORM_FEE_BPS: "0" }).feeBps("basic")).toBe(0);
    expect(() => stripeRuntime({ ...env, PLATFORM_FEE_BPS: "3%" })).toThrow(RangeError);
    expect(() => stripeRuntime({})).toThrow(/STRIPE_SECRET_KEY/);

    await stripeRuntime({ ...env, STRIPE_CONNECT_COUNTRY: "SG" }).connect!.createAccount({ tenantId: "66666666-6666-4666-8666-666666666666", tenantName: "x", email: null });
    expect(last().body.country).toBe("SG");
    expect(last().body.email).toBeUndefined();
  });
});
