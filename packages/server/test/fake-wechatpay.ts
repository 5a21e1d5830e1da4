import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { decryptAsPlatform, encryptResource, parseAuthorization, requestMessage, rsaVerify, signAsPlatform, nowS } from "../src/wechatpay-crypto";

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
export type FakeBill = {
  mch_id: string;
  sub_mchid?: string;
  appid: string;
  out_bill_no: string;
  transfer_bill_no: string;
  state: "ACCEPTED" | "PROCESSING" | "WAIT_USER_CONFIRM" | "TRANSFERING" | "SUCCESS" | "FAIL" | "CANCELING" | "CANCELLED";
  transfer_amount: number;
  openid: string;
  /** The payee's name as WeChat decrypted it (from ¥2,000). */
  user_name: string | null;
  transfer_scene_id: string;
  fail_reason?: string;
  package_info: string;
  create_time: string;
  update_time: string;
};
export type Seen = { method: string; path: string; body: Record<string, unknown> | null; authOk: boolean };

export type FakeWechatPay = {
  url: string;
  platformSerial: string;
  platformPrivateKeyPem: string;
  platformPublicKeyPem: string;
  seen: Seen[];
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  bills: Map<string, FakeBill>;
  /** State new transfer bills get (WAIT_USER_CONFIRM as WeChat's user-confirmed transfers do; SUCCESS, FAIL, …). */
  billState: FakeBill["state"];
  /** Make the transfer, then drop the connection instead of answering, this many times. */
  dropTransferResponses: number;
  /** Refuse the next transfers with this error (e.g. NOT_ENOUGH, 403), making no bill. */
  refuseTransfers: { status: number; code: string; message: string } | null;
  /** The distributor taps 确认收款: the bill becomes SUCCESS. */
  confirmBill(outBillNo: string): FakeBill;
  /** Nobody confirmed in time (or the merchant cancelled): the bill becomes CANCELLED. */
  expireBill(outBillNo: string): FakeBill;
  billResource(b: FakeBill): Record<string, unknown>;
  /** Status new refunds get (SUCCESS, PROCESSING, ABNORMAL, CLOSED). */
  refundStatus: string;
  /** Set: answers are signed with this timestamp (a stale one: our client cannot verify what WeChat did). */
  answerTimestamp: string | null;
  /** The shopper pays in WeChat: the order becomes SUCCESS (no notification is sent by this alone). */
  pay(outTradeNo: string): FakeOrder;
  /** A notification as WeChat Pay would post it: headers and raw body. */
  notification(eventType: "TRANSACTION.SUCCESS" | "REFUND.SUCCESS" | "REFUND.ABNORMAL" | "REFUND.CLOSED" | "MCHTRANSFER.BILL.FINISHED", resource: Record<string, unknown>, opts?: { id?: string; timestamp?: string }): { headers: Record<string, string>; body: string; id: string };
  transactionResource(o: FakeOrder): Record<string, unknown>;
  refundResource(r: FakeRefund, status?: string): Record<string, unknown>;
  /** The merchant refunds in the merchant platform (pay.weixin.qq.com), not through the API: WeChat numbers the refund itself. */
  merchantPlatformRefund(outTradeNo: string, amountFen: number): FakeRefund;
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
    bills: new Map(),
    billState: "WAIT_USER_CONFIRM",
    dropTransferResponses: 0,
    refuseTransfers: null,
    confirmBill(no) {
      const b = fake.bills.get(no);
      if (!b) throw new Error(`fake WeChat Pay has no bill ${no}`);
      if (b.state !== "WAIT_USER_CONFIRM") throw new Error(`bill ${no} is ${b.state}, not waiting for confirmation`);
      b.state = "SUCCESS";
      b.update_time = new Date().toISOString();
      return b;
    },
    expireBill(no) {
      const b = fake.bills.get(no);
      if (!b) throw new Error(`fake WeChat Pay has no bill ${no}`);
      b.state = "CANCELLED";
      b.fail_reason = "TRANSFER_TIMEOUT";
      b.update_time = new Date().toISOString();
      return b;
    },
    billResource: (b) => ({
      out_bill_no: b.out_bill_no,
      transfer_bill_no: b.transfer_bill_no,
      state: b.state,
      mch_id: b.mch_id,
      ...(b.sub_mchid ? { sub_mchid: b.sub_mchid } : {}),
      transfer_amount: b.transfer_amount,
      openid: b.openid,
      ...(b.fail_reason ? { fail_reason: b.fail_reason } : {}),
      create_time: b.create_time,
      update_time: b.update_time,
    }),
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
    merchantPlatformRefund(outTradeNo, amountFen) {
      const o = fake.orders.get(outTradeNo);
      if (!o || !o.transaction_id) throw new Error(`fake WeChat Pay: no paid order ${outTradeNo}`);
      const r: FakeRefund = {
        refund_id: `50300${Date.now()}${++n}`,
        out_refund_no: `${Date.now()}${n}`,
        out_trade_no: o.out_trade_no,
        transaction_id: o.transaction_id,
        status: "SUCCESS",
        amount: { total: o.amount, refund: amountFen },
        notify_url: o.notify_url,
      };
      fake.refunds.set(r.out_refund_no, r);
      return r;
    },
    notification(eventType, resource, opts = {}) {
      const id = opts.id ?? randomUUID();
      const isRefund = eventType.startsWith("REFUND.");
      const kind = eventType.startsWith("MCHTRANSFER.") ? "mch_payment" : isRefund ? "refund" : "transaction";
      const body = JSON.stringify({
        id,
        create_time: new Date().toISOString(),
        resource_type: "encrypt-resource",
        event_type: eventType,
        summary: kind === "mch_payment" ? "商家转账单据终态通知" : isRefund ? "退款状态变更" : "支付成功",
        resource: encryptResource(JSON.stringify(resource), merchant.apiV3Key, kind, kind),
      });
      return { id, body, headers: { "content-type": "application/json", ...signAsPlatform(platformPrivateKeyPem, platformSerial, body, opts.timestamp) } };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  /** What WeChat answers to a transfer: the bill, with the package to open while it waits for the user. */
  const billAnswer = (b: FakeBill) => ({ out_bill_no: b.out_bill_no, transfer_bill_no: b.transfer_bill_no, create_time: b.create_time, state: b.state, ...(b.state === "WAIT_USER_CONFIRM" ? { package_info: b.package_info } : {}) });

  function answer(method: string, path: string, query: URLSearchParams, body: Record<string, unknown> | null, headers: http.IncomingHttpHeaders = {}): { status: number; json: unknown } {
    if (method === "POST" && (path === "/v3/fund-app/mch-transfer/transfer-bills" || path === "/v3/fund-app/mch-transfer/partner/transfer-bills")) {
      const b = body as { appid?: string; sub_mchid?: string; out_bill_no?: string; transfer_scene_id?: string; openid?: string; user_name?: string; transfer_amount?: number; transfer_remark?: string; transfer_scene_report_infos?: unknown[] };
      if (!b.appid || !b.out_bill_no || !/^[0-9A-Za-z]{1,32}$/.test(b.out_bill_no) || !b.transfer_scene_id || !b.openid || !b.transfer_amount || !b.transfer_remark || !Array.isArray(b.transfer_scene_report_infos))
        return { status: 400, json: { code: "PARAM_ERROR", message: "参数错误" } };
      const again = fake.bills.get(b.out_bill_no);
      if (again) {
        if (again.transfer_amount !== b.transfer_amount || again.openid !== b.openid) return { status: 400, json: { code: "INVALID_REQUEST", message: "商户单号重复，且参数不一致" } };
        return { status: 200, json: billAnswer(again) };
      }
      if (fake.refuseTransfers) return { status: fake.refuseTransfers.status, json: { code: fake.refuseTransfers.code, message: fake.refuseTransfers.message } };
      let userName: string | null = null;
      if (b.transfer_amount >= 200_000) {
        if (!b.user_name) return { status: 400, json: { code: "PARAM_ERROR", message: "转账金额>=2000元时，user_name必填" } };
        if (headers["wechatpay-serial"] !== platformSerial) return { status: 400, json: { code: "PARAM_ERROR", message: "Wechatpay-Serial 错误" } };
        try {
          userName = decryptAsPlatform(platformPrivateKeyPem, b.user_name);
        } catch {
          return { status: 400, json: { code: "PARAM_ERROR", message: "user_name 解密失败" } };
        }
      }
      const now = new Date().toISOString();
      const bill: FakeBill = {
        mch_id: merchant.mchid,
        ...(b.sub_mchid ? { sub_mchid: b.sub_mchid } : {}),
        appid: b.appid,
        out_bill_no: b.out_bill_no,
        transfer_bill_no: `1330000${Date.now()}${++n}`,
        state: fake.billState,
        transfer_amount: b.transfer_amount,
        openid: b.openid,
        user_name: userName,
        transfer_scene_id: b.transfer_scene_id,
        ...(fake.billState === "FAIL" ? { fail_reason: "PAYEE_ACCOUNT_ABNORMAL" } : {}),
        package_info: `ABBQO+oYAAABAAAAAAAk+yPZGrAAAAAF${n}`,
        create_time: now,
        update_time: now,
      };
      fake.bills.set(bill.out_bill_no, bill);
      return { status: 200, json: billAnswer(bill) };
    }
    const bq = /^\/v3\/fund-app\/mch-transfer(?:\/partner)?\/transfer-bills\/out-bill-no\/([^/]+)(\/cancel)?$/.exec(path);
    if (bq) {
      const bill = fake.bills.get(decodeURIComponent(bq[1]!));
      if (!bill) return { status: 404, json: { code: "NOT_FOUND", message: "记录不存在" } };
      if (method === "POST" && bq[2]) {
        if (bill.state !== "WAIT_USER_CONFIRM" && bill.state !== "ACCEPTED") return { status: 400, json: { code: "INVALID_REQUEST", message: "当前单据状态不允许撤销" } };
        bill.state = "CANCELLED";
        bill.update_time = new Date().toISOString();
        return { status: 200, json: { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: "CANCELING", update_time: bill.update_time } };
      }
      if (method === "GET" && !bq[2]) return { status: 200, json: fake.billResource(bill) };
    }
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
      const a = authOk ? answer(req.method!, url.pathname, url.searchParams, body, req.headers) : { status: 401, json: { code: "SIGN_ERROR", message: "签名错误" } };
      if (authOk && req.method === "POST" && url.pathname.endsWith("/transfer-bills") && fake.dropTransferResponses > 0 && a.status === 200) {
        fake.dropTransferResponses--;
        res.destroy();
        return;
      }
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
