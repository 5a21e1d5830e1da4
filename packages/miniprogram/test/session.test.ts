/**
 * The template against the platform's real mini-program session: its
 * `wx.login` code goes through POST /api/miniprogram/session's code
 * (miniprogramJson + startMiniprogramSession, with the local fake of WeChat),
 * and every tRPC call carries the bearer token that /api/trpc turns into the
 * shopper (bearerContext), as packages/server/src/api.ts does.
 * A mini-program code's scene binds; the shopper buys through the simulator.
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
import { addToCart, createPageEnv, loadOrder, loadPage, loadProduct, placeOrder, rememberReferral, search, simulatePayment, storedRef, type WxLike, type WxRequestOptions } from "../template/lib/index";

const SECRET = "test-secret-for-the-template";
const API = "https://api.example.test";
let database: Database;
let db: Db;
let fake: FakeWechatMp;
let rt: MiniprogramRuntime;
let teaId = "";
const payments = simulatorRuntime();

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  teaId = (await seedDemo(db)).teaId;
  await db.execute(sql`update tenants set wechat_app_id = 'wx0123456789abcdef' where id = ${teaId}`);
  fake = await startFakeWechatMp();
  rt = { port: httpWechatOpen(fake.tokens, { base: fake.url }), missing: [], appIdOf: tenantSettingAppId, landingPage: MINIPROGRAM_LANDING_PAGE };
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

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
                const common = { db, payments, miniprogram: rt, locale: localeOfHeaders(headers), activeTenantId: null };
                return auth ? { ...common, ...(await bearerContext(db, SECRET, auth)) } : { ...common, user: null };
              },
            });
        o.success?.({ statusCode: res.status, data: await res.json() });
      })().catch((e: unknown) => o.fail?.({ errMsg: String(e) }));
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
