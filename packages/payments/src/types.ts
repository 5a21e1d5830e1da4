/**
 * The payment provider interface (PRODUCT.md §3.3). Two implementations: Stripe
 * Checkout on the merchant's connected account, and the local simulator used
 * when no Stripe keys are set. Both report outcomes as PaymentEvents, which one
 * function (applyPaymentEvent in packages/db) applies to orders, so the
 * simulator drives exactly the same order code as a Stripe webhook.
 */
export type ProviderName = "stripe" | "simulator" | "wechatpay";

export type CheckoutRequest = {
  tenantId: string;
  tenantSlug: string;
  orderId: string;
  orderNo: string;
  paymentId: string;
  amountFen: number;
  applicationFeeFen: number;
  currency: "cny";
  lines: { name: string; quantity: number; unitPriceFen: number }[];
  shippingFen: number;
  /** The storefront's own base URL (e.g. https://shop.example.com or http://localhost:3000/s/tea). */
  shopBase: string;
  /** Where the provider sends the shopper back (absolute URLs). */
  successUrl: string;
  cancelUrl: string;
  /** Connected account (Stripe); null for the simulator. */
  accountId: string | null;
  expiresAt: Date;
  customerEmail?: string | null;
};

export type CheckoutSession = { providerRef: string; url: string; expiresAt: Date };

export type RefundRequest = {
  refundId: string;
  /** Idempotency key of this attempt: the same for a retry of it, new when a failed refund is approved again. */
  attemptKey: string;
  /** Which attempt of the refund this is (1, 2, … : a new one only after the provider said the last one failed). */
  attempt: number;
  paymentRef: string;
  paymentIntentId: string | null;
  amountFen: number;
  accountId: string | null;
  /** The shop (WeChat Pay signs with the tenant's own merchant keys). */
  tenantId?: string;
  /** What the payment took (WeChat Pay's refund names the order total). */
  paymentAmountFen?: number;
};

export type RefundResult = { providerRefundId: string; status: "succeeded" | "pending" | "failed"; failureReason?: string };

export interface PaymentProvider {
  readonly name: ProviderName;
  /**
   * How long a payment it opened stays payable on the provider's side (a WeChat prepay id: 2 hours); an open
   * payment older than this is retired and a new one opened instead of being handed out again. Absent: as long
   * as its order.
   */
  readonly sessionLifetimeMs?: number;
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  refund(req: RefundRequest): Promise<RefundResult>;
  /**
   * After a call whose answer was lost (timeout, dropped connection): the
   * provider's refund of this attempt if it made one, else null. Absent: the
   * provider cannot be asked, and the same attempt is simply sent again.
   */
  findRefund?(req: RefundRequest): Promise<RefundResult | null>;
}

/** A provider outcome, normalised. `eventId` makes it idempotent. */
export type PaymentEvent =
  | {
      type: "payment.succeeded";
      provider: ProviderName;
      eventId: string;
      providerRef: string;
      paymentIntentId: string | null;
      amountFen: number;
      /** Who paid, when the event says (the simulator's account); Stripe's comes with charge.succeeded. */
      methodFingerprint?: string | null;
    }
  /**
   * The payment method behind a payment (Stripe charge.succeeded): "card:…", "wechat_pay:…", "alipay:…".
   * paymentId is ours when known (the webhook fills it in from the payment it found), else the intent matches.
   */
  | { type: "payment.method"; provider: ProviderName; eventId: string; paymentIntentId: string; paymentId: string | null; fingerprint: string }
  | { type: "payment.failed"; provider: ProviderName; eventId: string; providerRef: string | null; paymentIntentId: string | null; reason: string }
  | { type: "payment.expired"; provider: ProviderName; eventId: string; providerRef: string }
  /** Refunds named by our id (metadata.refund_id) and/or the provider's; never "all refunds of a payment". */
  | { type: "refund.succeeded" | "refund.failed"; provider: ProviderName; eventId: string; refundIds: string[]; providerRefundIds: string[]; reason?: string; attempt?: number }
  | { type: "account.updated"; provider: "stripe"; eventId: string; accountId: string; chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean }
  /**
   * Refunds the provider made that the app did not ask for (the Stripe Dashboard, the WeChat Pay merchant
   * platform): each becomes a refund of the payment's order, once by the provider's refund id (PRODUCT.md §3.5).
   * The payment is named by the provider's intent/transaction id or by our reference (WeChat out_trade_no).
   */
  | {
      type: "refund.outside";
      provider: ProviderName;
      eventId: string;
      paymentIntentId: string | null;
      paymentRef: string | null;
      refunds: { providerRefundId: string; amountFen: number; at: string; reason: string | null }[];
    }
  /** A card dispute (chargeback) opened on a payment: the order's commission is held while it is open. */
  | { type: "dispute.opened"; provider: ProviderName; eventId: string; paymentIntentId: string; disputeId: string; amountFen: number; reason: string; at: string }
  /** A dispute closed: lost reverses the order's commission like a full refund; won (or closed with a warning) releases the hold. */
  | { type: "dispute.closed"; provider: ProviderName; eventId: string; paymentIntentId: string; disputeId: string; amountFen: number; outcome: "won" | "lost"; at: string };

export type PaymentEventType = PaymentEvent["type"];

export type Providers = Partial<Record<ProviderName, PaymentProvider>>;

/** Stripe Connect Express onboarding (the merchant's connected account). */
export interface ConnectProvider {
  createAccount(p: { tenantId: string; tenantName: string; email: string | null }): Promise<{ accountId: string }>;
  accountLink(p: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }>;
  retrieveAccount(accountId: string): Promise<{ chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean }>;
}

/** What the server hands the API: the provider new payments use, every provider refunds may need, Connect. */
export type PaymentsRuntime = {
  active: PaymentProvider;
  providers: Providers;
  connect: ConnectProvider | null;
  /** Platform fee in basis points for a tenant plan. */
  feeBps: (plan: "basic" | "pro" | "agency") => number;
  /**
   * Whether shoppers may drive the simulator (complete, fail, abandon) and name
   * the simulated paying account. Absent means both (tests, development).
   */
  simulator?: { usable: boolean; accounts: boolean };
};
