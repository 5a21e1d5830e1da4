-- Withdrawals (issue 14, PRODUCT.md §5.5, §5.7): a distributor's request to be
-- paid what is available. The amount is reserved when the request is made (a
-- withdrawal_reserved transfer in the same transaction, under the lock of the
-- distributor's available account), so concurrent requests never withdraw more
-- than the balance. Review: automatic below the shop's threshold for a clean
-- record, else finance; refused or failed money returns to available; a payout
-- withholds the month's labour-remuneration tax (packages/ledger withholding()).
-- One request per (distributor, idempotency key): a retried tap is the same request.
CREATE TABLE "withdrawals" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL,
  "amount_fen" bigint NOT NULL,
  "status" text DEFAULT 'reviewing' NOT NULL,
  "review" text NOT NULL,
  "method" text DEFAULT 'manual' NOT NULL,
  "idempotency_key" text NOT NULL,
  "tax_fen" bigint,
  "net_fen" bigint,
  "reason" text,
  "reference" text,
  "reviewed_by" uuid,
  "reviewed_at" timestamp with time zone,
  "paid_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "withdrawals_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "withdrawals_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "withdrawals_distributor_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "public"."distributors"("tenant_id", "user_id"),
  CONSTRAINT "withdrawals_once" UNIQUE ("tenant_id", "user_id", "idempotency_key"),
  CONSTRAINT "withdrawals_amount" CHECK ("amount_fen" > 0),
  CONSTRAINT "withdrawals_status" CHECK ("status" in ('reviewing', 'approved', 'paid', 'refused', 'failed')),
  CONSTRAINT "withdrawals_review" CHECK ("review" in ('auto', 'manual')),
  CONSTRAINT "withdrawals_method" CHECK ("method" in ('manual', 'wechat', 'stripe')),
  CONSTRAINT "withdrawals_key" CHECK (length("idempotency_key") between 8 and 100),
  CONSTRAINT "withdrawals_paid" CHECK ("status" <> 'paid' OR ("paid_at" IS NOT NULL AND "tax_fen" IS NOT NULL AND "net_fen" = "amount_fen" - "tax_fen")),
  CONSTRAINT "withdrawals_texts" CHECK (coalesce(length("reason"), 0) <= 500 AND coalesce(length("reference"), 0) <= 200)
);
--> statement-breakpoint
CREATE INDEX "withdrawals_user_idx" ON "withdrawals" USING btree ("tenant_id", "user_id", "created_at");
--> statement-breakpoint
CREATE INDEX "withdrawals_queue_idx" ON "withdrawals" USING btree ("tenant_id", "status", "created_at");
--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_withdrawal_fk" FOREIGN KEY ("tenant_id", "withdrawal_id") REFERENCES "public"."withdrawals"("tenant_id", "id");
--> statement-breakpoint
-- Real name and resident ID for the tax withheld (§5.7), given with consent
-- before the first withdrawal: encrypted by the app (SECRETS_KEY), shown only
-- masked. One per distributor of a shop.
CREATE TABLE "tax_profiles" (
  "tenant_id" uuid NOT NULL,
  "user_id" uuid NOT NULL,
  "real_name_enc" text NOT NULL,
  "id_number_enc" text NOT NULL,
  "name_masked" text NOT NULL,
  "id_masked" text NOT NULL,
  "consent_at" timestamp with time zone NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "tax_profiles_tenant_id_user_id_pk" PRIMARY KEY ("tenant_id", "user_id"),
  CONSTRAINT "tax_profiles_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "tax_profiles_distributor_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "public"."distributors"("tenant_id", "user_id"),
  CONSTRAINT "tax_profiles_masked" CHECK (length("name_masked") between 1 and 40 AND length("id_masked") between 4 and 40)
);
--> statement-breakpoint
ALTER TABLE "withdrawals" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tax_profiles" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "withdrawals_tenant_isolation" ON "withdrawals" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "tax_profiles_tenant_isolation" ON "tax_profiles" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- A shopper's transaction sees and makes only its own requests and never
-- reviews or pays one; staff and the system (payout jobs) handle the shop's.
CREATE POLICY "withdrawals_own_select" ON "withdrawals" AS RESTRICTIVE FOR SELECT TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "withdrawals_own_insert" ON "withdrawals" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK ((user_id = nullif(current_setting('app.user_id', true), '')::uuid AND status IN ('reviewing', 'approved') AND reviewed_by IS NULL) OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "withdrawals_staff_update" ON "withdrawals" AS RESTRICTIVE FOR UPDATE TO app_user
  USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "withdrawals_no_delete" ON "withdrawals" AS RESTRICTIVE FOR DELETE TO app_user USING (false);
--> statement-breakpoint
CREATE POLICY "tax_profiles_own_select" ON "tax_profiles" AS RESTRICTIVE FOR SELECT TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "tax_profiles_own_insert" ON "tax_profiles" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "tax_profiles_own_update" ON "tax_profiles" AS RESTRICTIVE FOR UPDATE TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()))
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "tax_profiles_no_delete" ON "tax_profiles" AS RESTRICTIVE FOR DELETE TO app_user USING (false);
