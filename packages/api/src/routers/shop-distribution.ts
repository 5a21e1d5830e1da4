import { z } from "zod";
import { evaluateLevels } from "../../../db/src/flows/commissions";
import { listCommissions, myDistribution, myTeam, requestExit, shareEarnings } from "../../../db/src/queries/distributors";
import { bindShopper, joinProgramme, referrerOf } from "../../../db/src/queries/referrals";
import { hitRateLimit } from "../../../db/src/queries/rate-limits";
import { shopInput } from "../../../orders/src/schemas";
import { myShop, saveMyShop } from "../../../db/src/queries/personal-shops";
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
    await hitRateLimit(ctx.tx, "bind", [ctx.shop.id, ctx.user.id]);
    const moved = await bindShopper(ctx.tx, ctx.shop.id, ctx.user.id, input.code, "link");
    // A new direct referral is one of the level criteria: evaluate the referrer now.
    if (moved) await evaluateLevels(ctx.tx, ctx.shop.id, [moved], { monthEnd: false });
    return { bound: moved !== null || (await referrerOf(ctx.tx, ctx.shop.id, ctx.user.id)) !== null, changed: moved !== null };
  }),
  /** 我的小店: rights by level, the live content, what waits and why a submission was turned down. */
  myShop: shopperProcedure.input(shopInput).query(({ ctx }) => myShop(ctx.tx, ctx.shop.id, ctx.user.id)),
  /** Saves the distributor's shop within their level's rights (FORBIDDEN beyond them); banned words or a new picture wait for review. */
  saveShop: shopperProcedure.input(shopInput.extend({ content: z.unknown() })).mutation(({ ctx, input }) => saveMyShop(ctx.tx, ctx.shop.id, ctx.user.id, input.content)),
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
  earn: shopperProcedure
    .input(shopInput.extend({ productId: z.string().uuid({ error: "notFound" }) }))
    .query(({ ctx, input }) => shareEarnings(ctx.tx, ctx.shop.id, ctx.user.id, input.productId)),
});
