import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { encryptResource, parseAuthorization, requestMessage, rsaVerify, signAsPlatform, nowS } from "../src/wechatpay-crypto";

/**
 * A local stand-in for api.mch.weixin.qq.com (unreachable here). It checks
 * every request's WECHATPAY2-SHA256-RSA2048 signature with the merchant's
 * public key (401 SIGN_ERROR otherwise), answers JSAPI prepay, order query,
 * refunds, refund query and /v3/certificates, signs its answers with its own
 * platform key, and builds signed, encrypted notifications as WeChat Pay does.
 */
export type Merchant = { mchid: string; serialNo: string; publicKeyPem: string; apiV3Key: string };
export type FakeOrder = {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id: string | null;
  trade_state: "NOTPAY" | "SUCCESS" | "CLOSED" | "REFUND";
  amount: number;
  attach: string;
  openid: string;
  notify_url: string;
  sub_mchid?: string;
};
export type FakeRefund = { refund_id: string; out_refund_no: string; out_trade_no: string; transaction_id: string; status: string; amount: { total: number; refund: number }; notify_url: string };
export type Seen = { method: string; path: string; body: Record<string, unknown> | null; authOk: boolean };

export type FakeWechatPay = {
  url: string;
  platformSerial: string;
  platformPrivateKeyPem: string;
  platformPublicKeyPem: string;
  seen: Seen[];
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  /** Status new refunds get (SUCCESS, PROCESSING, ABNORMAL, CLOSED). */
  refundStatus: string;
  /** Set: answers are signed with this timestamp (a stale one: our client cannot verify what WeChat did). */
  answerTimestamp: string | null;
  /** The shopper pays in WeChat: the order becomes SUCCESS (no notification is sent by this alone). */
  pay(outTradeNo: string): FakeOrder;
  /** A notification as WeChat Pay would post it: headers and raw body. */
  notification(eventType: "TRANSACTION.SUCCESS" | "REFUND.SUCCESS" | "REFUND.ABNORMAL" | "REFUND.CLOSED", resource: Record<string, unknown>, opts?: { id?: string; timestamp?: string }): { headers: Record<string, string>; body: string; id: string };
  transactionResource(o: FakeOrder): Record<string, unknown>;
  refundResource(r: FakeRefund, status?: string): Record<string, unknown>;
  close(): Promise<void>;
};

