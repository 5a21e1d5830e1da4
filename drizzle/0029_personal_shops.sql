-- Distributors' personal shops and their moderation (issue 12, PRODUCT.md
-- §6.3, §8.1): the approved content shoppers see, every submission as a
-- review row, and the merchant's own banned words.
ALTER TABLE "distribution_settings" ADD COLUMN "moderation_words" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
CREATE TABLE "distributor_shops" (
  "tenant_id" uuid NOT NULL,
  "user_id" uuid NOT NULL,
  "live" jsonb,
  "live_at" timestamp with time zone,
  "rejections" integer DEFAULT 0 NOT NULL,
  "suspended" boolean DEFAULT false NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "distributor_shops_tenant_id_user_id_pk" PRIMARY KEY ("tenant_id", "user_id"),
  CONSTRAINT "distributor_shops_distributor_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "public"."distributors"("tenant_id", "user_id"),
  CONSTRAINT "distributor_shops_rejections" CHECK ("rejections" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shop_reviews" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL,
  "content" jsonb NOT NULL,
  "flagged" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "reason" text DEFAULT '' NOT NULL,
  "decided_by" uuid,
  "decided_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "shop_reviews_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "shop_reviews_distributor_fk" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "public"."distributors"("tenant_id", "user_id"),
  CONSTRAINT "shop_reviews_status" CHECK ("status" in ('pending', 'approved', 'rejected', 'superseded'))
);
--> statement-breakpoint
CREATE INDEX "shop_reviews_queue_idx" ON "shop_reviews" USING btree ("tenant_id", "status", "created_at");
--> statement-breakpoint
-- One submission waits at a time per distributor (a newer one supersedes it).
CREATE UNIQUE INDEX "shop_reviews_one_pending" ON "shop_reviews" USING btree ("tenant_id", "user_id") WHERE "status" = 'pending';
--> statement-breakpoint
ALTER TABLE "distributor_shops" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "shop_reviews" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "distributor_shops_tenant_isolation" ON "distributor_shops" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "shop_reviews_tenant_isolation" ON "shop_reviews" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- A shopper's transaction writes only its own distributor's rows; staff and the system any of the shop's.
CREATE POLICY "distributor_shops_own_insert" ON "distributor_shops" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "distributor_shops_own_update" ON "distributor_shops" AS RESTRICTIVE FOR UPDATE TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()))
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "distributor_shops_staff_delete" ON "distributor_shops" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "shop_reviews_own_insert" ON "shop_reviews" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "shop_reviews_own_update" ON "shop_reviews" AS RESTRICTIVE FOR UPDATE TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()))
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "shop_reviews_staff_delete" ON "shop_reviews" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
