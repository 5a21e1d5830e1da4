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
          insert into products (tenant_id, id, category_id, name, subtitle, description, emoji, specs, status, sort)
          select ${demo.teaId}, gen_random_uuid(),
                 (select id from categories where tenant_id = ${demo.teaId} order by sort limit 1),
                 '压测茶品 ' || g, '基准数据 ' || g, '用于性能测试的商品 ' || g, '🍵',
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
