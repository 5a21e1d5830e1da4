-- The shops the daily settlement run visits (issue 14): those with commission
-- still to settle, whatever their distributors' status now (a shop whose
-- distributors all left still settles what they earned), with their time zone
-- (the run's date is the shop's local date). Uses commissions_unsettled_idx.
CREATE FUNCTION app_private.settlement_tenants() RETURNS TABLE (tenant_id uuid, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.time_zone FROM tenants t
   WHERE EXISTS (SELECT 1 FROM commissions c WHERE c.tenant_id = t.id AND c.settled_at IS NULL AND c.status = 'pending')
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.settlement_tenants() OWNER TO app_definer;
