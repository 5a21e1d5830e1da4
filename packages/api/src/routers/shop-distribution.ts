import { sql } from "drizzle-orm";
import { z } from "zod";
import { commissionsForLine } from "../../../commission/src/engine";
import { AppError } from "../../../core/src/errors";
import { evaluateLevels } from "../../../db/src/flows/commissions";
import { rowsOf } from "../../../db/src/client";
import { loadPlan } from "../../../db/src/queries/distribution-settings";
import { listCommissions, myDistribution, myTeam, requestExit } from "../../../db/src/queries/distributors";
import { bindShopper, joinProgramme } from "../../../db/src/queries/referrals";
import { shopInput } from "../../../orders/src/schemas";
import { router, shopperProcedure } from "../trpc";

const code = z.string().trim().min(4, { error: "distribution.badCode" }).max(32, { error: "distribution.badCode" }).regex(/^[A-Za-z0-9]+$/, { error: "distribution.badCode" });

/** The distributor's side (/s/{slug}/me/distribution) and the binding a share link makes. */
export const shopDistributionRouter = router({
  /** Status, code, level and progress, totals; the joining mode for someone who has not joined. */
  me: shopperProcedure.input(shopInput).query(({ ctx }) => myDistribution(ctx.tx, ctx.shop.id, ctx.user.id)),
  join: shopperProcedure.input(shopInput).mutation(({ ctx }) => joinProgramme(ctx.tx, ctx.shop.id, ctx.user.id)),
  requestExit: shopperProcedure.input(shopInput).mutation(({ ctx }) => requestExit(ctx.tx, ctx.shop.id, ctx.user.id)),
  /** A signed-in shopper opened a share link (?ref=CODE): bind by the tenant's rule. */
  bind: shopperProcedure.input(shopInput.extend({ code })).mutation(async ({ ctx, input }) => {
    const r = await bindShopper(ctx.tx, ctx.shop.id, ctx.user.id, input.code, "link");
    // A new direct referral is one of the level criteria: evaluate the referrer now.
    if (r?.changed) await evaluateLevels(ctx.tx, ctx.shop.id, [r.referrerId], { monthEnd: false });
    return { bound: r !== null, changed: r?.changed ?? false };
  }),
  commissions: shopperProcedure
    .input(shopInput.extend({ status: z.enum(["pending", "held", "reversed"]).nullish(), page: z.number().int().min(1).default(1) }))
    .query(async ({ ctx, input }) => {
      const rows = await listCommissions(ctx.tx, ctx.shop.id, { beneficiaryId: ctx.user.id, status: input.status, limit: 20, offset: (input.page - 1) * 20 });
      // The buyer's name is not the distributor's business: order number, product and reason only.
      return rows.map(({ name: _name, beneficiaryId: _b, ...r }) => r);
    }),
  team: shopperProcedure
    .input(shopInput.extend({ depth: z.number().int().min(1).max(12).default(1) }))
    .query(({ ctx, input }) => myTeam(ctx.tx, ctx.shop.id, ctx.user.id, input.depth)),
  /**
   * "Share and earn N": what this distributor would earn as the direct
   * referrer on one unit of the product at its lowest price (null when they
   * are not an active distributor).
   */
  earn: shopperProcedure.input(shopInput.extend({ productId: z.string().uuid({ error: "notFound" }) })).query(async ({ ctx, input }) => {
    const [d] = rowsOf<{ level: number; code: string }>(
      await ctx.tx.execute(sql`select level, code from distributors where tenant_id = ${ctx.shop.id} and user_id = ${ctx.user.id} and status = 'active'`),
    );
    if (!d) return null;
    const [p] = rowsOf<{ category_id: string | null; price: number; cost: number }>(
      await ctx.tx.execute(sql`
        select p.category_id, s.price_fen as price, s.cost_fen as cost
          from products p join product_skus s on s.tenant_id = p.tenant_id and s.product_id = p.id
         where p.tenant_id = ${ctx.shop.id} and p.id = ${input.productId} and p.status = 'on_sale'
         order by s.price_fen limit 1`),
    );
    if (!p) throw new AppError("NOT_FOUND", "notFound");
    const { plan } = await loadPlan(ctx.tx, ctx.shop.id);
    const r = commissionsForLine(
      plan,
      { lineId: "share", productId: input.productId, categoryId: p.category_id, quantity: 1, paidFen: p.price, unitCostFen: p.cost },
      { userId: "shopper", distributorLevel: null },
      [{ userId: ctx.user.id, distributorLevel: d.level }],
    );
    return { code: d.code, amountFen: r.commissions[0]?.amountFen ?? 0, priceFen: p.price };
  }),
});
