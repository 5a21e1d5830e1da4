-- Publishing the tenant's WeChat mini-program through the platform's
-- third-party platform (issue 13, PRODUCT.md §6.5).
--
-- Global: the third-party platform's own state (the ticket WeChat pushes every
-- 10 minutes, the component_access_token shared by every app server, the
-- template chosen by the operator). One row per component app id. Read and
-- written by system transactions (the ticket push, the token refresh) and by
-- platform operators, never by a tenant's staff or a shopper.
CREATE TABLE "wechat_component" (
  "component_appid" text PRIMARY KEY NOT NULL,
  "verify_ticket" text,
  "ticket_at" timestamp with time zone,
  -- AES-256-GCM with SECRETS_KEY (packages/server/src/secrets.ts)
  "access_token_enc" text,
  "token_expires_at" timestamp with time zone,
  "template_id" text,
  "template_version" text,
  "template_desc" text,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION app_private.may_run_wechat_platform() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN nullif(current_setting('app.user_id', true), '') IS NULL
      THEN nullif(current_setting('app.storefront', true), '') IS NULL
    ELSE app_private.is_platform_operator()
  END
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.may_run_wechat_platform() OWNER TO app_definer;
--> statement-breakpoint
ALTER TABLE "wechat_component" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "wechat_component_platform" ON "wechat_component" AS PERMISSIVE FOR ALL TO "app_user"
  USING ((select app_private.may_run_wechat_platform()))
  WITH CHECK ((select app_private.may_run_wechat_platform()));
--> statement-breakpoint
-- The tenant's authorized mini-program (one per shop).
CREATE TABLE "miniprogram_authorizations" (
  "tenant_id" uuid NOT NULL,
  "authorizer_appid" text NOT NULL,
  "refresh_token_enc" text NOT NULL,
  "access_token_enc" text,
  "access_expires_at" timestamp with time zone,
  "status" text DEFAULT 'authorized' NOT NULL,
  "nick_name" text DEFAULT '' NOT NULL,
  "principal_name" text DEFAULT '' NOT NULL,
  "func_info" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "authorized_at" timestamp with time zone DEFAULT now() NOT NULL,
  "revoked_at" timestamp with time zone,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "miniprogram_authorizations_pk" PRIMARY KEY ("tenant_id"),
  CONSTRAINT "miniprogram_authorizations_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "miniprogram_authorizations_status" CHECK ("status" in ('authorized', 'revoked'))
);
--> statement-breakpoint
CREATE INDEX "miniprogram_authorizations_appid_idx" ON "miniprogram_authorizations" USING btree ("authorizer_appid");
--> statement-breakpoint
-- One row per release submitted (or packaged) to WeChat: its status timeline
-- and every call made for it with WeChat's answer (tokens redacted).
CREATE TABLE "miniprogram_submissions" (
  "tenant_id" uuid NOT NULL,
  "id" uuid DEFAULT gen_random_uuid() NOT NULL,
  "release_version" integer NOT NULL,
  "authorizer_appid" text NOT NULL,
  "template_id" text NOT NULL,
  "user_version" text NOT NULL,
  "ext_json" jsonb NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "audit_id" text,
  "reason" text DEFAULT '' NOT NULL,
  "error_key" text,
  "auto_release" boolean DEFAULT false NOT NULL,
  "timeline" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "created_by" uuid,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "miniprogram_submissions_tenant_id_id_pk" PRIMARY KEY ("tenant_id", "id"),
  CONSTRAINT "miniprogram_submissions_release_fk" FOREIGN KEY ("tenant_id", "release_version") REFERENCES "public"."releases"("tenant_id", "version"),
  CONSTRAINT "miniprogram_submissions_status" CHECK ("status" in ('pending', 'checking', 'auditing', 'audit_failed', 'audit_delayed', 'passed', 'released', 'reverted', 'failed', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX "miniprogram_submissions_recent_idx" ON "miniprogram_submissions" USING btree ("tenant_id", "created_at");
--> statement-breakpoint
CREATE INDEX "miniprogram_submissions_audit_idx" ON "miniprogram_submissions" USING btree ("tenant_id", "audit_id");
--> statement-breakpoint
-- At most one submission is under way (or waiting for release) per shop: WeChat allows one version in review (85009).
CREATE UNIQUE INDEX "miniprogram_submissions_one_open" ON "miniprogram_submissions" USING btree ("tenant_id")
  WHERE "status" in ('pending', 'checking', 'auditing', 'audit_delayed');
--> statement-breakpoint
ALTER TABLE "miniprogram_authorizations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "miniprogram_submissions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "miniprogram_authorizations_tenant_isolation" ON "miniprogram_authorizations" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
CREATE POLICY "miniprogram_submissions_tenant_isolation" ON "miniprogram_submissions" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Staff-owned (drizzle/0024): staff, or a system transaction (WeChat's pushes), write them.
CREATE POLICY "miniprogram_authorizations_staff_insert" ON "miniprogram_authorizations" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_authorizations_staff_update" ON "miniprogram_authorizations" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_authorizations_staff_delete" ON "miniprogram_authorizations" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_submissions_staff_insert" ON "miniprogram_submissions" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_submissions_staff_update" ON "miniprogram_submissions" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "miniprogram_submissions_staff_delete" ON "miniprogram_submissions" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
-- WeChat's pushes name the authorizer app id, not the shop: which shop authorized it (the one cross-tenant read here).
CREATE FUNCTION app_private.miniprogram_tenant(p_appid text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT tenant_id FROM miniprogram_authorizations WHERE authorizer_appid = p_appid ORDER BY (status = 'authorized') DESC, updated_at DESC LIMIT 1
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.miniprogram_tenant(text) OWNER TO app_definer;
--> statement-breakpoint
-- What a shop's staff may know of the platform's row (not its token): the chosen template and whether tickets arrive.
CREATE FUNCTION app_private.wechat_platform_status(p_appid text) RETURNS TABLE (template_id text, template_version text, ticket_at timestamp with time zone)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT template_id, template_version, ticket_at FROM wechat_component WHERE component_appid = p_appid
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.wechat_platform_status(text) OWNER TO app_definer;
--> statement-breakpoint
-- The audit poll (the scheduled job beside WeChat's pushes): submissions under review in any shop, waiting at least 5 minutes.
CREATE FUNCTION app_private.miniprogram_open_audits() RETURNS TABLE (tenant_id uuid, id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT tenant_id, id FROM miniprogram_submissions
   WHERE status IN ('auditing', 'audit_delayed') AND audit_id IS NOT NULL AND updated_at < now() - interval '5 minutes'
   ORDER BY updated_at LIMIT 200
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.miniprogram_open_audits() OWNER TO app_definer;
