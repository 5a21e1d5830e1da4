/**
 * The mini-program shopper session against a local fake of WeChat
 * (fake-wechat-mp.ts): wx.login code → jscode2session through the
 * third-party platform → the shopper's user for the tenant app → a bearer
 * token that works for that shop's procedures only; getPhoneNumber; the
 * mini-program share code and its scene binding like the H5 link.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RATE_LIMITS } from "../../tenancy/src/rate-limits";
import { signMiniprogramToken, MINIPROGRAM_TOKEN_TTL_SECONDS } from "../../auth/src/miniprogram-token";
import { decodeScene, encodeScene } from "../../core/src/miniprogram-scene";
import { AppError } from "../../core/src/errors";
import type { Database, Db } from "../../db/src/client";
import { rowsOf } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { tenantSettingAppId } from "../../db/src/queries/miniprogram";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { simulatorRuntime } from "../../payments/src/simulator";
import { createCaller } from "../../api/src/root";
import type { Context, User } from "../../api/src/trpc";
import { httpError, keyOf, loadUser, rejection } from "../../api/test/helpers";
import { bearerContext, miniprogramSessionInput, saveShopperPhone, shopperForBearer, startMiniprogramSession } from "../src/miniprogram-session";
import { miniprogramJson } from "../src/miniprogram-http";
import { httpWechatOpen, MINIPROGRAM_LANDING_PAGE, miniprogramRuntime, registerWechatTokens, type MiniprogramRuntime } from "../src/wechat-mp";
import { FAKE_PNG, startFakeWechatMp, type FakeWechatMp } from "./fake-wechat-mp";

const SECRET = "test-secret-for-miniprogram-tokens";
const TEA_APP = "wx0123456789abcdef";
const ADDRESS = { name: "张三", phone: "13700000000", province: "江苏省", city: "南京市", district: "玄武区", detail: "中山路 1 号" };

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let fake: FakeWechatMp;
let rt: MiniprogramRuntime;
const payments = simulatorRuntime();

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const count = async (q: ReturnType<typeof sql>) => Number((await truth<{ n: number | string }>(q))[0]!.n);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  await db.execute(sql`update tenants set wechat_app_id = ${TEA_APP} where id = ${seed.teaId}`);
  await db.execute(sql`update tenants set wechat_app_id = null where id = ${seed.beautyId}`);
  fake = await startFakeWechatMp();
  rt = { port: httpWechatOpen(fake.tokens, { base: fake.url }), missing: [], appIdOf: tenantSettingAppId, landingPage: MINIPROGRAM_LANDING_PAGE };
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

/** wx.login → POST /api/miniprogram/session, as the route runs it. */
async function login(openid: string, tenant = "tea", unionid?: string) {
  const code = `code-${randomUUID()}`;
  fake.login(code, openid, unionid);
  return startMiniprogramSession(db, rt, SECRET, { code, tenant }, `client-${openid}`);
}

/** The context /api/trpc builds for `Authorization: Bearer <token>`. */
async function bearerCtx(token: string, more: Partial<Context> = {}): Promise<Context> {
  return { db, locale: "zh-CN", payments, miniprogram: rt, ...(await bearerContext(db, SECRET, `Bearer ${token}`)), ...more };
}
const withToken = async (token: string, more: Partial<Context> = {}) => createCaller(await bearerCtx(token, more));
const asUser = (user: User) => createCaller({ db, user, locale: "zh-CN", payments, miniprogram: rt });

async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected an AppError");
}

async function onSaleSku(tenantId: string) {
  const [r] = await truth<{ sku: string; product: string }>(sql`
    select s.id::text as sku, p.id::text as product from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
     where s.tenant_id = ${tenantId} and p.status = 'on_sale' and s.stock > 5 order by p.sort limit 1`);
  return r!;
}

