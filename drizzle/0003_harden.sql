-- Privilege escalations found by the isolation suite:
-- 1. any signed-in user could insert themselves into any agency (→ admin of its tenants);
-- 2. any user could set their own users.is_platform_operator (→ read every tenant).

-- (1) Who may add an agency member: the founder of a member-less agency, or an owner of it.
CREATE FUNCTION app_private.may_add_agency_member(p_agency uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE uid uuid := app_private.current_user_id();
BEGIN
  IF uid IS NULL THEN RETURN false; END IF;
  IF EXISTS (SELECT 1 FROM agency_members WHERE agency_id = p_agency AND user_id = uid AND role = 'owner') THEN
    RETURN true;
  END IF;
  RETURN EXISTS (SELECT 1 FROM agencies WHERE id = p_agency)
     AND NOT EXISTS (SELECT 1 FROM agency_members WHERE agency_id = p_agency);
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.may_add_agency_member(uuid) OWNER TO app_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.may_add_agency_member(uuid) TO app_user;
--> statement-breakpoint
-- (2) app_user can never grant or keep-grant the platform operator flag.
CREATE FUNCTION app_private.guard_user_flags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_user = 'app_user' AND (
       (TG_OP = 'INSERT' AND NEW.is_platform_operator)
    OR (TG_OP = 'UPDATE' AND NEW.is_platform_operator IS DISTINCT FROM OLD.is_platform_operator)) THEN
    RAISE EXCEPTION 'users.is_platform_operator is managed by the platform, not by the app'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_guard_flags BEFORE INSERT OR UPDATE ON public.users
  FOR EACH ROW EXECUTE FUNCTION app_private.guard_user_flags();
--> statement-breakpoint
-- Administrative functions live in app_admin, a schema app_user cannot even see.
-- They are called by the migrating role (seed, operator tooling), never by the app.
CREATE SCHEMA IF NOT EXISTS app_admin;
--> statement-breakpoint
REVOKE ALL ON SCHEMA app_admin FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION app_admin.set_platform_operator(p_user uuid, p_on boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE users SET is_platform_operator = p_on, updated_at = now() WHERE id = p_user;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION app_admin.set_platform_operator(uuid, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA app_admin TO app_definer;
--> statement-breakpoint
GRANT UPDATE (is_platform_operator, updated_at) ON public.users TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_admin.set_platform_operator(uuid, boolean) OWNER TO app_definer;
