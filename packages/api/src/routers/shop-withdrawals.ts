import { z } from "zod";
import { maskName, maskResidentId, validResidentId, withholding } from "../../../ledger/src";
import { distributorBalances } from "../../../db/src/queries/ledger";
import { incomeStatement, withholdingOfMonth, monthPaidSoFar, myWithdrawals, payeesOf, requestWithdrawal, moneyRulesOf, saveTaxProfile, setStripePayee, taxProfileOf } from "../../../db/src/queries/withdrawals";
import { sendPayoutAfterCommit } from "./_payouts";
import { AppError } from "../../../core/src/errors";
import type { Tx } from "../../../db/src/client";
import { decryptSecret, encryptSecret } from "../../../server/src/secrets";
import { taxProfiles, distributors } from "../../../db/src/schema";
import { and, eq } from "drizzle-orm";
import { loadWechatMerchant, wechatPayStatus } from "../../../server/src/wechatpay-merchants";
import { shopInput } from "../../../orders/src/schemas";
import type { PayoutMethod } from "../../../payments/src/payouts";
import { router, shopperProcedure, type Context } from "../trpc";
import { safeShopBase } from "./_shop-base";

/** How this distributor can be paid in this shop now: by hand always; WeChat 零钱 and Stripe when the shop and they are set up for it. */
async function payoutOptions(tx: Tx, ctx: Context, tenantId: string, userId: string) {
  const payees = await payeesOf(tx, tenantId, userId);
  const providers = ctx.payouts?.providers ?? {};
  const wechat = !!providers.wechat && !!payees.wechat && (await wechatPayStatus(tx, tenantId, ctx.wechatPay?.env)).usable;
  const stripe = !!providers.stripe && !!payees.stripe?.payoutsEnabled;
  const methods: PayoutMethod[] = [...(wechat ? (["wechat"] as const) : []), ...(stripe ? (["stripe"] as const) : []), "manual"];
  return { methods, payees, stripeConnect: !!ctx.payouts?.connect };
}

/** The distributor's own payout that waits for them to confirm receipt in WeChat. */
async function awaitingPayout(tx: Tx, tenantId: string, userId: string, id: string) {
  const mine = (await myWithdrawals(tx, tenantId, userId, 100)).find((w) => w.id === id);
  if (!mine) throw new AppError("NOT_FOUND", "withdrawal.notFound");
  return mine;
}

const monthInput = shopInput.extend({ month: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, { error: "withdrawal.month" }) });

const amountFen = z.number({ error: "withdrawal.amount" }).int({ error: "withdrawal.amount" }).positive({ error: "withdrawal.amount" }).max(1_000_000_000, { error: "withdrawal.amount" });

