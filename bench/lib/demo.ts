import { openDatabase } from "../../packages/db/src/client";
import { seedDemo } from "../../packages/db/src/seed";
import type { BenchContext } from "./types";

export type Demo = Awaited<ReturnType<typeof seedDemo>>;

/** The demo seed (users, the tea/beauty/fresh shops) on the bench database, once per run. */
export function ensureDemo(ctx: BenchContext): Promise<Demo> {
  return ctx.once("demo", async () => {
    const d = await openDatabase({ kind: "postgres", url: ctx.url, max: 2 });
    try {
      return await seedDemo(d.db);
    } finally {
      await d.close();
    }
  });
}

/**
 * The tea shop grown to `n` on-sale products (two SKUs each, ample stock),
 * made server-side with generate_series. Returns the product ids.
 */
export function ensureDemoCatalog(ctx: BenchContext, n = 10_000): Promise<string[]> {
  return ctx.once(`demo-catalog-${n}`, async () => {
    const demo = await ensureDemo(ctx);
    const { sql } = ctx;
    const [row] = await sql<{ have: number }[]>`select count(*)::int as have from products where tenant_id = ${demo.teaId}`;
    const have = row?.have ?? 0;
    const missing = Math.max(0, n - have);
    if (missing > 0) {
      const t0 = Date.now();
      await sql`
        with p as (
          insert into products (tenant_id, id, category_id, name, subtitle, description, specs, status, sort)
          select ${demo.teaId}, gen_random_uuid(),
                 (select id from categories where tenant_id = ${demo.teaId} order by sort limit 1),
                 '压测茶品 ' || g, '基准数据 ' || g, '用于性能测试的商品 ' || g,
                 '[{"name":"规格","values":["50g","100g"]}]'::jsonb, 'on_sale', 1000 + g
            from generate_series(1, ${missing}) g
          returning tenant_id, id, sort)
        insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock)
        select p.tenant_id, gen_random_uuid(), p.id, 'BENCH-' || p.sort || '-' || v.k, jsonb_build_array(v.k), v.price, v.price / 2, 1000000
          from p cross join (values ('50g', 6800), ('100g', 12800)) as v(k, price)`;
      await sql`analyze products`;
      await sql`analyze product_skus`;
      ctx.log(`demo catalog: +${missing} products in the tea shop (${Date.now() - t0} ms)`);
    }
    const rows = await sql<{ id: string }[]>`select id::text as id from products where tenant_id = ${demo.teaId} and status = 'on_sale'`;
    return rows.map((r) => r.id);
  });
}

/**
 * Orders the platform already holds: `n` completed orders (a line and a
 * succeeded payment each) of the beauty shop by as many buyers, then ANALYZE. The tables are
 * shared by every tenant, so a live platform's never start empty; on a fresh
 * bench database they would, and plans PostgreSQL keeps for a shopper's
 * statements (and the foreign-key checks) would be made for a handful of rows
 * and scan the table as the bench fills it. The tea shop's figures are untouched.
 */
export function ensureOrderHistory(ctx: BenchContext, n = 50_000): Promise<void> {
  return ctx.once(`order-history-${n}`, async () => {
    const demo = await ensureDemo(ctx);
    const { sql } = ctx;
    const [row] = await sql<{ have: number }[]>`select count(*)::int as have from orders where tenant_id = ${demo.beautyId} and no like 'H%'`;
    const missing = Math.max(0, n - (row?.have ?? 0));
    if (missing === 0) return;
    const t0 = Date.now();
    await sql`
      with sku as (select s.id, s.product_id, s.code, s.spec, s.price_fen, s.cost_fen from product_skus s where s.tenant_id = ${demo.beautyId} order by s.code limit 1),
      o as (
        insert into orders (tenant_id, no, buyer_id, buyer_name, status, subtotal_fen, shipping_fen, total_fen, paid_fen, address, idempotency_key,
                            expires_at, paid_at, shipped_at, received_at, completed_at, created_at)
        select ${demo.beautyId}, 'H' || lpad(g::text, 8, '0'), gen_random_uuid(), '历史买家', 'completed', sku.price_fen, 0, sku.price_fen, sku.price_fen,
               '{"name":"历史","phone":"13900000000","province":"浙江省","city":"杭州市","district":"西湖区","detail":"1 号"}'::jsonb, 'history-' || g,
               t.at + interval '30 minutes', t.at + interval '1 minute', t.at + interval '1 day', t.at + interval '3 days', t.at + interval '10 days', t.at
          from generate_series(1, ${missing}) g cross join sku cross join lateral (select now() - interval '60 days' + g * interval '1 minute') t(at)
        returning tenant_id, id, total_fen),
      l as (
        insert into order_lines (tenant_id, order_id, product_id, sku_id, product_name, sku_code, spec, unit_price_fen, unit_cost_fen, quantity, line_total_fen)
        select o.tenant_id, o.id, sku.product_id, sku.id, '历史商品', sku.code, sku.spec, sku.price_fen, sku.cost_fen, 1, sku.price_fen from o cross join sku)
      insert into payments (tenant_id, order_id, provider, provider_ref, status, amount_fen)
      select o.tenant_id, o.id, 'simulator', 'hist_' || o.id, 'succeeded', o.total_fen from o`;
    for (const t of ["orders", "order_lines", "payments"]) await sql.unsafe(`analyze ${t}`);
    ctx.log(`order history: +${missing} completed orders of the beauty shop (${Date.now() - t0} ms)`);
  });
}
