-- Custom domains serve only once verified (security review): saving a host name
-- in settings used to route it to the shop at once, so a tenant could claim a
-- host it does not control (another shop's, or a brand's) and serve pages on it.
-- A domain is now a claim with a token; the app marks it verified after the
-- merchant proves control (a TXT record or a file, packages/server/src/domain-check.ts).
-- Rows saved before this migration become pending claims: none was ever proven.
ALTER TABLE "tenant_domains" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD CONSTRAINT "tenant_domains_status_check" CHECK ("status" in ('pending', 'verified', 'failed'));
--> statement-breakpoint
-- 122 random bits (gen_random_uuid is built in; pgcrypto is not on PGlite).
ALTER TABLE "tenant_domains" ADD COLUMN "verification_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD COLUMN "failure" text;
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD COLUMN "checked_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD COLUMN "verified_at" timestamp with time zone;
--> statement-breakpoint
-- A pending claim no longer blocks anyone (a squatter cannot hold a host it
-- never proves); a host is unique among verified claims only.
ALTER TABLE "tenant_domains" DROP CONSTRAINT "tenant_domains_pkey";
--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD CONSTRAINT "tenant_domains_tenant_id_domain_pk" PRIMARY KEY ("tenant_id", "domain");
--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_domains_verified_key" ON "tenant_domains" USING btree ("domain") WHERE "status" = 'verified';
--> statement-breakpoint
-- The host lookups ignore unverified claims (same signatures, owners and grants).
CREATE OR REPLACE FUNCTION app_private.resolve_tenant(p_key text)
RETURNS TABLE (id uuid, slug text, name text, status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY
    SELECT t.id, t.slug, t.name, t.status FROM tenants t WHERE t.slug = lower(p_key)
    UNION ALL
    SELECT t.id, t.slug, t.name, t.status FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.domain = lower(p_key) AND d.status = 'verified'
    LIMIT 1;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_private.storefront_tenant(p_key text)
RETURNS TABLE (id uuid, slug text, name text, status text, plan text, time_zone text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY
    SELECT t.id, t.slug, t.name, t.status, t.plan, t.time_zone FROM tenants t WHERE t.slug = lower(p_key)
    UNION ALL
    SELECT t.id, t.slug, t.name, t.status, t.plan, t.time_zone FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.domain = lower(p_key) AND d.status = 'verified'
    LIMIT 1;
END $$;
