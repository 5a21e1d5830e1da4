-- Roles (cluster-wide, so created idempotently; concurrent test databases may race).
-- app_user: the runtime role. Not superuser, not BYPASSRLS, owns nothing.
-- app_definer: owns the few SECURITY DEFINER lookups in app_private that must
-- read across tenants (host resolution, "my tenants", invitation tokens).
DO $$
BEGIN
  BEGIN
    CREATE ROLE app_user NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    CREATE ROLE app_definer NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
END $$;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS app_private;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app_private TO app_user, app_definer;
--> statement-breakpoint
-- Helpers used inside policies. plpgsql so that they can be created before the tables exist.
CREATE FUNCTION app_private.current_user_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_private.my_tenant_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE uid uuid := app_private.current_user_id();
BEGIN
  IF uid IS NULL THEN RETURN '{}'; END IF;
  RETURN coalesce((
    SELECT array_agg(x) FROM (
      SELECT m.tenant_id AS x FROM memberships m WHERE m.user_id = uid
      UNION
      SELECT t.id FROM tenants t JOIN agency_members am ON am.agency_id = t.agency_id WHERE am.user_id = uid
    ) s), '{}');
END $$;
--> statement-breakpoint
CREATE FUNCTION app_private.my_agency_ids() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE uid uuid := app_private.current_user_id();
BEGIN
  IF uid IS NULL THEN RETURN '{}'; END IF;
  RETURN coalesce((SELECT array_agg(agency_id) FROM agency_members WHERE user_id = uid), '{}');
END $$;
--> statement-breakpoint
CREATE FUNCTION app_private.is_platform_operator() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE uid uuid := app_private.current_user_id();
BEGIN
  IF uid IS NULL THEN RETURN false; END IF;
  RETURN coalesce((SELECT is_platform_operator FROM users WHERE id = uid), false);
END $$;
--> statement-breakpoint
-- The one public read: which tenant does this slug or host name serve?
CREATE FUNCTION app_private.resolve_tenant(p_key text)
RETURNS TABLE (id uuid, slug text, name text, status text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY
    SELECT t.id, t.slug, t.name, t.status FROM tenants t WHERE t.slug = lower(p_key)
    UNION ALL
    SELECT t.id, t.slug, t.name, t.status FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
     WHERE d.domain = lower(p_key)
    LIMIT 1;
END $$;
--> statement-breakpoint
-- Local (offline) sign-in lists the users that have no Clerk identity.
CREATE FUNCTION app_private.local_signin_users()
RETURNS TABLE (id uuid, email text, name text, demo_note text, is_platform_operator boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT u.id, u.email, u.name, u.demo_note, u.is_platform_operator
    FROM users u WHERE u.clerk_user_id IS NULL ORDER BY u.demo_note IS NULL, u.created_at, u.email;
END $$;
--> statement-breakpoint
CREATE FUNCTION app_private.user_id_by_email(p_email text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN (SELECT id FROM users WHERE lower(email) = lower(p_email));
END $$;
--> statement-breakpoint
CREATE FUNCTION app_private.user_id_by_clerk_id(p_clerk text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN (SELECT id FROM users WHERE clerk_user_id = p_clerk);
END $$;
--> statement-breakpoint
CREATE FUNCTION app_private.tenant_id_by_clerk_org(p_org text) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN (SELECT id FROM tenants WHERE clerk_org_id = p_org);
END $$;
--> statement-breakpoint
-- The invitation link's token is the capability that reveals which tenant invited you.
CREATE FUNCTION app_private.invitation_by_token(p_token text)
RETURNS TABLE (tenant_id uuid, id uuid, email text, role text, status text, tenant_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT i.tenant_id, i.id, i.email, i.role, i.status, t.name
    FROM invitations i JOIN tenants t ON t.id = i.tenant_id WHERE i.token = p_token;
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.my_tenant_ids() OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.my_agency_ids() OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.is_platform_operator() OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.resolve_tenant(text) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.local_signin_users() OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.user_id_by_email(text) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.user_id_by_clerk_id(text) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.tenant_id_by_clerk_org(text) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.invitation_by_token(text) OWNER TO app_definer;
