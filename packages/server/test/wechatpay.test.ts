import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Db } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { sendRefund } from "../../db/src/flows/refunds";
import { merchantRefund, placeOrder } from "../../db/src/queries/orders";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { createSimulator } from "../../payments/src/simulator";
import type { Providers } from "../../payments/src/types";
import { createWechatPayProvider, miniProgramPayParams, notifyUrl, wechatPayClient, type WechatPayProvider } from "../src/wechatpay";
import { openidFromIdentities, startMiniProgramPayment, type MiniProgramPayment } from "../src/wechatpay-checkout";
import { decryptResource, encryptResource, outTradeNo, parseAuthorization, requestMessage, rsaVerify, signAsPlatform, verifyRequestPayment, authorization } from "../src/wechatpay-crypto";
import { loadWechatMerchant, merchantsFrom, saveWechatPay, wechatPayStatus } from "../src/wechatpay-merchants";
import { handleWechatPayNotification, reconcileWechatPayments } from "../src/wechatpay-webhook";
import { merchantKeys, startFakeWechatPay, type FakeWechatPay } from "./fake-wechatpay";

/**
 * WeChat Pay against a local fake (api.mch.weixin.qq.com is unreachable):
 * real orders and payments in PGlite, the real applyPaymentEvent, signatures
 * checked on both sides with real RSA keys.
 */
process.env.SECRETS_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const MCHID = "1900000001";
const APPID = "wx1234567890abcdef";
const SERIAL = "3775B6A45ACD588826D15E583A95F5DD0000000A";
const APIV3 = "v3KeyOfTheTeaShop0123456789abcde"; // 32 bytes
const keys = merchantKeys();

let d: Database;
let db: Db;
let fake: FakeWechatPay;
let provider: WechatPayProvider;
let providers: Providers;
let env: Record<string, string>;
let teaId: string;
let shopperId: string;
let ownerId: string;

beforeAll(async () => {
  fake = await startFakeWechatPay({ mchid: MCHID, serialNo: SERIAL, publicKeyPem: keys.publicKeyPem, apiV3Key: APIV3 });
  env = { WECHATPAY_API_BASE: fake.url, WECHATPAY_NOTIFY_BASE: "https://mall.example.com" };
  d = await createTestDatabase();
  db = d.db;
  const seed = await seedDemo(db);
  teaId = seed.teaId;
  shopperId = seed.shopperId;
  ownerId = seed.ownerId;
  await withTenant(
    db,
    teaId,
    (tx) => saveWechatPay(tx, teaId, ownerId, { mode: "direct", mchid: MCHID, appid: APPID, serialNo: SERIAL, privateKey: keys.privateKeyPem, apiV3Key: APIV3, platformKeyId: "", platformPublicKey: "" }),
    ownerId,
  );
  provider = createWechatPayProvider(wechatPayClient(env), merchantsFrom(db, env), env);
  providers = { wechatpay: provider, simulator: createSimulator() };
});
afterAll(async () => {
  await d?.close();
  await fake?.close();
});

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const orderStatus = async (id: string) => (await truth<{ status: string }>(sql`select status from orders where id = ${id}`))[0]!.status;
const deps = () => ({ db, providers, client: wechatPayClient(env), merchants: merchantsFrom(db, env) });
const runtime = () => ({ active: providers.simulator!, providers, connect: null, feeBps: () => 0 });

async function placeTeaOrder() {
  const [sku] = await truth<{ id: string }>(
    sql`select s.id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
        where s.tenant_id = ${teaId} and p.status = 'on_sale' and s.stock > 5 order by s.id limit 1`,
  );
  return withTenant(
    db,
    teaId,
    async (tx) =>
      (
        await placeOrder(tx, {
          tenantId: teaId,
          buyer: { id: shopperId, name: "顾客 刘洋" },
          items: [{ skuId: sku!.id, quantity: 1 }],
          address: { name: "刘洋", phone: "13800000000", province: "浙江省", city: "杭州市", district: "西湖区", detail: "龙井路 1 号" },
          idempotencyKey: randomUUID(),
        })
      ).order,
    shopperId,
  );
}

