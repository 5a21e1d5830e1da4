import Stripe from "stripe";
import { feeBps } from "../../payments/src/fees";
import { createSimulator, simulatorPolicy } from "../../payments/src/simulator";
import type {
  CheckoutRequest,
  CheckoutSession,
  ConnectProvider,
  PaymentProvider,
  PaymentsRuntime,
  RefundRequest,
  RefundResult,
} from "../../payments/src/types";

/**
 * Stripe on the server (the only place the SDK is used): Checkout Sessions
 * as direct charges on the merchant's connected account with the platform's
 * application fee, refunds on that account, and Connect Express onboarding.
 *
 * STRIPE_SECRET_KEY   platform secret key (sk_live_… / sk_test_…)
 * STRIPE_API_BASE     another API endpoint, e.g. http://127.0.0.1:12111 (tests point it at a local fake)
 * STRIPE_CONNECT_COUNTRY  country of new connected accounts; default HK, because Stripe
 *                     does not open accounts in mainland China (CN). HK accounts take
 *                     cards, WeChat Pay and Alipay and can charge in CNY.
 */

/** STRIPE_SECRET_KEY, STRIPE_API_BASE, STRIPE_CONNECT_COUNTRY, PLATFORM_FEE_BPS (process.env by default). */
export type StripeEnv = Record<string, string | undefined>;

export function stripeClient(env: StripeEnv = process.env): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new Error("STRIPE_SECRET_KEY is not set");
  const config: ConstructorParameters<typeof Stripe>[1] = {
    // Every write carries an idempotency key, so the SDK's retries are safe.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "fenxiao-mall" },
  };
  if (env.STRIPE_API_BASE) {
    const u = new URL(env.STRIPE_API_BASE);
    const protocol = u.protocol.replace(":", "");
    if (protocol !== "http" && protocol !== "https") throw new Error(`STRIPE_API_BASE must be http(s), got ${env.STRIPE_API_BASE}`);
    config.host = u.hostname;
    config.port = u.port || (protocol === "https" ? 443 : 80);
    config.protocol = protocol;
    config.telemetry = false;
  }
  return new Stripe(key, config);
}

/** Stripe's id of an expandable field (`string | object | null`). */
export const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

/** Checkout Sessions live between 30 minutes and 24 hours. */
const MAX_SESSION_S = 24 * 3600 - 60;

export function createStripeProvider(stripe: Stripe): PaymentProvider {
  return {
    name: "stripe",

    async createCheckout(req: CheckoutRequest): Promise<CheckoutSession> {
      if (!req.accountId) throw new Error("a Stripe checkout needs the merchant's connected account");
      const currency = req.currency;
      const item = (name: string, unitAmount: number, quantity: number): Stripe.Checkout.SessionCreateParams.LineItem => ({
        quantity,
        price_data: { currency, unit_amount: unitAmount, product_data: { name } },
      });
      // The order's own lines (and shipping) when they add up to what is due;
      // otherwise one line for the order, so the shopper is never charged a
      // different amount than the order's total.
      const sum = req.lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0) + req.shippingFen;
      const lineItems =
        sum === req.amountFen && req.lines.length > 0
          ? [
              ...req.lines.map((l) => item(l.name, l.unitPriceFen, l.quantity)),
              ...(req.shippingFen > 0 ? [item("运费 Shipping", req.shippingFen, 1)] : []),
            ]
          : [item(`订单 ${req.orderNo}`, req.amountFen, 1)];
      const metadata = { tenant_id: req.tenantId, order_id: req.orderId, payment_id: req.paymentId };
      const nowS = Math.floor(Date.now() / 1000);
      const expiresAt = Math.min(Math.floor(req.expiresAt.getTime() / 1000), nowS + MAX_SESSION_S);
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: "payment",
        currency,
        line_items: lineItems,
        success_url: req.successUrl,
        cancel_url: req.cancelUrl,
        client_reference_id: req.orderId,
        expires_at: expiresAt,
        metadata,
        payment_intent_data: {
          ...(req.applicationFeeFen > 0 ? { application_fee_amount: req.applicationFeeFen } : {}),
          description: `订单 ${req.orderNo}`,
          metadata,
        },
        // Payment methods are dynamic (the account's settings: card, WeChat Pay, Alipay);
        // WeChat Pay in Checkout needs its client named.
        payment_method_options: { wechat_pay: { client: "web" } },
        ...(req.customerEmail ? { customer_email: req.customerEmail } : {}),
      };
      const session = await stripe.checkout.sessions.create(params, { stripeAccount: req.accountId, idempotencyKey: req.paymentId });
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { providerRef: session.id, url: session.url, expiresAt: new Date((session.expires_at ?? expiresAt) * 1000) };
    },

    async refund(req: RefundRequest): Promise<RefundResult> {
      if (!req.paymentIntentId) throw new Error("the payment has no Stripe payment intent to refund");
      if (!req.accountId) throw new Error("the shop has no Stripe connected account");
      const r = await stripe.refunds.create(
        { payment_intent: req.paymentIntentId, amount: req.amountFen, metadata: { refund_id: req.refundId, refund_attempt: String(req.attempt) } },
        { stripeAccount: req.accountId, idempotencyKey: req.attemptKey },
      );
      return { providerRefundId: r.id, ...refundStatus(r) };
    },

    async findRefund(req: RefundRequest): Promise<RefundResult | null> {
      if (!req.paymentIntentId || !req.accountId) return null;
      // The payment intent's refunds (a payment has few), ours by metadata and attempt.
      for await (const r of stripe.refunds.list({ payment_intent: req.paymentIntentId, limit: 100 }, { stripeAccount: req.accountId })) {
        if (r.metadata?.refund_id === req.refundId && (r.metadata?.refund_attempt ?? "1") === String(req.attempt)) return { providerRefundId: r.id, ...refundStatus(r) };
      }
      return null;
    },
  };
}

