-- WeChat Pay API v3 merchant configuration per tenant (issue 13, PRODUCT.md §3.3):
-- a direct merchant (its own mchid, API certificate serial, private key and
-- API v3 key) or a sub-merchant of the platform's service provider (sub_mchid;
-- the platform's keys come from the environment). Keys are AES-256-GCM blobs
-- under SECRETS_KEY (packages/server/src/secrets.ts), never plain text.
-- payments.provider is text (no enum or check constraint): 'wechatpay' needs no change there.
CREATE TABLE "wechatpay_merchants" (
  "tenant_id" uuid NOT NULL,
  "mode" text NOT NULL,
  "mchid" text NOT NULL,
  "appid" text NOT NULL,
  "serial_no" text,
  "private_key_enc" text,
  "api_v3_key_enc" text,
  "platform_key_id" text,
  "platform_public_key" text,
  "updated_by" uuid,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "wechatpay_merchants_pkey" PRIMARY KEY ("tenant_id"),
  CONSTRAINT "wechatpay_merchants_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id"),
  CONSTRAINT "wechatpay_merchants_mode" CHECK ("mode" in ('direct', 'partner')),
  CONSTRAINT "wechatpay_merchants_direct_keys" CHECK ("mode" <> 'direct' OR ("serial_no" IS NOT NULL AND "private_key_enc" IS NOT NULL AND "api_v3_key_enc" IS NOT NULL)),
  CONSTRAINT "wechatpay_merchants_platform_key" CHECK (("platform_key_id" IS NULL) = ("platform_public_key" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "wechatpay_merchants" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "wechatpay_merchants" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "wechatpay_merchants_tenant_isolation" ON "wechatpay_merchants" AS PERMISSIVE FOR ALL TO "app_user"
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Staff-owned: only the tenant's staff (or a system transaction) write it.
CREATE POLICY "wechatpay_merchants_staff_insert" ON "wechatpay_merchants" AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "wechatpay_merchants_staff_update" ON "wechatpay_merchants" AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "wechatpay_merchants_staff_delete" ON "wechatpay_merchants" AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
-- Reconciliation (packages/server/src/wechatpay-reconcile.ts): open WeChat Pay payments whose
-- notification has not come after a while are asked for by order query.
CREATE OR REPLACE FUNCTION app_private.unconfirmed_wechatpay_payments(p_older_than interval, p_limit int) RETURNS TABLE (tenant_id uuid, payment_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.tenant_id, p.id FROM payments p
   WHERE p.provider = 'wechatpay' AND p.status = 'pending'
     AND p.created_at < now() - p_older_than AND p.created_at > now() - interval '1 day'
   ORDER BY p.created_at
   LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.unconfirmed_wechatpay_payments(interval, int) OWNER TO app_definer;
--> statement-breakpoint
-- WeChat Pay refunds it acknowledged (PROCESSING) whose notification has not come: asked by refund query.
CREATE OR REPLACE FUNCTION app_private.unconfirmed_wechatpay_refunds(p_older_than interval, p_limit int) RETURNS TABLE (tenant_id uuid, refund_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.tenant_id, r.id FROM refunds r
    JOIN payments p ON p.tenant_id = r.tenant_id AND p.id = r.payment_id
   WHERE p.provider = 'wechatpay' AND r.status = 'pending' AND r.provider_refund_id IS NOT NULL
     AND r.decided_at < now() - p_older_than
   ORDER BY r.decided_at
   LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.unconfirmed_wechatpay_refunds(interval, int) OWNER TO app_definer;
