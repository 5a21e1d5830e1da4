import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { isUuid } from "../../core/src/errors";
import { rowsOf, type Db } from "../../db/src/client";
import { withContext, withTenant } from "../../db/src/context";
import { drainSoon } from "../../db/src/flows/commissions";
import { sendRefund } from "../../db/src/flows/refunds";
import { applyPaymentEvent, type ApplyResult } from "../../db/src/queries/payments";
import { payments } from "../../db/src/schema";
import { sql } from "drizzle-orm";
import type { PaymentEvent, Providers } from "../../payments/src/types";
import { WebhookSignatureError } from "./webhook";
import { decryptResource, outRefundNo, outTradeNo, parseOutRefundNo, verifySigned, type EncryptedResource, type SignedHeaders } from "./wechatpay-crypto";
import { transferBillResult, type MerchantSource, type TransferBill, type Transaction, type WechatMerchant, type WechatPayClient } from "./wechatpay";
import { parsePayoutBillNo } from "../../payments/src/payouts";
import { applyPayoutResult } from "../../db/src/queries/withdrawals";

/**
 * POST /api/webhooks/wechatpay/{tenantId}: WeChat Pay notifications. Verified
 * with the platform key named by Wechatpay-Serial (stale timestamps refused),
 * the resource decrypted with the API v3 key, then mapped to PaymentEvents
 * and applied through applyPaymentEvent once per notification id. WeChat
 * expects 200/204 on success and a 4xx/5xx with {code:"FAIL",message} to retry.
 */

type Notification = { id: string; create_time?: string; event_type: string; resource_type?: string; resource: EncryptedResource; summary?: string };
type RefundResource = {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  out_trade_no: string;
  transaction_id?: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: string;
  success_time?: string;
  amount?: { total?: number; refund?: number; payer_total?: number; payer_refund?: number };
};

/** Who paid, without saying who (anti-fraud compares it with the referrer's payments, §4.10). */
const fingerprint = (openid: string | undefined) => (openid ? `wechat_pay:${createHash("sha256").update(openid).digest("base64url").slice(0, 24)}` : null);

/** The payment.succeeded event of a paid WeChat transaction (notification or order query). */
export function transactionEvent(eventId: string, t: Transaction): Extract<PaymentEvent, { type: "payment.succeeded" }> | null {
  if (t.trade_state !== "SUCCESS" || !t.transaction_id || !t.amount) return null;
  return {
    type: "payment.succeeded",
    provider: "wechatpay",
    eventId,
    providerRef: t.out_trade_no,
    paymentIntentId: t.transaction_id,
    amountFen: t.amount.total,
    methodFingerprint: fingerprint(t.payer?.sub_openid ?? t.payer?.openid),
  };
}

/** What a decrypted notification means (null: nothing for us). */
export function mapNotification(n: Notification, resource: unknown): PaymentEvent | null {
  if (n.event_type === "TRANSACTION.SUCCESS") return transactionEvent(n.id, resource as Transaction);
  if (n.event_type === "REFUND.SUCCESS" || n.event_type === "REFUND.ABNORMAL" || n.event_type === "REFUND.CLOSED") {
    const r = resource as RefundResource;
    const ours = parseOutRefundNo(r.out_refund_no ?? "");
    // A refund the app did not ask for (made in the merchant platform): a refund of the order, once by WeChat's refund id.
    if (!ours && n.event_type === "REFUND.SUCCESS" && r.refund_id && r.out_trade_no && Number.isSafeInteger(r.amount?.refund) && r.amount!.refund! > 0) {
      return {
        type: "refund.outside",
        provider: "wechatpay",
        eventId: n.id,
        paymentIntentId: null,
        paymentRef: r.out_trade_no,
        refunds: [{ providerRefundId: r.refund_id, amountFen: r.amount!.refund!, at: r.success_time ?? n.create_time ?? new Date().toISOString(), reason: null }],
      };
    }
    return {
      type: n.event_type === "REFUND.SUCCESS" ? "refund.succeeded" : "refund.failed",
      provider: "wechatpay",
      eventId: n.id,
      refundIds: ours ? [ours.refundId] : [],
      providerRefundIds: r.refund_id ? [r.refund_id] : [],
      reason: n.event_type === "REFUND.SUCCESS" ? undefined : (r.refund_status ?? n.event_type).toLowerCase(),
      ...(ours ? { attempt: ours.attempt } : {}),
    };
  }
  return null;
}

export type WechatPayWebhookDeps = { db: Db; providers: Providers; client: WechatPayClient; merchants: MerchantSource };
type Answer = { status: number; body: Record<string, unknown>; followUp?: () => Promise<unknown>; result?: ApplyResult | { handled: false; reason: string } | { handled: true; outcome: string } };

