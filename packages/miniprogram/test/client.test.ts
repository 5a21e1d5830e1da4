/**
 * The template's tRPC client and page flows in Node with a fake `wx`: its
 * `request` hands each call to the real app router (tRPC's fetch adapter,
 * superjson, the seeded demo database), so the wire format, the public shop
 * reads and the errors are the platform's own. The session endpoint belongs
 * to another part (/api/miniprogram/session); here a stand-in hands out
 * tokens so that the client's login, bearer header and one retry on 401 are checked.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { appRouter } from "../../api/src/root";
import type { User } from "../../api/src/trpc";
import { simulatorRuntime } from "../../payments/src/simulator";
import { loadUser } from "../../api/test/helpers";
import { addToCart, ApiError, landingUrl, loadOrders, payWithWechat, requestPaymentParams, rememberReferral, storedRef, myCommissions, myShareCode, myDistribution, myTeam, categories, createPageEnv, loadCart, loadOrder, loadPage, loadPayment, loadProduct, parseExt, DEFAULT_TABS, personalShop, placeOrder, previewCheckout, referralFrom, search, simulatePayment, type WxLike, type WxRequestOptions } from "../template/lib/index";

let database: Database;
let db: Db;
let shopper: User;
let distributor: User;
const payments = simulatorRuntime();
const API = "https://api.example.test";

type Seen = { url: string; method: string; authorization?: string };

function fakeWx(opts: { reject401Once?: boolean; as?: () => User } = {}) {
  const storage = new Map<string, unknown>();
  const seen: Seen[] = [];
  const logins: { code: string; tenant: string }[] = [];
  let tokens = 0;
  let rejected = false;
  const wx: WxLike = {
    getExtConfigSync: () => ({ tenant: "tea", apiBase: API, release: 1 }),
    getStorageSync: (k) => storage.get(k) ?? "",
    setStorageSync: (k, v) => void storage.set(k, v),
    removeStorageSync: (k) => void storage.delete(k),
    getSystemInfoSync: () => ({ language: "zh_CN" }),
    login: ({ success }) => success?.({ code: `code-${logins.length + 1}` }),
    request(o: WxRequestOptions) {
      void (async () => {
        const header = o.header ?? {};
        seen.push({ url: o.url, method: o.method ?? "GET", authorization: header.authorization });
        if (o.url === `${API}/api/miniprogram/session`) {
          logins.push(o.data as { code: string; tenant: string });
          tokens += 1;
          return o.success?.({ statusCode: 200, data: { token: `token-${tokens}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
        }
        if (opts.reject401Once && !rejected && header.authorization === "Bearer token-1") {
          rejected = true;
          return o.success?.({ statusCode: 401, data: { error: { json: { message: "expired", data: { code: "UNAUTHORIZED", httpStatus: 401 } } } } });
        }
        const req = new Request(o.url, { method: o.method ?? "GET", headers: header, body: o.method === "POST" ? (o.data as string) : undefined });
        const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ({ db, user: header.authorization ? (opts.as?.() ?? shopper) : null, payments, locale: header["accept-language"] === "en" ? ("en" as const) : ("zh-CN" as const) }) });
        o.success?.({ statusCode: res.status, data: await res.json() });
      })().catch((e: unknown) => o.fail?.({ errMsg: String(e) }));
    },
  };
  return { wx, seen, logins };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const seed = await seedDemo(db);
  shopper = await loadUser(db, seed.shopperId);
  distributor = await loadUser(db, seed.distributorIds[0]!);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe("ext.json", () => {
  test("tenant, apiBase and release are read and checked", () => {
    expect(parseExt({ tenant: "Tea", apiBase: "https://shop.example.com/", release: 3 })).toEqual({ tenant: "tea", apiBase: "https://shop.example.com", release: 3, tabs: DEFAULT_TABS, landingTab: null });
    expect(parseExt({ tenant: "tea", apiBase: "http://127.0.0.1:3000" }).release).toBeNull();
    expect(() => parseExt({ tenant: "tea", apiBase: "http://shop.example.com" })).toThrow(/"apiBase" must be an https origin/);
    expect(() => parseExt({ apiBase: API })).toThrow(/"tenant" must be the shop's slug/);
    expect(() => parseExt({ tenant: "tea", apiBase: API, release: -1 })).toThrow(/"release" must be a release number/);
  });
});

describe("the shop's pages over the platform's own procedures", () => {
  test("home: the live release's blocks, their data and the theme without signing in; a shopper's call logs in once, bearer from then on", async () => {
    const { wx, seen, logins } = fakeWx();
    const env = createPageEnv(wx);
    const page = await loadPage(env, "home");
    expect(page.found).toBe(true);
    if (!page.found) return;
    expect(page.version).toBe(1);
    expect(page.doc.blocks.length).toBeGreaterThan(0);
    expect(page.style).toMatch(/--brand-primary: #[0-9a-f]{6};/);
    expect(page.env.apiBase).toBe(API);
    expect(page.blockData?.categories.length).toBeGreaterThan(0);
    await categories(env);
    // The catalogue is public: no wx.login before the first paint, no bearer to check.
    expect(logins).toEqual([]);
    const calls = seen.filter((s) => s.url.includes("/api/trpc/"));
    expect(calls.map((c) => c.url.split("?")[0])).toEqual([`${API}/api/trpc/shop.catalog.page`, `${API}/api/trpc/shop.catalog.categories`]);
    expect(calls.every((c) => c.method === "GET" && c.authorization === undefined)).toBe(true);
    await loadCart(env);
    await loadCart(env);
    expect(logins).toEqual([{ code: "code-1", tenant: "tea" }]);
    const shopper = seen.filter((s) => s.url.includes("/api/trpc/shop.cart"));
    expect(shopper.length).toBe(2);
    expect(shopper.every((c) => c.authorization === "Bearer token-1")).toBe(true);
  });
  test("search → product: SKUs with their stock, prices in yuan", async () => {
    const env = createPageEnv(fakeWx().wx);
    const results = await search(env, { q: "" });
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]!.price).toMatch(/^¥\d/);
    const product = await loadProduct(env, results[0]!.id);
    expect(product?.name).toBe(results[0]!.name);
    expect(product?.skus.length).toBeGreaterThan(0);
    expect(product?.skus[0]!.stockLabel).toMatch(/库存 \d+|无货/);
    expect(product?.earn).toBeNull(); // the seeded shopper is no distributor
  });
  test("cart → checkout with a typed address → the simulator's payment → paid; a retried submit places no second order", async () => {
    const env = createPageEnv(fakeWx().wx);
    const [card] = await search(env, { q: "" });
    const product = (await loadProduct(env, card!.id))!;
    const sku = product.skus.find((s) => s.stock > 0)!;
    await addToCart(env, sku.id, 2);
    const cart = await loadCart(env);
    expect(cart.lines).toContainEqual(expect.objectContaining({ skuId: sku.id, name: product.name, quantity: 2, price: sku.price, available: true }));
    expect(cart.canCheckout).toBe(true);
    const preview = await previewCheckout(env, { fromCart: false, items: [{ skuId: sku.id, quantity: 1 }] });
    expect(preview.lines.map((l) => l.skuId)).toEqual([sku.id]);
    expect(preview.total).toMatch(/^¥\d/);
    const address = { name: "张三", phone: "13800138000", province: "浙江省", city: "杭州市", district: "西湖区", detail: "龙井路 1 号" };
    const purchase = { fromCart: false, items: [{ skuId: sku.id, quantity: 1 }], address, idempotencyKey: "mp-test-key-0001" };
    const placed = await placeOrder(env, purchase);
    expect(placed.paymentId).toMatch(/^[0-9a-f-]{36}$/);
    // The mini-program's own payment (no WeChat Pay in the tests: the labelled simulator), never an H5 provider's page.
    expect(placed.provider).toBe("simulator");
    expect((await loadPayment(env, placed.paymentId!)).payment.provider).toBe("simulator");
    expect((await placeOrder(env, purchase)).orderId).toBe(placed.orderId);
    await simulatePayment(env, placed.paymentId!, "complete");
    const detail = await loadOrder(env, placed.orderId);
    expect(detail).toMatchObject({ status: "paid", statusLabel: "待发货", canPay: false, lines: [expect.objectContaining({ name: product.name, quantity: 1 })] });
    const mine = await loadOrders(env, null);
    expect(mine.orders.filter((o) => o.id === placed.orderId)).toHaveLength(1);
  });
  test("a distributor's centre: code, level, totals, team, commissions; share-and-earn on a product", async () => {
    const env = createPageEnv(fakeWx({ as: () => distributor }).wx);
    const me = await myDistribution(env);
    expect(me).toMatchObject({ joined: true, active: true, code: "TEA0001" });
    if (me.joined) expect(me.pending).toMatch(/^¥/);
    expect(Array.isArray(await myTeam(env))).toBe(true);
    expect(Array.isArray(await myCommissions(env))).toBe(true);
    // The share code (no WeChat platform in the tests: the H5 link's QR, naming the shop and the distributor's code).
    const share = await myShareCode(env);
    expect(share).toMatchObject({ kind: "h5", reason: "notConfigured" });
    expect(share.link).toMatch(/^https?:\/\/tea\.[^/]+\/\?ref=TEA0001&via=qr$/);
    expect(share.dataUrl).toMatch(/^data:image\/png;base64,/);
    const [card] = await search(env, { q: "" });
    const product = await loadProduct(env, card!.id);
    expect(product?.refCode).toBe("TEA0001");
    expect(product?.earn ?? "").toMatch(/^(分享赚 ¥\d|)/);
  });
  test("a shared link's code is kept and bound, as an H5 share link", async () => {
    const env = createPageEnv(fakeWx().wx);
    expect(await rememberReferral(env, { ref: "TEA0001" })).toMatchObject({ bound: true });
    expect(storedRef(env)).toBe("TEA0001");
    expect(await rememberReferral(env, {})).toBeNull();
    expect(await rememberReferral(env, { scene: "TEA0002" })).toMatchObject({ bound: true, target: { kind: "home" } });
    expect(storedRef(env)).toBe("TEA0002");
  });
  test("a distributor's personal shop by code", async () => {
    const shop = await personalShop(createPageEnv(fakeWx().wx), "TEA0001");
    expect(shop?.code).toBe("TEA0001");
  });
  test("an unknown shop answers empty, as H5 404s", async () => {
    const env = createPageEnv(fakeWx().wx, parseExt({ tenant: "no-such-shop", apiBase: API }));
    expect(await loadPage(env, "home")).toEqual({ found: false });
  });
  test("bad input comes back as the platform's error: message, code, key", async () => {
    const env = createPageEnv(fakeWx().wx);
    const e = await env.api.shop.catalog.product.query({ shop: "tea", productId: "nope" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe("BAD_REQUEST");
    expect((e as ApiError).httpStatus).toBe(400);
    expect((e as ApiError).message.length).toBeGreaterThan(0);
  });
  test("a token the platform refuses (401) is dropped and the call retried once with a new login", async () => {
    const { wx, logins, seen } = fakeWx({ reject401Once: true });
    const env = createPageEnv(wx);
    // A shopper's call (the catalogue sends no token to refuse).
    expect(Array.isArray((await loadCart(env)).lines)).toBe(true);
    expect(logins.map((l) => l.code)).toEqual(["code-1", "code-2"]);
    expect(seen.filter((s) => s.url.includes("/api/trpc/")).map((s) => s.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });
});

test("a share's referral: a card's ?ref=, or a mini-program code's scene decoded as the platform does", () => {
  expect(referralFrom({ scene: "TEA0003" })).toEqual({ ref: "TEA0003", via: "qr", target: { kind: "home" } });
  expect(referralFrom({ scene: encodeURIComponent("TEA0003.d") })).toEqual({ ref: "TEA0003", via: "qr", target: { kind: "personalShop" } });
  expect(landingUrl("TEA0003", { kind: "personalShop" })).toBe("/pages/shop/index?code=TEA0003");
  expect(landingUrl("TEA0003", { kind: "product", productId: "p1" })).toBe("/pages/product/index?id=p1");
  expect(referralFrom({ scene: "??" }).ref).toBeNull();
  expect(referralFrom({ ref: "TEA0001", id: "p1" })).toEqual({ ref: "TEA0001", via: "link", target: { kind: "product", productId: "p1" } });
  expect(referralFrom({ ref: "x" }).ref).toBeNull();
});

describe("payments in the mini-program", () => {
  test("WeChat Pay parameters open wx.requestPayment with exactly them; without them nothing is pretended", async () => {
    const params = { timeStamp: "1700000000", nonceStr: "n", package: "prepay_id=wx1", signType: "RSA" as const, paySign: "sig" };
    expect(requestPaymentParams({ payment: {}, requestPayment: params })).toEqual(params);
    expect(requestPaymentParams({ payment: {} })).toBeNull();
    const asked: unknown[] = [];
    const { wx } = fakeWx();
    wx.requestPayment = (o) => {
      asked.push({ ...o, success: undefined, fail: undefined });
      o.success?.({ errMsg: "requestPayment:ok" });
    };
    await payWithWechat(createPageEnv(wx), params);
    expect(asked).toEqual([{ ...params, success: undefined, fail: undefined }]);
    wx.requestPayment = (o) => o.fail?.({ errMsg: "requestPayment:fail cancel" });
    await expect(payWithWechat(createPageEnv(wx), params)).rejects.toThrow("requestPayment:fail cancel");
  });
});
