/**
 * The template against the platform's real mini-program session: its
 * `wx.login` code goes through POST /api/miniprogram/session's code
 * (miniprogramJson + startMiniprogramSession, with the local fake of WeChat),
 * and every tRPC call carries the bearer token that /api/trpc turns into the
 * shopper (bearerContext), as packages/server/src/api.ts does.
 * A mini-program code's scene binds; the shopper buys through the simulator,
 * or through WeChat Pay (its local fake: prepay, the signed wx.requestPayment
 * parameters, the order query), and the distributor whose mini-program code
 * it was sees the commission in their own mini-program session.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { rowsOf } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { tenantSettingAppId } from "../../db/src/queries/miniprogram";
import { simulatorRuntime } from "../../payments/src/simulator";
import { appRouter } from "../../api/src/root";
import { bearerContext, miniprogramSessionInput, startMiniprogramSession } from "../../server/src/miniprogram-session";
import { clientOf, localeOfHeaders, miniprogramJson } from "../../server/src/miniprogram-http";
import { httpWechatOpen, MINIPROGRAM_LANDING_PAGE, type MiniprogramRuntime } from "../../server/src/wechat-mp";
import { startFakeWechatMp, type FakeWechatMp } from "../../server/test/fake-wechat-mp";
import { withTenant } from "../../db/src/context";
import { drainsIdle } from "../../db/src/flows/commissions";
import { createWechatPayProvider, wechatPayClient } from "../../server/src/wechatpay";
import { openidFromIdentities, type WechatPayDeps } from "../../server/src/wechatpay-checkout";
import { verifyRequestPayment } from "../../server/src/wechatpay-crypto";
import { merchantsFrom, saveWechatPay } from "../../server/src/wechatpay-merchants";
import { merchantKeys, startFakeWechatPay, type FakeWechatPay } from "../../server/test/fake-wechatpay";
import { createWechatPayoutProvider, type PayoutsRuntime } from "../../server/src/payouts";
import { decryptSecret } from "../../server/src/secrets";
import { postTransfer } from "../../db/src/queries/ledger";
import { bonusPaid } from "../../ledger/src";
import { addToCart, confirmPayment, createPageEnv, loadOrder, loadPage, loadProduct, myCommissions, myIncome, myShareCode, openIncomeDocument, payWithWechat, receiveTransfer, requestWithdrawal, saveTaxIdentity, withdrawalPreview, placeOrder, rememberReferral, search, simulatePayment, startPayment, storedRef, type WxLike, type WxRequestOptions } from "../template/lib/index";

process.env.SECRETS_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const SECRET = "test-secret-for-the-template";
const API = "https://api.example.test";
let database: Database;
let db: Db;
let fake: FakeWechatMp;
let rt: MiniprogramRuntime;
let teaId = "";
let ownerId = "";
let distributorId = "";
const payments = simulatorRuntime();
const APP_ID = "wx0123456789abcdef";
const MCHID = "1900000001";
const keys = merchantKeys();
let pay: FakeWechatPay;
/** WeChat Pay in the request context, as packages/server/src/api.ts gives it; null until a test turns it on. */
let wechatPay: WechatPayDeps | undefined;
/** Payout providers in the request context (packages/server/src/payouts.ts), when a test turns them on. */
let payouts: PayoutsRuntime | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const seed = await seedDemo(db);
  teaId = seed.teaId;
  ownerId = seed.ownerId;
  distributorId = seed.distributorIds[0]!;
  await db.execute(sql`update tenants set wechat_app_id = ${APP_ID} where id = ${teaId}`);
  fake = await startFakeWechatMp();
  pay = await startFakeWechatPay({ mchid: MCHID, serialNo: "3775B6A45ACD588826D15E583A95F5DD0000000B", publicKeyPem: keys.publicKeyPem, apiV3Key: "v3KeyOfTheTeaShop0123456789abcde" });
  rt = { port: httpWechatOpen(fake.tokens, { base: fake.url }), missing: [], appIdOf: tenantSettingAppId, landingPage: MINIPROGRAM_LANDING_PAGE };
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await pay?.close();
  await database?.close();
});

const downloads: { url: string; header: Record<string, string> }[] = [];
const opened: { filePath: string; fileType?: string }[] = [];