const fail = (status: number, message: string): Answer => ({ status, body: { code: "FAIL", message } });
const OK = { code: "SUCCESS", message: "成功" };

/** The merchant's mchid as the resource names it (partner: the sub-merchant). */
const resourceMerchantOk = (m: WechatMerchant, r: { mchid?: string; mch_id?: string; sp_mchid?: string; sub_mchid?: string }) =>
  m.mode === "partner" ? (r.sp_mchid ?? r.mch_id) === m.mchid && r.sub_mchid === m.subMchid : (r.mchid ?? r.mch_id) === m.mchid;

/** Framework-free: verify, decrypt, apply, answer. */
export async function handleWechatPayNotification(deps: WechatPayWebhookDeps, tenantId: string, h: SignedHeaders, raw: string): Promise<Answer> {
  if (!isUuid(tenantId)) return fail(404, "unknown merchant");
  const merchant = await deps.merchants(tenantId);
  if (!merchant) return fail(404, "unknown merchant");
  let keys;
  try {
    keys = await deps.client.platformKeys(merchant);
    if (h.serial && !keys.has(h.serial) && !merchant.platformPublicKey) keys = await deps.client.platformKeys(merchant, true);
  } catch (e) {
    console.error(`[wechatpay webhook] platform certificates unavailable for tenant ${tenantId}`, e instanceof Error ? e.message : e);
    return fail(503, "platform certificates unavailable");
  }
  let n: Notification;
  let resource: Record<string, unknown>;
  try {
    verifySigned(h, raw, (s) => keys.get(s) ?? null);
    n = JSON.parse(raw) as Notification;
    if (!n || typeof n.id !== "string" || !n.id || typeof n.event_type !== "string" || !n.resource) throw new WebhookSignatureError("not a notification");
    resource = JSON.parse(decryptResource(n.resource, merchant.apiV3Key)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof WebhookSignatureError || e instanceof SyntaxError) return fail(401, e instanceof WebhookSignatureError ? e.message : "malformed");
    throw e;
  }
  if (!resourceMerchantOk(merchant, resource)) return fail(400, "notification of another merchant");
  // Payments carry the tenant in attach: a mismatch is not ours to apply.
  if (n.event_type === "TRANSACTION.SUCCESS" && resource.attach !== tenantId) return { status: 200, body: OK, result: { handled: false, reason: "other tenant" } };
  if (n.event_type === "MCHTRANSFER.BILL.FINISHED") {
    try {
      return await applyTransferBill(deps.db, tenantId, resource as TransferBill);
    } catch (e) {
      console.error(`[wechatpay webhook] ${n.event_type} ${n.id} failed`, e);
      return fail(500, "processing failed");
    }
  }
  const event = mapNotification(n, resource);
  if (!event) return { status: 200, body: OK, result: { handled: false, reason: `unhandled ${n.event_type}` } };
  try {
    return await applyWechatPayEvent(deps, tenantId, event);
  } catch (e) {
    console.error(`[wechatpay webhook] ${n.event_type} ${n.id} failed`, e);
    return fail(500, "processing failed");
  }
}

/**
 * A merchant transfer bill reached its final state (SUCCESS, FAIL, CANCELLED): applied to the payout attempt
 * its out_bill_no names, once (a payout no longer paying, or another attempt, is left as it is).
 */
export async function applyTransferBill(db: Db, tenantId: string, bill: TransferBill): Promise<Answer> {
  const ours = parsePayoutBillNo(bill.out_bill_no ?? "");
  if (!ours) return { status: 200, body: OK, result: { handled: false, reason: "not one of our bills" } };
  const outcome = await withTenant(db, tenantId, (tx) => applyPayoutResult(tx, tenantId, ours.withdrawalId, ours.attempt, transferBillResult(bill)));
  return { status: 200, body: OK, result: outcome === "ignored" ? { handled: false, reason: "payout not waiting for this bill" } : { handled: true, outcome } } as Answer;
}

/** Applies one WeChat Pay event in the tenant (once by event id) and what to do after the commit. */
export async function applyWechatPayEvent(deps: { db: Db; providers: Providers }, tenantId: string, event: PaymentEvent): Promise<Answer> {
  const result = await withTenant(deps.db, tenantId, (tx) => applyPaymentEvent(tx, tenantId, event));
  const out: Answer = { status: 200, body: OK, result };
  if (result.applied) {
    const refundId = result.effect === "voided" ? result.voidRefundId : null;
    out.followUp = async () => {
      if (refundId) await sendRefund(deps.db, deps.providers, tenantId, refundId);
      await drainSoon(deps.db, tenantId);
    };
  }
  return out;
}

/**
 * Reconciliation of one open payment whose notification has not come: the
 * order query says whether it was paid; paid applies the same event a
 * notification would (event id `query:<transaction_id>`, so asking twice is once;
 * a late notification finds the payment already succeeded and changes nothing).
 */
