-- A renamed shop's old slug keeps redirecting for 90 days and no other tenant
-- can take it meanwhile (security review): printed QR codes and shared links
-- point at /s/{old}/…, and a squatter taking the old slug would receive them.
-- Like rate_limits, the history lives in app_private: not a tenant table, not
-- readable by app_user; a trigger on tenants writes it and definers read it.
CREATE TABLE app_private.slug_history (
  slug text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES public.tenants(id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX slug_history_tenant_idx ON app_private.slug_history (tenant_id);
--> statement-breakpoint
REVOKE ALL ON app_private.slug_history FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_private.slug_history TO app_definer;
--> statement-breakpoint
-- Every slug write passes here, whoever makes it: a slug another tenant held
-- until less than 90 days ago is refused (23505, as the unique index does for
-- a current slug); a rename records the old slug for 90 days; taking a slug
-- (one's own old one, or an expired one) drops its history row.
CREATE FUNCTION app_private.tenants_slug_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.slug IS NOT DISTINCT FROM OLD.slug THEN RETURN NEW; END IF;
  IF EXISTS (SELECT 1 FROM app_private.slug_history h WHERE h.slug = NEW.slug AND h.tenant_id <> NEW.id AND h.expires_at > now()) THEN
    RAISE EXCEPTION 'slug "%" is kept for a renamed shop', NEW.slug USING ERRCODE = 'unique_violation', CONSTRAINT = 'slug_history_pkey';
  END IF;
  DELETE FROM app_private.slug_history WHERE slug = NEW.slug;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO app_private.slug_history (slug, tenant_id, expires_at) VALUES (OLD.slug, NEW.id, now() + interval '90 days')
      ON CONFLICT (slug) DO UPDATE SET tenant_id = excluded.tenant_id, expires_at = excluded.expires_at, created_at = now();
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.tenants_slug_history() OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.tenants_slug_history() FROM PUBLIC;
--> statement-breakpoint
CREATE TRIGGER tenants_slug_history BEFORE INSERT OR UPDATE OF slug ON public.tenants
  FOR EACH ROW EXECUTE FUNCTION app_private.tenants_slug_history();
--> statement-breakpoint
-- The tenant holding a slug in its history (null: none, or expired): sign-up and settings say "taken" before writing.
CREATE FUNCTION app_private.slug_holder(p_slug text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN (SELECT h.tenant_id FROM app_private.slug_history h WHERE h.slug = lower(p_slug) AND h.expires_at > now());
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.slug_holder(text) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.slug_holder(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.slug_holder(text) TO app_user;
--> statement-breakpoint
-- Every live redirect (old slug → the shop's slug now), for proxy.ts's cached
-- map: renames are rare, so the whole list is small and public anyway (each
-- redirect shows it).
CREATE FUNCTION app_private.slug_redirects()
RETURNS TABLE (old_slug text, new_slug text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT h.slug, t.slug FROM app_private.slug_history h JOIN tenants t ON t.id = h.tenant_id
    WHERE h.expires_at > now() AND t.status = 'active';
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.slug_redirects() OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.slug_redirects() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.slug_redirects() TO app_user;