/** The openid the fake WeChat answers for a phone's login in the shop's app (an openid is per app). */
const openidIn = (phoneOpenid: string) => `${APP_ID}:${phoneOpenid}`.replace(/[^A-Za-z0-9_-]/g, "_");

/** A phone: wx.login codes known to the fake WeChat for one openid; wx.request reaches the platform's handlers. */
function phone(openid: string) {
  const storage = new Map<string, unknown>();
  const wx: WxLike = {
    getExtConfigSync: () => ({ tenant: "tea", apiBase: API, release: 1 }),
    getStorageSync: (k) => storage.get(k) ?? "",
    setStorageSync: (k, v) => void storage.set(k, v),
    removeStorageSync: (k) => void storage.delete(k),
    login: ({ success }) => {
      const code = `code-${randomUUID()}`;
      fake.login(code, openid);
      success?.({ code });
    },
    request(o: WxRequestOptions) {
      void (async () => {
        const headers = new Headers(o.header ?? {});
        const body = o.method === "POST" ? (typeof o.data === "string" ? o.data : JSON.stringify(o.data)) : undefined;
        const req = new Request(o.url, { method: o.method ?? "GET", headers, body });
        const res = o.url === `${API}/api/miniprogram/session`
          ? await miniprogramJson(req, miniprogramSessionInput, (input) => startMiniprogramSession(db, rt, SECRET, input, clientOf(req)))
          : await fetchRequestHandler({
              endpoint: "/api/trpc",
              req,
              router: appRouter,
              createContext: async () => {
                const auth = headers.get("authorization");
                const common = { db, payments, wechatPay, payouts, miniprogram: rt, locale: localeOfHeaders(headers), activeTenantId: null };
                return auth ? { ...common, ...(await bearerContext(db, SECRET, auth)) } : { ...common, user: null };
              },
            });
        o.success?.({ statusCode: res.status, data: await res.json() });
      })().catch((e: unknown) => o.fail?.({ errMsg: String(e) }));
    },
    // WeChat's payment sheet: it checks the merchant's signature over this app's parameters, then the shopper pays.
    requestPayment(o) {
      const p = o as unknown as { timeStamp: string; nonceStr: string; package: string; paySign: string; success?: (r: unknown) => void; fail?: (e: { errMsg: string }) => void };
      if (!verifyRequestPayment({ appId: APP_ID, timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package, signType: "RSA", paySign: p.paySign }, keys.publicKeyPem))
        return p.fail?.({ errMsg: "requestPayment:fail 支付验证签名失败" });
      const order = [...pay.orders.values()].find((x) => `prepay_id=wx${x.out_trade_no.slice(0, 20)}fake` === p.package && x.openid === openidIn(openid));
      if (!order) return p.fail?.({ errMsg: "requestPayment:fail prepay_id unknown" });
      pay.pay(order.out_trade_no);
      p.success?.({ errMsg: "requestPayment:ok" });
    },
    // WeChat's downloader and document viewer (the PDF route itself is a Next route, tested in the browser suite).
    downloadFile(o) {
      downloads.push({ url: o.url, header: o.header ?? {} });
      o.success?.({ statusCode: 200, tempFilePath: `wxfile://tmp/${downloads.length}.pdf` });
    },
    openDocument(o) {
      opened.push({ filePath: o.filePath, fileType: o.fileType });
      o.success?.({ errMsg: "openDocument:ok" });
    },
    // WeChat's receive page for a merchant transfer: the bill must be this merchant's, for this app and this phone's openid.
    requestMerchantTransfer(o) {
      const p = o as unknown as { mchId: string; appId: string; package: string; success?: (r: unknown) => void; fail?: (e: { errMsg: string }) => void };
      const bill = [...pay.bills.values()].find((b) => b.package_info === p.package && b.openid === openidIn(openid));
      if (!bill || p.mchId !== MCHID || p.appId !== APP_ID) return p.fail?.({ errMsg: "requestMerchantTransfer:fail 参数错误" });
      pay.confirmBill(bill.out_bill_no);
      p.success?.({ errMsg: "requestMerchantTransfer:ok" });
    },
  };
  return { wx, storage };
}

