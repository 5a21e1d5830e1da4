import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { drainsIdle } from "../../db/src/flows/commissions";
import { createLocalUser } from "../../db/src/queries/users";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { simulatorRuntime } from "../../payments/src/simulator";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { loadUser, truthOf } from "./helpers";

const ADDRESS = { name: "张三", phone: "13700000000", province: "江苏省", city: "南京市", district: "玄武区", detail: "中山路 1 号" };
export type Address = typeof ADDRESS;

/**
 * A seeded database of its own for a distribution test file (created before
 * its tests, closed after), and the moves those tests make through the API:
 * new shoppers, products, purchases through a share code, distributors.
 */
export function distributionWorld() {
  const payments = simulatorRuntime();
  const w = {
    database: undefined as unknown as Database,
    db: undefined as unknown as Db,
    seed: undefined as unknown as Awaited<ReturnType<typeof seedDemo>>,
    truth: undefined as unknown as ReturnType<typeof truthOf>,
    owner: undefined as unknown as User,
  };
  beforeAll(async () => {
    w.database = await createTestDatabase();
    w.db = w.database.db;
    w.truth = truthOf(w.db);
    w.seed = await seedDemo(w.db);
    w.owner = await loadUser(w.db, w.seed.ownerId);
  });
  afterAll(async () => {
    await w.database?.close();
  });

  const ctxOf = (user: User, activeTenantId: string | null = null): Context => ({ db: w.db, user, locale: "zh-CN", activeTenantId, payments });
  const as = (user: User, activeTenantId: string | null = null) => createCaller(ctxOf(user, activeTenantId));

  /** A new signed-up shopper (optionally with a phone on their profile). */
  async function newShopper(phone: string | null = null): Promise<User> {
    const u = await createLocalUser(w.db, { name: `顾客${randomUUID().slice(0, 4)}`, email: `${randomUUID()}@test.local` });
    if (phone) await w.db.execute(sql`update users set phone = ${phone} where id = ${u.id}`);
    return loadUser(w.db, u.id);
  }

  /** A fresh on-sale tea product with one SKU. */
  async function newSku(priceFen = 10000, costFen = 4000, stock = 1000): Promise<{ productId: string; skuId: string }> {
    const productId = randomUUID();
    const skuId = randomUUID();
    await w.db.execute(sql`insert into products (tenant_id, id, name, status) values (${w.seed.teaId}, ${productId}, ${"分销测试茶 " + productId.slice(0, 6)}, 'on_sale')`);
    await w.db.execute(
      sql`insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock) values (${w.seed.teaId}, ${skuId}, ${productId}, ${"D-" + skuId.slice(0, 8)}, '[]'::jsonb, ${priceFen}, ${costFen}, ${stock})`,
    );
    return { productId, skuId };
  }

  /** Buys through a share code and pays with the simulator (the drain runs after commit, as in the app). */
  async function buyThrough(buyer: User, skuId: string, refCode: string | null, quantity = 1, address: Address = ADDRESS) {
    const { orderId, url } = await as(buyer).shop.checkout({ shop: "tea", items: [{ skuId, quantity }], address, refCode, idempotencyKey: randomUUID() });
    await as(buyer).shop.simulate({ shop: "tea", paymentId: url!.split("/pay/")[1]!, outcome: "complete" });
    await drainsIdle(); // the payment's commissions are made in the background
    return orderId;
  }

  /** A distributor made through the API: a shopper who came through `code` (if any) and joined. */
  async function newDistributor(code: string | null = null): Promise<{ user: User; code: string }> {
    const user = await newShopper();
    if (code) await as(user).shop.distribution.bind({ shop: "tea", code });
    const r = await as(user).shop.distribution.join({ shop: "tea" });
    return { user, code: r.code };
  }

  return { w, ctxOf, as, console_: () => as(w.owner, w.seed.teaId), newShopper, newSku, buyThrough, newDistributor };
}
