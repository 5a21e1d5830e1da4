-- Mini-program shoppers (issue 13, PRODUCT.md §6.5): a WeChat identity of a
-- tenant's mini-program (app id + openid, unionid when WeChat gives one) and
-- the platform user it signs in as. One row per (tenant, app, openid): the
-- primary key makes two concurrent first logins resolve to one user. The
-- phone number (getPhoneNumber) is optional. No foreign key to users: a
-- tenant table's keys all carry tenant_id (catalog suite), as distributors
-- and referral_bindings; the row is written in the transaction that creates
-- its user.
CREATE TABLE "miniprogram_identities" (
  "tenant_id" uuid NOT NULL,
  "app_id" text NOT NULL,
  "openid" text NOT NULL,
  "user_id" uuid NOT NULL,
  "unionid" text,
  "phone" text,
  "phone_at" timestamp with time zone,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "last_login_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "miniprogram_identities_tenant_id_app_id_openid_pk" PRIMARY KEY ("tenant_id", "app_id", "openid"),
  CONSTRAINT "miniprogram_identities_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "miniprogram_identities_app_id" CHECK ("app_id" ~ '^wx[0-9a-f]{16}$'),
  CONSTRAINT "miniprogram_identities_openid" CHECK (length("openid") between 1 and 128),
  CONSTRAINT "miniprogram_identities_unionid" CHECK ("unionid" IS NULL OR length("unionid") between 1 and 128),
  CONSTRAINT "miniprogram_identities_phone" CHECK ("phone" IS NULL OR length("phone") between 3 and 32)
);
--> statement-breakpoint
-- A user has one WeChat identity per app of a tenant.
CREATE UNIQUE INDEX "miniprogram_identities_user_key" ON "miniprogram_identities" USING btree ("tenant_id", "app_id", "user_id");
--> statement-breakpoint
CREATE INDEX "miniprogram_identities_unionid_idx" ON "miniprogram_identities" USING btree ("tenant_id", "unionid") WHERE "unionid" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "miniprogram_identities" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "miniprogram_identities_tenant_isolation" ON "miniprogram_identities" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- A shopper's transaction reads and writes only its own identity (openids of
-- other shoppers are not its business); the login (a system transaction: no
-- user, not a storefront) and staff may read any of the shop's.
CREATE POLICY "miniprogram_identities_own_select" ON "miniprogram_identities" AS RESTRICTIVE FOR SELECT TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_identities_own_insert" ON "miniprogram_identities" AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_identities_own_update" ON "miniprogram_identities" AS RESTRICTIVE FOR UPDATE TO app_user
  USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()))
  WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid OR (select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_identities_staff_delete" ON "miniprogram_identities" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
