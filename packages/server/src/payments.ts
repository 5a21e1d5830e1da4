import { simulatorRuntime } from "../../api/src/trpc";
import type { PaymentsRuntime } from "../../payments/src/types";

let runtime: PaymentsRuntime | null = null;

/**
 * The payment providers of this process: Stripe when STRIPE_SECRET_KEY is set
 * (the simulator stays registered so refunds of simulated payments still
 * work), otherwise the local simulator alone.
 */
export function paymentsRuntime(): PaymentsRuntime {
  runtime ??= simulatorRuntime();
  return runtime;
}

export const stripeConfigured = () => !!process.env.STRIPE_SECRET_KEY;