describe("POST /api/miniprogram/session", () => {
  test("the first login creates the shopper for the tenant app; the next finds the same user", async () => {
    const openid = `o-${randomUUID().slice(0, 8)}`;
    const users = await count(sql`select count(*) as n from users`);
    const first = await login(openid, "tea", "union-1");
    expect(first.user.created).toBe(true);
    expect(first.shop).toEqual({ id: seed.teaId, slug: "tea" });
    expect(new Date(first.expiresAt).getTime() - Date.now()).toBeGreaterThan((MINIPROGRAM_TOKEN_TTL_SECONDS - 60) * 1000);
    const again = await login(openid);
    expect(again.user).toEqual({ ...first.user, created: false });
    expect(await count(sql`select count(*) as n from users`)).toBe(users + 1);
    const [row] = await truth<{ app_id: string; unionid: string | null; user_id: string }>(
      sql`select app_id, unionid, user_id::text from miniprogram_identities where tenant_id = ${seed.teaId} and user_id = ${first.user.id}`,
    );
    expect(row).toEqual({ app_id: TEA_APP, unionid: "union-1", user_id: first.user.id });
    // jscode2session went through the third-party platform, with its token.
    const call = fake.seen.filter((s) => s.path === "/sns/component/jscode2session").at(-1)!;
    expect(call.query).toMatchObject({ appid: TEA_APP, grant_type: "authorization_code", component_appid: fake.componentAppId });
    // session_key is neither stored nor answered.
    expect(JSON.stringify(again)).not.toContain("c2Vzc2lvbi1rZXk");
  });

  test("two concurrent first logins of one WeChat user make one user", async () => {
    const openid = `o-${randomUUID().slice(0, 8)}`;
    const users = await count(sql`select count(*) as n from users`);
    const [a, b] = await Promise.all([login(openid), login(openid)]);
    expect(a.user.id).toBe(b.user.id);
    expect([a.user.created, b.user.created].sort()).toEqual([false, true]);
    expect(await count(sql`select count(*) as n from users`)).toBe(users + 1);
  });

  test("a bad or reused code is a typed error and creates nothing", async () => {
    const users = await count(sql`select count(*) as n from users`);
    const e = await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code: "never-issued", tenant: "tea" }, "c"));
    expect([e.code, e.key]).toEqual(["BAD_REQUEST", "miniprogram.badCode"]);
    const code = `code-${randomUUID()}`;
    fake.login(code, "o-reused");
    await startMiniprogramSession(db, rt, SECRET, { code, tenant: "tea" }, "c");
    expect((await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code, tenant: "tea" }, "c"))).key).toBe("miniprogram.badCode");
    expect(await count(sql`select count(*) as n from users`)).toBe(users + 1);
  });

  test("an unknown shop, a shop without a mini-program, WeChat not configured: each says so", async () => {
    expect((await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code: "x", tenant: "nope" }, "c"))).key).toBe("notFound");
    expect((await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code: "x", tenant: "beauty" }, "c"))).key).toBe("miniprogram.noApp");
    const off = { ...rt, port: null, missing: ["component_access_token"] };
    const e = await appErrorOf(startMiniprogramSession(db, off, SECRET, { code: "x", tenant: "tea" }, "c"));
    expect([e.key, e.params]).toEqual(["miniprogram.notConfigured", { missing: "component_access_token" }]);
  });

  test("sign-ins are rate limited per shop and client address", async () => {
    const was = process.env.FX_RATE_LIMITS;
    process.env.FX_RATE_LIMITS = "on";
    try {
      const client = `limited-${randomUUID()}`;
      const attempt = () => startMiniprogramSession(db, rt, SECRET, { code: "never-issued", tenant: "tea" }, client);
      for (let i = 0; i < RATE_LIMITS.miniprogramSignIn.max; i++) expect((await appErrorOf(attempt())).key).toBe("miniprogram.badCode");
      const e = await appErrorOf(attempt());
      expect([e.code, e.key]).toEqual(["TOO_MANY_REQUESTS", "rateLimit.tooMany"]);
      // Another address is not affected, nor another shop from the same address.
      expect((await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code: "never-issued", tenant: "tea" }, `${client}-2`))).key).toBe("miniprogram.badCode");
      expect((await appErrorOf(startMiniprogramSession(db, rt, SECRET, { code: "never-issued", tenant: "beauty" }, client))).key).not.toBe("rateLimit.tooMany");
    } finally {
      process.env.FX_RATE_LIMITS = was;
    }
  });

  test("an expired component token is refreshed and the call retried once", async () => {
    const before = fake.tokens.refreshes;
    fake.expireTokens();
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    expect(s.token).toMatch(/^mp1\./);
    expect(fake.tokens.refreshes).toBe(before + 1);
  });

  test("the route's answers: zod and WeChat errors typed, in the caller's language", async () => {
    const run = (body: unknown, headers: Record<string, string> = {}) =>
      miniprogramJson(new Request("http://x/api/miniprogram/session", { method: "POST", body: JSON.stringify(body), headers }), miniprogramSessionInput, (input) =>
        startMiniprogramSession(db, rt, SECRET, input, "route-client"),
      );
    const bad = await run({ tenant: "tea" }, { "x-locale": "en" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { key: string; message: string } }).error).toMatchObject({ key: "miniprogram.badCode", message: expect.stringContaining("WeChat sign-in code") });
    const zh = await run({ code: "never-issued", tenant: "tea" });
    expect(zh.status).toBe(400);
    expect(((await zh.json()) as { error: { message: string } }).error.message).toContain("微信登录凭证无效");
    fake.login("route-ok", "o-route");
    const ok = await run({ code: "route-ok", tenant: "tea" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token: expect.stringMatching(/^mp1\./), expiresAt: expect.any(String) });
  });
});

