/**
 * The console's live calculator (distribution.calculate) on the tea demo: a
 * product whose SKUs differ in price is costed with its cheapest SKU's own
 * cost, so its margin (and the commission the margin guard allows) is real.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Database, type Db } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { createCaller } from "../src/root";
import { loadUser, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
});
afterAll(async () => {
  await database?.close();
});

test("a multi-SKU product is costed with its cheapest SKU's own cost, never another SKU's", async () => {
  // A product where some SKU costs more than the cheapest SKU's price.
  const [p] = await truthOf(db)<{ id: string; price: number; cost: number }>(sql`
    select p.id::text as id, min(s.price_fen)::int as price, (array_agg(s.cost_fen order by s.price_fen, s.cost_fen desc))[1]::int as cost
      from products p join product_skus s on s.tenant_id = p.tenant_id and s.product_id = p.id
     where p.tenant_id = ${seed.teaId}
     group by p.tenant_id, p.id
    having max(s.cost_fen) >= min(s.price_fen)
     limit 1`);
  expect(p).toBeDefined();
  const owner = await loadUser(db, await userIdByEmail(db, "owner@demo.local"));
  const caller = createCaller({ db, user: owner, locale: "zh-CN", activeTenantId: seed.teaId });
  const r = await caller.distribution.calculate({ productId: p!.id, buyerLevel: null, upline: [1] });
  expect(r.paidFen).toBe(p!.price);
  expect(r.guard.marginFen).toBe(p!.price - p!.cost);
  expect(r.guard.marginFen).toBeGreaterThan(0);
  expect(r.commissions.length).toBe(1);
  expect(r.commissions[0]!.amountFen).toBeGreaterThan(0);
  expect(r.commissions[0]!.reason.baseFen).toBe(p!.price);
});
