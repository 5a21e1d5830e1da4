-- Review M9: unmasked reads of shoppers' personal data (phones, addresses) by
-- staff are logged: who read, whose, where and when (PRODUCT.md §8.2).
CREATE TABLE "pii_access_log" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "actor_user_id" uuid NOT NULL,
  "surface" text NOT NULL,
  "subject_user_ids" uuid[] NOT NULL,
  "order_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "pii_access_log_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "pii_access_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id")
);
--> statement-breakpoint
CREATE INDEX "pii_access_log_tenant_time_idx" ON "pii_access_log" USING btree ("tenant_id", "created_at");
--> statement-breakpoint
ALTER TABLE "pii_access_log" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "pii_access_log_tenant_isolation" ON "pii_access_log" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Written by staff only (their reads), never by a shopper's transaction.
CREATE POLICY "pii_access_log_staff_insert" ON "pii_access_log" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "pii_access_log_staff_update" ON "pii_access_log" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "pii_access_log_staff_delete" ON "pii_access_log" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
COMMENT ON TABLE public.pii_access_log IS 'append-only: who read shoppers'' personal data unmasked (PRODUCT.md §8.2)';
