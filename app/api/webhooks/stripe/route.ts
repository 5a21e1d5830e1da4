import { after } from "next/server";
import { handleStripeWebhook } from "@/packages/server/src/stripe-webhook";
import { getDb } from "@/packages/server/src/db";
import { paymentsRuntime } from "@/packages/server/src/payments";

export const dynamic = "force-dynamic";

/**
 * Stripe → orders. Verified with STRIPE_WEBHOOK_SECRET over the raw body;
 * applied once per event id. Work that calls Stripe again (returning a
 * payment the order could not take) runs after the response.
 */
export async function POST(req: Request) {
  const raw = await req.text();
  const out = await handleStripeWebhook(
    { db: await getDb(), providers: paymentsRuntime().providers, secret: process.env.STRIPE_WEBHOOK_SECRET },
    raw,
    req.headers.get("stripe-signature"),
  );
  if (out.followUp) {
    const followUp = out.followUp;
    after(() => followUp().catch((e) => console.error("[stripe webhook] follow-up failed (the refund sweep retries it)", e)));
  }
  return Response.json(out.body, { status: out.status });
}