export async function startFakeWechatPay(merchant: Merchant): Promise<FakeWechatPay> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const platformPrivateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const platformPublicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const platformSerial = "5157F09EFDC096DE15EBE81A47057A72" + Math.floor(Math.random() * 1e6);
  let n = 0;

  const fake: FakeWechatPay = {
    url: "",
    platformSerial,
    platformPrivateKeyPem,
    platformPublicKeyPem,
    seen: [],
    orders: new Map(),
    refunds: new Map(),
    refundStatus: "SUCCESS",
    answerTimestamp: null,
    pay(no) {
      const o = fake.orders.get(no);
      if (!o) throw new Error(`fake WeChat Pay has no order ${no}`);
      o.trade_state = "SUCCESS";
      o.transaction_id ??= `42000${Date.now()}${++n}`;
      return o;
    },
    transactionResource: (o) => ({
      mchid: o.mchid,
      appid: o.appid,
      out_trade_no: o.out_trade_no,
      transaction_id: o.transaction_id,
      trade_type: "JSAPI",
      trade_state: o.trade_state,
      trade_state_desc: o.trade_state === "SUCCESS" ? "支付成功" : "未支付",
      bank_type: "OTHERS",
      attach: o.attach,
      success_time: new Date().toISOString(),
      payer: { openid: o.openid },
      amount: { total: o.amount, payer_total: o.amount, currency: "CNY", payer_currency: "CNY" },
    }),
    refundResource: (r, status) => ({
      mchid: merchant.mchid,
      out_trade_no: r.out_trade_no,
      transaction_id: r.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: status ?? r.status,
      success_time: new Date().toISOString(),
      user_received_account: "支付用户零钱",
      amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.total, payer_refund: r.amount.refund },
    }),
    notification(eventType, resource, opts = {}) {
      const id = opts.id ?? randomUUID();
      const isRefund = eventType.startsWith("REFUND.");
      const body = JSON.stringify({
        id,
        create_time: new Date().toISOString(),
        resource_type: "encrypt-resource",
        event_type: eventType,
        summary: isRefund ? "退款状态变更" : "支付成功",
        resource: encryptResource(JSON.stringify(resource), merchant.apiV3Key, isRefund ? "refund" : "transaction", isRefund ? "refund" : "transaction"),
      });
      return { id, body, headers: { "content-type": "application/json", ...signAsPlatform(platformPrivateKeyPem, platformSerial, body, opts.timestamp) } };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  function answer(method: string, path: string, query: URLSearchParams, body: Record<string, unknown> | null): { status: number; json: unknown } {
    if (method === "GET" && path === "/v3/certificates") {
      return {
        status: 200,
        json: {
          data: [
            {
              serial_no: platformSerial,
              effective_time: "2026-01-01T00:00:00+08:00",
              expire_time: "2031-01-01T00:00:00+08:00",
              // A real answer carries an X.509 certificate; a public key PEM stands in (both are accepted).
              encrypt_certificate: encryptResource(platformPublicKeyPem, merchant.apiV3Key, "certificate", "certificate"),
            },
          ],
        },
      };
    }
    if (method === "POST" && (path === "/v3/pay/transactions/jsapi" || path === "/v3/pay/partner/transactions/jsapi")) {
      const b = body as { out_trade_no?: string; amount?: { total?: number }; payer?: { openid?: string; sub_openid?: string }; notify_url?: string; attach?: string; appid?: string; sp_appid?: string; sub_mchid?: string };
      const openid = b.payer?.openid ?? b.payer?.sub_openid;
      if (!b.out_trade_no || !b.amount?.total || !openid || !b.notify_url) return { status: 400, json: { code: "PARAM_ERROR", message: "缺少参数" } };
      const existing = fake.orders.get(b.out_trade_no);
      if (existing && existing.amount !== b.amount.total) return { status: 400, json: { code: "OUT_TRADE_NO_USED", message: "商户订单号重复" } };
      if (existing?.trade_state === "SUCCESS") return { status: 400, json: { code: "ORDERPAID", message: "该订单已支付" } };
      const o: FakeOrder = existing ?? {
        mchid: merchant.mchid,
        appid: b.appid ?? b.sp_appid ?? "",
        out_trade_no: b.out_trade_no,
        transaction_id: null,
        trade_state: "NOTPAY",
        amount: b.amount.total,
        attach: b.attach ?? "",
        openid,
        notify_url: b.notify_url,
        ...(b.sub_mchid ? { sub_mchid: b.sub_mchid } : {}),
      };
      fake.orders.set(o.out_trade_no, o);
      return { status: 200, json: { prepay_id: `wx${o.out_trade_no.slice(0, 20)}fake` } };
    }
    const q = /^\/v3\/pay(?:\/partner)?\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (method === "GET" && q) {
      if (!query.get("mchid") && !query.get("sp_mchid")) return { status: 400, json: { code: "PARAM_ERROR", message: "mchid missing" } };
      const o = fake.orders.get(decodeURIComponent(q[1]!));
      if (!o) return { status: 404, json: { code: "ORDER_NOT_EXIST", message: "订单不存在" } };
      const r = fake.transactionResource(o);
      return { status: 200, json: o.trade_state === "SUCCESS" ? r : { ...r, transaction_id: undefined, success_time: undefined } };
    }
    if (method === "POST" && path === "/v3/refund/domestic/refunds") {
      const b = body as { out_refund_no?: string; out_trade_no?: string; transaction_id?: string; amount?: { refund?: number; total?: number }; notify_url?: string };
      if (!b.out_refund_no || !b.amount?.refund || !b.amount.total) return { status: 400, json: { code: "PARAM_ERROR", message: "缺少参数" } };
      const again = fake.refunds.get(b.out_refund_no);
      if (again) return { status: 200, json: again };
      const o = [...fake.orders.values()].find((x) => x.out_trade_no === b.out_trade_no || (b.transaction_id && x.transaction_id === b.transaction_id));
      if (!o || !o.transaction_id) return { status: 404, json: { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" } };
      if (b.amount.total !== o.amount) return { status: 400, json: { code: "PARAM_ERROR", message: "订单金额或退款金额与之前请求不一致" } };
      const r: FakeRefund = {
        refund_id: `50300${Date.now()}${++n}`,
        out_refund_no: b.out_refund_no,
        out_trade_no: o.out_trade_no,
        transaction_id: o.transaction_id,
        status: fake.refundStatus,
        amount: { total: o.amount, refund: b.amount.refund },
        notify_url: b.notify_url ?? "",
      };
      fake.refunds.set(r.out_refund_no, r);
      return { status: 200, json: r };
    }
    const rq = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (method === "GET" && rq) {
      const r = fake.refunds.get(decodeURIComponent(rq[1]!));
      return r ? { status: 200, json: r } : { status: 404, json: { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" } };
    }
    return { status: 404, json: { code: "NOT_FOUND", message: `fake WeChat Pay has no ${method} ${path}` } };
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://fake");
      const auth = parseAuthorization(req.headers.authorization);
      const authOk =
        !!auth &&
        auth.mchid === merchant.mchid &&
        auth.serial_no === merchant.serialNo &&
        Math.abs(nowS() - Number(auth.timestamp)) <= 300 &&
        rsaVerify(merchant.publicKeyPem, requestMessage(req.method!, url.pathname + url.search, auth.timestamp, auth.nonce_str, raw), auth.signature);
      let body: Record<string, unknown> | null = null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      fake.seen.push({ method: req.method!, path: url.pathname, body, authOk });
      const a = authOk ? answer(req.method!, url.pathname, url.searchParams, body) : { status: 401, json: { code: "SIGN_ERROR", message: "签名错误" } };
      const text = JSON.stringify(a.json);
      res.writeHead(a.status, { "content-type": "application/json", "request-id": `fake-${fake.seen.length}`, ...signAsPlatform(platformPrivateKeyPem, platformSerial, text, fake.answerTimestamp ?? undefined) });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A merchant API key pair, as the merchant's apiclient_key.pem would be. */
export function merchantKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}
