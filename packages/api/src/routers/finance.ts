import { z } from "zod";
import { WITHDRAWAL_STATUSES } from "../../../db/src/schema";
import { approveWithdrawal, financeOverview, markWithdrawalPaid, moneyRulesOf, refuseWithdrawal, saveMoneyRules, withdrawalQueue } from "../../../db/src/queries/withdrawals";
import { holdRulesSchema, withdrawalSettingsSchema } from "../../../ledger/src";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";

const money = tenantProcedureWith("finance.write");
const id = z.string().uuid({ error: "withdrawal.notFound" });

/** /console/finance (PRODUCT.md §5): what the shop owes its distributors and the withdrawals queue. Reads: every member; decisions: finance.write. */
export const financeRouter = router({
  overview: tenantProcedure.query(({ ctx }) => financeOverview(ctx.tx, ctx.tenant.id)),
  withdrawals: tenantProcedure
    .input(z.object({ status: z.enum(WITHDRAWAL_STATUSES).nullish(), page: z.number().int().min(1).max(1000).default(1) }))
    .query(({ ctx, input }) => withdrawalQueue(ctx.tx, ctx.tenant.id, { status: input.status, limit: 50, offset: (input.page - 1) * 50 })),
  rules: tenantProcedure.query(({ ctx }) => moneyRulesOf(ctx.tx, ctx.tenant.id)),
  /** Settlement hold (T+N after the order completes; longer above a price) and withdrawal minimum and automatic approval limit. */
  saveRules: money
    .input(
      z.object({
        defaultDays: holdRulesSchema.shape.defaultDays,
        highPrice: holdRulesSchema.shape.highPrice,
        minimumFen: withdrawalSettingsSchema.shape.minimumFen,
        autoApproveBelowFen: withdrawalSettingsSchema.shape.autoApproveBelowFen,
      }),
    )
    .mutation(({ ctx, input }) =>
      saveMoneyRules(ctx.tx, ctx.tenant.id, { defaultDays: input.defaultDays, highPrice: input.highPrice, withdrawal: { minimumFen: input.minimumFen, autoApproveBelowFen: input.autoApproveBelowFen } }),
    ),
  approve: money.input(z.object({ id })).mutation(({ ctx, input }) => approveWithdrawal(ctx.tx, ctx.tenant.id, ctx.user.id, input.id)),
  refuse: money
    .input(z.object({ id, reason: z.string({ error: "withdrawal.reason" }).trim().min(2, { error: "withdrawal.reason" }).max(500, { error: "withdrawal.reason" }) }))
    .mutation(({ ctx, input }) => refuseWithdrawal(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.reason)),
  markPaid: money
    .input(z.object({ id, reference: z.string({ error: "withdrawal.reference" }).trim().min(2, { error: "withdrawal.reference" }).max(200, { error: "withdrawal.reference" }) }))
    .mutation(({ ctx, input }) => markWithdrawalPaid(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.reference)),
});
