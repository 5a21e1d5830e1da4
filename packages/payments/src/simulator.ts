import { feeBps } from "./fees";
import type { CheckoutRequest, CheckoutSession, PaymentEvent, PaymentProvider, PaymentsRuntime, RefundRequest, RefundResult } from "./types";

/**
 * The local payment simulator (no Stripe keys). A session is a page of the
 * storefront (/s/{slug}/pay/{paymentId}) where the shopper completes, fails or
 * abandons the payment; the page turns that choice into the same PaymentEvent
 * a Stripe webhook would produce. Refunds succeed at once.
 */
export const simulatorRef = (paymentId: string) => `sim_${paymentId}`;

export function createSimulator(): PaymentProvider {
  return {
    name: "simulator",
    async createCheckout(req: CheckoutRequest): Promise<CheckoutSession> {
      return { providerRef: simulatorRef(req.paymentId), url: `${req.shopBase}/pay/${req.paymentId}`, expiresAt: req.expiresAt };
    },
    async refund(req: RefundRequest): Promise<RefundResult> {
      return { providerRefundId: `simre_${req.refundId}`, status: "succeeded" };
    },
  };
}

export type SimulatorOutcome = "complete" | "fail" | "abandon";

/**
 * The event a simulator choice stands for; the id is stable, so a double click
 * is a replay. `account` is the simulated wallet that paid (the shopper's own
 * unless the page says otherwise): its fingerprint is "sim:{account}".
 */
export function simulatorEvent(paymentId: string, outcome: SimulatorOutcome, amountFen: number, attempt = 0, account: string | null = null): PaymentEvent {
  const providerRef = simulatorRef(paymentId);
  switch (outcome) {
    case "complete":
      return {
        type: "payment.succeeded",
        provider: "simulator",
        eventId: `${providerRef}:succeeded`,
        providerRef,
        paymentIntentId: `simpi_${paymentId}`,
        amountFen,
        methodFingerprint: account ? `sim:${account}` : null,
      };
    case "fail":
      return { type: "payment.failed", provider: "simulator", eventId: `${providerRef}:failed:${attempt}`, providerRef, paymentIntentId: `simpi_${paymentId}`, reason: "card_declined" };
    case "abandon":
      return { type: "payment.expired", provider: "simulator", eventId: `${providerRef}:expired`, providerRef };
  }
}

type Env = Record<string, string | undefined>;

/**
 * The simulator marks orders paid for free, so production refuses it unless
 * ALLOW_PAYMENT_SIMULATOR=1 says so (as ALLOW_LOCAL_SIGNIN does for sign-in);
 * the simulated "paying account" (which feeds the shared-payment fraud check)
 * exists only outside production (ALLOW_SIMULATOR_ACCOUNTS=1 is the explicit
 * opt-in the production-build e2e run uses). With Stripe configured, the
 * simulator only refunds: its pending payments can no longer be completed.
 */
export function simulatorPolicy(env: Env, stripeEnabled: boolean): { usable: boolean; accounts: boolean } {
  const production = env.NODE_ENV === "production";
  return { usable: !stripeEnabled && (!production || env.ALLOW_PAYMENT_SIMULATOR === "1"), accounts: !production || env.ALLOW_SIMULATOR_ACCOUNTS === "1" };
}

/** The offline runtime: the simulator takes payments (when the policy allows); platform fees by plan. */
export function simulatorRuntime(env?: Env): PaymentsRuntime {
  const simulator = createSimulator();
  return { active: simulator, providers: { simulator }, connect: null, feeBps: (plan) => feeBps(plan), ...(env ? { simulator: simulatorPolicy(env, false) } : {}) };
}
