-- Review M1: shoppers are not staff at the database level. A shopper's
-- storefront transaction has its tenant set, so until now any tenant policy let
-- it write memberships, the tenant row or its settings: one bug in a shopper
-- query could make a shopper an owner. Writes to staff-owned tables now also
-- need may_manage_tenant(): the transaction's user is a member of its tenant
-- (any role; the app checks the permission) or staff of the agency running it;
-- a system transaction (no user, not a storefront: jobs, webhooks) may too.
-- Restrictive policies, so they narrow the tenant-isolation policies.

-- A storefront transaction says so (packages/db/src/context.ts sets app.storefront).
CREATE FUNCTION app_private.may_manage_tenant() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE
    WHEN nullif(current_setting('app.user_id', true), '') IS NULL
      THEN nullif(current_setting('app.storefront', true), '') IS NULL
    ELSE EXISTS (SELECT 1 FROM memberships m
                  WHERE m.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
                    AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      OR EXISTS (SELECT 1 FROM tenants t JOIN agency_members am ON am.agency_id = t.agency_id
                  WHERE t.id = nullif(current_setting('app.tenant_id', true), '')::uuid
                    AND am.user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  END
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.may_manage_tenant() OWNER TO app_definer;
--> statement-breakpoint
-- Joining without being staff yet: the creator of a tenant made in this very
-- transaction (its first owner), or the invitee of an invitation accepted in
-- this transaction, with that invitation's role.
CREATE FUNCTION app_private.may_join(p_tenant uuid, p_user uuid, p_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p_user = nullif(current_setting('app.user_id', true), '')::uuid AND (
    (p_role = 'owner'
      AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = p_tenant AND t.created_at = now())
      AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = p_tenant))
    OR EXISTS (SELECT 1 FROM invitations i JOIN users u ON u.id = p_user
                WHERE i.tenant_id = p_tenant AND i.status = 'accepted' AND i.accepted_by = p_user
                  AND i.accepted_at = now() AND i.role = p_role AND lower(i.email) = lower(u.email))
  )
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.may_join(uuid, uuid, text) OWNER TO app_definer;
--> statement-breakpoint
-- The signed-in user's own email (an invitee consumes the invitation sent to it).
CREATE FUNCTION app_private.my_email() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT lower(email) FROM users WHERE id = nullif(current_setting('app.user_id', true), '')::uuid
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.my_email() OWNER TO app_definer;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  -- Staff-owned tenant tables: every write needs may_manage_tenant().
  FOREACH t IN ARRAY ARRAY['categories', 'products', 'store_settings', 'distribution_settings', 'commission_overrides', 'team_bonuses', 'tenant_domains'] LOOP
    EXECUTE format('CREATE POLICY %I ON public.%I AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()))', t || '_staff_insert', t);
    EXECUTE format('CREATE POLICY %I ON public.%I AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()))', t || '_staff_update', t);
    EXECUTE format('CREATE POLICY %I ON public.%I AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()))', t || '_staff_delete', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- SKUs: staff create and delete them; a checkout (any shopper) moves only their stock (trigger below).
CREATE POLICY "product_skus_staff_insert" ON public.product_skus AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "product_skus_staff_delete" ON public.product_skus AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE FUNCTION app_private.sku_update_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'stock') IS DISTINCT FROM (to_jsonb(OLD) - 'stock') AND NOT app_private.may_manage_tenant() THEN
    RAISE EXCEPTION 'only staff may edit a SKU beyond its stock' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER product_skus_update_guard BEFORE UPDATE ON public.product_skus FOR EACH ROW EXECUTE FUNCTION app_private.sku_update_guard();
--> statement-breakpoint
-- The tenant row: created by anyone signed in (tenants_create), changed or removed by its staff only.
CREATE POLICY "tenants_staff_update" ON public.tenants AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "tenants_staff_delete" ON public.tenants AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
-- Memberships: staff manage them; a user joins only as a new tenant's first owner or through an invitation just accepted.
CREATE POLICY "memberships_staff_insert" ON public.memberships AS RESTRICTIVE FOR INSERT TO app_user
  WITH CHECK ((select app_private.may_manage_tenant()) OR app_private.may_join(tenant_id, user_id, role));
--> statement-breakpoint
CREATE POLICY "memberships_staff_update" ON public.memberships AS RESTRICTIVE FOR UPDATE TO app_user USING ((select app_private.may_manage_tenant())) WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "memberships_staff_delete" ON public.memberships AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
--> statement-breakpoint
-- Invitations: staff send and revoke them; the invitee may only mark the one sent to their email accepted by themselves.
CREATE POLICY "invitations_staff_insert" ON public.invitations AS RESTRICTIVE FOR INSERT TO app_user WITH CHECK ((select app_private.may_manage_tenant()));
--> statement-breakpoint
CREATE POLICY "invitations_staff_update" ON public.invitations AS RESTRICTIVE FOR UPDATE TO app_user
  USING ((select app_private.may_manage_tenant()) OR lower(email) = (select app_private.my_email()))
  WITH CHECK ((select app_private.may_manage_tenant())
              OR (status = 'accepted' AND accepted_by = nullif(current_setting('app.user_id', true), '')::uuid AND lower(email) = (select app_private.my_email())));
--> statement-breakpoint
CREATE POLICY "invitations_staff_delete" ON public.invitations AS RESTRICTIVE FOR DELETE TO app_user USING ((select app_private.may_manage_tenant()));
