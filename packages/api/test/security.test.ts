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
import { keyOf, loadUser, rejection, userIdByEmail } from "./helpers";

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
