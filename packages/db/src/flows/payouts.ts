import { sql } from "drizzle-orm";
import { payoutBillNo, type PayoutProviders, type PayoutRequest, type PayoutResult } from "../../../payments/src/payouts";
import { rowsOf, type Db } from "../client";
import { withContext, withTenant } from "../context";
import { applyPayoutResult, beginPayout, notePayoutError } from "../queries/withdrawals";

export type PayoutDeps = {
  db: Db;
  providers: PayoutProviders;
  /** Decrypts the distributor's real name (the provider needs it for large transfers). */
  decryptName?: (enc: string) => string;
};

export type PayoutOutcome = "paid" | "failed" | "paying" | "ignored" | "skipped";

/**
 * Sends one approved provider payout (or one already sent, again under the same bill): the 'paying' step is
 * committed first (tax, attempt, net), then the provider is asked outside any transaction, then its answer is
 * applied in a new one. A call that fails without an answer is resolved by querying the bill, never by a new
 * one; a refusal the provider stated with no bill behind it fails the payout and returns the money.
 */
export async function sendPayout(deps: PayoutDeps, tenantId: string, withdrawalId: string, now = new Date()): Promise<PayoutOutcome> {
  const p = await withTenant(deps.db, tenantId, (tx) => beginPayout(tx, tenantId, withdrawalId, now));
  if (!p) return "skipped";
  const req: PayoutRequest = {
    tenantId,
    withdrawalId,
    attempt: p.attempt,
    billNo: payoutBillNo(withdrawalId, p.attempt),
    amountFen: p.netFen,
    payee: p.payee,
    payeeAppId: p.payeeAppId,
    remark: "分销佣金提现",
    realName: p.realNameEnc && deps.decryptName ? deps.decryptName(p.realNameEnc) : null,
  };
  const apply = (r: PayoutResult) => withTenant(deps.db, tenantId, (tx) => applyPayoutResult(tx, tenantId, withdrawalId, p.attempt, r));
  const provider = deps.providers[p.method];
  if (!provider) return apply({ state: "failed", providerRef: null, providerState: "NOT_CONFIGURED", failureReason: `payout provider ${p.method} is not configured` });
  // A net of zero (all tax) has nothing to transfer: paid as it is.
  if (req.amountFen === 0) return apply({ state: "succeeded", providerRef: null, providerState: "NOTHING_TO_TRANSFER" });
  try {
    // A bill already sent is asked first: it may have been made (and even confirmed) since.
    const known = p.resent ? await provider.find(req) : null;
    return await apply(known ?? (await provider.send(req)));
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    const found = await provider.find(req).catch(() => null);
    if (found) return apply(found);
    if (isRefusal(e)) return apply({ state: "failed", providerRef: null, providerState: codeOf(e), failureReason: reason });
    console.error(`[payouts] withdrawal ${withdrawalId} attempt ${p.attempt}: no answer from ${p.method} (the job asks again)`, reason);
    await withTenant(deps.db, tenantId, (tx) => notePayoutError(tx, tenantId, withdrawalId, p.attempt, reason));
    return "paying";
  }
}

/** The job's part: approved provider payouts not yet sent and sent ones without a final answer for a minute, across shops. */
export async function runPayouts(deps: PayoutDeps, batch = 100, now = new Date()) {
  const due = await withContext(deps.db, {}, async (tx) =>
    rowsOf<{ tenant_id: string; withdrawal_id: string }>(await tx.execute(sql`select tenant_id, withdrawal_id from app_private.due_payouts(${batch})`)),
  );
  const counts = { checked: due.length, paid: 0, failed: 0, paying: 0 };
  for (const d of due) {
    try {
      const r = await sendPayout(deps, d.tenant_id, d.withdrawal_id, now);
      if (r === "paid" || r === "failed" || r === "paying") counts[r]++;
    } catch (e) {
      console.error(`[payouts] withdrawal ${d.withdrawal_id} failed`, e instanceof Error ? e.message : e);
    }
  }
  return counts;
}

/** A stated refusal (a 4xx other than 409/429 or a configuration error), not a lost answer. */
function isRefusal(e: unknown): boolean {
  const err = e as { statusCode?: unknown; type?: unknown } | null;
  if (err?.type === "StripeConnectionError") return false;
  const status = err?.statusCode;
  if (typeof status === "number") return (status >= 400 && status < 500 && status !== 409 && status !== 429) || status === 0;
  return !(e instanceof Error && /timeout|timed out|ECONNRESET|ECONNREFUSED|socket hang up|fetch failed|aborted/i.test(e.message));
}

const codeOf = (e: unknown) => String((e as { code?: unknown })?.code ?? "REFUSED").slice(0, 40);
