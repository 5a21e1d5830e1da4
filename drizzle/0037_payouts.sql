-- Payouts (issue 14, PRODUCT.md §5.5): an approved withdrawal is paid by a
-- provider (WeChat Pay merchant transfer to the distributor's openid, a Stripe
-- Connect transfer to their connected account) or by finance by hand. The
-- request names its method and payee when made; sending it computes the
-- month's tax and moves it to 'paying' (the net is what the provider is asked
-- to transfer, under a bill number that is the same for every retry of one
-- attempt). The provider's final answer makes it 'paid' (payout_made) or
-- 'failed' (withdrawal_returned: the money is available again).
ALTER TABLE "withdrawals" DROP CONSTRAINT "withdrawals_status";
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_status" CHECK ("status" in ('reviewing', 'approved', 'paying', 'paid', 'refused', 'failed'));
--> statement-breakpoint
ALTER TABLE "withdrawals"
  ADD COLUMN "payee" text,
  ADD COLUMN "payee_app_id" text,
  ADD COLUMN "payout_attempt" integer DEFAULT 0 NOT NULL,
  ADD COLUMN "payout_ref" text,
  ADD COLUMN "payout_state" text,
  ADD COLUMN "payout_package" text,
  ADD COLUMN "payout_error" text,
  ADD COLUMN "sent_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_payee" CHECK ("method" = 'manual' OR "payee" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_paying" CHECK ("status" <> 'paying' OR ("sent_at" IS NOT NULL AND "tax_fen" IS NOT NULL AND "net_fen" = "amount_fen" - "tax_fen" AND "payout_attempt" > 0));
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_payout_texts" CHECK (coalesce(length("payee"), 0) <= 128 AND coalesce(length("payout_ref"), 0) <= 128 AND coalesce(length("payout_state"), 0) <= 40 AND coalesce(length("payout_package"), 0) <= 2000 AND coalesce(length("payout_error"), 0) <= 500);
--> statement-breakpoint
-- Manual payouts record their moment in sent_at too: the tax month is the month the payout was made.
UPDATE "withdrawals" SET "sent_at" = "paid_at" WHERE "status" = 'paid' AND "sent_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "withdrawals_payout_idx" ON "withdrawals" USING btree ("status", "updated_at") WHERE "status" IN ('approved', 'paying') AND "method" <> 'manual';
--> statement-breakpoint
-- A distributor's Stripe Connect Express account for payouts: created when
-- they connect it from 我的收入, its readiness as Stripe last reported it.
ALTER TABLE "distributors"
  ADD COLUMN "stripe_account_id" text,
  ADD COLUMN "stripe_payouts_enabled" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_stripe_account" CHECK ("stripe_account_id" IS NULL OR "stripe_account_id" ~ '^acct_[A-Za-z0-9_]{1,64}$');
--> statement-breakpoint
-- The payout job's work across shops: approved provider payouts not yet sent,
-- and payouts sent whose final answer has not come for a minute (asked by query).
CREATE FUNCTION app_private.due_payouts(p_limit int) RETURNS TABLE (tenant_id uuid, withdrawal_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT w.tenant_id, w.id FROM withdrawals w
   WHERE w.method <> 'manual'
     AND (w.status = 'approved' OR (w.status = 'paying' AND w.updated_at < now() - interval '1 minute'))
   ORDER BY w.updated_at
   LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.due_payouts(int) OWNER TO app_definer;
