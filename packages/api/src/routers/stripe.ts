import { z } from "zod";
import { isOwnOrigin } from "../../../server/src/host";
import { AppError } from "../../../core/src/errors";
import { getStoreSettings, lockStoreSettings, setStripeAccount, setStripeAccountStatus, type StoreSettings } from "../../../db/src/queries/store";
import type { ConnectProvider, PaymentsRuntime } from "../../../payments/src/types";
import { router, tenantProcedure, tenantProcedureWith, type TenantCtx } from "../trpc";

/** Stripe Connect onboarding of the active tenant (console → settings → payments). */

const PAGE = "/console/settings/payments";

const onboardingInput = z.object({
  /** The console's origin (scheme://host[:port]); Stripe sends the merchant back there. */
  // Only the platform's own hosts (the console's): never a foreign site, an IP literal, or http in production.
  origin: z.url({ protocol: /^https?$/, error: "invalid" }).refine((o) => isOwnOrigin(new URL(o), []), { error: "invalid" }),
});

function statusOf(payments: PaymentsRuntime, tenant: TenantCtx["tenant"], s: StoreSettings) {
  return {
    /** Stripe keys are set: payments go through Stripe; otherwise the local simulator takes them. */
    configured: payments.connect !== null,
    provider: payments.active.name,
    accountId: s.stripeAccountId,
    chargesEnabled: s.stripeChargesEnabled,
    payoutsEnabled: s.stripePayoutsEnabled,
    detailsSubmitted: s.stripeDetailsSubmitted,
    /** Shoppers can pay this shop online. */
    ready: payments.connect === null || (!!s.stripeAccountId && s.stripeChargesEnabled),
    plan: tenant.plan,
    feeBps: payments.feeBps(tenant.plan),
  };
}

function connectOf(payments: PaymentsRuntime): ConnectProvider {
  if (!payments.connect) throw new AppError("CONFLICT", "payment.stripeNotConfigured");
  return payments.connect;
}

/** A Stripe call; its failure is a message the merchant understands (details go to the log). */
async function stripeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    console.error(`[stripe] ${what} failed`, e);
    throw new AppError("CONFLICT", "payment.stripeUnavailable");
  }
}

export const stripeRouter = router({
  status: tenantProcedure.query(async ({ ctx }) => statusOf(ctx.payments, ctx.tenant, await getStoreSettings(ctx.tx, ctx.tenant.id))),

  /**
   * Creates the connected account on first use (recorded and audited) and
   * returns a fresh onboarding link; the merchant finishes on Stripe's pages.
   */
  startOnboarding: tenantProcedureWith("settings.update")
    .input(onboardingInput)
    .mutation(async ({ ctx, input }) => {
      const connect = connectOf(ctx.payments);
      const settings = await lockStoreSettings(ctx.tx, ctx.tenant.id);
      let accountId = settings.stripeAccountId;
      if (!accountId) {
        const { tenant, user } = ctx;
        accountId = (await stripeCall("accounts.create", () => connect.createAccount({ tenantId: tenant.id, tenantName: tenant.name, email: user.email }))).accountId;
        await setStripeAccount(ctx.tx, tenant.id, user.id, accountId);
      }
      const page = new URL(PAGE, input.origin);
      const refreshUrl = `${page.href}?onboarding=refresh`;
      const returnUrl = `${page.href}?onboarding=return`;
      const account = accountId;
      const { url } = await stripeCall("accountLinks.create", () => connect.accountLink({ accountId: account, refreshUrl, returnUrl }));
      return { url, accountId };
    }),

  /** Reads the account from Stripe and stores its flags (the account.updated webhook does the same). */
  refreshStatus: tenantProcedureWith("settings.update").mutation(async ({ ctx }) => {
    const connect = connectOf(ctx.payments);
    const settings = await getStoreSettings(ctx.tx, ctx.tenant.id);
    const accountId = settings.stripeAccountId;
    if (!accountId) return statusOf(ctx.payments, ctx.tenant, settings);
    const flags = await stripeCall("accounts.retrieve", () => connect.retrieveAccount(accountId));
    const row = await setStripeAccountStatus(ctx.tx, ctx.tenant.id, accountId, flags);
    return statusOf(ctx.payments, ctx.tenant, row ?? settings);
  }),
});