test("wx.login → session token → a scene binds → home → product → checkout → simulator → paid, all as the mini-program's shopper", async () => {
  const { wx, storage } = phone(`o-${randomUUID().slice(0, 8)}`);
  const env = createPageEnv(wx);
  expect((await rememberReferral(env, { scene: "TEA0001" }))?.bound).toBe(true);
  expect(storedRef(env)).toBe("TEA0001");
  const session = storage.get("fx_session") as { token: string; tenant: string };
  expect(session.token).toMatch(/^mp1\./);
  expect(session.tenant).toBe("tea");

  const home = await loadPage(env, "home");
  expect(home.found && home.doc.blocks.length).toBeGreaterThan(0);
  const [card] = await search(env, { q: "" });
  const product = (await loadProduct(env, card!.id))!;
  const sku = product.skus.find((s) => s.stock > 0)!;
  await addToCart(env, sku.id, 1);
  const address = { name: "李四", phone: "13900139000", province: "浙江省", city: "杭州市", district: "西湖区", detail: "龙井路 2 号" };
  const placed = await placeOrder(env, { fromCart: false, items: [{ skuId: sku.id, quantity: 1 }], address, idempotencyKey: `mp-${randomUUID()}` });
  await simulatePayment(env, placed.paymentId!, "complete");
  expect((await loadOrder(env, placed.orderId)).status).toBe("paid");
  const [row] = rowsOf<{ ref_code: string | null; buyer: string }>(await db.execute(sql`select ref_code, buyer_id::text as buyer from orders where id = ${placed.orderId}`));
  expect(row?.ref_code).toBe("TEA0001");
  const [identity] = rowsOf<{ user_id: string }>(await db.execute(sql`select user_id::text from miniprogram_identities where tenant_id = ${teaId} and user_id = ${row!.buyer}`));
  expect(identity).toBeTruthy();
});

test("a token the platform refuses is dropped and the call made again after a new login", async () => {
  const { wx, storage } = phone(`o-${randomUUID().slice(0, 8)}`);
  const env = createPageEnv(wx);
  await env.api.shop.cart.query({ shop: "tea" });
  const first = (storage.get("fx_session") as { token: string }).token;
  storage.set("fx_session", { ...(storage.get("fx_session") as object), token: `${first}x` }); // tampered
  expect(await env.api.shop.cart.query({ shop: "tea" })).toEqual([]);
  expect((storage.get("fx_session") as { token: string }).token).not.toBe(`${first}x`);
});

