CREATE TABLE "commission_overrides" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid,
	"category_id" uuid,
	"rates" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_overrides_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_overrides_one_target" CHECK (num_nonnulls("commission_overrides"."product_id", "commission_overrides"."category_id") = 1),
	CONSTRAINT "commission_overrides_levels" CHECK (jsonb_array_length("commission_overrides"."rates") between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "commission_overrides" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_reversals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"commission_id" uuid NOT NULL,
	"cause" text NOT NULL,
	"base_fen" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_reversals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_reversals_amount" CHECK ("commission_reversals"."amount_fen" >= 0 and "commission_reversals"."base_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "commission_reversals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commissions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" jsonb NOT NULL,
	"month" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commissions_amount" CHECK ("commissions"."amount_fen" > 0),
	CONSTRAINT "commissions_kind" CHECK ("commissions"."kind" in ('level1', 'level2', 'level3')),
	CONSTRAINT "commissions_status" CHECK ("commissions"."status" in ('pending', 'held', 'reversed'))
);
--> statement-breakpoint
ALTER TABLE "commissions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "distribution_flags" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid,
	"detail" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_flags_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "distribution_flags_once_key" UNIQUE NULLS NOT DISTINCT("tenant_id","user_id","kind","order_id")
);
--> statement-breakpoint
ALTER TABLE "distribution_flags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "distribution_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"programme" jsonb NOT NULL,
	"levels" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_settings_levels" CHECK (("distribution_settings"."programme"->>'levels')::int between 1 and 3 and jsonb_array_length("distribution_settings"."programme"->'rates') <= 3),
	CONSTRAINT "distribution_settings_five_levels" CHECK (jsonb_array_length("distribution_settings"."levels") = 5)
);
--> statement-breakpoint
ALTER TABLE "distribution_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "distributor_month_stats" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"month" date NOT NULL,
	"personal_sales_fen" bigint DEFAULT 0 NOT NULL,
	"team_sales_fen" bigint DEFAULT 0 NOT NULL,
	"personal_orders" integer DEFAULT 0 NOT NULL,
	"team_orders" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "distributor_month_stats_tenant_id_user_id_month_pk" PRIMARY KEY("tenant_id","user_id","month")
);
--> statement-breakpoint
ALTER TABLE "distributor_month_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "level_changes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"from_level" smallint NOT NULL,
	"to_level" smallint NOT NULL,
	"reason" jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "level_changes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "level_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_uplines" (
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"buyer_level" smallint,
	"referrer_id" uuid,
	"upline" jsonb NOT NULL,
	"chain" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_uplines_tenant_id_order_id_pk" PRIMARY KEY("tenant_id","order_id"),
	CONSTRAINT "order_uplines_three" CHECK (jsonb_array_length("order_uplines"."upline") <= 3)
);
--> statement-breakpoint
ALTER TABLE "order_uplines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "referral_bindings" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"referrer_id" uuid NOT NULL,
	"path" uuid[] NOT NULL,
	"source" text NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"bound_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_bindings_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "referral_bindings_no_self" CHECK ("referral_bindings"."referrer_id" <> "referral_bindings"."user_id"),
	CONSTRAINT "referral_bindings_path" CHECK ("referral_bindings"."path"[1] = "referral_bindings"."referrer_id" and "referral_bindings"."user_id" <> all("referral_bindings"."path") and cardinality("referral_bindings"."path") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "referral_bindings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "team_bonuses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"month" date NOT NULL,
	"team_sales_fen" bigint NOT NULL,
	"amount_fen" integer NOT NULL,
	"reason" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_bonuses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "team_bonuses_amount" CHECK ("team_bonuses"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "team_bonuses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "distributors" DROP CONSTRAINT "distributors_no_self_referral";--> statement-breakpoint
ALTER TABLE "distributors" DROP CONSTRAINT "distributors_tenant_id_referrer_id_distributors_tenant_id_user_id_fk";
--> statement-breakpoint
DROP INDEX "distributors_referrer_idx";--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "distributors" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "commission_overrides" ADD CONSTRAINT "commission_overrides_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_overrides" ADD CONSTRAINT "commission_overrides_tenant_id_category_id_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."categories"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_reversals" ADD CONSTRAINT "commission_reversals_tenant_id_commission_id_commissions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","commission_id") REFERENCES "public"."commissions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_tenant_id_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_tenant_id_beneficiary_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","beneficiary_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_flags" ADD CONSTRAINT "distribution_flags_tenant_id_user_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_settings" ADD CONSTRAINT "distribution_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributor_month_stats" ADD CONSTRAINT "distributor_month_stats_tenant_id_user_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "level_changes" ADD CONSTRAINT "level_changes_tenant_id_user_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_uplines" ADD CONSTRAINT "order_uplines_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_bindings" ADD CONSTRAINT "referral_bindings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_bindings" ADD CONSTRAINT "referral_bindings_tenant_id_referrer_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","referrer_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_bonuses" ADD CONSTRAINT "team_bonuses_tenant_id_user_id_distributors_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."distributors"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commission_overrides_product_key" ON "commission_overrides" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_overrides_category_key" ON "commission_overrides" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_reversals_key" ON "commission_reversals" USING btree ("tenant_id","commission_id","cause");--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_line_beneficiary_kind_key" ON "commissions" USING btree ("tenant_id","line_id","beneficiary_id","kind");--> statement-breakpoint
CREATE INDEX "commissions_beneficiary_idx" ON "commissions" USING btree ("tenant_id","beneficiary_id","created_at");--> statement-breakpoint
CREATE INDEX "commissions_order_idx" ON "commissions" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "distribution_flags_status_idx" ON "distribution_flags" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "level_changes_user_idx" ON "level_changes" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "order_uplines_chain_idx" ON "order_uplines" USING gin ("chain");--> statement-breakpoint
CREATE INDEX "order_uplines_referrer_idx" ON "order_uplines" USING btree ("tenant_id","referrer_id","created_at");--> statement-breakpoint
CREATE INDEX "referral_bindings_referrer_idx" ON "referral_bindings" USING btree ("tenant_id","referrer_id");--> statement-breakpoint
CREATE INDEX "referral_bindings_path_idx" ON "referral_bindings" USING gin ("path");--> statement-breakpoint
CREATE UNIQUE INDEX "team_bonuses_user_month_key" ON "team_bonuses" USING btree ("tenant_id","user_id","month");--> statement-breakpoint
CREATE INDEX "distributors_status_idx" ON "distributors" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
-- Custom: the referral tree moves from distributors.referrer_id into
-- referral_bindings (with the whole ancestor path) before the column goes.
-- FORCE is lifted so the owner can read every tenant's rows; secure_tables()
-- (run after every migration) forces it again.
ALTER TABLE "distributors" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
WITH RECURSIVE tree(tenant_id, user_id, referrer_id, path) AS (
  SELECT d.tenant_id, d.user_id, d.referrer_id, ARRAY[d.referrer_id]
    FROM distributors d JOIN distributors p ON p.tenant_id = d.tenant_id AND p.user_id = d.referrer_id
   WHERE p.referrer_id IS NULL
  UNION ALL
  SELECT d.tenant_id, d.user_id, d.referrer_id, d.referrer_id || t.path
    FROM distributors d JOIN tree t ON t.tenant_id = d.tenant_id AND t.user_id = d.referrer_id
)
INSERT INTO referral_bindings (tenant_id, user_id, referrer_id, path, source, locked)
SELECT tenant_id, user_id, referrer_id, path, 'seed', true FROM tree;--> statement-breakpoint
ALTER TABLE "distributors" DROP COLUMN "referrer_id";--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_code_length" CHECK (length("distributors"."code") between 4 and 32);--> statement-breakpoint
ALTER TABLE "distributors" ADD CONSTRAINT "distributors_status" CHECK ("distributors"."status" in ('pending', 'active', 'suspended', 'exit_requested', 'left', 'rejected'));--> statement-breakpoint
CREATE POLICY "users_tenant_network" ON "users" AS PERMISSIVE FOR SELECT TO "app_user" USING (exists (select 1 from distributors d where d.tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid) and d.user_id = users.id) or exists (select 1 from referral_bindings b where b.tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid) and b.user_id = users.id));--> statement-breakpoint
CREATE POLICY "commission_overrides_tenant_isolation" ON "commission_overrides" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "commission_reversals_tenant_isolation" ON "commission_reversals" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "commissions_tenant_isolation" ON "commissions" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "distribution_flags_tenant_isolation" ON "distribution_flags" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "distribution_settings_tenant_isolation" ON "distribution_settings" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "distributor_month_stats_tenant_isolation" ON "distributor_month_stats" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "level_changes_tenant_isolation" ON "level_changes" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "order_uplines_tenant_isolation" ON "order_uplines" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "referral_bindings_tenant_isolation" ON "referral_bindings" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "team_bonuses_tenant_isolation" ON "team_bonuses" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
COMMENT ON TABLE public.commission_reversals IS 'append-only: what refunds took back of commissions';--> statement-breakpoint
COMMENT ON TABLE public.level_changes IS 'append-only: distributor level history with reasons';--> statement-breakpoint
-- Tenants whose outbox has unprocessed events (the distribution consumer's work list).
CREATE FUNCTION app_private.outbox_tenants() RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT o.tenant_id FROM outbox o WHERE o.processed_at IS NULL
$$;--> statement-breakpoint
ALTER FUNCTION app_private.outbox_tenants() OWNER TO app_definer;--> statement-breakpoint
-- Tenants with active distributors (the daily level evaluation and the monthly bonus job).
CREATE FUNCTION app_private.distribution_tenants() RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT d.tenant_id FROM distributors d WHERE d.status = 'active'
$$;--> statement-breakpoint
ALTER FUNCTION app_private.distribution_tenants() OWNER TO app_definer;
