-- Narrow cross-tenant lookups for the scheduled jobs and the Stripe webhook.
-- They return ids only; the work itself runs in each tenant's RLS context.

-- Unpaid orders past their expiry (PRODUCT.md §3: released after 30 minutes by default).
CREATE FUNCTION app_private.due_unpaid_orders(p_limit int) RETURNS TABLE (tenant_id uuid, order_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.tenant_id, o.id FROM orders o
   WHERE o.status = 'created' AND o.expires_at < now()
   ORDER BY o.expires_at
   LIMIT p_limit
$$;
--> statement-breakpoint
-- Received orders whose return window has closed.
CREATE FUNCTION app_private.due_completions(p_limit int) RETURNS TABLE (tenant_id uuid, order_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.tenant_id, o.id FROM orders o
    LEFT JOIN store_settings s ON s.tenant_id = o.tenant_id
   WHERE o.status = 'received'
     AND o.received_at + make_interval(days => coalesce(s.return_window_days, 7)) < now()
   ORDER BY o.received_at
   LIMIT p_limit
$$;
--> statement-breakpoint
-- Approved refunds whose provider call has not been confirmed (a crash between commit and call).
CREATE FUNCTION app_private.stuck_refunds(p_older_than interval, p_limit int) RETURNS TABLE (tenant_id uuid, refund_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.tenant_id, r.id FROM refunds r
   WHERE r.status = 'pending' AND r.decided_at < now() - p_older_than
   ORDER BY r.decided_at
   LIMIT p_limit
$$;
--> statement-breakpoint
-- The tenant of a Stripe connected account (webhooks name the account, not the tenant).
CREATE FUNCTION app_private.tenant_id_by_stripe_account(p_account text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.tenant_id FROM store_settings s WHERE s.stripe_account_id = p_account
$$;
--> statement-breakpoint
-- The storefront a shopper request is for (slug or custom host), with what checkout needs.
CREATE FUNCTION app_private.storefront_tenant(p_key text)
RETURNS TABLE (id uuid, slug text, name text, status text, plan text, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.slug, t.name, t.status, t.plan, t.time_zone
    FROM app_private.resolve_tenant(p_key) r JOIN tenants t ON t.id = r.id
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.storefront_tenant(text) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.due_unpaid_orders(int) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.due_completions(int) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.stuck_refunds(interval, int) OWNER TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.tenant_id_by_stripe_account(text) OWNER TO app_definer;
--> statement-breakpoint
COMMENT ON TABLE public.order_events IS 'append-only: the order timeline';
--> statement-breakpoint
COMMENT ON TABLE public.webhook_events IS 'append-only: provider events already applied';
--> statement-breakpoint
SELECT app_private.secure_tables();
