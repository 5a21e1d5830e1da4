-- The ledger (issue 14, PRODUCT.md §5): accounts per tenant and owner, and
-- transfers of balanced signed entries. Entries and transfers are append-only
-- for app_user (a correction is a new transfer naming the one it corrects); an
-- account's balance is stored for speed, updated in the statement that writes
-- its entries, and `npm run ledger:verify` proves it equals their sum. A
-- transfer that does not sum to zero cannot commit (a deferred trigger).
CREATE TABLE "ledger_accounts" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "owner_id" uuid,
  "balance_fen" bigint DEFAULT 0 NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "ledger_accounts_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "ledger_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "ledger_accounts_owner_fk" FOREIGN KEY ("tenant_id", "owner_id") REFERENCES "public"."distributors"("tenant_id", "user_id"),
  CONSTRAINT "ledger_accounts_kind" CHECK ("kind" in ('distributor_pending', 'distributor_available', 'distributor_withdrawing', 'distributor_paid_out', 'distributor_tax_withheld', 'merchant_commission_expense')),
  CONSTRAINT "ledger_accounts_owner" CHECK (("kind" like 'distributor_%') = ("owner_id" IS NOT NULL)),
  CONSTRAINT "ledger_accounts_one" UNIQUE NULLS NOT DISTINCT ("tenant_id", "kind", "owner_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "idempotency_key" text NOT NULL,
  "corrects_id" uuid,
  "commission_id" uuid,
  "order_line_id" uuid,
  "withdrawal_id" uuid,
  "memo" jsonb DEFAULT '{}'::jsonb NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "ledger_transfers_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "ledger_transfers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "ledger_transfers_corrects_fk" FOREIGN KEY ("tenant_id", "corrects_id") REFERENCES "public"."ledger_transfers"("tenant_id", "id"),
  CONSTRAINT "ledger_transfers_commission_fk" FOREIGN KEY ("tenant_id", "commission_id") REFERENCES "public"."commissions"("tenant_id", "id"),
  CONSTRAINT "ledger_transfers_line_fk" FOREIGN KEY ("tenant_id", "order_line_id") REFERENCES "public"."order_lines"("tenant_id", "id"),
  CONSTRAINT "ledger_transfers_kind" CHECK ("kind" in ('commission_accrued', 'commission_settled', 'commission_clawback', 'bonus', 'withdrawal_reserved', 'withdrawal_returned', 'payout', 'correction')),
  CONSTRAINT "ledger_transfers_key" CHECK (length("idempotency_key") between 1 and 200),
  CONSTRAINT "ledger_transfers_correction" CHECK (("kind" = 'correction') = ("corrects_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_idempotency" ON "ledger_transfers" USING btree ("tenant_id", "idempotency_key");
--> statement-breakpoint
CREATE INDEX "ledger_transfers_commission_idx" ON "ledger_transfers" USING btree ("tenant_id", "commission_id") WHERE "commission_id" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "transfer_id" uuid NOT NULL,
  "account_id" uuid NOT NULL,
  "amount_fen" bigint NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "ledger_entries_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "ledger_entries_transfer_fk" FOREIGN KEY ("tenant_id", "transfer_id") REFERENCES "public"."ledger_transfers"("tenant_id", "id"),
  CONSTRAINT "ledger_entries_account_fk" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "public"."ledger_accounts"("tenant_id", "id"),
  CONSTRAINT "ledger_entries_amount" CHECK ("amount_fen" <> 0),
  CONSTRAINT "ledger_entries_once" UNIQUE ("tenant_id", "transfer_id", "account_id")
);
--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("tenant_id", "account_id", "created_at");
--> statement-breakpoint
COMMENT ON TABLE public.ledger_transfers IS 'append-only: money movements (PRODUCT.md §5)';
--> statement-breakpoint
COMMENT ON TABLE public.ledger_entries IS 'append-only: the signed lines of ledger transfers';
--> statement-breakpoint
-- Σ of a transfer's entries is 0 when its transaction commits.
CREATE FUNCTION app_private.ledger_transfer_balances() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE s bigint; n int;
BEGIN
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO s, n FROM ledger_entries WHERE tenant_id = NEW.tenant_id AND transfer_id = NEW.transfer_id;
  IF s <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'ledger transfer % does not balance (sum %, % entries)', NEW.transfer_id, s, n USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "ledger_entries_balance" AFTER INSERT ON "ledger_entries" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app_private.ledger_transfer_balances();
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ledger_transfers" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "ledger_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "ledger_accounts_tenant_isolation" ON "ledger_accounts" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "ledger_transfers_tenant_isolation" ON "ledger_transfers" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "ledger_entries_tenant_isolation" ON "ledger_entries" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- A shopper's transaction moves only its own distributor's money, and only to reserve a withdrawal;
-- staff and the system (settlement, payouts, the commission engine) any of the shop's.
CREATE POLICY "ledger_accounts_own_insert" ON "ledger_accounts" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (owner_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "ledger_accounts_own_update" ON "ledger_accounts" AS RESTRICTIVE FOR UPDATE TO app_user
  USING (owner_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()))
  WITH CHECK (owner_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "ledger_accounts_no_delete" ON "ledger_accounts" AS RESTRICTIVE FOR DELETE TO app_user USING (false);
--> statement-breakpoint
CREATE POLICY "ledger_transfers_own_insert" ON "ledger_transfers" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (kind = 'withdrawal_reserved' OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "ledger_entries_own_insert" ON "ledger_entries" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK ((select app_private.may_manage_tenant()) OR EXISTS (
    SELECT 1 FROM ledger_accounts a WHERE a.tenant_id = ledger_entries.tenant_id AND a.id = ledger_entries.account_id
       AND a.owner_id = nullif(current_setting('app.user_id', true), '')::uuid));
