import { simulatorRuntime } from "../../payments/src/simulator";
import type { PaymentsRuntime } from "../../payments/src/types";
import { stripeRuntime } from "./stripe";
import { getDb } from "./db";
import { wechatPayRuntime } from "./wechatpay-checkout";

let runtime: PaymentsRuntime | null = null;

/**
 * The payment providers of this process: Stripe when STRIPE_SECRET_KEY is set
 * (the simulator stays registered so refunds of simulated payments still
 * work, but none can be completed), otherwise the local simulator alone,
 * which production refuses unless ALLOW_PAYMENT_SIMULATOR=1. WeChat Pay is
 * always registered (each tenant brings its own merchant, or none).
 */
export function paymentsRuntime(): PaymentsRuntime {
  if (!runtime) {
    const simulator = simulatorRuntime();
    runtime = stripeConfigured() ? stripeRuntime(process.env, simulator.active) : simulatorRuntime(process.env);
    // WeChat Pay is per tenant (merchant keys in wechatpay_merchants): registered for refunds of
    // its payments; mini-program checkouts open it through startMiniProgramPayment.
    runtime.providers.wechatpay = wechatPayRuntime(getDb).provider;
  }
  return runtime;
}

const stripeConfigured = () => !!process.env.STRIPE_SECRET_KEY;
