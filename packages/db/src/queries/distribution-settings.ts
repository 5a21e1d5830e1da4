import { and, eq, sql } from "drizzle-orm";
import { DEFAULT_PROGRAMME, toPlan, type Override, type Programme } from "../../../commission/src/config";
import { commissionsForLine, marginGuardViolations, type GuardViolation } from "../../../commission/src/engine";
import type { Plan } from "../../../commission/src/plan";
import { AppError } from "../../../core/src/errors";
import { formatFen } from "../../../core/src/money";
import { DEFAULT_LEVELS, readLevel, validateLevels, type LevelConfig } from "../../../levels/src";
import { getTemplate, templateDistribution } from "../../../templates/src";
import { rowsOf, type Tx } from "../client";
import { categories, commissionOverrides, distributionSettings, products, tenants } from "../schema";
import { writeAudit } from "./audit";

export type ProgrammeState = { programme: Programme; levels: LevelConfig[] };

const defaultLevels = (): LevelConfig[] => DEFAULT_LEVELS.map((l) => ({ ...l, name: { "zh-CN": l.key, en: l.key } }));

/** The tenant's programme and levels: its saved row, else its template's defaults (nothing is written by a read). */
export async function getProgramme(tx: Tx, tenantId: string): Promise<ProgrammeState> {
  const [row] = await tx.select().from(distributionSettings).where(eq(distributionSettings.tenantId, tenantId));
  if (row) return { programme: { ...DEFAULT_PROGRAMME, ...row.programme }, levels: row.levels.map((l) => readLevel(l)) };
  const [t] = await tx.select({ template: tenants.template }).from(tenants).where(eq(tenants.id, tenantId));
  const template = t?.template ? getTemplate(t.template) : undefined;
  return template ? templateDistribution(template) : { programme: DEFAULT_PROGRAMME, levels: defaultLevels() };
}

/** Writes the programme row (insert or replace) in the caller's transaction. */
export async function putProgramme(tx: Tx, tenantId: string, state: ProgrammeState) {
  await tx
    .insert(distributionSettings)
    .values({ tenantId, programme: state.programme, levels: state.levels })
    .onConflictDoUpdate({ target: distributionSettings.tenantId, set: { programme: state.programme, levels: state.levels, updatedAt: sql`now()` } });
}

export async function listOverrides(tx: Tx, tenantId: string): Promise<(Override & { id: string; name: string })[]> {
  return rowsOf<Override & { id: string; name: string }>(
    await tx.execute(sql`
      select o.id, case when o.product_id is null then 'category' else 'product' end as scope,
             coalesce(o.product_id, o.category_id) as "targetId", o.rates, coalesce(p.name, c.name) as name
        from commission_overrides o
        left join products p on p.tenant_id = o.tenant_id and p.id = o.product_id
        left join categories c on c.tenant_id = o.tenant_id and c.id = o.category_id
       where o.tenant_id = ${tenantId}
       order by 2, 5`),
  );
}

/** The engine's plan for the tenant: programme plus overrides. */
export async function loadPlan(tx: Tx, tenantId: string): Promise<{ plan: Plan; state: ProgrammeState; overrides: Awaited<ReturnType<typeof listOverrides>> }> {
  const state = await getProgramme(tx, tenantId);
  const overrides = await listOverrides(tx, tenantId);
  return { plan: toPlan(state.programme, overrides), state, overrides };
}

/** Every product of the tenant (or those one override covers) with its SKUs' price and cost, for the margin guard. */
async function guardCatalog(tx: Tx, tenantId: string, only?: { scope: Override["scope"]; targetId: string }) {
  const rows = rowsOf<{ productId: string; name: string; categoryId: string | null; skus: { priceFen: number; costFen: number }[] }>(
    await tx.execute(sql`
      select p.id as "productId", p.name, p.category_id as "categoryId",
             jsonb_agg(jsonb_build_object('priceFen', s.price_fen, 'costFen', s.cost_fen)) as skus
        from products p join product_skus s on s.tenant_id = p.tenant_id and s.product_id = p.id
       where p.tenant_id = ${tenantId} ${!only ? sql`` : only.scope === "product" ? sql`and p.id = ${only.targetId}::uuid` : sql`and p.category_id = ${only.targetId}::uuid`}
       group by p.tenant_id, p.id`),
  );
  return rows;
}

function refuseViolation(v: GuardViolation | undefined) {
  if (!v) return;
  throw new AppError("BAD_REQUEST", "commission.marginGuard", { name: v.name, worst: formatFen(v.worstFen), cap: formatFen(v.capFen) }, "plan");
}

/** Refuses, naming the product, when `plan` could pay more than the margin guard allows on a product the override target covers. */
async function refuseGuardBreak(tx: Tx, tenantId: string, plan: Plan, target: { scope: Override["scope"]; targetId: string }) {
  refuseViolation(marginGuardViolations(plan, await guardCatalog(tx, tenantId, target))[0]);
}

/** The products for which a plan could pay more than the margin guard allows (worst first). */
export async function guardReport(tx: Tx, tenantId: string, plan: Plan): Promise<GuardViolation[]> {
  return marginGuardViolations(plan, await guardCatalog(tx, tenantId)).sort((a, b) => b.worstFen - b.capFen - (a.worstFen - a.capFen));
}