export async function reconcileWechatPayment(deps: { db: Db; providers: Providers; client: WechatPayClient; merchants: MerchantSource }, tenantId: string, paymentId: string) {
  const [p] = await withTenant(deps.db, tenantId, (tx) =>
    tx.select({ providerRef: payments.providerRef, status: payments.status }).from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), eq(payments.provider, "wechatpay"))),
  );
  if (!p?.providerRef) return { state: "unknown" as const };
  if (p.status !== "pending") return { state: p.status };
  const merchant = await deps.merchants(tenantId);
  if (!merchant) return { state: "unknown" as const };
  const t = await deps.client.queryOrder(merchant, p.providerRef ?? outTradeNo(paymentId));
  if (!t) return { state: "NOTPAY" as const };
  if (t.attach && t.attach !== tenantId) return { state: "unknown" as const };
  const event = t.transaction_id ? transactionEvent(`query:${t.transaction_id}`, t) : null;
  if (!event) return { state: t.trade_state };
  const out = await applyWechatPayEvent(deps, tenantId, event);
  if (out.followUp) await out.followUp().catch((e) => console.error("[wechatpay] follow-up failed (the job retries it)", e));
  return { state: "SUCCESS" as const, result: out.result };
}

/** A refund WeChat Pay acknowledged (PROCESSING) without its notification: the refund query settles it, once per outcome. */
export async function reconcileWechatRefund(deps: { db: Db; providers: Providers; client: WechatPayClient; merchants: MerchantSource }, tenantId: string, refundId: string) {
  const [r] = await withTenant(deps.db, tenantId, (tx) =>
    tx.execute(sql`select attempt, status from refunds where tenant_id = ${tenantId} and id = ${refundId}`).then((x) => rowsOf<{ attempt: number; status: string }>(x)),
  );
  if (!r || r.status !== "pending") return { state: r?.status ?? "unknown" };
  const merchant = await deps.merchants(tenantId);
  if (!merchant) return { state: "unknown" };
  const wx = await deps.client.queryRefund(merchant, outRefundNo(refundId, r.attempt));
  const status = wx?.status ?? wx?.refund_status;
  if (!wx || (status !== "SUCCESS" && status !== "CLOSED" && status !== "ABNORMAL")) return { state: status ?? "unknown" };
  const event: PaymentEvent = {
    type: status === "SUCCESS" ? "refund.succeeded" : "refund.failed",
    provider: "wechatpay",
    eventId: `refund-query:${wx.refund_id}:${status}`,
    refundIds: [refundId],
    providerRefundIds: [wx.refund_id],
    ...(status === "SUCCESS" ? {} : { reason: status.toLowerCase() }),
    attempt: r.attempt,
  };
  const out = await applyWechatPayEvent(deps, tenantId, event);
  if (out.followUp) await out.followUp().catch((e) => console.error("[wechatpay] follow-up failed (the job retries it)", e));
  return { state: status, result: out.result };
}

/** The job's part: every open WeChat Pay payment older than two minutes, and every acknowledged refund older than five, asked once per tick. */
export async function reconcileWechatPayments(deps: { db: Db; providers: Providers; client: WechatPayClient; merchants: MerchantSource }, batch = 100) {
  const due = await withContext(deps.db, {}, async (tx) =>
    rowsOf<{ tenant_id: string; payment_id: string }>(await tx.execute(sql`select tenant_id, payment_id from app_private.unconfirmed_wechatpay_payments(interval '2 minutes', ${batch})`)),
  );
  let paid = 0;
  for (const d of due) {
    try {
      if ((await reconcileWechatPayment(deps, d.tenant_id, d.payment_id)).state === "SUCCESS") paid++;
    } catch (e) {
      console.error(`[wechatpay] reconciling payment ${d.payment_id} failed`, e instanceof Error ? e.message : e);
    }
  }
  const refunds = await withContext(deps.db, {}, async (tx) =>
    rowsOf<{ tenant_id: string; refund_id: string }>(await tx.execute(sql`select tenant_id, refund_id from app_private.unconfirmed_wechatpay_refunds(interval '5 minutes', ${batch})`)),
  );
  let settled = 0;
  for (const d of refunds) {
    try {
      const r = await reconcileWechatRefund(deps, d.tenant_id, d.refund_id);
      if (r.state === "SUCCESS" || r.state === "CLOSED" || r.state === "ABNORMAL") settled++;
    } catch (e) {
      console.error(`[wechatpay] reconciling refund ${d.refund_id} failed`, e instanceof Error ? e.message : e);
    }
  }
  return { checked: due.length, paid, refundsChecked: refunds.length, refundsSettled: settled };
}