async function payInMiniProgram(orderId: string, wechat = true): Promise<MiniProgramPayment> {
  return withTenant(
    db,
    teaId,
    (tx) =>
      startMiniProgramPayment(tx, runtime(), wechat ? { provider, client: wechatPayClient(env), openidFor: async () => "oShopperOpenid_tea_0001", env } : undefined, {
        tenant: { id: teaId, slug: "tea" },
        orderId,
        buyerId: shopperId,
        feeBps: 0,
        shopBase: "http://localhost:3000/s/tea",
        successUrl: (id) => `http://localhost:3000/s/tea/orders/${orderId}?paid=${id}`,
        cancelUrl: `http://localhost:3000/s/tea/orders/${orderId}`,
      }),
    shopperId,
  );
}

const headersOf = (h: Record<string, string>) => ({ timestamp: h["wechatpay-timestamp"] ?? null, nonce: h["wechatpay-nonce"] ?? null, signature: h["wechatpay-signature"] ?? null, serial: h["wechatpay-serial"] ?? null });
const post = (n: { headers: Record<string, string>; body: string }, tenant = teaId) => handleWechatPayNotification(deps(), tenant, headersOf(n.headers), n.body);

describe("signatures (pure helpers)", () => {
  it("signs the Authorization header over method, url, timestamp, nonce and body", () => {
    const header = authorization({ mchid: MCHID, serialNo: SERIAL, privateKey: keys.privateKeyPem, method: "POST", url: "/v3/pay/transactions/jsapi", body: '{"a":1}', timestamp: "1554208460", nonceStr: "593BEC0C930BF1AFEB40B4A08C8FB242" });
    const a = parseAuthorization(header)!;
    expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="')).toBe(true);
    expect(rsaVerify(keys.publicKeyPem, "POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{\"a\":1}\n", a.signature)).toBe(true);
    expect(rsaVerify(keys.publicKeyPem, requestMessage("POST", "/v3/pay/transactions/jsapi", "1554208460", a.nonce_str, '{"a":2}'), a.signature)).toBe(false);
  });
  it("AEAD_AES_256_GCM resources decrypt, and a flipped byte or the wrong key does not", () => {
    const r = encryptResource('{"x":"一"}', APIV3, "transaction", "transaction");
    expect(decryptResource(r, APIV3)).toBe('{"x":"一"}');
    const bytes = Buffer.from(r.ciphertext, "base64");
    bytes[0]! ^= 1;
    expect(() => decryptResource({ ...r, ciphertext: bytes.toString("base64") }, APIV3)).toThrow();
    expect(() => decryptResource({ ...r, associated_data: "refund" }, APIV3)).toThrow();
    expect(() => decryptResource(r, "x".repeat(32))).toThrow();
  });
});