/** Saves programme settings and the rate table; refused (nothing written) if any product could break the margin guard. */
export async function saveProgramme(tx: Tx, tenantId: string, actorUserId: string, programme: Programme) {
  const before = await getProgramme(tx, tenantId);
  const plan = toPlan(programme, await listOverrides(tx, tenantId));
  refuseViolation((await guardReport(tx, tenantId, plan))[0]);
  await putProgramme(tx, tenantId, { programme, levels: before.levels });
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.programme", target: `tenant:${tenantId}`, before: before.programme, after: programme });
  return programme;
}

export async function saveLevels(tx: Tx, tenantId: string, actorUserId: string, levels: LevelConfig[]) {
  validateLevels(levels);
  const before = await getProgramme(tx, tenantId);
  await putProgramme(tx, tenantId, { programme: before.programme, levels });
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.levels", target: `tenant:${tenantId}`, before: before.levels, after: levels });
  return levels;
}

/**
 * Adds or replaces the override of one product or category. The target must
 * be the tenant's own (RLS hides every other tenant's rows, so another
 * tenant's product is simply not found); the margin guard is checked for the
 * products it touches.
 */
export async function saveOverride(tx: Tx, tenantId: string, actorUserId: string, o: Override) {
  const table = o.scope === "product" ? products : categories;
  const [target] = await tx.select({ id: table.id }).from(table).where(and(eq(table.tenantId, tenantId), eq(table.id, o.targetId)));
  if (!target) throw new AppError("BAD_REQUEST", "commission.overrideTarget", {}, "targetId");
  const { state, overrides } = await loadPlan(tx, tenantId);
  const others = overrides.filter((x) => !(x.scope === o.scope && x.targetId === o.targetId));
  const plan = toPlan(state.programme, [...others, o]);
  await refuseGuardBreak(tx, tenantId, plan, o);
  const target_ = o.scope === "product" ? { productId: o.targetId, categoryId: null } : { productId: null, categoryId: o.targetId };
  await tx
    .delete(commissionOverrides)
    .where(and(eq(commissionOverrides.tenantId, tenantId), o.scope === "product" ? eq(commissionOverrides.productId, o.targetId) : eq(commissionOverrides.categoryId, o.targetId)));
  await tx.insert(commissionOverrides).values({ tenantId, ...target_, rates: o.rates });
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.override", target: `${o.scope}:${o.targetId}`, after: o.rates });
}

/**
 * Removes an override. Its products fall back to the category's override or
 * the rate table; if that could pay more than the margin guard allows for one
 * of them, the removal is refused naming the product, as saving such a plan is.
 */
export async function deleteOverride(tx: Tx, tenantId: string, actorUserId: string, id: string) {
  const [gone] = await tx.delete(commissionOverrides).where(and(eq(commissionOverrides.tenantId, tenantId), eq(commissionOverrides.id, id))).returning();
  if (!gone) throw new AppError("NOT_FOUND", "notFound");
  const { plan } = await loadPlan(tx, tenantId); // read after the delete: the plan without it
  await refuseGuardBreak(tx, tenantId, plan, gone.productId ? { scope: "product", targetId: gone.productId } : { scope: "category", targetId: gone.categoryId! });
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.override", target: `${gone.productId ? "product" : "category"}:${gone.productId ?? gone.categoryId}`, before: gone.rates });
}

/**
 * What one line of a product would pay under the tenant's plan, each amount
 * with its reason: the console's calculator and the storefront's "share and
 * earn". The line is the product's cheapest SKU (with that SKU's own cost)
 * unless an amount is given; null when the product is not the tenant's (or
 * not on sale, with `onSale`).
 */
export async function previewCommission(
  tx: Tx,
  tenantId: string,
  p: { productId: string; onSale?: boolean; priceFen?: number | null; quantity: number; buyerLevel: number | null; uplineLevels: number[] },
) {
  const [row] = rowsOf<{ name: string; categoryId: string | null; priceFen: number; costFen: number }>(
    await tx.execute(sql`
      select p.name, p.category_id as "categoryId", s.price_fen as "priceFen", s.cost_fen as "costFen"
        from products p join product_skus s on s.tenant_id = p.tenant_id and s.product_id = p.id
       where p.tenant_id = ${tenantId} and p.id = ${p.productId} ${p.onSale ? sql`and p.status = 'on_sale'` : sql``}
       order by s.price_fen, s.cost_fen desc limit 1`),
  );
  if (!row) return null;
  const { plan } = await loadPlan(tx, tenantId);
  const paidFen = p.priceFen ?? row.priceFen * p.quantity;
  const result = commissionsForLine(
    plan,
    { lineId: "preview", productId: p.productId, categoryId: row.categoryId, quantity: p.quantity, paidFen, unitCostFen: row.costFen },
    { userId: "buyer", distributorLevel: p.buyerLevel },
    p.uplineLevels.map((level, i) => ({ userId: `upline-${i + 1}`, distributorLevel: level })),
  );
  return { product: { id: p.productId, name: row.name, priceFen: row.priceFen, costFen: row.costFen }, paidFen, ...result };
}
