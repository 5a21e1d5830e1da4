import {
  bonusListInput,
  calculatorInput,
  commissionListInput,
  complianceReport,
  deleteOverrideInput,
  distributorDecisionInput,
  distributorListInput,
  flagDecisionInput,
  flagListInput,
  monthInput,
  overrideSchema,
  programmeSchema,
  saveLevelsInput,
  setLevelInput,
  teamInput,
} from "../../../commission/src/config";
import { AppError } from "../../../core/src/errors";
import { deleteOverride, getProgramme, guardReport, loadPlan, previewCommission, saveLevels, saveOverride, saveProgramme } from "../../../db/src/queries/distribution-settings";
import {
  runTeamBonuses,
  decideDistributor,
  decideFlag,
  listBonuses,
  listCommissions,
  listDistributors,
  listFlags,
  setLevelManually,
  teamChildren,
} from "../../../db/src/queries/distributors";
import { can } from "../../../tenancy/src/roles";
import { logPiiAccess } from "../../../db/src/queries/pii";
import { decideShopReview, getModerationWords, liftShopSuspension, listShopReviews, saveModerationWords } from "../../../db/src/queries/personal-shops";
import { z } from "zod";
import { router, storefrontWriteWith, tenantProcedure, tenantProcedureWith } from "../trpc";

const write = tenantProcedureWith("distribution.write");
// The programme's headline rates show on the shop's cached pages (the recruitment block).
const programmeWrite = storefrontWriteWith("distribution.write");
/** Decisions that move money (fraud flags, bonuses, levels): finance.write (owner, admin, finance), not the operator. */
const money = tenantProcedureWith("finance.write");

/** The merchant's distribution programme (/console/distribution). Thin: every rule lives in the query functions and the pure engine. */
const reviewId = z.string().uuid({ error: "notFound" });

export const distributionRouter = router({
  /** Personal-shop moderation (/console/distribution/reviews, PRODUCT.md §8.1). */
  reviews: router({
    list: tenantProcedure.input(z.object({ status: z.enum(["pending", "decided"]).default("pending") })).query(({ ctx, input }) => listShopReviews(ctx.tx, ctx.tenant.id, input.status)),
    decide: write
      .input(z.object({ id: reviewId, decision: z.enum(["approve", "reject"]), reason: z.string().max(200, { error: "decoration.textTooLong" }).default("") }))
      .mutation(({ ctx, input }) => decideShopReview(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
    lift: write.input(z.object({ userId: reviewId })).mutation(async ({ ctx, input }) => {
      await liftShopSuspension(ctx.tx, ctx.tenant.id, ctx.user.id, input.userId);
      return { ok: true as const };
    }),
    words: tenantProcedure.query(({ ctx }) => getModerationWords(ctx.tx, ctx.tenant.id)),
    saveWords: write.input(z.object({ words: z.array(z.string()) })).mutation(({ ctx, input }) => saveModerationWords(ctx.tx, ctx.tenant.id, ctx.user.id, input.words)),
  }),
  /** Programme, levels, overrides and the compliance panel (the margin-guard report is `guard`). */
  programme: tenantProcedure.query(async ({ ctx }) => {
    const { state, overrides } = await loadPlan(ctx.tx, ctx.tenant.id);
    return { ...state, overrides, compliance: complianceReport(state.programme) };
  }),
  /** Products the plan could pay above their margin guard, worst first (reads the whole catalogue: the plan page only). */
  guard: tenantProcedure.query(async ({ ctx }) => {
    const { plan } = await loadPlan(ctx.tx, ctx.tenant.id);
    return (await guardReport(ctx.tx, ctx.tenant.id, plan)).slice(0, 20);
  }),
  saveProgramme: programmeWrite.input(programmeSchema).mutation(({ ctx, input }) => saveProgramme(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  saveLevels: write.input(saveLevelsInput).mutation(({ ctx, input }) => saveLevels(ctx.tx, ctx.tenant.id, ctx.user.id, input.levels)),
  saveOverride: write.input(overrideSchema).mutation(({ ctx, input }) => saveOverride(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  deleteOverride: write.input(deleteOverrideInput).mutation(({ ctx, input }) => deleteOverride(ctx.tx, ctx.tenant.id, ctx.user.id, input.id)),

  /**
   * The live calculator: "an order of ¥199 of product X bought by a level-2
   * customer of a Gold distributor pays …", each amount with its reason.
   */
  calculate: tenantProcedure.input(calculatorInput).query(async ({ ctx, input }) => {
    const r = await previewCommission(ctx.tx, ctx.tenant.id, { ...input, uplineLevels: input.upline });
    if (!r) throw new AppError("BAD_REQUEST", "commission.overrideTarget", {}, "productId");
    return r;
  }),

  distributors: tenantProcedure.input(distributorListInput).query(async ({ ctx, input }) => {
    const revealPhones = can(ctx.role, "distribution.write");
    const r = await listDistributors(ctx.tx, ctx.tenant.id, {
      q: input.q,
      status: input.status,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
      revealPhones,
    });
    // Whole phones: who saw whose is logged (§8.2).
    if (revealPhones) await logPiiAccess(ctx.tx, ctx.tenant.id, ctx.user.id, "distributors.list", r.rows.filter((d) => d.phone).map((d) => d.userId));
    return r;
  }),
  team: tenantProcedure.input(teamInput).query(({ ctx, input }) => teamChildren(ctx.tx, ctx.tenant.id, input.rootId ?? null)),
  decide: write.input(distributorDecisionInput).mutation(({ ctx, input }) => decideDistributor(ctx.tx, ctx.tenant.id, ctx.user.id, input.userId, input.action)),
  setLevel: money.input(setLevelInput).mutation(({ ctx, input }) => setLevelManually(ctx.tx, ctx.tenant.id, ctx.user.id, input.userId, input.level, input.note)),
  flags: tenantProcedure.input(flagListInput).query(({ ctx, input }) => listFlags(ctx.tx, ctx.tenant.id, input.status)),
  decideFlag: money.input(flagDecisionInput).mutation(({ ctx, input }) => decideFlag(ctx.tx, ctx.tenant.id, ctx.user.id, input.flagId, input.decision)),
  commissions: tenantProcedure.input(commissionListInput).query(({ ctx, input }) =>
    listCommissions(ctx.tx, ctx.tenant.id, { ...input, limit: input.pageSize, offset: (input.page - 1) * input.pageSize }),
  ),
  bonuses: tenantProcedure.input(bonusListInput).query(({ ctx, input }) => listBonuses(ctx.tx, ctx.tenant.id, input.month ? `${input.month}-01` : null)),
  /** Computes a closed month's team bonus now (the monthly job does the same). */
  runBonus: money.input(monthInput).mutation(async ({ ctx, input }) => ({ created: await runTeamBonuses(ctx.tx, ctx.tenant.id, ctx.user.id, `${input.month}-01`) })),
  /** The levels and programme as the storefront shows them (names, joining mode). */
  levels: tenantProcedure.query(async ({ ctx }) => (await getProgramme(ctx.tx, ctx.tenant.id)).levels),
});