/** The distributor's withdrawals (PRODUCT.md §5.5) and the tax identity they need first (§5.7). */
export const shopWithdrawalsRouter = router({
  /** What the withdraw form needs: the withdrawable balance, the shop's minimum, the masked tax identity, recent requests. */
  overview: shopperProcedure.input(shopInput).query(async ({ ctx }) => {
    const [rules, balances, profile, requests, options] = await Promise.all([
      moneyRulesOf(ctx.tx, ctx.shop.id),
      distributorBalances(ctx.tx, ctx.shop.id, ctx.user.id),
      taxProfileOf(ctx.tx, ctx.shop.id, ctx.user.id),
      myWithdrawals(ctx.tx, ctx.shop.id, ctx.user.id),
      payoutOptions(ctx.tx, ctx, ctx.shop.id, ctx.user.id),
    ]);
    return {
      minimumFen: rules.withdrawal.minimumFen,
      /** The shop's time zone: its months are the statements' months. */
      timeZone: ctx.shop.timeZone,
      /** The shop's default settlement hold (T+N days after the order completes). */
      holdDays: rules.hold.defaultDays,
      withdrawableFen: Math.max(0, balances.availableFen),
      profile,
      /** Where the money can go, the first being the one offered first. */
      methods: options.methods,
      /** Stripe payouts: whether the platform offers them, and the distributor's connected account. */
      stripe: { offered: options.stripeConnect, accountId: options.payees.stripe?.accountId ?? null, ready: !!options.payees.stripe?.payoutsEnabled },
      requests: requests.map((w) => ({
        id: w.id,
        amountFen: w.amountFen,
        status: w.status,
        method: w.method,
        taxFen: w.taxFen,
        netFen: w.netFen,
        reason: w.reason,
        createdAt: w.createdAt,
        paidAt: w.paidAt,
        /** WeChat waits for the distributor to confirm receipt (in the mini-program). */
        awaitingConfirmation: w.status === "paying" && !!w.payoutPackage,
      })),
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
  /** The month's income statement (every movement by kind, balances at the month's start and end), for the PDF and the page. */
  statement: shopperProcedure.input(monthInput).query(async ({ ctx, input }) => {
    const [d] = await ctx.tx.select({ code: distributors.code }).from(distributors).where(and(eq(distributors.tenantId, ctx.shop.id), eq(distributors.userId, ctx.user.id)));
    if (!d) throw new AppError("NOT_FOUND", "withdrawal.notDistributor");
    const profile = await taxProfileOf(ctx.tx, ctx.shop.id, ctx.user.id);
    return { shop: ctx.shop.name, code: d.code, nameMasked: profile?.nameMasked ?? ctx.user.name, ...(await incomeStatement(ctx.tx, ctx.shop.id, ctx.user.id, input.month)) };
  }),
  /**
   * The withholding certificate of a month (代扣代缴明细): the shop as withholding agent, the distributor's own
   * legal name (decrypted for them alone) and masked ID, each payout and the month's tax as one payment.
   */
  certificate: shopperProcedure.input(monthInput).query(async ({ ctx, input }) => {
    const [p] = await ctx.tx
      .select({ realNameEnc: taxProfiles.realNameEnc, idMasked: taxProfiles.idMasked })
      .from(taxProfiles)
      .where(and(eq(taxProfiles.tenantId, ctx.shop.id), eq(taxProfiles.userId, ctx.user.id)));
    if (!p) throw new AppError("CONFLICT", "withdrawal.taxProfileNeeded");
    return { shop: ctx.shop.name, realName: decryptSecret(p.realNameEnc), idMasked: p.idMasked, ...(await withholdingOfMonth(ctx.tx, ctx.shop.id, ctx.user.id, input.month)) };
  }),
  /** What a withdrawal of `amountFen` now would withhold and pay (this month's earlier payouts count). */
  preview: shopperProcedure.input(shopInput.extend({ amountFen })).query(async ({ ctx, input }) => {
    const month = await monthPaidSoFar(ctx.tx, ctx.shop.id, ctx.user.id);
    return withholding({ payoutFen: input.amountFen, monthPaidBeforeFen: month.paidFen, monthWithheldBeforeFen: month.withheldFen });
  }),
  /** Reserves the amount at once; auto-approved below the shop's threshold for a clean record, else queued for finance. A retried key is the same request. */
  request: shopperProcedure
    .input(shopInput.extend({ amountFen, idempotencyKey: z.string().min(8).max(100), method: z.enum(["manual", "wechat", "stripe"], { error: "withdrawal.method" }).default("manual") }))
    .mutation(async ({ ctx, input }) => {
      const tenantId = ctx.shop.id;
      const options = await payoutOptions(ctx.tx, ctx, tenantId, ctx.user.id);
      if (!options.methods.includes(input.method)) throw new AppError("BAD_REQUEST", "withdrawal.methodUnavailable", {}, "method");
      const payout =
        input.method === "wechat"
          ? { method: "wechat" as const, payee: options.payees.wechat!.openid, payeeAppId: options.payees.wechat!.appId }
          : input.method === "stripe"
            ? { method: "stripe" as const, payee: options.payees.stripe!.accountId, payeeAppId: null }
            : null;
      const w = await requestWithdrawal(ctx.tx, tenantId, ctx.user.id, { amountFen: input.amountFen, idempotencyKey: input.idempotencyKey, payout });
      // Approved at once (below the automatic limit): sent to the provider as soon as the reservation is committed.
      if (w.status === "approved" && w.method !== "manual") sendPayoutAfterCommit(ctx, tenantId, w.id);
      return { id: w.id, status: w.status, amountFen: w.amountFen, method: w.method };
    }),
  /**
   * What the mini-program opens with wx.requestMerchantTransfer so the distributor receives a WeChat transfer:
   * the shop's merchant number, the app and WeChat's package for this bill.
   */
  transferConfirmation: shopperProcedure.input(shopInput.extend({ id: z.string().uuid({ error: "withdrawal.notFound" }) })).query(async ({ ctx, input }) => {
    const w = await awaitingPayout(ctx.tx, ctx.shop.id, ctx.user.id, input.id);
    if (w.status !== "paying" || w.method !== "wechat" || !w.payoutPackage) throw new AppError("CONFLICT", "withdrawal.notAwaitingConfirmation");
    const m = await loadWechatMerchant(ctx.tx, ctx.shop.id, ctx.wechatPay?.env);
    if (!m) throw new AppError("CONFLICT", "wechatpay.notAvailable");
    return m.mode === "partner"
      ? { mchId: m.mchid, subMchId: m.subMchid ?? undefined, subAppId: w.payeeAppId ?? m.subAppid ?? undefined, package: w.payoutPackage }
      : { mchId: m.mchid, appId: w.payeeAppId ?? m.appid, package: w.payoutPackage };
  }),
  /** The distributor says they confirmed (or the confirmation page closed): WeChat is asked where the bill stands, and that is applied. */
  transferConfirmed: shopperProcedure.input(shopInput.extend({ id: z.string().uuid({ error: "withdrawal.notFound" }) })).mutation(async ({ ctx, input }) => {
    const tenantId = ctx.shop.id;
    const w = await awaitingPayout(ctx.tx, tenantId, ctx.user.id, input.id);
    if (w.status === "paying") sendPayoutAfterCommit(ctx, tenantId, w.id);
    return { id: w.id };
  }),
  /**
   * Stripe payouts: creates the distributor's Express account on first use (Stripe answers the same account to a
   * repeated request) and returns a fresh onboarding link; they finish on Stripe's pages and come back to 我的收入.
   */
  connectStripe: shopperProcedure.input(shopInput.extend({ base: z.string().max(500) })).mutation(async ({ ctx, input }) => {
    const connect = ctx.payouts?.connect;
    if (!connect) throw new AppError("CONFLICT", "payment.stripeNotConfigured");
    // Stripe sends the distributor back to this storefront's own 我的收入 (never to an address the client names).
    const shopBase = safeShopBase(input.base, input.shop, ctx.shop.slug);
    if (!/^https?:\/\//.test(shopBase)) throw new AppError("BAD_REQUEST", "invalid");
    const { payees } = await payoutOptions(ctx.tx, ctx, ctx.shop.id, ctx.user.id);
    try {
      const accountId = payees.stripe?.accountId ?? (await connect.createAccount({ tenantId: ctx.shop.id, userId: ctx.user.id, email: ctx.user.email ?? null })).accountId;
      if (!payees.stripe) await setStripePayee(ctx.tx, ctx.shop.id, ctx.user.id, accountId, false);
      return await connect.accountLink({ accountId, refreshUrl: `${shopBase}/me/income?stripe=refresh`, returnUrl: `${shopBase}/me/income?stripe=return` });
    } catch (e) {
      if (e instanceof AppError) throw e;
      console.error("[stripe] distributor onboarding failed", e);
      throw new AppError("CONFLICT", "payment.stripeUnavailable");
    }
  }),
  /** Back from Stripe: its account is read again and whether it can receive payouts stored. */
  refreshStripe: shopperProcedure.input(shopInput).mutation(async ({ ctx }) => {
    const connect = ctx.payouts?.connect;
    if (!connect) throw new AppError("CONFLICT", "payment.stripeNotConfigured");
    const { payees } = await payoutOptions(ctx.tx, ctx, ctx.shop.id, ctx.user.id);
    if (!payees.stripe) return { ready: false };
    let ready: boolean;
    try {
      ready = (await connect.retrieveAccount(payees.stripe.accountId)).payoutsEnabled;
    } catch (e) {
      console.error("[stripe] distributor account read failed", e);
      throw new AppError("CONFLICT", "payment.stripeUnavailable");
    }
    await setStripePayee(ctx.tx, ctx.shop.id, ctx.user.id, payees.stripe.accountId, ready);
    return { ready };
  }),
});
