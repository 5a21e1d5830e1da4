-- A distributor's downline (every member below them, at any depth) in the
-- current tenant. Under row-level security the GIN index on
-- referral_bindings.path cannot serve `path @> {id}`: array containment is not
-- leakproof, so PostgreSQL must apply the tenant policy first and every team
-- query (team size, my team by depth, the exit's re-attachment) scanned the
-- tenant's whole tree (1,000,000 rows in the distribution benches). This
-- definer (app_definer bypasses RLS) applies the very same tenant condition
-- itself, from app.tenant_id, and then can use the index; without a tenant it
-- returns nothing. depth: 1 = direct.
CREATE FUNCTION app_private.downline(p_user uuid)
RETURNS TABLE (user_id uuid, referrer_id uuid, depth int, bound_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT b.user_id, b.referrer_id, array_position(b.path, p_user), b.bound_at
    FROM referral_bindings b
   WHERE b.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
     AND b.path @> ARRAY[p_user]
$$;--> statement-breakpoint
ALTER FUNCTION app_private.downline(uuid) OWNER TO app_definer;--> statement-breakpoint
SELECT app_private.secure_tables();
