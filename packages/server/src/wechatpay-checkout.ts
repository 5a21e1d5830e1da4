import { and, desc, eq } from "drizzle-orm";
import { AppError } from "../../core/src/errors";
import { miniprogramIdentities } from "../../db/src/schema";
import type { Db, Tx } from "../../db/src/client";
import { applyPaymentEvent, paymentForBuyer, startPayment } from "../../db/src/queries/payments";
import { outTradeNo } from "./wechatpay-crypto";
import { transactionEvent } from "./wechatpay-webhook";
import type { PaymentProvider, PaymentsRuntime } from "../../payments/src/types";
import { createWechatPayProvider, miniProgramPayParams, wechatPayClient, type WechatPayClient, type WechatPayEnv, type WechatPayProvider } from "./wechatpay";
import type { RequestPaymentParams } from "./wechatpay-crypto";
import { loadWechatMerchant, merchantsFrom } from "./wechatpay-merchants";

/**
 * The payer's openid in the tenant's mini-program (the mini-program session
 * stores it per tenant app); null when the shopper has not signed in through
 * the mini-program. A port: implemented by the session code, passed in here.
 */
export type OpenidFor = (tx: Tx, tenantId: string, userId: string, appId?: string) => Promise<string | null>;

/**
 * The port over the mini-program session's identities (drizzle/0032): the
 * shopper's openid in the app the payment is for (an openid belongs to one
 * app id), or, without an app id, their most recent mini-program login.
 */
export const openidFromIdentities: OpenidFor = async (tx, tenantId, userId, appId) => {
  const [row] = await tx
    .select({ openid: miniprogramIdentities.openid })
    .from(miniprogramIdentities)
    .where(and(eq(miniprogramIdentities.tenantId, tenantId), eq(miniprogramIdentities.userId, userId), ...(appId ? [eq(miniprogramIdentities.appId, appId)] : [])))
    .orderBy(desc(miniprogramIdentities.lastLoginAt))
    .limit(1);
  return row?.openid ?? null;
};

/** What the request context carries for mini-program payments. */
export type WechatPayDeps = { provider: WechatPayProvider | null; client: WechatPayClient | null; openidFor: OpenidFor; env: WechatPayEnv };

/**
 * What the mini-program does to pay: `wx.requestPayment(requestPayment)` for
 * WeChat Pay, or (no WeChat Pay configured) the simulator: its payment page
 * labelled 模拟支付 / simulated payment, completed with `shop.simulate`.
 */
export type MiniProgramPayment =
  | { provider: "wechatpay"; orderId: string; paymentId: string; requestPayment: RequestPaymentParams }
  | { provider: "simulator"; orderId: string; paymentId: string; simulatorUrl: string; simulated: true };

export type MiniProgramPayParams = Parameters<typeof startPayment>[2];

/**
 * After `wx.requestPayment` resolved (or the shopper says they paid): asks
 * WeChat Pay for the order and applies its success in this transaction, the
 * event a late notification would be (`query:<transaction_id>`, applied once).
 * The buyer's own WeChat Pay payment only.
 */
export async function confirmMiniProgramPayment(tx: Tx, deps: WechatPayDeps | undefined, tenantId: string, paymentId: string, buyerId: string) {
  const hit = await paymentForBuyer(tx, tenantId, paymentId, buyerId);
  if (!hit || hit.payment.provider !== "wechatpay") throw new AppError("NOT_FOUND", "order.notFound");
  if (hit.payment.status !== "pending") return { status: hit.payment.status, orderStatus: hit.order.status, applied: false };
  const merchant = deps?.client ? await loadWechatMerchant(tx, tenantId, deps.env) : null;
  if (!deps?.client || !merchant) throw new AppError("CONFLICT", "wechatpay.notAvailable");
  let t;
  try {
    t = await deps.client.queryOrder(merchant, outTradeNo(paymentId));
  } catch (e) {
    console.error("[wechatpay] order query failed", e instanceof Error ? e.message : e);
    throw new AppError("CONFLICT", "wechatpay.unavailable");
  }
  const event = t && t.attach === tenantId && t.transaction_id ? transactionEvent(`query:${t.transaction_id}`, t) : null;
  if (!event) return { status: "pending" as const, orderStatus: hit.order.status, applied: false };
  const r = await applyPaymentEvent(tx, tenantId, event);
  return { status: "succeeded" as const, orderStatus: r.applied && r.effect === "paid" ? ("paid" as const) : hit.order.status, applied: r.applied, voidRefundId: r.applied ? r.voidRefundId : undefined };
}

/**
 * Opens (or reuses) the payment of an unpaid order for a mini-program shopper.
 * Same startPayment as the H5 checkout (one open attempt per order, the
 * payment id as out_trade_no, so a double tap never prepays twice); a reused
 * prepay id is signed again with a fresh timestamp and nonce.
 */
export async function startMiniProgramPayment(tx: Tx, payments: PaymentsRuntime, deps: WechatPayDeps | undefined, p: MiniProgramPayParams): Promise<MiniProgramPayment> {
  const merchant = deps?.provider && deps.env.WECHATPAY_NOTIFY_BASE ? await loadWechatMerchant(tx, p.tenant.id, deps.env) : null;
  if (deps?.provider && merchant) {
    const openid = await deps.openidFor(tx, p.tenant.id, p.buyerId, merchant.mode === "partner" ? (merchant.subAppid ?? merchant.appid) : merchant.appid);
    if (!openid) throw new AppError("CONFLICT", "wechatpay.noOpenid");
    const provider = deps.provider.forPayer(merchant, openid);
    let opened;
    try {
      opened = await startPayment(tx, provider, p);
    } catch (e) {
      if (e instanceof AppError) throw e;
      console.error("[wechatpay] prepay failed", e instanceof Error ? e.message : e);
      throw new AppError("CONFLICT", "wechatpay.unavailable");
    }
    return { provider: "wechatpay", orderId: p.orderId, paymentId: opened.paymentId, requestPayment: miniProgramPayParams(merchant, provider.prepayIdOf(opened.url)) };
  }
  const simulator: PaymentProvider | undefined = payments.providers.simulator;
  const policy = payments.simulator ?? { usable: true, accounts: true };
  if (!simulator || !policy.usable) throw new AppError("CONFLICT", "wechatpay.notAvailable");
  const opened = await startPayment(tx, simulator, p);
  return { provider: "simulator", orderId: p.orderId, paymentId: opened.paymentId, simulatorUrl: opened.url, simulated: true };
}

const g = globalThis as unknown as { __fxWechatPay?: { client: WechatPayClient; provider: WechatPayProvider } };

/** The process's WeChat Pay client and provider (merchant keys per tenant, from the database). */
export function wechatPayRuntime(getDb: () => Promise<Db>, env: WechatPayEnv = process.env) {
  if (!g.__fxWechatPay) {
    const client = wechatPayClient(env);
    const provider = createWechatPayProvider(client, async (tenantId) => merchantsFrom(await getDb(), env)(tenantId), env);
    g.__fxWechatPay = { client, provider };
  }
  return g.__fxWechatPay;
}
