import { and, asc, eq, gt, sql } from "drizzle-orm";
import { rowsOf, type Db } from "./client";
import { withTenant } from "./context";
import { drainOutbox } from "./flows/commissions";
import { saveAddress } from "./queries/addresses";
import { getProgramme, putProgramme, saveOverride } from "./queries/distribution-settings";
import { computeTeamBonuses, monthOf, setLevelManually } from "./queries/distributors";
import { bindShopper } from "./queries/referrals";
import { DEMO_ADDRESS, placeDemoOrder } from "./seed-commerce";
import { commissionOverrides, orders, productSkus, products } from "./schema";

/** Before the demo orders: the shopper comes through a distributor's link, and that distributor saved the shopper's address (an anti-fraud flag to review). */
export async function seedReferral(db: Db, p: { tenantId: string; shopperId: string; distributorId: string; code: string }) {
  await withTenant(db, p.tenantId, async (tx) => {
    await bindShopper(tx, p.tenantId, p.shopperId, p.code, "link");
    await saveAddress(tx, p.tenantId, p.distributorId, DEMO_ADDRESS);
  }, p.distributorId);
}

/**
 * After the demo orders: a category override, last month's sales (one order
 * paid a month ago) with its team bonus, every outbox event turned into
 * commissions, and one level set by hand. Skipped once the override exists.
 */
export async function seedDistribution(db: Db, p: { tenantId: string; slug: string; shopperId: string; shopperName: string; staffId: string; levelUserId: string }) {
  const { tenantId } = p;
  const done = await withTenant(db, tenantId, async (tx) => (await tx.select().from(commissionOverrides).where(eq(commissionOverrides.tenantId, tenantId)).limit(1)).length > 0);
  if (done) return;
  const sku = await withTenant(db, tenantId, async (tx) => {
    // A demo threshold low enough for the demo's sales to earn the team bonus.
    const state = await getProgramme(tx, tenantId);
    await putProgramme(tx, tenantId, { ...state, programme: { ...state.programme, teamBonus: { enabled: true, thresholdFen: 10_000, rateBps: 500 } } });
    const [row] = await tx
      .select({ id: productSkus.id, categoryId: products.categoryId })
      .from(productSkus)
      .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
      .where(and(eq(productSkus.tenantId, tenantId), eq(products.status, "on_sale"), gt(productSkus.stock, 5)))
      .orderBy(asc(products.sort), asc(productSkus.code))
      .limit(1);
    if (row?.categoryId) await saveOverride(tx, tenantId, p.staffId, { scope: "category", targetId: row.categoryId, rates: [{ kind: "percent", bps: 1000 }, { kind: "percent", bps: 300 }] });
    return row!;
  }, p.staffId);
  const order = await placeDemoOrder(db, { tenantId, slug: p.slug, buyer: { id: p.shopperId, name: p.shopperName }, address: DEMO_ADDRESS }, sku.id, 1, "seed-last-month", true);
  // Demo history: this order was paid last month (moved before its event is consumed).
  await withTenant(db, tenantId, async (tx) => {
    await tx.execute(sql`update orders set created_at = created_at - interval '1 month', paid_at = paid_at - interval '1 month' where tenant_id = ${tenantId} and id = ${order.id}`);
    await tx.execute(sql`
      update team_sales_entries e set month = ${monthOf(sql`o.paid_at`, sql`t.time_zone`)}
        from orders o, tenants t
       where e.tenant_id = ${tenantId} and e.order_id = ${order.id} and o.tenant_id = e.tenant_id and o.id = e.order_id and t.id = e.tenant_id`);
  });
  await drainOutbox(db, tenantId);
  await withTenant(db, tenantId, async (tx) => {
    const [m] = rowsOf<{ month: string }>(
      await tx.execute(sql`select to_char(${monthOf(sql`paid_at`, sql`(select time_zone from tenants where id = ${tenantId})`)}, 'YYYY-MM-DD') as month from ${orders} where tenant_id = ${tenantId} and id = ${order.id}`),
    );
    await computeTeamBonuses(tx, tenantId, m!.month);
    await setLevelManually(tx, tenantId, p.staffId, p.levelUserId, 2, "演示：手动调整等级 / demo: set by hand");
  }, p.staffId);
}
