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
  let result;
  try {
    result = await provider.refund({
      refundId,
      attemptKey: `${refundId}:${info.refund.decidedAt?.getTime() ?? 0}`,
      paymentRef: info.payment.providerRef ?? "",
      paymentIntentId: info.payment.paymentIntentId,
      amountFen: info.refund.amountFen!,
      accountId: info.accountId ?? null,
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    await withTenant(db, tenantId, (tx) => markRefundFailed(tx, tenantId, refundId, reason.slice(0, 500)));
    return "failed";
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
