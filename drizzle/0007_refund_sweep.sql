-- The stuck-refund sweep resends only refunds the provider never acknowledged.
-- One with a provider refund id is waiting for the provider's own answer
-- (refund.updated / refund.failed): sending it again after the provider's
-- idempotency window would be a new refund request.
CREATE OR REPLACE FUNCTION app_private.stuck_refunds(p_older_than interval, p_limit int) RETURNS TABLE (tenant_id uuid, refund_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.tenant_id, r.id FROM refunds r
   WHERE r.status = 'pending' AND r.provider_refund_id IS NULL AND r.decided_at < now() - p_older_than
   ORDER BY r.decided_at
   LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.stuck_refunds(interval, int) OWNER TO app_definer;