test("the distributor's mini-program code → a shopper buys with WeChat Pay (fake) → paid → the distributor sees the commission", async () => {
  const env = { WECHATPAY_API_BASE: pay.url, WECHATPAY_NOTIFY_BASE: "https://mall.example.com" };
  await withTenant(db, teaId, (tx) => saveWechatPay(tx, teaId, ownerId, { mode: "direct", mchid: MCHID, appid: APP_ID, serialNo: "3775B6A45ACD588826D15E583A95F5DD0000000B", privateKey: keys.privateKeyPem, apiV3Key: "v3KeyOfTheTeaShop0123456789abcde", platformKeyId: "", platformPublicKey: "" }), ownerId);
  const client = wechatPayClient(env);
  wechatPay = { provider: createWechatPayProvider(client, merchantsFrom(db, env), env), client, openidFor: openidFromIdentities, env };
  try {
    // The distributor has signed in to the shop's mini-program before (their identity for this app).
    const distributorOpenid = `o-dist-${randomUUID().slice(0, 8)}`;
    await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APP_ID}, ${openidIn(distributorOpenid)}, ${distributorId})`);
    const seller = createPageEnv(phone(distributorOpenid).wx);
    const code = await myShareCode(seller);
    expect(code.kind).toBe("miniprogram");
    const before = (await myCommissions(seller)).length;

    // A new shopper opens the code: WeChat hands the landing page its scene.
    const buyerOpenid = `o-buy-${randomUUID().slice(0, 8)}`;
    const shopper = createPageEnv(phone(buyerOpenid).wx);
    expect((await rememberReferral(shopper, { scene: code.scene! }))?.bound).toBe(true);
    const [card] = await search(shopper, { q: "" });
    const product = (await loadProduct(shopper, card!.id))!;
    const sku = product.skus.find((s) => s.stock > 0)!;
    const address = { name: "王五", phone: "13700137000", province: "浙江省", city: "杭州市", district: "上城区", detail: "河坊街 8 号" };
    const placed = await placeOrder(shopper, { fromCart: false, items: [{ skuId: sku.id, quantity: 1 }], address, idempotencyKey: `mp-${randomUUID()}` });
    expect(placed.provider).toBe("wechatpay");

    const started = await startPayment(shopper, placed.orderId);
    expect(started.provider).toBe("wechatpay");
    expect(started.wechat?.package).toMatch(/^prepay_id=/);
    // Prepaid with this shopper's openid, for the shop's own app and merchant.
    const prepaid = [...pay.orders.values()].find((o) => o.openid === openidIn(buyerOpenid))!;
    expect(prepaid).toMatchObject({ appid: APP_ID, mchid: MCHID, attach: teaId, trade_state: "NOTPAY" });
    expect((await loadOrder(shopper, placed.orderId)).status).toBe("created");

    await payWithWechat(shopper, started.wechat!);
    expect(await confirmPayment(shopper, started.paymentId)).toMatchObject({ status: "succeeded", orderStatus: "paid" });
    expect((await loadOrder(shopper, placed.orderId)).status).toBe("paid");
    expect(await confirmPayment(shopper, started.paymentId)).toMatchObject({ status: "succeeded" }); // a second tap changes nothing

    await drainsIdle(); // the commission engine runs after commit, as in the app
    const mine = await myCommissions(seller);
    expect(mine.length).toBe(before + 1);
    const [row] = rowsOf<{ order_no: string; amount_fen: number; paid: number }>(
      await db.execute(sql`select o.no as order_no, c.amount_fen, o.total_fen as paid from commissions c join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
                           where c.tenant_id = ${teaId} and c.order_id = ${placed.orderId} and c.beneficiary_id = ${distributorId}`),
    );
    expect(row?.amount_fen).toBeGreaterThan(0);
    expect(JSON.stringify(mine)).toContain(row!.order_no);
  } finally {
    wechatPay = undefined;
  }
});

test("我的收入 in the mini-program: the tax identity first, then a withdrawal reserved at once, as on H5", async () => {
  // dist2 has not given a tax identity yet.
  const dist2Openid = `o-d2-${randomUUID().slice(0, 8)}`;
  const [dist2] = rowsOf<{ id: string }>(await db.execute(sql`select user_id::text as id from distributors where tenant_id = ${teaId} and code = 'TEA0002'`));
  await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APP_ID}, ${openidIn(dist2Openid)}, ${dist2!.id})`);
  const two = createPageEnv(phone(dist2Openid).wx);
  expect((await myIncome(two)).identity).toBeNull();
  await expect(saveTaxIdentity(two, { realName: "周航", idNumber: "110105199003070018" })).rejects.toThrow("身份证号码无效");
  await saveTaxIdentity(two, { realName: "周航", idNumber: "440304198505120025" });
  expect((await myIncome(two)).identity).toBe("周* · 4403**********0025");

  // dist1 (seeded: identity on file, a paid and a waiting request) withdraws ¥50.
  // Their phone: the WeChat identity an earlier test gave them in this app, or a new one.
  const [known] = rowsOf<{ openid: string }>(await db.execute(sql`select openid from miniprogram_identities where tenant_id = ${teaId} and app_id = ${APP_ID} and user_id = ${distributorId}`));
  const oneOpenid = known ? known.openid.slice(APP_ID.length + 1) : `o-d1-${randomUUID().slice(0, 8)}`;
  if (!known) await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APP_ID}, ${openidIn(oneOpenid)}, ${distributorId})`);
  const one = createPageEnv(phone(oneOpenid).wx);
  const before = await myIncome(one);
  expect(before.identity).toBe("孙* · 1101**********0017");
  expect(before.withdrawableFen).toBeGreaterThanOrEqual(5_000);
  expect((await withdrawalPreview(one, 5_000)).netFen).toBeLessThanOrEqual(5_000);
  await expect(requestWithdrawal(one, 4_000, `mp-${randomUUID()}`)).rejects.toThrow("单笔提现至少 ¥50");
  const k = `mp-${randomUUID()}`;
  const made = await requestWithdrawal(one, 5_000, k);
  expect(await requestWithdrawal(one, 5_000, k)).toMatchObject({ id: made.id }); // a retried tap
  const after = await myIncome(one);
  expect(after.withdrawableFen).toBe(before.withdrawableFen - 5_000);
  expect(after.requests[0]).toMatchObject({ id: made.id, status: "approved", statusLabel: "待打款", amount: "¥50.00" });
});

test("a withdrawal to WeChat 零钱: sent as a merchant transfer, 确认收款 in the mini-program, then paid with the tax withheld", async () => {
  const env = { WECHATPAY_API_BASE: pay.url, WECHATPAY_NOTIFY_BASE: "https://mall.example.com" };
  await withTenant(db, teaId, (tx) => saveWechatPay(tx, teaId, ownerId, { mode: "direct", mchid: MCHID, appid: APP_ID, serialNo: "3775B6A45ACD588826D15E583A95F5DD0000000B", privateKey: keys.privateKeyPem, apiV3Key: "v3KeyOfTheTeaShop0123456789abcde", platformKeyId: "", platformPublicKey: "" }), ownerId);
  const client = wechatPayClient(env);
  wechatPay = { provider: createWechatPayProvider(client, merchantsFrom(db, env), env), client, openidFor: openidFromIdentities, env };
  payouts = { providers: { wechat: createWechatPayoutProvider(client, merchantsFrom(db, env), env) }, connect: null, decryptName: decryptSecret };
  try {
    const [known] = rowsOf<{ openid: string }>(await db.execute(sql`select openid from miniprogram_identities where tenant_id = ${teaId} and app_id = ${APP_ID} and user_id = ${distributorId}`));
    const oneOpenid = known ? known.openid.slice(APP_ID.length + 1) : `o-d1-${randomUUID().slice(0, 8)}`;
    if (!known) await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APP_ID}, ${openidIn(oneOpenid)}, ${distributorId})`);
    await withTenant(db, teaId, (tx) => postTransfer(tx, teaId, `test:mp-bonus:${randomUUID()}`, bonusPaid(distributorId, 10_000)));
    const one = createPageEnv(phone(oneOpenid).wx);
    const before = await myIncome(one);
    expect(before.methods.map((m) => m.value)).toEqual(["wechat", "manual"]);
    expect(before.methods[0]!.label).toBe("微信零钱");

    const made = await requestWithdrawal(one, 6_000, `mp-${randomUUID()}`, "wechat");
    expect(made).toMatchObject({ status: "approved", method: "wechat" });
    const waiting = (await myIncome(one)).requests.find((r) => r.id === made.id)!;
    expect(waiting).toMatchObject({ status: "paying", statusLabel: "打款中", awaitingConfirmation: true });
    const bill = [...pay.bills.values()].find((b) => b.openid === openidIn(oneOpenid) && b.state === "WAIT_USER_CONFIRM")!;
    expect(bill).toMatchObject({ appid: APP_ID, transfer_scene_id: "1005" });

    await receiveTransfer(one, made.id);
    const after = await myIncome(one);
    const paid = after.requests.find((r) => r.id === made.id)!;
    expect(paid).toMatchObject({ status: "paid", statusLabel: "已到账", awaitingConfirmation: false });
    expect(bill.state).toBe("SUCCESS");
    const [row] = rowsOf<{ net_fen: number; tax_fen: number }>(await db.execute(sql`select net_fen::int, tax_fen::int from withdrawals where id = ${made.id}`));
    expect(bill.transfer_amount).toBe(row!.net_fen);
    expect(row!.net_fen + row!.tax_fen).toBe(6_000);
    // A bill no longer waiting cannot be opened again.
    await expect(receiveTransfer(one, made.id)).rejects.toThrow("不需要确认收款");
    // The month's certificate: downloaded with the phone's token from the shop's PDF route, shown as a PDF.
    const url = await openIncomeDocument(one, "certificate", "2026-12");
    expect(url).toBe(`${API}/api/shop/tea/income/certificate?month=2026-12`);
    expect(downloads.at(-1)).toMatchObject({ url, header: { authorization: expect.stringMatching(/^Bearer mp1\./) } });
    expect(opened.at(-1)).toEqual({ filePath: `wxfile://tmp/${downloads.length}.pdf`, fileType: "pdf" });
  } finally {
    wechatPay = undefined;
    payouts = undefined;
  }
});
