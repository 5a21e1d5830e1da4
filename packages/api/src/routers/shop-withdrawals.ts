import { z } from "zod";
import { maskName, maskResidentId, validResidentId, withholding } from "../../../ledger/src";
import { distributorBalances } from "../../../db/src/queries/ledger";
import { monthPaidSoFar, myWithdrawals, requestWithdrawal, moneyRulesOf, saveTaxProfile, taxProfileOf } from "../../../db/src/queries/withdrawals";
import { encryptSecret } from "../../../server/src/secrets";
import { shopInput } from "../../../orders/src/schemas";
import { router, shopperProcedure } from "../trpc";

const amountFen = z.number({ error: "withdrawal.amount" }).int({ error: "withdrawal.amount" }).positive({ error: "withdrawal.amount" }).max(1_000_000_000, { error: "withdrawal.amount" });

/** The distributor's withdrawals (PRODUCT.md §5.5) and the tax identity they need first (§5.7). */
export const shopWithdrawalsRouter = router({
  /** What the withdraw form needs: the withdrawable balance, the shop's minimum, the masked tax identity, recent requests. */
  overview: shopperProcedure.input(shopInput).query(async ({ ctx }) => {
    const [rules, balances, profile, requests] = await Promise.all([
      moneyRulesOf(ctx.tx, ctx.shop.id),
      distributorBalances(ctx.tx, ctx.shop.id, ctx.user.id),
      taxProfileOf(ctx.tx, ctx.shop.id, ctx.user.id),
      myWithdrawals(ctx.tx, ctx.shop.id, ctx.user.id),
    ]);
    return {
      minimumFen: rules.withdrawal.minimumFen,
      /** The shop's default settlement hold (T+N days after the order completes). */
      holdDays: rules.hold.defaultDays,
      withdrawableFen: Math.max(0, balances.availableFen),
      profile,
      requests: requests.map((w) => ({ id: w.id, amountFen: w.amountFen, status: w.status, taxFen: w.taxFen, netFen: w.netFen, reason: w.reason, createdAt: w.createdAt, paidAt: w.paidAt })),
    };
  }),
  /** Real name and resident ID, with consent to their stated purpose (withholding and filing income tax); stored encrypted, shown masked. */
  saveTaxProfile: shopperProcedure
    .input(
      shopInput.extend({
        realName: z.string({ error: "withdrawal.realName" }).trim().min(2, { error: "withdrawal.realName" }).max(40, { error: "withdrawal.realName" }),
        idNumber: z
          .string({ error: "withdrawal.idNumber" })
          .trim()
          .toUpperCase()
          .refine((v) => validResidentId(v), { error: "withdrawal.idNumber" }),
        consent: z.literal(true, { error: "withdrawal.consent" }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await saveTaxProfile(ctx.tx, ctx.shop.id, ctx.user.id, {
        realNameEnc: encryptSecret(input.realName),
        idNumberEnc: encryptSecret(input.idNumber),
        nameMasked: maskName(input.realName),
        idMasked: maskResidentId(input.idNumber),
      });
      return taxProfileOf(ctx.tx, ctx.shop.id, ctx.user.id);
    }),
  /** What a withdrawal of `amountFen` now would withhold and pay (this month's earlier payouts count). */
  preview: shopperProcedure.input(shopInput.extend({ amountFen })).query(async ({ ctx, input }) => {
    const month = await monthPaidSoFar(ctx.tx, ctx.shop.id, ctx.user.id);
    return withholding({ payoutFen: input.amountFen, monthPaidBeforeFen: month.paidFen, monthWithheldBeforeFen: month.withheldFen });
  }),
  /** Reserves the amount at once; auto-approved below the shop's threshold for a clean record, else queued for finance. A retried key is the same request. */
  request: shopperProcedure
    .input(shopInput.extend({ amountFen, idempotencyKey: z.string().min(8).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const w = await requestWithdrawal(ctx.tx, ctx.shop.id, ctx.user.id, { amountFen: input.amountFen, idempotencyKey: input.idempotencyKey });
      return { id: w.id, status: w.status, amountFen: w.amountFen };
    }),
});