describe("mini-program checkout with WeChat Pay", () => {
  it("prepays with the payer's openid and returns wx.requestPayment parameters signed with the merchant key", async () => {
    const order = await placeTeaOrder();
    const pay = await payInMiniProgram(order.id);
    expect(pay.provider).toBe("wechatpay");
    if (pay.provider !== "wechatpay") return;
    const call = fake.seen.find((s) => s.path === "/v3/pay/transactions/jsapi")!;
    expect(call.authOk).toBe(true);
    expect(call.body).toMatchObject({
      appid: APPID,
      mchid: MCHID,
      out_trade_no: outTradeNo(pay.paymentId),
      attach: teaId,
      notify_url: `https://mall.example.com/api/webhooks/wechatpay/${teaId}`,
      amount: { total: order.totalFen, currency: "CNY" },
      payer: { openid: "oShopperOpenid_tea_0001" },
    });
    const rp = pay.requestPayment;
    expect(rp).toMatchObject({ appId: APPID, signType: "RSA", package: `prepay_id=wx${outTradeNo(pay.paymentId).slice(0, 20)}fake` });
    expect(rp.timeStamp).toMatch(/^\d{10}$/);
    expect(verifyRequestPayment(rp, keys.publicKeyPem)).toBe(true);
    expect(verifyRequestPayment({ ...rp, package: "prepay_id=wxother" }, keys.publicKeyPem)).toBe(false);

    // A second tap reuses the payment and its prepay id (one WeChat order), signed afresh.
    const again = await payInMiniProgram(order.id);
    expect(again.paymentId).toBe(pay.paymentId);
    expect(again.provider === "wechatpay" && again.requestPayment.package).toBe(rp.package);
    expect(fake.seen.filter((s) => s.path === "/v3/pay/transactions/jsapi").length).toBe(1);
  });

  it("a payment past its prepay id's 2 hours is retired and a new one prepaid, not handed out again", async () => {
    const order = await placeTeaOrder();
    const before = fake.seen.filter((s) => s.path === "/v3/pay/transactions/jsapi").length;
    const first = await payInMiniProgram(order.id);
    await db.execute(sql`update payments set created_at = now() - interval '3 hours' where id = ${first.paymentId}`);
    const later = await payInMiniProgram(order.id);
    expect(later.paymentId).not.toBe(first.paymentId);
    expect((await truth(sql`select status from payments where id = ${first.paymentId}`))[0]).toMatchObject({ status: "expired" });
    expect(fake.seen.filter((s) => s.path === "/v3/pay/transactions/jsapi").length).toBe(before + 2);
  });

  it("the payer's openid comes from the shopper's mini-program identity for the merchant's app", async () => {
    await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APPID}, 'oFromSession0001', ${shopperId}) on conflict do nothing`);
    const order = await placeTeaOrder();
    const pay = await withTenant(db, teaId, (tx) =>
      startMiniProgramPayment(tx, runtime(), { provider, client: wechatPayClient(env), openidFor: openidFromIdentities, env }, { tenant: { id: teaId, slug: "tea" }, orderId: order.id, buyerId: shopperId, feeBps: 0, shopBase: "", successUrl: () => "", cancelUrl: "" }),
    shopperId);
    expect(pay.provider).toBe("wechatpay");
    expect(fake.orders.get(outTradeNo(pay.paymentId))!.openid).toBe("oFromSession0001");
  });

  it("without the shopper's openid it refuses (nothing opened)", async () => {
    const order = await placeTeaOrder();
    await expect(
      withTenant(db, teaId, (tx) =>
        startMiniProgramPayment(tx, runtime(), { provider, client: wechatPayClient(env), openidFor: async () => null, env }, { tenant: { id: teaId, slug: "tea" }, orderId: order.id, buyerId: shopperId, feeBps: 0, shopBase: "", successUrl: () => "", cancelUrl: "" }),
      shopperId),
    ).rejects.toMatchObject({ key: "wechatpay.noOpenid" });
    expect((await truth(sql`select 1 from payments where order_id = ${order.id}`)).length).toBe(0);
  });

  it("without WeChat Pay the mini-program pays through the simulator, labelled as simulated", async () => {
    const order = await placeTeaOrder();
    const pay = await payInMiniProgram(order.id, false);
    expect(pay).toMatchObject({ provider: "simulator", simulated: true, simulatorUrl: `http://localhost:3000/s/tea/pay/${pay.paymentId}` });
  });
});

