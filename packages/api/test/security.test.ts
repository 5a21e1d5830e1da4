/**
 * Security review findings (L5, M5): return photos are the shop's own uploads,
 * and per-action rate limits answer TOO_MANY_REQUESTS in the caller's language.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import type { Locale } from "../../i18n/src";
import { simulatorRuntime } from "../../payments/src/simulator";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let shopper: User;
let other: User;
const payments = simulatorRuntime();
const ctxOf = (user: User, locale: Locale = "zh-CN"): Context => ({ db, user, locale, activeTenantId: null, payments });
const as = (user: User, locale: Locale = "zh-CN") => createCaller(ctxOf(user, locale));
const ADDRESS = { name: "刘洋", phone: "139 0000 1234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号" };
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));

async function newSku(stock: number): Promise<string> {
  const productId = randomUUID();
  const skuId = randomUUID();
  await db.execute(sql`insert into products (tenant_id, id, name, status) values (${seed.teaId}, ${productId}, ${"安全测试 " + productId.slice(0, 6)}, 'on_sale')`);
  await db.execute(
    sql`insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock) values (${seed.teaId}, ${skuId}, ${productId}, ${"S-" + skuId.slice(0, 8)}, '[]'::jsonb, 5000, 2000, ${stock})`,
  );
  return skuId;
}

/** A paid tea order of `user` (through the simulator). */
async function paidOrder(user: User) {
  const skuId = await newSku(5);
  const { orderId, url } = await as(user).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() });
  await as(user).shop.simulate({ shop: "tea", paymentId: url!.split("/pay/")[1]!, outcome: "complete" });
  return orderId;
}

beforeAll(async () => {
  process.env.FX_RATE_LIMITS = "on"; // vitest.config.ts turns them off for the other suites
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  shopper = await loadUser(db, seed.shopperId);
  other = await loadUser(db, await userIdByEmail(db, "dist2@demo.local"));
});
afterAll(async () => {
  await database?.close();
});

describe("return photos (L5)", () => {
  test("only pictures the shopper uploaded to this shop are accepted; a link, another shop's or another shopper's upload is refused and no refund is opened", async () => {
    const orderId = await paidOrder(shopper);
    const foreignShop = await as(shopper).shop.uploadPhoto({ shop: "beauty", bytes: PNG });
    const othersPhoto = await as(other).shop.uploadPhoto({ shop: "tea", bytes: PNG });
    const ask = (photos: string[]) => as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "破损", photos });
    for (const photos of [["https://evil.example/pixel.png"], [foreignShop.url], [othersPhoto.url], [`/api/media/${seed.teaId}/${randomUUID()}`]]) {
      expect(keyOf(await rejection(ask(photos)))).toContain("order.photoForeign"); // zod (not a media URL) or the tenant/uploader check
    }
    const mine = await as(shopper).shop.uploadPhoto({ shop: "tea", bytes: PNG });
    const refund = await ask([mine.url]);
    expect(refund.photos).toEqual([mine.url]);
  });
});

describe("rate limits (M5)", () => {
  test("the 11th share-link binding in an hour is TOO_MANY_REQUESTS, with a message in Chinese and in English", async () => {
    const user = await loadUser(db, await userIdByEmail(db, "dist3@demo.local"));
    for (let i = 0; i < 10; i++) await as(user).shop.distribution.bind({ shop: "beauty", code: "TEA0004" }).catch(() => undefined);
    const zh = await httpError(ctxOf(user, "zh-CN"), "shop.distribution.bind", { shop: "beauty", code: "TEA0004" });
    expect(zh).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS", key: "rateLimit.tooMany", message: "操作过于频繁，请 60 分钟后再试。" });
    const en = await httpError(ctxOf(user, "en"), "shop.distribution.bind", { shop: "beauty", code: "TEA0004" });
    expect(en.message).toBe("Too many attempts. Please try again in 60 minutes.");
    // Counted per shop: the same shopper may still bind in another one.
    await as(user).shop.distribution.bind({ shop: "tea", code: "TEA0004" }).catch((e: unknown) => expect(keyOf(e as never)).not.toBe("rateLimit.tooMany"));
  });

  test("a shopper cannot hold more than 10 unpaid orders in one shop: the 11th is refused and reserves no stock", async () => {
    const skuId = await newSku(100);
    const buyer = await loadUser(db, await userIdByEmail(db, "dist4@demo.local"));
    const order = () => ({ shop: "tea", items: [{ skuId, quantity: 2 }], address: ADDRESS, idempotencyKey: randomUUID() });
    for (let i = 0; i < 10; i++) await as(buyer).shop.checkout(order());
    const e = await httpError(ctxOf(buyer, "en"), "shop.checkout", order());
    expect(e).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "You already have 10 unpaid orders in this shop. Pay or cancel one before ordering again." });
    const [row] = await truthOf(db)<{ stock: number }>(sql`select stock from product_skus where id = ${skuId}`);
    expect(row!.stock).toBe(80);
    // Another shopper is not affected.
    await as(other).shop.checkout(order());
  });

  test("the 31st picture an hour from one user into one shop is refused", async () => {
    const user = await loadUser(db, await userIdByEmail(db, "dist5@demo.local"));
    for (let i = 0; i < 30; i++) await as(user).shop.uploadPhoto({ shop: "tea", bytes: PNG });
    const e = await rejection(as(user).shop.uploadPhoto({ shop: "tea", bytes: PNG }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(keyOf(e)).toBe("rateLimit.tooMany");
  });

  test("a user may open 3 shops a day: the 4th is TOO_MANY_REQUESTS and creates nothing", async () => {
    const user = await loadUser(db, await userIdByEmail(db, "viewer@demo.local"));
    for (let i = 0; i < 3; i++) await as(user).onboarding.createTenant({ name: `限流店${i}`, slug: `rate-shop-${i}`, template: "tea" });
    const e = await httpError(ctxOf(user, "zh-CN"), "onboarding.createTenant", { name: "第四家", slug: "rate-shop-3", template: "tea" });
    expect(e).toMatchObject({ status: 429, message: "操作过于频繁，请 1440 分钟后再试。" });
    const [row] = await truthOf(db)<{ n: number }>(sql`select count(*)::int as n from tenants where slug = 'rate-shop-3'`);
    expect(row!.n).toBe(0);
  });
});
