/**
 * WeChat Pay through the API the console and the mini-program use: the
 * merchant configuration (owner/admin, zod, zh-CN/en messages, keys never
 * returned), and a mini-program checkout paid with wx.requestPayment params
 * against the local fake WeChat Pay, confirmed by order query.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import type { Locale } from "../../i18n/src";
import { simulatorRuntime } from "../../payments/src/simulator";
import { createWechatPayProvider, wechatPayClient } from "../../server/src/wechatpay";
import type { WechatPayDeps } from "../../server/src/wechatpay-checkout";
import { outTradeNo, verifyRequestPayment } from "../../server/src/wechatpay-crypto";
import { merchantsFrom } from "../../server/src/wechatpay-merchants";
import { merchantKeys, startFakeWechatPay, type FakeWechatPay } from "../../server/test/fake-wechatpay";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

process.env.SECRETS_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const MCHID = "1900000002";
const APPID = "wxabcdef1234567890";
const SERIAL = "5E0C7B9F2A3D4E5F60718293A4B5C6D7E8F90A1B";
const APIV3 = "teaShopApiV3Key_0123456789abcdef";
const keys = merchantKeys();

let database: Database;
let db: Db;
let fake: FakeWechatPay;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let owner: User;
let shopper: User;
let operator: User;
let wechatPay: WechatPayDeps;
let truth: ReturnType<typeof truthOf>;
const payments = simulatorRuntime();

const ctxOf = (user: User, activeTenantId: string | null = null, locale: Locale = "zh-CN"): Context => ({ db, user, locale, activeTenantId, payments, wechatPay });
const as = (user: User, activeTenantId: string | null = null, locale: Locale = "zh-CN") => createCaller(ctxOf(user, activeTenantId, locale));
const direct = () => ({ mode: "direct" as const, mchid: MCHID, appid: APPID, serialNo: SERIAL, privateKey: keys.privateKeyPem, apiV3Key: APIV3 });

beforeAll(async () => {
  fake = await startFakeWechatPay({ mchid: MCHID, serialNo: SERIAL, publicKeyPem: keys.publicKeyPem, apiV3Key: APIV3 });
  database = await createTestDatabase();
  db = database.db;
  truth = truthOf(db);
  seed = await seedDemo(db);
  owner = await loadUser(db, seed.ownerId);
  shopper = await loadUser(db, seed.shopperId);
  operator = await loadUser(db, await userIdByEmail(db, "ops@demo.local"));
  const env = { WECHATPAY_API_BASE: fake.url, WECHATPAY_NOTIFY_BASE: "https://mall.example.com" };
  const client = wechatPayClient(env);
  wechatPay = { provider: createWechatPayProvider(client, merchantsFrom(db, env), env), client, openidFor: async (_tx, _t, userId) => (userId === seed.shopperId ? "oTeaShopper0001" : null), env };
});
afterAll(async () => {
  await database?.close();
  await fake?.close();
});

describe("merchant configuration", () => {
  test("an operator may read the status but not save; the owner saves; keys never come back", async () => {
    expect(keyOf(await rejection(as(operator, seed.teaId).wechatpay.save(direct())))).toBe("forbiddenRole");
    const saved = await as(owner, seed.teaId).wechatpay.save(direct());
    expect(saved).toMatchObject({ configured: true, mode: "direct", mchid: MCHID, appid: APPID, serialNo: SERIAL, usable: true });
    const status = await as(operator, seed.teaId).wechatpay.status();
    for (const out of [JSON.stringify(saved), JSON.stringify(status)]) {
      expect(out).not.toContain("PRIVATE KEY");
      expect(out).not.toContain(APIV3);
    }
    // Saving again without keys keeps them.
    expect(await as(owner, seed.teaId).wechatpay.save({ ...direct(), privateKey: "", apiV3Key: "" })).toMatchObject({ usable: true });
  });

  test("bad input is refused field by field in both languages and changes nothing", async () => {
    const zh = await httpError(ctxOf(owner, seed.teaId), "wechatpay.save", { ...direct(), mchid: "12ab" });
    expect(zh.fieldErrors?.mchid).toBe("商户号（mchid）为 8 到 12 位数字。");
    const en = await httpError(ctxOf(owner, seed.teaId, "en"), "wechatpay.save", { ...direct(), apiV3Key: "short" });
    expect(en.fieldErrors?.apiV3Key).toBe("The API v3 key is exactly 32 characters.");
    expect(en.raw).not.toContain(APIV3);
    const [row] = await truth<{ mchid: string }>(sql`select mchid from wechatpay_merchants where tenant_id = ${seed.teaId}`);
    expect(row!.mchid).toBe(MCHID);
  });
});

describe("mini-program checkout", () => {
  test("an order placed, wx.requestPayment params from shop.miniProgramPay, paid in WeChat, confirmed by order query", async () => {
    const [sku] = await truth<{ id: string }>(
      sql`select s.id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id where s.tenant_id = ${seed.teaId} and p.status = 'on_sale' and s.stock > 5 order by s.id limit 1`,
    );
    const address = { name: "刘洋", phone: "139 0000 1234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号" };
    const placed = await as(shopper).shop.checkout({ shop: "tea", items: [{ skuId: sku!.id, quantity: 1 }], address, idempotencyKey: randomUUID(), client: "miniprogram" });
    const orderId = placed.orderId;
    expect(placed.url).toBeNull();
    expect(placed.miniProgram?.provider).toBe("wechatpay");
    // Paying again (the payment page re-opened) reuses the same payment and prepay id.
    const pay = await as(shopper).shop.miniProgramPay({ shop: "tea", orderId });
    expect(pay.paymentId).toBe(placed.miniProgram!.paymentId);
    expect(pay.provider).toBe("wechatpay");
    if (pay.provider !== "wechatpay") return;
    expect(verifyRequestPayment(pay.requestPayment, keys.publicKeyPem)).toBe(true);
    expect(JSON.stringify(pay)).not.toContain("PRIVATE");

    // Not paid yet: still pending.
    expect(await as(shopper).shop.miniProgramPayConfirm({ shop: "tea", paymentId: pay.paymentId })).toMatchObject({ status: "pending" });
    fake.pay(outTradeNo(pay.paymentId));
    expect(await as(shopper).shop.miniProgramPayConfirm({ shop: "tea", paymentId: pay.paymentId })).toMatchObject({ status: "succeeded", orderStatus: "paid" });
    const [o] = await truth<{ status: string }>(sql`select status from orders where id = ${orderId}`);
    expect(o!.status).toBe("paid");
    // Asking again changes nothing.
    expect(await as(shopper).shop.miniProgramPayConfirm({ shop: "tea", paymentId: pay.paymentId })).toMatchObject({ status: "succeeded" });
  });

  test("after the owner removes WeChat Pay, the mini-program pays through the simulator", async () => {
    await as(owner, seed.teaId).wechatpay.clear();
    const [sku] = await truth<{ id: string }>(
      sql`select s.id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id where s.tenant_id = ${seed.teaId} and p.status = 'on_sale' and s.stock > 5 order by s.id limit 1`,
    );
    const address = { name: "刘洋", phone: "139 0000 1234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号" };
    const { orderId } = await as(shopper).shop.checkout({ shop: "tea", items: [{ skuId: sku!.id, quantity: 1 }], address, idempotencyKey: randomUUID() });
    const pay = await as(shopper).shop.miniProgramPay({ shop: "tea", orderId });
    expect(pay).toMatchObject({ provider: "simulator", simulated: true });
    await as(shopper).shop.simulate({ shop: "tea", paymentId: pay.paymentId, outcome: "complete" });
    const [o] = await truth<{ status: string }>(sql`select status from orders where id = ${orderId}`);
    expect(o!.status).toBe("paid");
  });
});
