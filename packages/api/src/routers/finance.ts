import { z } from "zod";
import { openDisputes, recentClosedDisputes } from "../../../db/src/queries/disputes";
import { WITHDRAWAL_STATUSES } from "../../../db/src/schema";
import { logPiiAccess } from "../../../db/src/queries/pii";
import { decryptSecret } from "../../../server/src/secrets";
import { traceWithdrawal, holdOverridesOf, saveHoldOverride, approveWithdrawal, withholdingReport, financeOverview, markWithdrawalPaid, moneyRulesOf, refuseWithdrawal, saveBonusRules, saveMoneyRules, shopJobRuns, withdrawalQueue } from "../../../db/src/queries/withdrawals";
import { bonusRulesOf } from "../../../db/src/flows/bonus-day";
import { bonusRulesSchema, keepOnReturnSchema, holdRulesSchema, labourDeductionFen, withdrawalSettingsSchema } from "../../../ledger/src";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";
import { sendPayoutAfterCommit } from "./_payouts";
import { AppError } from "../../../core/src/errors";

const money = tenantProcedureWith("finance.write");

const id = z.string().uuid({ error: "withdrawal.notFound" });

/** /console/finance (PRODUCT.md §5): what the shop owes its distributors and the withdrawals queue. Reads: every member; decisions: finance.write. */
export const financeRouter = router({
  overview: tenantProcedure.query(({ ctx }) => financeOverview(ctx.tx, ctx.tenant.id)),
  /** Card disputes: the open ones (their orders' commission held) and the last few closed. */
  disputes: tenantProcedure.query(async ({ ctx }) => ({ open: await openDisputes(ctx.tx, ctx.tenant.id), closed: await recentClosedDisputes(ctx.tx, ctx.tenant.id) })),
  withdrawals: tenantProcedure
    .input(z.object({ status: z.enum(WITHDRAWAL_STATUSES).nullish(), page: z.number().int().min(1).max(1000).default(1) }))
    .query(({ ctx, input }) => withdrawalQueue(ctx.tx, ctx.tenant.id, { status: input.status, limit: 50, offset: (input.page - 1) * 50 })),
  rules: tenantProcedure.query(({ ctx }) => moneyRulesOf(ctx.tx, ctx.tenant.id)),
  /** The ledger browser: a withdrawal and the credits (settlements and their commissions, bonuses) its money came from. */
  trace: tenantProcedure.input(z.object({ id })).query(({ ctx, input }) => traceWithdrawal(ctx.tx, ctx.tenant.id, input.id)),
  /** Per-product and per-category settlement holds (T+N days after the order completes). */
  holdOverrides: tenantProcedure.query(({ ctx }) => holdOverridesOf(ctx.tx, ctx.tenant.id)),
  saveHoldOverride: money
    .input(z.object({ scope: z.enum(["product", "category"]), targetId: z.string().uuid({ error: "ledger.holdTarget" }), days: holdRulesSchema.shape.defaultDays.nullable() }))
    .mutation(({ ctx, input }) => saveHoldOverride(ctx.tx, ctx.tenant.id, input)),
  /** Bonus day (1–28) and the top teams' rewards by rank. */
  bonusRules: tenantProcedure.query(({ ctx }) => bonusRulesOf(ctx.tx, ctx.tenant.id)),
  saveBonusRules: money.input(bonusRulesSchema).mutation(({ ctx, input }) => saveBonusRules(ctx.tx, ctx.tenant.id, input)),
  /** The shop's recent settlement days and bonus days, as the scheduled jobs ran them. */
  runs: tenantProcedure.query(async ({ ctx }) => ({ settlement: await shopJobRuns(ctx.tx, "ledger.settlement"), bonus: await shopJobRuns(ctx.tx, "ledger.bonus-day") })),
  /** Settlement hold (T+N after the order completes; longer above a price) and withdrawal minimum and automatic approval limit. */
  saveRules: money
    .input(
      z.object({
        defaultDays: holdRulesSchema.shape.defaultDays,
        highPrice: holdRulesSchema.shape.highPrice,
        minimumFen: withdrawalSettingsSchema.shape.minimumFen,
        autoApproveBelowFen: withdrawalSettingsSchema.shape.autoApproveBelowFen,
        /** The base promotion fee distributors keep on returns (off, a share of the reversed commission, or per refunded unit). */
        keepOnReturn: keepOnReturnSchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      saveMoneyRules(ctx.tx, ctx.tenant.id, {
        defaultDays: input.defaultDays,
        highPrice: input.highPrice,
        withdrawal: { minimumFen: input.minimumFen, autoApproveBelowFen: input.autoApproveBelowFen },
        keepOnReturn: input.keepOnReturn,
      }),
    ),
  /**
   * The month's withholding per distributor for filing: legal name (decrypted for finance, the read recorded in
   * the personal-data log), masked ID, income, deduction, tax. finance.write only (it shows legal names).
   */
  withholding: money
    .input(z.object({ month: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, { error: "invalid" }) }))
    .query(async ({ ctx, input }) => {
      const rows = await withholdingReport(ctx.tx, ctx.tenant.id, input.month);
      await logPiiAccess(ctx.tx, ctx.tenant.id, ctx.user.id, "finance.withholding", rows.map((r) => r.userId));
      return rows.map((r) => ({
        code: r.code,
        name: r.realNameEnc ? decryptSecret(r.realNameEnc) : null,
        idMasked: r.idMasked,
        payouts: r.payouts,
        incomeFen: r.incomeFen,
        deductionFen: labourDeductionFen(r.incomeFen),
        taxFen: r.taxFen,
        netFen: r.netFen,
      }));
    }),
  /** Approves; a WeChat or Stripe payout is sent to the provider as soon as the approval is committed. */
  approve: money.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await approveWithdrawal(ctx.tx, ctx.tenant.id, ctx.user.id, input.id);
    sendPayoutAfterCommit(ctx, ctx.tenant.id, input.id);
  }),
  /** Sends an approved provider payout now, or asks the provider again about one sent (the job does both every minute). */
  sendPayout: money.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    const [w] = await withdrawalQueue(ctx.tx, ctx.tenant.id, { id: input.id, limit: 1, offset: 0 });
    if (!w) throw new AppError("NOT_FOUND", "withdrawal.notFound");
    if (w.method === "manual" || (w.status !== "approved" && w.status !== "paying")) throw new AppError("CONFLICT", "withdrawal.notOpen");
    if (!ctx.payouts?.providers[w.method]) throw new AppError("CONFLICT", "withdrawal.methodUnavailable");
    sendPayoutAfterCommit(ctx, ctx.tenant.id, input.id);
  }),
  refuse: money
    .input(z.object({ id, reason: z.string({ error: "withdrawal.reason" }).trim().min(2, { error: "withdrawal.reason" }).max(500, { error: "withdrawal.reason" }) }))
    .mutation(({ ctx, input }) => refuseWithdrawal(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.reason)),
  markPaid: money
    .input(z.object({ id, reference: z.string({ error: "withdrawal.reference" }).trim().min(2, { error: "withdrawal.reference" }).max(200, { error: "withdrawal.reference" }) }))
    .mutation(({ ctx, input }) => markWithdrawalPaid(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.reference)),
});
