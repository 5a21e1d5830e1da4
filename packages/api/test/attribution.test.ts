import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../../db/src/client";
import { drainAllOutboxes, drainsIdle } from "../../db/src/flows/commissions";
import { createLocalUser } from "../../db/src/queries/users";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { encodeRefCookie, parseRefCookie } from "../../core/src/referral-cookie";
import { simulatorRuntime } from "../../payments/src/simulator";
import { createCaller } from "../src/root";
import type { User } from "../src/trpc";
import { loadUser, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let truth: ReturnType<typeof truthOf>;
const payments = simulatorRuntime();
const as = (user: User) => createCaller({ db, user, locale: "zh-CN", activeTenantId: null, payments });
const ADDRESS = { name: "刘洋", phone: "139 0000 1234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号" };

async function anySku(): Promise<string> {
  const [r] = await truth<{ id: string }>(sql`select s.id::text as id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id where s.tenant_id = ${seed.teaId} and p.status = 'on_sale' and s.stock > 10 order by s.id limit 1`);
  return r!.id;
}
const orderOf = async (id: string) =>
  (await truth<{ attributed_to: string | null; attribution: string | null }>(sql`select attributed_to::text, attribution from orders where id = ${id}`))[0]!;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  truth = truthOf(db);
  seed = await seedDemo(db);
});
afterAll(async () => {
  await database?.close();
});

describe("an order through a kept share code (PRODUCT.md §4.2)", () => {
  test("a new shopper whose cookie kept a QR visit of dist2 buys another product: the order is dist2's (qr), dist2 and their upline dist1 earn", async () => {
    const buyer = await loadUser(db, (await createLocalUser(db, { name: "扫码新客", email: `qr-${randomUUID().slice(0, 8)}@example.com` })).id);
    const kept = parseRefCookie(encodeRefCookie({ code: "TEA0002", via: "qr", at: Date.now() / 1000 - 3 * 86400 }), Date.now() / 1000, 30)!;
    const { orderId, url } = await as(buyer).shop.checkout({ shop: "tea", items: [{ skuId: await anySku(), quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID(), refCode: kept.code, refVia: kept.via });
    const dist2 = await userIdByEmail(db, "dist2@demo.local");
    const dist1 = await userIdByEmail(db, "dist1@demo.local");
    expect(await orderOf(orderId)).toEqual({ attributed_to: dist2, attribution: "qr" });
    const [b] = await truth<{ referrer_id: string }>(sql`select referrer_id::text from referral_bindings where tenant_id = ${seed.teaId} and user_id = ${buyer.id}`);
    expect(b?.referrer_id).toBe(dist2);

    await as(buyer).shop.simulate({ shop: "tea", paymentId: url!.split("/pay/")[1]!, outcome: "complete" });
    await drainsIdle(); // the payment's background drain holds its events (SKIP LOCKED) until it ends
    await drainAllOutboxes(db);
    const earners = await truth<{ beneficiary_id: string }>(sql`select beneficiary_id::text from commissions where tenant_id = ${seed.teaId} and order_id = ${orderId}`);
    expect(earners.map((e) => e.beneficiary_id).sort()).toEqual([dist1, dist2].sort());
  });

  test("a bound shopper buying without a code: the order is their referrer's, by binding", async () => {
    const shopper = await loadUser(db, seed.shopperId);
    const { orderId } = await as(shopper).shop.checkout({ shop: "tea", items: [{ skuId: await anySku(), quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() });
    expect(await orderOf(orderId)).toEqual({ attributed_to: await userIdByEmail(db, "dist3@demo.local"), attribution: "binding" });
  });

  test("first touch: another distributor's code does not take a bound shopper's order", async () => {
    const shopper = await loadUser(db, seed.shopperId);
    const { orderId } = await as(shopper).shop.checkout({ shop: "tea", items: [{ skuId: await anySku(), quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID(), refCode: "TEA0004", refVia: "link" });
    expect(await orderOf(orderId)).toEqual({ attributed_to: await userIdByEmail(db, "dist3@demo.local"), attribution: "binding" });
  });
});
