import type { Providers } from "../../../payments/src/types";
import type { Db } from "../client";
import { withTenant } from "../context";
import { drainSoon } from "./commissions";
import { applyRefundSucceeded, markRefundFailed, setProviderRefundId } from "../queries/orders";
import { refundForProvider } from "../queries/payments";



/**
 * Sends an approved (pending) refund to the provider that took the payment,
 * after the approving transaction has committed, then applies the outcome in
 * a new transaction. The provider call carries the refund id as its
 * idempotency key, so a retry (the stuck-refund sweep) never refunds twice,
 * and applyRefundSucceeded changes the order only once.
 */
export async function sendRefund(db: Db, providers: Providers, tenantId: string, refundId: string): Promise<"succeeded" | "pending" | "failed" | "skipped"> {
  const info = await withTenant(db, tenantId, (tx) => refundForProvider(tx, tenantId, refundId));
  if (!info || info.refund.status !== "pending") return "skipped";
  const provider = providers[info.payment.provider];
  if (!provider) {
    await withTenant(db, tenantId, (tx) => markRefundFailed(tx, tenantId, refundId, `provider ${info.payment.provider} is not configured`));
    return "failed";
  }
  const req = {
    refundId,
    attempt: info.refund.attempt,
    attemptKey: `${refundId}:a${info.refund.attempt}`,
    paymentRef: info.payment.providerRef ?? "",
    paymentIntentId: info.payment.paymentIntentId,
    amountFen: info.refund.amountFen!,
    accountId: info.accountId ?? null,
    tenantId,
    paymentAmountFen: info.payment.amountFen,
  };
  let result;
  try {
    result = await provider.refund(req);
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    // The answer may be lost after the provider made the refund (a timeout): ask it. Only a
    // refusal the provider stated (a 4xx answer) is a failure; otherwise the refund stays
    // pending and the stuck-refund sweep sends the same attempt, under the same key, again.
    const found = provider.findRefund ? await provider.findRefund(req).catch(() => null) : null;
    if (!found) {
      if (isRefusal(e)) {
        await withTenant(db, tenantId, (tx) => markRefundFailed(tx, tenantId, refundId, reason));
        return "failed";
      }
      console.error(`[refunds] refund ${refundId} attempt ${req.attempt}: no answer from the provider (the job sends it again)`, reason);
      return "pending";
    }
    result = found;
  }
  const outcome = result;
  await withTenant(db, tenantId, async (tx) => {
    if (outcome.status === "succeeded") await applyRefundSucceeded(tx, tenantId, refundId, outcome.providerRefundId);
    else if (outcome.status === "failed") {
      await setProviderRefundId(tx, tenantId, refundId, outcome.providerRefundId);
      await markRefundFailed(tx, tenantId, refundId, outcome.failureReason ?? "failed");
    } else await setProviderRefundId(tx, tenantId, refundId, outcome.providerRefundId);
  });
  // order.refunded reverses commissions; if this fails the scheduled job drains it.
  if (outcome.status === "succeeded") await drainSoon(db, tenantId).catch((e) => console.error("[refunds] outbox drain failed (the job retries it)", e));
  return outcome.status;
}

/**
 * Whether the provider may have made the refund although the call failed: no answer (timeout,
 * dropped connection), a 5xx, 409 (idempotent request in flight) or 429. Anything else (a 4xx
 * refusal, a refund that cannot even be sent) is a failure the merchant can approve again.
 */
function isRefusal(e: unknown): boolean {
  const err = e as { statusCode?: unknown; type?: unknown } | null;
  if (err?.type === "StripeConnectionError") return false;
  const status = err?.statusCode;
  if (typeof status === "number") return status >= 400 && status < 500 && status !== 409 && status !== 429;
  return !(e instanceof Error && /timeout|timed out|ECONNRESET|socket hang up/i.test(e.message));
}