/** Stripe refund status → ours: requires_action waits like pending; canceled is a failure. */
export function refundStatus(r: Pick<Stripe.Refund, "status" | "failure_reason">): { status: RefundResult["status"]; failureReason?: string } {
  switch (r.status) {
    case "succeeded":
      return { status: "succeeded" };
    case "failed":
      return { status: "failed", failureReason: r.failure_reason ?? "failed" };
    case "canceled":
      return { status: "failed", failureReason: r.failure_reason ?? "canceled" };
    default: // pending, requires_action, null
      return { status: "pending" };
  }
}

export function createStripeConnect(stripe: Stripe, opts: { country: string }): ConnectProvider {
  return {
    async createAccount({ tenantId, tenantName, email }) {
      const account = await stripe.accounts.create(
        {
          type: "express",
          country: opts.country,
          ...(email ? { email } : {}),
          business_profile: { name: tenantName },
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { tenant_id: tenantId },
        },
        // A retried click (or a rolled-back transaction) gets the same account back.
        { idempotencyKey: `connect-account-${tenantId}` },
      );
      return { accountId: account.id };
    },
    async accountLink({ accountId, refreshUrl, returnUrl }) {
      const link = await stripe.accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: refreshUrl, return_url: returnUrl });
      return { url: link.url };
    },
    async retrieveAccount(accountId) {
      const a = await stripe.accounts.retrieve(accountId);
      return { chargesEnabled: !!a.charges_enabled, payoutsEnabled: !!a.payouts_enabled, detailsSubmitted: !!a.details_submitted };
    },
  };
}

/**
 * The runtime with Stripe active. The simulator stays registered so that
 * payments taken before the keys were set can still be refunded.
 */
export function stripeRuntime(env: StripeEnv = process.env, simulator = createSimulator()): PaymentsRuntime {
  const client = stripeClient(env);
  const stripe = createStripeProvider(client);
  feeBps("basic", env.PLATFORM_FEE_BPS); // a malformed PLATFORM_FEE_BPS fails at start, not at the first payment
  return {
    active: stripe,
    providers: { stripe, simulator },
    connect: createStripeConnect(client, { country: env.STRIPE_CONNECT_COUNTRY || "HK" }),
    feeBps: (plan) => feeBps(plan, env.PLATFORM_FEE_BPS),
    // Registered for refunds of old simulated payments only; none can be completed any more.
    simulator: simulatorPolicy(env as Record<string, string | undefined>, true),
  };
}