describe("service-provider mode", () => {
  it("prepays on the partner endpoint with sub_mchid and the payer's sub_openid; requestPayment is for the sub_appid", async () => {
    const m = { mode: "partner" as const, mchid: MCHID, appid: "wxsp00000000000001", subMchid: "1900000109", subAppid: APPID, serialNo: SERIAL, privateKey: keys.privateKeyPem, apiV3Key: APIV3 };
    const client = wechatPayClient(env);
    const no = "partner" + randomUUID().replace(/-/g, "").slice(0, 20);
    const prepayId = await client.prepay(m, { outTradeNo: no, description: "订单 P1", amountFen: 990, openid: "oSub001", notifyUrl: "https://mall.example.com/api/webhooks/wechatpay/x", attach: teaId });
    const call = fake.seen.find((x) => x.path === "/v3/pay/partner/transactions/jsapi")!;
    expect(call.authOk).toBe(true);
    expect(call.body).toMatchObject({ sp_mchid: MCHID, sp_appid: "wxsp00000000000001", sub_mchid: "1900000109", sub_appid: APPID, payer: { sub_openid: "oSub001" } });
    const rp = miniProgramPayParams(m, prepayId);
    expect(rp.appId).toBe(APPID);
    expect(verifyRequestPayment(rp, keys.publicKeyPem)).toBe(true);
    expect(await client.queryOrder(m, no)).toMatchObject({ out_trade_no: no, trade_state: "NOTPAY" });
    // A sub-merchant's notifications come to the tenant's own address too (the bare one answers 404).
    expect(notifyUrl({ WECHATPAY_NOTIFY_BASE: "https://mall.example.com" }, m, teaId)).toBe(`https://mall.example.com/api/webhooks/wechatpay/${teaId}`);
    expect(fake.seen.some((x) => x.path === `/v3/pay/partner/transactions/out-trade-no/${no}` && x.authOk)).toBe(true);
  });
});

