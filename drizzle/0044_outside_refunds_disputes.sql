-- Money that moves outside the app (issue 15, PRODUCT.md §3.5, §5.4).
-- A refund the merchant made in the Stripe Dashboard or the WeChat Pay merchant
-- platform, or a lost card dispute, becomes a refund of the order in the app:
-- origin 'provider' or 'dispute', already succeeded, named by the provider's
-- refund id (unique per tenant: refunds_provider_key), so a replayed event, or
-- our own refund arriving as an event, changes nothing twice.
ALTER TABLE "refunds" ADD COLUMN "origin" text DEFAULT 'app' NOT NULL;
--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_origin" CHECK ("origin" in ('app', 'provider', 'dispute') and ("origin" = 'app' or ("status" = 'succeeded' and "provider_refund_id" is not null)));
--> statement-breakpoint
-- Card disputes (chargebacks): while one is open the order's commission is held
-- (the settlement job skips it; commission already settled goes back to
-- pending); lost: reversed as a full refund (refund_id); won: released.
CREATE TABLE "disputes" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "order_id" uuid NOT NULL,
  "payment_id" uuid NOT NULL,
  "provider" text NOT NULL,
  "provider_dispute_id" text NOT NULL,
  "amount_fen" integer NOT NULL,
  "reason" text DEFAULT '' NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "opened_at" timestamp with time zone NOT NULL,
  "closed_at" timestamp with time zone,
  "refund_id" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "disputes_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "disputes_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id", "order_id") REFERENCES "public"."orders"("tenant_id", "id"),
  CONSTRAINT "disputes_tenant_id_payment_id_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id", "payment_id") REFERENCES "public"."payments"("tenant_id", "id"),
  CONSTRAINT "disputes_refund_fk" FOREIGN KEY ("tenant_id", "refund_id") REFERENCES "public"."refunds"("tenant_id", "id"),
  CONSTRAINT "disputes_status" CHECK ("status" in ('open', 'won', 'lost') and ("status" = 'open') = ("closed_at" is null)),
  CONSTRAINT "disputes_amount" CHECK ("amount_fen" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_provider_key" ON "disputes" USING btree ("tenant_id", "provider", "provider_dispute_id");
--> statement-breakpoint
CREATE INDEX "disputes_order_idx" ON "disputes" USING btree ("tenant_id", "order_id");
--> statement-breakpoint
CREATE INDEX "disputes_open_idx" ON "disputes" USING btree ("tenant_id", "opened_at") WHERE status = 'open';
--> statement-breakpoint
ALTER TABLE "disputes" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "disputes_tenant_isolation" ON "disputes" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Settled commission of a disputed order back to pending while the dispute is open (packages/ledger commissionHeld).
ALTER TABLE "ledger_transfers" DROP CONSTRAINT "ledger_transfers_kind";
--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_kind" CHECK ("kind" in ('commission_accrued', 'commission_settled', 'commission_clawback', 'commission_held', 'bonus', 'withdrawal_reserved', 'withdrawal_returned', 'payout', 'correction'));
