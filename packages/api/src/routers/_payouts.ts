import { sendPayout } from "../../../db/src/flows/payouts";
import { payoutDeps, type PayoutsRuntime } from "../../../server/src/payouts";
import type { AfterCommit } from "../trpc";

/**
 * Once the procedure's transaction has committed, a WeChat or Stripe payout is sent (or its provider asked
 * again about it); the answer is applied before the call returns. Without payout providers: nothing (the job
 * and finance's manual payment remain).
 */
export function sendPayoutAfterCommit(ctx: { payouts?: PayoutsRuntime; afterCommit: AfterCommit }, tenantId: string, withdrawalId: string) {
  const payouts = ctx.payouts;
  if (payouts) ctx.afterCommit((db) => sendPayout(payoutDeps(db, payouts), tenantId, withdrawalId));
}
