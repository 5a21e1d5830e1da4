-- Bonus day (issue 14, PRODUCT.md §4.6, §5.6): the shop's day of the month
-- (default the 25th) on which the month before is paid (team bonus, top-team
-- rewards), as ledger transfers; the rules are packages/ledger bonusRulesSchema.
ALTER TABLE "distribution_settings" ADD COLUMN "bonus_rules" jsonb DEFAULT '{"day": 25, "topTeams": []}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "distribution_settings" ADD CONSTRAINT "distribution_settings_bonus_day" CHECK (("bonus_rules"->>'day')::int between 1 and 28);
--> statement-breakpoint
-- The shop's own scheduled runs (settlement days, bonus days) for 财务: the
-- job runs whose period names the transaction's tenant ("<tenant>:<date>").
CREATE FUNCTION app_private.shop_job_runs(p_job text, p_limit int) RETURNS TABLE (period text, status text, attempts int, started_at timestamptz, finished_at timestamptz, result jsonb, error text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT split_part(r.period, ':', 2), r.status, r.attempts, r.started_at, r.finished_at, r.result, r.error
    FROM app_private.job_runs r
   WHERE r.job = p_job
     AND nullif(current_setting('app.tenant_id', true), '') IS NOT NULL
     AND r.period LIKE current_setting('app.tenant_id', true) || ':%'
   ORDER BY r.started_at DESC
   LIMIT least(p_limit, 100)
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.shop_job_runs(text, int) OWNER TO app_definer;