describe("Authorization: Bearer on /api/trpc", () => {
  test("the token is the shopper in its shop: cart, checkout, payment, orders", async () => {
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    const shop = await withToken(s.token);
    const { sku } = await onSaleSku(seed.teaId);
    await shop.shop.cartPut({ shop: "tea", skuId: sku, quantity: 2 });
    expect((await shop.shop.cart({ shop: "tea" })).map((l) => l.quantity)).toEqual([2]);
    const { orderId, url } = await shop.shop.checkout({ shop: "tea", items: [{ skuId: sku, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() });
    await shop.shop.simulate({ shop: "tea", paymentId: url!.split("/pay/")[1]!, outcome: "complete" });
    const [o] = await truth<{ buyer_id: string; status: string }>(sql`select buyer_id::text, status from orders where id = ${orderId}`);
    expect(o).toEqual({ buyer_id: s.user.id, status: "paid" });
    expect((await shop.shop.order({ shop: "tea", orderId })).order.buyerId).toBe(s.user.id);
  });

  test("the product page's live data counts the token as signed in in its own shop only", async () => {
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    const caller = await withToken(s.token);
    expect((await caller.shop.productLive({ shop: "tea", productId: (await onSaleSku(seed.teaId)).product })).signedIn).toBe(true);
    expect((await caller.shop.productLive({ shop: "beauty", productId: (await onSaleSku(seed.beautyId)).product })).signedIn).toBe(false);
  });

  test("a token of shop A is refused in shop B", async () => {
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    const e = await rejection((await withToken(s.token)).shop.cart({ shop: "beauty" }));
    expect([e.code, keyOf(e)]).toEqual(["UNAUTHORIZED", "miniprogram.otherShop"]);
    expect(await count(sql`select count(*) as n from cart_items where tenant_id = ${seed.beautyId} and user_id = ${s.user.id}`)).toBe(0);
  });

  test("console, agency and platform procedures never accept a token, even a staff member's", async () => {
    // The tea owner linked to a WeChat identity of tea's app: their token is still nobody in the console.
    await db.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${seed.teaId}, ${TEA_APP}, 'o-owner', ${seed.ownerId}) on conflict do nothing`);
    const { token } = signMiniprogramToken(SECRET, { tenantId: seed.teaId, userId: seed.ownerId, appId: TEA_APP });
    const caller = await withToken(token, { activeTenantId: seed.teaId });
    for (const call of [
      () => caller.tenant.current(),
      () => caller.products.list({}),
      () => caller.distribution.programme(),
      () => caller.platform.tenants(),
      () => caller.agency.overview(),
    ]) {
      const e = await rejection(call());
      expect(e.code).toBe("UNAUTHORIZED");
    }
    // …and is the shopper in the shop.
    await expect(caller.shop.cart({ shop: "tea" })).resolves.toBeDefined();
  });

  test("tampered, expired, another secret's, or revoked tokens are refused (in both languages)", async () => {
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    const [p, payload, sig] = s.token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), tid: seed.beautyId })).toString("base64url");
    const expired = signMiniprogramToken(SECRET, { tenantId: seed.teaId, userId: s.user.id, appId: TEA_APP }, Date.now() - (MINIPROGRAM_TOKEN_TTL_SECONDS + 1) * 1000).token;
    const otherSecret = signMiniprogramToken("another-secret", { tenantId: seed.teaId, userId: s.user.id, appId: TEA_APP }).token;
    for (const bad of [`${p}.${forged}.${sig}`, `${s.token}x`, expired, otherSecret, "mp1..", "garbage"]) {
      expect(await shopperForBearer(db, SECRET, `Bearer ${bad}`)).toBe("refused");
      const e = await rejection((await withToken(bad)).shop.cart({ shop: "tea" }));
      expect([e.code, keyOf(e)]).toEqual(["UNAUTHORIZED", "miniprogram.tokenInvalid"]);
    }
    const en = await httpError(await bearerCtx(expired, { locale: "en" }), "shop.cart", { shop: "tea" }, "query");
    expect([en.status, en.message]).toEqual([401, "Your sign-in has expired or is invalid; please sign in again."]);
    // A session cookie's value is not a token.
    expect(await shopperForBearer(db, SECRET, `Bearer ${payload}.${sig}`)).toBe("refused");
    // Removing the WeChat identity revokes its tokens.
    expect(await shopperForBearer(db, SECRET, `Bearer ${s.token}`)).toMatchObject({ tenantId: seed.teaId, user: { id: s.user.id } });
    await db.execute(sql`delete from miniprogram_identities where tenant_id = ${seed.teaId} and user_id = ${s.user.id}`);
    expect(await shopperForBearer(db, SECRET, `Bearer ${s.token}`)).toBe("refused");
  });
});

describe("miniprogram_identities policies (a shopper's own row only)", () => {
  test("a shopper's storefront transaction sees only its own identity and cannot claim another's openid", async () => {
    const a = await login(`o-${randomUUID().slice(0, 8)}`);
    await login(`o-${randomUUID().slice(0, 8)}`);
    const seen = await withContext(db, { storefront: "tea", userId: a.user.id }, (tx) =>
      tx.execute(sql`select user_id::text from miniprogram_identities`).then((r) => rowsOf<{ user_id: string }>(r)),
    );
    expect(seen).toEqual([{ user_id: a.user.id }]);
    await expect(
      withContext(db, { storefront: "tea", userId: a.user.id }, (tx) =>
        tx.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${seed.teaId}, ${TEA_APP}, 'o-stolen', ${seed.ownerId})`),
      ),
    ).rejects.toThrow();
    const moved = await withContext(db, { storefront: "tea", userId: a.user.id }, (tx) =>
      tx.execute(sql`update miniprogram_identities set user_id = ${a.user.id} where openid = 'o-owner' returning 1`).then((r) => rowsOf(r).length),
    );
    expect(moved).toBe(0);
  });
});