describe("notifications", () => {
  async function paidNotification() {
    const order = await placeTeaOrder();
    const pay = await payInMiniProgram(order.id);
    const o = fake.pay(outTradeNo(pay.paymentId));
    return { order, pay, n: fake.notification("TRANSACTION.SUCCESS", fake.transactionResource(o)) };
  }

  it("TRANSACTION.SUCCESS pays the order once; a replay changes nothing", async () => {
    const { order, pay, n } = await paidNotification();
    const first = await post(n);
    expect(first.status).toBe(200);
    expect(first.result).toEqual({ applied: true, effect: "paid" });
    await first.followUp?.();
    expect(await orderStatus(order.id)).toBe("paid");
    const [p] = await truth<{ status: string; payment_intent_id: string; method_fingerprint: string }>(sql`select status, payment_intent_id, method_fingerprint from payments where id = ${pay.paymentId}`);
    expect(p).toMatchObject({ status: "succeeded", payment_intent_id: fake.orders.get(outTradeNo(pay.paymentId))!.transaction_id });
    expect(p!.method_fingerprint).toMatch(/^wechat_pay:/);

    const replay = await post(n);
    expect(replay.status).toBe(200);
    expect(replay.result).toEqual({ applied: false, reason: "duplicate" });
    expect((await truth(sql`select 1 from webhook_events where provider = 'wechatpay' and event_id = ${n.id}`)).length).toBe(1);
    expect((await truth(sql`select 1 from order_events where order_id = ${order.id} and type = 'paid'`)).length).toBeLessThanOrEqual(1);
  });

  it("refuses a tampered body, a stale timestamp, an unknown serial and a foreign signature", async () => {
    const { order, n } = await paidNotification();
    const tampered = { headers: n.headers, body: n.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') };
    expect(await post(tampered)).toMatchObject({ status: 401, body: { code: "FAIL" } });

    const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const stale = fake.notification("TRANSACTION.SUCCESS", JSON.parse(decryptResource(JSON.parse(n.body).resource, APIV3)), { timestamp: old });
    expect(await post(stale)).toMatchObject({ status: 401, body: { code: "FAIL", message: "stale timestamp" } });

    expect(await post({ headers: { ...n.headers, "wechatpay-serial": "0000" }, body: n.body })).toMatchObject({ status: 401 });
    // Unsigned posts naming unknown serials, ten at once: at most one certificate download (none if one ran this minute).
    const downloads = () => fake.seen.filter((x) => x.path === "/v3/certificates").length;
    const before = downloads();
    const server = deps(); // one process's client, as the app's (its certificate cache)
    await Promise.all(Array.from({ length: 10 }, (_, i) => handleWechatPayNotification(server, teaId, headersOf({ ...n.headers, "wechatpay-serial": `junk-${i}` }), n.body)));
    expect(downloads() - before).toBeLessThanOrEqual(1);
    const other = merchantKeys();
    expect(await post({ headers: signAsPlatform(other.privateKeyPem, fake.platformSerial, n.body), body: n.body })).toMatchObject({ status: 401 });
    // Signed, but encrypted with another key: refused too.
    const body = JSON.stringify({ ...JSON.parse(n.body), resource: encryptResource("{}", "k".repeat(32), "transaction", "transaction") });
    expect(await post({ headers: signAsPlatform(fake.platformPrivateKeyPem, fake.platformSerial, body), body })).toMatchObject({ status: 401 });
    expect(await post(n, randomUUID())).toMatchObject({ status: 404 });
    expect(await orderStatus(order.id)).toBe("created");
    // The genuine one still works afterwards.
    expect((await post(n)).result).toEqual({ applied: true, effect: "paid" });
  });

  it("a payment whose notification never came is reconciled by order query (and the late notification is a no-op)", async () => {
    const order = await placeTeaOrder();
    const pay = await payInMiniProgram(order.id);
    // Not paid yet: the query says NOTPAY and nothing changes.
    await db.execute(sql`update payments set created_at = now() - interval '10 minutes' where id = ${pay.paymentId}`);
    expect(await reconcileWechatPayments(deps())).toMatchObject({ paid: 0 });
    const o = fake.pay(outTradeNo(pay.paymentId));
    const r = await reconcileWechatPayments(deps());
    expect(r.paid).toBe(1);
    expect(await orderStatus(order.id)).toBe("paid");
    expect(fake.seen.some((s) => s.path === `/v3/pay/transactions/out-trade-no/${outTradeNo(pay.paymentId)}` && s.authOk)).toBe(true);
    const late = await post(fake.notification("TRANSACTION.SUCCESS", fake.transactionResource(o)));
    expect(late.result).toEqual({ applied: false, reason: "no_change" });
  });
});

describe("refunds", () => {
  async function paidOrder() {
    const order = await placeTeaOrder();
    const pay = await payInMiniProgram(order.id);
    const o = fake.pay(outTradeNo(pay.paymentId));
    await post(fake.notification("TRANSACTION.SUCCESS", fake.transactionResource(o)));
    return { order, pay, o };
  }
  const refundRow = async (id: string) => (await truth<{ status: string; provider_refund_id: string | null }>(sql`select status, provider_refund_id from refunds where id = ${id}`))[0]!;

  it("a refund WeChat answers SUCCESS succeeds; out_refund_no is the attempt key, so a resend refunds once", async () => {
    const { order } = await paidOrder();
    fake.refundStatus = "SUCCESS";
    const refund = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, order.id, ownerId, { amountFen: order.totalFen, reason: "缺货", restock: true }), ownerId);
    expect(await sendRefund(db, providers, teaId, refund.id)).toBe("succeeded");
    const call = fake.seen.filter((s) => s.path === "/v3/refund/domestic/refunds").at(-1)!;
    expect(call.authOk).toBe(true);
    expect(call.body).toMatchObject({ out_refund_no: `${refund.id.replace(/-/g, "")}_a1`, amount: { refund: order.totalFen, total: order.totalFen, currency: "CNY" }, notify_url: `https://mall.example.com/api/webhooks/wechatpay/${teaId}` });
    expect((await refundRow(refund.id)).status).toBe("succeeded");
    // The same attempt sent again (a lost answer): WeChat has it already, no second refund.
    await provider.refund({ refundId: refund.id, attempt: 1, attemptKey: `${refund.id}:a1`, paymentRef: "", paymentIntentId: null, amountFen: order.totalFen, accountId: null, tenantId: teaId, paymentAmountFen: order.totalFen });
    expect([...fake.refunds.values()].filter((r) => r.out_refund_no.startsWith(refund.id.replace(/-/g, ""))).length).toBe(1);
  });

  it("a processing refund is settled by REFUND.SUCCESS, a failed one by REFUND.ABNORMAL (each applied once)", async () => {
    const a = await paidOrder();
    fake.refundStatus = "PROCESSING";
    const r1 = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, a.order.id, ownerId, { amountFen: 100, reason: "少发赠品", restock: false }), ownerId);
    expect(await sendRefund(db, providers, teaId, r1.id)).toBe("pending");
    const wx1 = [...fake.refunds.values()].find((r) => r.out_refund_no === `${r1.id.replace(/-/g, "")}_a1`)!;
    const ok = fake.notification("REFUND.SUCCESS", fake.refundResource(wx1, "SUCCESS"));
    expect((await post(ok)).result).toMatchObject({ applied: true });
    expect((await refundRow(r1.id)).status).toBe("succeeded");
    expect((await post(ok)).result).toEqual({ applied: false, reason: "duplicate" });

    const b = await paidOrder();
    const r2 = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, b.order.id, ownerId, { amountFen: 100, reason: "少发赠品", restock: false }), ownerId);
    expect(await sendRefund(db, providers, teaId, r2.id)).toBe("pending");
    const wx2 = [...fake.refunds.values()].find((r) => r.out_refund_no === `${r2.id.replace(/-/g, "")}_a1`)!;
    expect((await post(fake.notification("REFUND.ABNORMAL", fake.refundResource(wx2, "ABNORMAL")))).result).toMatchObject({ applied: true });
    expect((await refundRow(r2.id)).status).toBe("failed");
    fake.refundStatus = "SUCCESS";
  });

  it("a refund made in the merchant platform (not through the app) refunds the order once, by WeChat's refund id", async () => {
    const { order, pay } = await paidOrder();
    const wxRefund = fake.merchantPlatformRefund(outTradeNo(pay.paymentId), 300);
    const n = fake.notification("REFUND.SUCCESS", fake.refundResource(wxRefund, "SUCCESS"));
    const first = await post(n);
    expect(first.result).toEqual({ applied: true, effect: "refunded_outside" });
    await first.followUp?.();
    expect(await truth(sql`select status, refunded_fen from orders where id = ${order.id}`)).toEqual([{ status: "paid", refunded_fen: 300 }]);
    expect(await truth(sql`select origin, status, amount_fen, provider_refund_id from refunds where order_id = ${order.id}`)).toEqual([
      { origin: "provider", status: "succeeded", amount_fen: 300, provider_refund_id: wxRefund.refund_id },
    ]);
    expect(await truth(sql`select count(*)::int as n from outbox where order_id = ${order.id} and topic = 'order.refunded'`)).toEqual([{ n: 1 }]);
    // The same notification again, or WeChat sending it anew under another id: one refund.
    expect((await post(n)).result).toEqual({ applied: false, reason: "duplicate" });
    expect((await post(fake.notification("REFUND.SUCCESS", fake.refundResource(wxRefund, "SUCCESS")))).result).toEqual({ applied: false, reason: "no_change" });
    expect(await truth(sql`select refunded_fen from orders where id = ${order.id}`)).toEqual([{ refunded_fen: 300 }]);
  });

  it("a refund WeChat made but whose answer cannot be verified stays pending, and the resend refunds once", async () => {
    const { order } = await paidOrder();
    fake.refundStatus = "SUCCESS";
    const refund = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, order.id, ownerId, { amountFen: 100, reason: "少发赠品", restock: false }), ownerId);
    fake.answerTimestamp = String(Math.floor(Date.now() / 1000) - 3600); // WeChat refunded; its answer's timestamp is an hour off
    try {
      expect(await sendRefund(db, providers, teaId, refund.id)).toBe("pending");
    } finally {
      fake.answerTimestamp = null;
    }
    // Not failed: approving it again would make a second refund (a new out_refund_no).
    expect((await refundRow(refund.id)).status).toBe("pending");
    expect(await sendRefund(db, providers, teaId, refund.id)).toBe("succeeded");
    expect([...fake.refunds.values()].filter((r) => r.out_refund_no.startsWith(refund.id.replace(/-/g, ""))).map((r) => r.out_refund_no)).toEqual([`${refund.id.replace(/-/g, "")}_a1`]);
  });

  it("a processing refund whose notification never came is settled by refund query", async () => {
    const a = await paidOrder();
    fake.refundStatus = "PROCESSING";
    const r = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, a.order.id, ownerId, { amountFen: 100, reason: "少发赠品", restock: false }), ownerId);
    expect(await sendRefund(db, providers, teaId, r.id)).toBe("pending");
    await db.execute(sql`update refunds set decided_at = now() - interval '10 minutes' where id = ${r.id}`);
    expect(await reconcileWechatPayments(deps())).toMatchObject({ refundsSettled: 0 });
    fake.refunds.get(`${r.id.replace(/-/g, "")}_a1`)!.status = "SUCCESS";
    expect(await reconcileWechatPayments(deps())).toMatchObject({ refundsSettled: 1 });
    expect((await refundRow(r.id)).status).toBe("succeeded");
    fake.refundStatus = "SUCCESS";
  });
});

