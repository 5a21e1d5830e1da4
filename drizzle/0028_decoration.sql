-- Store decoration (issue 12, PRODUCT.md §6): the draft theme, draft pages and
-- the numbered releases the storefront serves. Releases are append-only for
-- app_user (the table comment; secure_tables grants no UPDATE/DELETE), so
-- history only grows: a rollback is a new release.
CREATE TABLE "design_drafts" (
  "tenant_id" uuid PRIMARY KEY NOT NULL,
  "theme" jsonb NOT NULL,
  "updated_by" uuid,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "design_drafts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id")
);
--> statement-breakpoint
CREATE TABLE "store_pages" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "slug" text DEFAULT '' NOT NULL,
  "title" text DEFAULT '' NOT NULL,
  "document" jsonb NOT NULL,
  "updated_by" uuid,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "store_pages_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "store_pages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "store_pages_kind_check" CHECK ("kind" in ('home', 'category', 'landing')),
  CONSTRAINT "store_pages_slug_kind" CHECK (("kind" = 'landing') = ("slug" <> ''))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "store_pages_kind_slug_key" ON "store_pages" USING btree ("tenant_id", "kind", "slug");
--> statement-breakpoint
CREATE TABLE "releases" (
  "tenant_id" uuid NOT NULL,
  "version" integer NOT NULL,
  "content" jsonb NOT NULL,
  "changes" jsonb NOT NULL,
  "note" text DEFAULT '' NOT NULL,
  "created_by" uuid,
  "rolled_back_from" integer,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "releases_tenant_id_version_pk" PRIMARY KEY ("tenant_id", "version"),
  CONSTRAINT "releases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "releases_rolled_back_from_fk" FOREIGN KEY ("tenant_id", "rolled_back_from") REFERENCES "public"."releases"("tenant_id", "version"),
  CONSTRAINT "releases_version_positive" CHECK ("version" > 0)
);
--> statement-breakpoint
COMMENT ON TABLE public.releases IS 'append-only: published snapshots of theme, pages and settings (PRODUCT.md §6.4)';
--> statement-breakpoint
ALTER TABLE "design_drafts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "store_pages" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "releases" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "design_drafts_tenant_isolation" ON "design_drafts" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "store_pages_tenant_isolation" ON "store_pages" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "releases_tenant_isolation" ON "releases" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Staff-owned (drizzle/0024): a shopper's storefront transaction never writes them.
CREATE POLICY "design_drafts_staff_insert" ON "design_drafts" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "design_drafts_staff_update" ON "design_drafts" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "design_drafts_staff_delete" ON "design_drafts" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "store_pages_staff_insert" ON "store_pages" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "store_pages_staff_update" ON "store_pages" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "store_pages_staff_delete" ON "store_pages" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "releases_staff_insert" ON "releases" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "releases_staff_update" ON "releases" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "releases_staff_delete" ON "releases" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
