import type Stripe from "stripe";
import type { PayoutProvider, PayoutProviders, PayoutRequest, PayoutResult } from "../../payments/src/payouts";
import type { Db } from "../../db/src/client";
import { stripeClient, type StripeEnv } from "./stripe";
import { notifyUrl, transferBillResult, WechatPayError, type MerchantSource, type WechatPayClient, type WechatPayEnv } from "./wechatpay";
import { wechatPayRuntime } from "./wechatpay-checkout";
import { merchantsFrom } from "./wechatpay-merchants";
import { decryptSecret } from "./secrets";

/**
 * Payout providers (PRODUCT.md §5.5; the interface is packages/payments/src/payouts.ts):
 *
 * - WeChat Pay 商家转账: `POST /v3/fund-app/mch-transfer/transfer-bills` from the shop's own merchant to the
 *   distributor's openid in its mini-program; WeChat answers WAIT_USER_CONFIRM with a package the distributor
 *   opens with `wx.requestMerchantTransfer` (我的收入 in the mini-program) to receive it. A bill not confirmed in
 *   time is cancelled by WeChat (CANCELLED) and the money returns to available.
 *   WECHATPAY_TRANSFER_SCENE_ID: the 转账场景 the merchant was granted (default 1005 佣金报酬).
 * - Stripe Connect: a transfer from the platform's Stripe balance to the distributor's Express account
 *   (connected from 我的收入), idempotent by the bill number; a transfer is final when created.
 */

export function createWechatPayoutProvider(client: WechatPayClient, merchants: MerchantSource, env: WechatPayEnv = process.env): PayoutProvider {
  const merchantOf = async (tenantId: string) => {
    const m = await merchants(tenantId);
    if (!m) throw new WechatPayError(400, "NOT_CONFIGURED", "WeChat Pay is not configured for this shop");
    return m;
  };
  return {
    method: "wechat",
    async send(req: PayoutRequest) {
      const m = await merchantOf(req.tenantId);
      const bill = await client.transferBill(m, {
        appid: req.payeeAppId ?? (m.mode === "partner" ? (m.subAppid ?? m.appid) : m.appid),
        outBillNo: req.billNo,
        openid: req.payee,
        amountFen: req.amountFen,
        remark: req.remark,
        notifyUrl: notifyUrl(env, m, req.tenantId),
        sceneId: env.WECHATPAY_TRANSFER_SCENE_ID || "1005",
        perception: "劳务报酬",
        reportInfos: [
          { info_type: "岗位类型", info_content: "分销推广员" },
          { info_type: "报酬说明", info_content: req.remark.slice(0, 32) },
        ],
        // WeChat requires the payee's name from ¥2,000 and checks it against the account.
        realName: req.amountFen >= 200_000 ? (req.realName ?? null) : null,
      });
      return transferBillResult(bill);
    },
    async find(req: PayoutRequest) {
      const m = await merchantOf(req.tenantId);
      const bill = await client.queryTransferBill(m, req.billNo);
      return bill ? transferBillResult(bill) : null;
    },
  };
}

export function createStripePayoutProvider(stripe: Stripe): PayoutProvider {
  const resultOf = (t: Stripe.Transfer): PayoutResult =>
    t.reversed ? { state: "failed", providerRef: t.id, providerState: "reversed", failureReason: "reversed" } : { state: "succeeded", providerRef: t.id, providerState: "paid" };
  return {
    method: "stripe",
    async send(req) {
      const t = await stripe.transfers.create(
        {
          amount: req.amountFen,
          currency: "cny",
          destination: req.payee,
          transfer_group: req.billNo,
          description: req.remark,
          metadata: { tenant_id: req.tenantId, withdrawal_id: req.withdrawalId, attempt: String(req.attempt) },
        },
        { idempotencyKey: `payout-${req.billNo}` },
      );
      return resultOf(t);
    },
    async find(req) {
      const list = await stripe.transfers.list({ transfer_group: req.billNo, limit: 1 });
      const t = list.data[0];
      return t ? resultOf(t) : null;
    },
  };
}

/** A distributor's Stripe Connect Express account: created for them, onboarded on Stripe, its readiness asked back. */
export type PayeeConnect = {
  createAccount(p: { tenantId: string; userId: string; email: string | null }): Promise<{ accountId: string }>;
  accountLink(p: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string }>;
  retrieveAccount(accountId: string): Promise<{ payoutsEnabled: boolean }>;
};

export function createStripePayeeConnect(stripe: Stripe, opts: { country: string }): PayeeConnect {
  return {
    async createAccount({ tenantId, userId, email }) {
      const a = await stripe.accounts.create(
        {
          type: "express",
          country: opts.country,
          ...(email ? { email } : {}),
          business_type: "individual",
          capabilities: { transfers: { requested: true } },
          metadata: { tenant_id: tenantId, user_id: userId, role: "distributor" },
        },
        // A second tap (or a rolled-back transaction) gets the same account back.
        { idempotencyKey: `payee-account-${tenantId}-${userId}` },
      );
      return { accountId: a.id };
    },
    async accountLink({ accountId, refreshUrl, returnUrl }) {
      const link = await stripe.accountLinks.create({ account: accountId, type: "account_onboarding", refresh_url: refreshUrl, return_url: returnUrl });
      return { url: link.url };
    },
    async retrieveAccount(accountId) {
      const a = await stripe.accounts.retrieve(accountId);
      return { payoutsEnabled: !!a.payouts_enabled };
    },
  };
}

/** What the app hands the API for payouts: the providers, Stripe onboarding for distributors (when Stripe is set), the name decrypter. */
export type PayoutsRuntime = { providers: PayoutProviders; connect: PayeeConnect | null; decryptName: (enc: string) => string };

const g = globalThis as unknown as { __fxPayouts?: PayoutsRuntime };

/**
 * The payout providers of this process: WeChat Pay always (each shop brings its own merchant, or none: then
 * the method is not offered), Stripe when STRIPE_SECRET_KEY is set.
 */
export function payoutsRuntime(getDb: () => Promise<Db>, env: WechatPayEnv & StripeEnv = process.env): PayoutsRuntime {
  if (!g.__fxPayouts) {
    const wx = wechatPayRuntime(getDb, env);
    const stripe = env.STRIPE_SECRET_KEY ? stripeClient(env) : null;
    g.__fxPayouts = {
      providers: {
        wechat: createWechatPayoutProvider(wx.client, async (tenantId) => merchantsFrom(await getDb(), env)(tenantId), env),
        ...(stripe ? { stripe: createStripePayoutProvider(stripe) } : {}),
      },
      connect: stripe ? createStripePayeeConnect(stripe, { country: env.STRIPE_CONNECT_COUNTRY || "HK" }) : null,
      decryptName: decryptSecret,
    };
  }
  return g.__fxPayouts;
}

/** What the payout flow (packages/db/src/flows/payouts.ts) needs from this runtime, on a database. */
export const payoutDeps = (db: Db, rt: PayoutsRuntime) => ({ db, providers: rt.providers, decryptName: rt.decryptName });
