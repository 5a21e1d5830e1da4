import type { KeyObject } from "node:crypto";
import type { PayoutResult } from "../../payments/src/payouts";
import type { CheckoutRequest, CheckoutSession, PaymentProvider, RefundRequest, RefundResult } from "../../payments/src/types";
import {
  authorization,
  decryptResource,
  encryptForPlatform,
  outRefundNo,
  outTradeNo,
  privateKeyOf,
  publicKeyOf,
  requestPaymentParams,
  verifySigned,
  type EncryptedResource,
  type RequestPaymentParams,
} from "./wechatpay-crypto";

/**
 * WeChat Pay API v3 on the server: JSAPI prepay for the mini-program, order
 * query (reconciliation), refunds and refund query, platform certificates.
 * Every call is signed with the merchant's API certificate key and carries
 * our stable out_trade_no / out_refund_no, so a retry never pays or refunds twice.
 *
 * WECHATPAY_API_BASE     default https://api.mch.weixin.qq.com (tests point it at a local fake)
 * WECHATPAY_NOTIFY_BASE  public https origin WeChat Pay posts notifications to (…/api/webhooks/wechatpay[/tenant])
 * Service-provider mode (服务商): WECHATPAY_SP_MCHID, WECHATPAY_SP_APPID, WECHATPAY_SP_SERIAL,
 *   WECHATPAY_SP_PRIVATE_KEY (PEM), WECHATPAY_SP_APIV3_KEY, optional WECHATPAY_SP_PUBLIC_KEY + WECHATPAY_SP_PUBLIC_KEY_ID.
 */
export type WechatPayEnv = Record<string, string | undefined>;

/** The keys one API call is signed with and the platform key its answers are checked with. */
export type WechatMerchant = {
  /** direct: the merchant's own mchid; partner: the platform's sp_mchid with the merchant's sub_mchid. */
  mode: "direct" | "partner";
  mchid: string;
  /** direct: the mini-program's appid; partner: the platform's sp_appid. */
  appid: string;
  subMchid?: string | null;
  /** partner: the merchant's mini-program appid (sub_appid), the payer's openid belongs to it. */
  subAppid?: string | null;
  serialNo: string;
  privateKey: string;
  apiV3Key: string;
  /** A WeChat Pay public key (PUB_KEY_ID_…) instead of downloaded platform certificates. */
  platformPublicKey?: { id: string; pem: string } | null;
};

