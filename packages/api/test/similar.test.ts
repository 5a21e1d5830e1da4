/**
 * A link to a product taken off sale (PRODUCT.md §6, review: "该商品已下架"
 * with links to similar products): the shop offers on-sale products of the
 * same category, else its first ones, never the product itself; anyone may ask.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { createCaller } from "../src/root";
import { simulatorRuntime } from "../../payments/src/simulator";
import { distributionWorld } from "./distribution-fixtures";

const { w, newSku } = distributionWorld();
const anonymous = () => createCaller({ db: w.db, user: null, locale: "zh-CN", activeTenantId: null, payments: simulatorRuntime() });

describe("similar products for a product gone", () => {
  test("an off-sale product's category-mates, on sale, without itself", async () => {
    const [cat] = await w.truth<{ id: string }>(sql`
      select c.id::text from categories c where c.tenant_id = ${w.seed.teaId}
         and (select count(*) from products p where p.category_id = c.id and p.status = 'on_sale') >= 2 limit 1`);
    const { productId } = await newSku();
    await w.db.execute(sql`update products set category_id = ${cat!.id}, status = 'off_sale' where id = ${productId}`);
    const got = await anonymous().shop.similar({ shop: "tea", productId });
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThanOrEqual(4);
    expect(got.every((p) => p.categoryId === cat!.id)).toBe(true);
    expect(got.map((p) => p.id)).not.toContain(productId);
  });

  test("an unknown or malformed id gets the shop's first on-sale products; an unknown shop nothing", async () => {
    expect((await anonymous().shop.similar({ shop: "tea", productId: "00000000-0000-4000-8000-000000000000" })).length).toBeGreaterThan(0);
    expect((await anonymous().shop.similar({ shop: "tea", productId: "nope" })).length).toBeGreaterThan(0);
    expect(await anonymous().shop.similar({ shop: "no-such-shop", productId: "nope" })).toEqual([]);
  });
});