describe("getPhoneNumber (POST /api/miniprogram/phone)", () => {
  test("the phone WeChat confirms is kept on the identity and the profile", async () => {
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    const shopper = await shopperForBearer(db, SECRET, `Bearer ${s.token}`);
    if (!shopper || shopper === "refused") throw new Error("token refused");
    fake.phone("phone-code-1", "13912345678");
    expect(await saveShopperPhone(db, rt, shopper, { code: "phone-code-1" })).toEqual({ phone: "13912345678" });
    expect(await truth(sql`select phone from miniprogram_identities where user_id = ${s.user.id}`)).toEqual([{ phone: "13912345678" }]);
    expect(await truth(sql`select phone from users where id = ${s.user.id}`)).toEqual([{ phone: "13912345678" }]);
    expect((await appErrorOf(saveShopperPhone(db, rt, shopper, { code: "phone-code-1" }))).key).toBe("miniprogram.badCode");
  });
});

describe("mini-program share codes and the scene binding (§4.2, §7.1)", () => {
  const BASE = "http://localhost:3000/s/tea";

  test("a distributor's product code is a mini-program code whose scene carries the referral code and the product", async () => {
    const dist = await loadUser(db, seed.distributorIds[3]!); // TEA0004
    const { product } = await onSaleSku(seed.teaId);
    const r = await asUser(dist).shop.distribution.miniprogramCode({ shop: "tea", productId: product, base: BASE });
    expect(r.kind).toBe("miniprogram");
    expect(r.dataUrl).toBe(`data:image/png;base64,${Buffer.from(FAKE_PNG).toString("base64")}`);
    expect(decodeScene(r.scene)).toEqual({ code: "TEA0004", target: { kind: "product", productId: product } });
    const call = fake.seen.filter((s) => s.path === "/wxa/getwxacodeunlimit").at(-1)!;
    expect(call.body).toMatchObject({ scene: r.scene, page: MINIPROGRAM_LANDING_PAGE });
    expect(call.query.access_token).toContain(TEA_APP);
  });

  test("without WeChat credentials (or when WeChat fails) the H5 link's QR is used, and the answer says why", async () => {
    const dist = await loadUser(db, seed.distributorIds[3]!);
    const off = createCaller({ db, user: dist, locale: "zh-CN", payments, miniprogram: { ...rt, port: null, missing: ["WECHAT_COMPONENT_APPID"] } });
    const r = await off.shop.distribution.miniprogramCode({ shop: "tea", base: BASE });
    expect(r).toMatchObject({ kind: "h5", reason: "notConfigured", link: `${BASE}?ref=TEA0004&via=qr`, missing: ["WECHAT_COMPONENT_APPID"] });
    expect(r.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(await off.shop.distribution.miniprogramCode({ shop: "tea", personalShop: true, base: BASE })).toMatchObject({ kind: "h5", link: `${BASE}/d/TEA0004` });
    const mine = await asUser(dist).shop.distribution.miniprogramCode({ shop: "tea", personalShop: true, base: BASE });
    expect([mine.kind, mine.scene]).toEqual(["miniprogram", "TEA0004.d"]);
    fake.respond("/wxa/getwxacodeunlimit", { errcode: 41030, errmsg: "invalid page rule" });
    expect(await asUser(dist).shop.distribution.miniprogramCode({ shop: "tea", base: BASE })).toMatchObject({ kind: "h5", reason: "wechatError" });
    // A forged base never lands in a distributor's QR; a shopper who is not a distributor has no code.
    expect((await rejection(asUser(dist).shop.distribution.miniprogramCode({ shop: "tea", base: "https://evil.example/s/tea" }))).code).toBe("BAD_REQUEST");
    const s = await login(`o-${randomUUID().slice(0, 8)}`);
    expect(keyOf(await rejection((await withToken(s.token)).shop.distribution.miniprogramCode({ shop: "tea", base: BASE })))).toBe("miniprogram.notDistributor");
  });

  test("opening the code binds the shopper like the H5 link does, and the distributor sees them in the team", async () => {
    const dist = await loadUser(db, seed.distributorIds[3]!);
    const { product } = await onSaleSku(seed.teaId);
    const scene = encodeScene({ code: "TEA0004", target: { kind: "product", productId: product } })!;
    const teamBefore = (await asUser(dist).shop.distribution.team({ shop: "tea", depth: 1 })).byDepth.find((d) => d.depth === 1)?.n ?? 0;
    const viaCode = await login(`o-${randomUUID().slice(0, 8)}`);
    const r = await (await withToken(viaCode.token)).shop.distribution.bindScene({ shop: "tea", scene: encodeURIComponent(scene) });
    expect(r).toEqual({ bound: true, changed: true, target: { kind: "product", productId: product } });

    // The same distributor's H5 link, for comparison: the same binding, source "link".
    const viaLink = await login(`o-${randomUUID().slice(0, 8)}`);
    expect(await (await withToken(viaLink.token)).shop.distribution.bind({ shop: "tea", code: "TEA0004" })).toEqual({ bound: true, changed: true });
    const rows = await truth<{ user_id: string; referrer_id: string; source: string }>(
      sql`select user_id::text, referrer_id::text, source from referral_bindings where tenant_id = ${seed.teaId} and user_id in (${viaCode.user.id}, ${viaLink.user.id}) order by source`,
    );
    expect(rows).toEqual([
      { user_id: viaLink.user.id, referrer_id: dist.id, source: "link" },
      { user_id: viaCode.user.id, referrer_id: dist.id, source: "qr" },
    ]);
    // The distributor's team (names masked, no ids) counts both newcomers.
    const team = await asUser(dist).shop.distribution.team({ shop: "tea", depth: 1 });
    expect(team.byDepth.find((d) => d.depth === 1)!.n).toBe(teamBefore + 2);
    expect(team.members.filter((m) => m.name.startsWith("微")).length).toBeGreaterThanOrEqual(2);
    // First touch: a second scene changes nothing; a scene that is not ours is a typed error.
    expect(await (await withToken(viaCode.token)).shop.distribution.bindScene({ shop: "tea", scene: "TEA0002" })).toMatchObject({ bound: true, changed: false });
    expect(keyOf(await rejection((await withToken(viaCode.token)).shop.distribution.bindScene({ shop: "tea", scene: "??" })))).toBe("miniprogram.badScene");
  });
});

describe("the process's runtime (what the publishing side plugs into)", () => {
  test("no token source: no port, and it says what is missing; registered: WECHAT_API_BASE, codes cached", async () => {
    registerWechatTokens(null);
    expect(miniprogramRuntime({})).toMatchObject({ port: null, missing: ["WECHAT_COMPONENT_APPID", "component_access_token"], landingPage: "pages/landing/index" });
    registerWechatTokens(fake.tokens);
    try {
      const live = miniprogramRuntime({ WECHAT_API_BASE: fake.url, WECHAT_COMPONENT_APPID: fake.componentAppId });
      expect(live.missing).toEqual([]);
      const calls = () => fake.seen.filter((x) => x.path === "/wxa/getwxacodeunlimit").length;
      const before = calls();
      const args = { scene: `C${randomUUID().slice(0, 8)}`, page: MINIPROGRAM_LANDING_PAGE, width: 430 };
      expect(await live.port!.getwxacodeunlimit(TEA_APP, args)).toEqual(FAKE_PNG);
      expect(await live.port!.getwxacodeunlimit(TEA_APP, args)).toEqual(FAKE_PNG);
      expect(calls()).toBe(before + 1);
    } finally {
      registerWechatTokens(null);
    }
  });
});
