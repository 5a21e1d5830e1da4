-- The order sweep asks which received orders are past their return window as
-- of the moment it runs for (the app's clock; the e2e's test clock, which
-- production refuses unless ALLOW_TEST_CLOCK=1), not only the database's now().
CREATE FUNCTION app_private.due_completions(p_limit int, p_now timestamptz) RETURNS TABLE (tenant_id uuid, order_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.tenant_id, o.id FROM orders o
    LEFT JOIN store_settings s ON s.tenant_id = o.tenant_id
   WHERE o.status = 'received'
     AND o.received_at + make_interval(days => coalesce(s.return_window_days, 7)) < p_now
   ORDER BY o.received_at
   LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.due_completions(int, timestamptz) OWNER TO app_definer;