describe("merchant configuration", () => {
  it("keeps keys encrypted at rest and out of the status", async () => {
    const [row] = await truth<Record<string, unknown>>(sql`select * from wechatpay_merchants where tenant_id = ${teaId}`);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain("PRIVATE KEY");
    expect(stored).not.toContain(APIV3);
    const status = await withTenant(db, teaId, (tx) => wechatPayStatus(tx, teaId, env));
    expect(status).toMatchObject({ configured: true, mode: "direct", mchid: MCHID, serialNo: SERIAL, usable: true });
    expect(JSON.stringify(status)).not.toContain(APIV3);
    expect(JSON.stringify(status)).not.toContain("PRIVATE");
    const m = await withTenant(db, teaId, (tx) => loadWechatMerchant(tx, teaId, env));
    expect(m?.apiV3Key).toBe(APIV3);
  });
  it("refuses a malformed private key or API v3 key, changing nothing", async () => {
    const bad = { mode: "direct" as const, mchid: MCHID, appid: APPID, serialNo: SERIAL, privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", apiV3Key: "", platformKeyId: "", platformPublicKey: "" };
    await expect(withTenant(db, teaId, (tx) => saveWechatPay(tx, teaId, ownerId, bad), ownerId)).rejects.toMatchObject({ key: "wechatpay.privateKey" });
    await expect(withTenant(db, teaId, (tx) => saveWechatPay(tx, teaId, ownerId, { ...bad, privateKey: "", apiV3Key: "short" }), ownerId)).rejects.toMatchObject({ key: "wechatpay.apiV3Key" });
    const m = await withTenant(db, teaId, (tx) => loadWechatMerchant(tx, teaId, env));
    expect(m?.privateKey).toBe(keys.privateKeyPem);
  });
  it("a shopper cannot write it", async () => {
    await expect(
      withTenant(db, teaId, (tx) => tx.execute(sql`update wechatpay_merchants set mchid = '1' where tenant_id = ${teaId}`).then((r) => rowsOf(r)), shopperId),
    ).resolves.toBeDefined();
    const [row] = await truth<{ mchid: string }>(sql`select mchid from wechatpay_merchants where tenant_id = ${teaId}`);
    expect(row!.mchid).toBe(MCHID);
  });
});
