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

/** The offline runtime: the simulator takes payments; platform fees by plan. */
export function simulatorRuntime(): PaymentsRuntime {
  const simulator = createSimulator();
  return { active: simulator, providers: { simulator }, connect: null, feeBps: (plan) => feeBps(plan) };
}