export class WechatPayError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${statusCode} ${code}: ${message}`);
  }
}

export type Transaction = {
  mchid?: string;
  sp_mchid?: string;
  sub_mchid?: string;
  appid?: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: "SUCCESS" | "REFUND" | "NOTPAY" | "CLOSED" | "REVOKED" | "USERPAYING" | "PAYERROR";
  trade_state_desc?: string;
  attach?: string;
  success_time?: string;
  payer?: { openid?: string; sp_openid?: string; sub_openid?: string };
  amount?: { total: number; payer_total?: number; currency?: string };
};

export type WxRefund = {
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no?: string;
  status?: "SUCCESS" | "CLOSED" | "PROCESSING" | "ABNORMAL";
  refund_status?: "SUCCESS" | "CLOSED" | "PROCESSING" | "ABNORMAL";
  amount?: { total: number; refund: number };
};

/** A merchant transfer bill (商家转账单) as WeChat answers and notifies it. */
export type TransferBill = {
  out_bill_no: string;
  transfer_bill_no?: string;
  create_time?: string;
  update_time?: string;
  state: "ACCEPTED" | "PROCESSING" | "WAIT_USER_CONFIRM" | "TRANSFERING" | "SUCCESS" | "FAIL" | "CANCELING" | "CANCELLED";
  fail_reason?: string;
  package_info?: string;
  mch_id?: string;
  sub_mchid?: string;
  openid?: string;
  transfer_amount?: number;
};

export type TransferBillRequest = {
  appid: string;
  outBillNo: string;
  openid: string;
  amountFen: number;
  remark: string;
  notifyUrl: string;
  /** 转账场景 the merchant was granted; 1005 佣金报酬 by default. */
  sceneId: string;
  /** 用户收款感知, a word the scene allows (劳务报酬 for 1005). */
  perception: string;
  reportInfos: { info_type: string; info_content: string }[];
  realName?: string | null;
};

/** WeChat's bill state → ours. CANCELLED (by us, or because nobody confirmed in time) and FAIL return the money. */
export function transferBillResult(b: TransferBill): PayoutResult {
  const base = { providerRef: b.transfer_bill_no ?? null, providerState: b.state };
  switch (b.state) {
    case "SUCCESS":
      return { ...base, state: "succeeded" };
    case "FAIL":
    case "CANCELLED":
      return { ...base, state: "failed", failureReason: b.fail_reason || b.state };
    case "WAIT_USER_CONFIRM":
      return { ...base, state: "awaiting_confirmation", packageInfo: b.package_info ?? null };
    default: // ACCEPTED, PROCESSING, TRANSFERING, CANCELING
      return { ...base, state: "sent" };
  }
}

const DEFAULT_BASE = "https://api.mch.weixin.qq.com";

export type WechatPayClient = ReturnType<typeof wechatPayClient>;

export function wechatPayClient(env: WechatPayEnv = process.env, fetchImpl: typeof fetch = fetch) {
  const base = (env.WECHATPAY_API_BASE || DEFAULT_BASE).replace(/\/$/, "");
  const u = new URL(base);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`WECHATPAY_API_BASE must be http(s), got ${base}`);
  // Platform keys by merchant (downloaded certificates live 5 years; refreshed every 12 h).
  const platformCache = new Map<string, { at: number; keys: Map<string, KeyObject> }>();
  const keyCache = new WeakMap<WechatMerchant, KeyObject>();
  const signingKey = (m: WechatMerchant) => {
    let k = keyCache.get(m);
    if (!k) keyCache.set(m, (k = privateKeyOf(m.privateKey)));
    return k;
  };

  async function raw(m: WechatMerchant, method: "GET" | "POST", pathWithQuery: string, body?: unknown, extraHeaders: Record<string, string> = {}) {
    const text = body === undefined ? "" : JSON.stringify(body);
    const auth = authorization({ mchid: m.mchid, serialNo: m.serialNo, privateKey: signingKey(m), method, url: pathWithQuery, body: text });
    const res = await fetchImpl(base + pathWithQuery, {
      method,
      headers: { authorization: auth, accept: "application/json", "user-agent": "fenxiao-mall", ...(text ? { "content-type": "application/json" } : {}), ...extraHeaders },
      body: text || undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const answer = await res.text();
    return { res, answer };
  }

  /**
   * Platform keys of a merchant: its configured public key, or the decrypted /v3/certificates. One download at a
   * time per merchant (concurrent misses share it), and a forced refresh (an unknown serial: a rotation, or a
   * junk notification naming one) at most once a minute, so unsigned posts cannot make us call WeChat.
   */
  const inFlight = new Map<string, Promise<Map<string, KeyObject>>>();
  async function platformKeys(m: WechatMerchant, force = false): Promise<Map<string, KeyObject>> {
    if (m.platformPublicKey) return new Map([[m.platformPublicKey.id, publicKeyOf(m.platformPublicKey.pem)]]);
    const hit = platformCache.get(m.mchid);
    const age = hit ? Date.now() - hit.at : Infinity;
    if (hit && (force ? age < 60_000 : age < 12 * 3600_000)) return hit.keys;
    const running = inFlight.get(m.mchid);
    if (running) return running;
    const download = (async () => {
      const { res, answer } = await raw(m, "GET", "/v3/certificates");
      if (!res.ok) throw errorOf(res.status, answer);
      const data = (JSON.parse(answer) as { data: { serial_no: string; encrypt_certificate: EncryptedResource }[] }).data ?? [];
      const keys = new Map<string, KeyObject>();
      for (const c of data) keys.set(c.serial_no, publicKeyOf(decryptResource(c.encrypt_certificate, m.apiV3Key)));
      // The download itself is checked with the certificates it carries (decrypted with our key: they are WeChat's).
      verifySigned(headersOf(res), answer, (s) => keys.get(s) ?? null);
      platformCache.set(m.mchid, { at: Date.now(), keys });
      return keys;
    })();
    inFlight.set(m.mchid, download);
    try {
      return await download;
    } finally {
      inFlight.delete(m.mchid);
    }
  }

  /** One signed call; the answer's signature is verified with the platform key (an unknown serial refreshes the certificates once). */
  async function call<T>(m: WechatMerchant, method: "GET" | "POST", pathWithQuery: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T | null> {
    const { res, answer } = await raw(m, method, pathWithQuery, body, extraHeaders);
    if (res.status === 404) {
      const code = safeJson(answer)?.code;
      if (code === "ORDER_NOT_EXIST" || code === "RESOURCE_NOT_EXISTS" || code === "NOT_FOUND") return null;
    }
    if (!res.ok) throw errorOf(res.status, answer);
    // A 2xx WeChat made (the prepay, the refund) whose answer cannot be verified or read: not a refusal. As a 502
    // the refund code keeps the attempt pending and sends the same out_refund_no again, never a second refund.
    try {
      const h = headersOf(res);
      let keys = await platformKeys(m);
      if (h.serial && !keys.has(h.serial) && !m.platformPublicKey) keys = await platformKeys(m, true);
      verifySigned(h, answer, (s) => keys.get(s) ?? null);
      return answer ? (JSON.parse(answer) as T) : ({} as T);
    } catch (e) {
      throw new WechatPayError(502, "ANSWER_UNVERIFIED", `the ${res.status} answer to ${method} ${pathWithQuery.split("?")[0]} could not be verified: ${(e as Error).message}`);
    }
  }

  const partner = (m: WechatMerchant) => m.mode === "partner";
  const mchQuery = (m: WechatMerchant) => (partner(m) ? `sp_mchid=${enc(m.mchid)}&sub_mchid=${enc(m.subMchid ?? "")}` : `mchid=${enc(m.mchid)}`);

  return {
    base,
    platformKeys,
    /** JSAPI (mini-program) prepay → prepay_id (valid 2 hours). Same out_trade_no again: WeChat answers the same order. */
    async prepay(m: WechatMerchant, p: { outTradeNo: string; description: string; amountFen: number; openid: string; notifyUrl: string; attach: string; timeExpire?: Date }) {
      const common = {
        description: p.description.slice(0, 127),
        out_trade_no: p.outTradeNo,
        attach: p.attach,
        notify_url: p.notifyUrl,
        amount: { total: p.amountFen, currency: "CNY" },
        ...(p.timeExpire ? { time_expire: rfc3339(p.timeExpire) } : {}),
      };
      const r = partner(m)
        ? await call<{ prepay_id: string }>(m, "POST", "/v3/pay/partner/transactions/jsapi", {
            sp_appid: m.appid,
            sp_mchid: m.mchid,
            sub_appid: m.subAppid ?? undefined,
            sub_mchid: m.subMchid,
            ...common,
            payer: { sub_openid: p.openid },
          })
        : await call<{ prepay_id: string }>(m, "POST", "/v3/pay/transactions/jsapi", { appid: m.appid, mchid: m.mchid, ...common, payer: { openid: p.openid } });
      if (!r?.prepay_id) throw new WechatPayError(502, "NO_PREPAY_ID", "prepay answered without prepay_id");
      return r.prepay_id;
    },
    /** The order by our out_trade_no; null when WeChat has none (never prepaid). */
    queryOrder(m: WechatMerchant, tradeNo: string) {
      const path = partner(m) ? "/v3/pay/partner/transactions/out-trade-no/" : "/v3/pay/transactions/out-trade-no/";
      return call<Transaction>(m, "GET", `${path}${enc(tradeNo)}?${mchQuery(m)}`);
    },
    refund(m: WechatMerchant, p: { outTradeNo: string; transactionId: string | null; outRefundNo: string; amountFen: number; totalFen: number; notifyUrl: string; reason?: string }) {
      return call<WxRefund>(m, "POST", "/v3/refund/domestic/refunds", {
        ...(partner(m) ? { sub_mchid: m.subMchid } : {}),
        ...(p.transactionId ? { transaction_id: p.transactionId } : { out_trade_no: p.outTradeNo }),
        out_refund_no: p.outRefundNo,
        ...(p.reason ? { reason: p.reason.slice(0, 80) } : {}),
        notify_url: p.notifyUrl,
        amount: { refund: p.amountFen, total: p.totalFen, currency: "CNY" },
      });
    },
    queryRefund(m: WechatMerchant, refundNo: string) {
      return call<WxRefund>(m, "GET", `/v3/refund/domestic/refunds/${enc(refundNo)}${partner(m) ? `?sub_mchid=${enc(m.subMchid ?? "")}` : ""}`);
    },
    /**
     * 商家转账 (merchant transfer to a user's 零钱, the version where the user confirms receipt): one bill per
     * out_bill_no (sending the same one again answers the same bill). A name, when given, is encrypted with the
     * platform key and the key's serial sent as Wechatpay-Serial (WeChat requires it from ¥2,000).
     */
    async transferBill(m: WechatMerchant, p: TransferBillRequest) {
      let userName: string | undefined;
      const headers: Record<string, string> = {};
      if (p.realName) {
        const keys = await platformKeys(m);
        const [serial, key] = [...keys.entries()][0] ?? [];
        if (!serial || !key) throw new WechatPayError(502, "NO_PLATFORM_KEY", "no WeChat Pay platform key to encrypt the payee's name with");
        userName = encryptForPlatform(key, p.realName);
        headers["wechatpay-serial"] = serial;
      }
      const body = {
        ...(partner(m) ? { sub_mchid: m.subMchid } : {}),
        appid: p.appid,
        out_bill_no: p.outBillNo,
        transfer_scene_id: p.sceneId,
        openid: p.openid,
        ...(userName ? { user_name: userName } : {}),
        transfer_amount: p.amountFen,
        transfer_remark: p.remark.slice(0, 32),
        notify_url: p.notifyUrl,
        user_recv_perception: p.perception,
        transfer_scene_report_infos: p.reportInfos,
      };
      const r = await call<TransferBill>(m, "POST", partner(m) ? "/v3/fund-app/mch-transfer/partner/transfer-bills" : "/v3/fund-app/mch-transfer/transfer-bills", body, headers);
      if (!r?.state) throw new WechatPayError(502, "NO_STATE", "the transfer answered without a state");
      return r;
    },
    /** The bill by our out_bill_no; null when WeChat has none (it never arrived). */
    queryTransferBill(m: WechatMerchant, outBillNo: string) {
      return partner(m)
        ? call<TransferBill>(m, "GET", `/v3/fund-app/mch-transfer/partner/transfer-bills/out-bill-no/${enc(outBillNo)}?sub_mchid=${enc(m.subMchid ?? "")}`)
        : call<TransferBill>(m, "GET", `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${enc(outBillNo)}`);
    },
    /** Withdraws a bill the user has not confirmed (accepted asynchronously: the query tells the outcome). */
    cancelTransferBill(m: WechatMerchant, outBillNo: string) {
      return partner(m)
        ? call<TransferBill>(m, "POST", `/v3/fund-app/mch-transfer/partner/transfer-bills/out-bill-no/${enc(outBillNo)}/cancel`, { sub_mchid: m.subMchid })
        : call<TransferBill>(m, "POST", `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${enc(outBillNo)}/cancel`);
    },
  };
}

const enc = encodeURIComponent;
const safeJson = (s: string): { code?: string; message?: string } | null => {
  try {
    return JSON.parse(s) as { code?: string; message?: string };
  } catch {
    return null;
  }
};
function errorOf(status: number, answer: string): WechatPayError {
  const j = safeJson(answer);
  return new WechatPayError(status, j?.code ?? "HTTP_" + status, (j?.message ?? answer).slice(0, 300));
}
const headersOf = (res: Response) => ({
  timestamp: res.headers.get("wechatpay-timestamp"),
  nonce: res.headers.get("wechatpay-nonce"),
  signature: res.headers.get("wechatpay-signature"),
  serial: res.headers.get("wechatpay-serial"),
});
/** RFC 3339 in China time, as WeChat writes it: 2026-12-03T20:00:00+08:00. */
export function rfc3339(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "+08:00");
}

/** Where WeChat Pay posts a tenant's notifications: the tenant is in the path (each merchant's keys, a partner's sub-merchant too). */
export function notifyUrl(env: WechatPayEnv, _m: WechatMerchant, tenantId: string): string {
  const base = (env.WECHATPAY_NOTIFY_BASE ?? "").replace(/\/$/, "");
  if (!base) throw new WechatPayError(0, "NOT_CONFIGURED", "WECHATPAY_NOTIFY_BASE is not set");
  return `${base}/api/webhooks/wechatpay/${tenantId}`;
}

/** The platform's own service-provider keys (partner mode), or null. */
export function serviceProvider(env: WechatPayEnv = process.env) {
  const { WECHATPAY_SP_MCHID: mchid, WECHATPAY_SP_APPID: appid, WECHATPAY_SP_SERIAL: serialNo, WECHATPAY_SP_PRIVATE_KEY: privateKey, WECHATPAY_SP_APIV3_KEY: apiV3Key } = env;
  if (!mchid || !appid || !serialNo || !privateKey || !apiV3Key) return null;
  const pub = env.WECHATPAY_SP_PUBLIC_KEY && env.WECHATPAY_SP_PUBLIC_KEY_ID ? { id: env.WECHATPAY_SP_PUBLIC_KEY_ID, pem: env.WECHATPAY_SP_PUBLIC_KEY.replace(/\\n/g, "\n") } : null;
  return { mchid, appid, serialNo, privateKey: privateKey.replace(/\\n/g, "\n"), apiV3Key, platformPublicKey: pub };
}

/** The merchant of a tenant (decrypted config), for calls made outside a request (refunds, reconciliation). */
export type MerchantSource = (tenantId: string) => Promise<WechatMerchant | null>;

/** Refund status → ours: PROCESSING waits; CLOSED / ABNORMAL are failures the merchant sees (and may approve again). */
export function wxRefundStatus(r: WxRefund): { status: RefundResult["status"]; failureReason?: string } {
  const s = r.status ?? r.refund_status;
  if (s === "SUCCESS") return { status: "succeeded" };
  if (s === "CLOSED" || s === "ABNORMAL") return { status: "failed", failureReason: s.toLowerCase() };
  return { status: "pending" };
}

/** A checkout opened by the provider: the prepay id is kept as the payment's checkout url (`prepay_id=…`, the package). */
export const PACKAGE_PREFIX = "prepay_id=";

/**
 * The WeChat Pay provider. Refunds look the tenant's merchant up themselves
 * (`merchants`); a checkout needs the payer, so it is opened through
 * `forPayer` (a provider bound to one merchant and one openid).
 */
export function createWechatPayProvider(client: WechatPayClient, merchants: MerchantSource, env: WechatPayEnv = process.env) {
  const merchantOf = async (tenantId: string | undefined) => {
    const m = tenantId ? await merchants(tenantId) : null;
    if (!m) throw new WechatPayError(400, "NOT_CONFIGURED", "WeChat Pay is not configured for this shop");
    return m;
  };
  const base: PaymentProvider & { forPayer: typeof forPayer } = {
    name: "wechatpay",
    // A prepay id lives 2 hours (and the order's time_expire is set within them, createCheckout below).
    sessionLifetimeMs: 2 * 3600_000 - 60_000,
    async createCheckout(): Promise<CheckoutSession> {
      throw new WechatPayError(400, "NO_PAYER", "a WeChat Pay checkout needs the payer's openid (forPayer)");
    },
    async refund(req: RefundRequest): Promise<RefundResult> {
      const m = await merchantOf(req.tenantId);
      if (!req.paymentAmountFen) throw new WechatPayError(400, "NO_TOTAL", "a WeChat Pay refund needs the payment's total");
      const r = await client.refund(m, {
        outTradeNo: req.paymentRef,
        transactionId: req.paymentIntentId,
        outRefundNo: outRefundNo(req.refundId, req.attempt),
        amountFen: req.amountFen,
        totalFen: req.paymentAmountFen,
        notifyUrl: notifyUrl(env, m, req.tenantId!),
      });
      if (!r) throw new WechatPayError(404, "ORDER_NOT_EXIST", "WeChat Pay has no such order");
      return { providerRefundId: r.refund_id, ...wxRefundStatus(r) };
    },
    async findRefund(req: RefundRequest): Promise<RefundResult | null> {
      const m = await merchantOf(req.tenantId);
      const r = await client.queryRefund(m, outRefundNo(req.refundId, req.attempt));
      return r ? { providerRefundId: r.refund_id, ...wxRefundStatus(r) } : null;
    },
    forPayer,
  };
  function forPayer(m: WechatMerchant, openid: string): PaymentProvider & { prepayIdOf(url: string): string } {
    return {
      ...base,
      async createCheckout(req: CheckoutRequest): Promise<CheckoutSession> {
        const tradeNo = outTradeNo(req.paymentId);
        // WeChat refuses time_expire under a minute away; the order's own expiry otherwise (at most the 2 h of a prepay id).
        const expires = new Date(Math.min(Math.max(req.expiresAt.getTime(), Date.now() + 5 * 60_000), Date.now() + 2 * 3600_000 - 60_000));
        const prepayId = await client.prepay(m, {
          outTradeNo: tradeNo,
          description: `订单 ${req.orderNo}`,
          amountFen: req.amountFen,
          openid,
          notifyUrl: notifyUrl(env, m, req.tenantId),
          attach: req.tenantId,
          timeExpire: expires,
        });
        return { providerRef: tradeNo, url: PACKAGE_PREFIX + prepayId, expiresAt: expires };
      },
      prepayIdOf: (url: string) => (url.startsWith(PACKAGE_PREFIX) ? url.slice(PACKAGE_PREFIX.length) : url),
    };
  }
  return base;
}

export type WechatPayProvider = ReturnType<typeof createWechatPayProvider>;

/** wx.requestPayment parameters for a prepay id (the appId is the one the payer's openid belongs to). */
export function miniProgramPayParams(m: WechatMerchant, prepayId: string): RequestPaymentParams {
  return requestPaymentParams({ appId: m.mode === "partner" ? (m.subAppid ?? m.appid) : m.appid, prepayId, privateKey: m.privateKey });
}
