-- Review (money and job bugs): one failing outbox event must not stop every
-- other event and tenant, and scheduled jobs are recorded runs, not a timer.
--
-- 1. The outbox consumer retries a failing event with backoff (retry_at) and,
--    after a few attempts, parks it with its error (parked_at, last_error): the
--    drain skips it (and the later events of the same order, which must follow
--    it) while everything else goes on; an operator retries it after a fix.
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE outbox ADD COLUMN last_error text;
--> statement-breakpoint
ALTER TABLE outbox ADD COLUMN retry_at timestamptz;
--> statement-breakpoint
ALTER TABLE outbox ADD COLUMN parked_at timestamptz;
--> statement-breakpoint
-- The drain's work list: tenants with an event that is due (not parked, not waiting for its retry time).
CREATE OR REPLACE FUNCTION app_private.outbox_tenants() RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT o.tenant_id FROM outbox o
   WHERE o.processed_at IS NULL AND o.parked_at IS NULL AND (o.retry_at IS NULL OR o.retry_at <= now())
$$;
--> statement-breakpoint
-- Events that failed (waiting for a retry, or parked), every tenant: the operator's view (platform operators only).
CREATE FUNCTION app_private.outbox_failures(p_limit integer)
RETURNS TABLE (tenant_id uuid, tenant_slug text, seq bigint, topic text, order_id uuid, attempts integer, last_error text, retry_at timestamptz, parked_at timestamptz, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT app_private.is_platform_operator() THEN RAISE EXCEPTION 'platform operators only' USING ERRCODE = '42501'; END IF;
  RETURN QUERY
    SELECT o.tenant_id, t.slug, o.seq, o.topic, o.order_id, o.attempts, o.last_error, o.retry_at, o.parked_at, o.created_at
      FROM outbox o JOIN tenants t ON t.id = o.tenant_id
     WHERE o.processed_at IS NULL AND o.attempts > 0
     ORDER BY o.parked_at IS NULL, o.created_at
     LIMIT least(greatest(p_limit, 1), 500);
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.outbox_failures(integer) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.outbox_failures(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.outbox_failures(integer) TO app_user;
--> statement-breakpoint
-- An operator sends a failed event back to the queue (after a fix): due now, attempts from zero.
CREATE FUNCTION app_private.outbox_retry(p_tenant uuid, p_seq bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n integer;
BEGIN
  IF NOT app_private.is_platform_operator() THEN RAISE EXCEPTION 'platform operators only' USING ERRCODE = '42501'; END IF;
  UPDATE outbox SET attempts = 0, retry_at = NULL, parked_at = NULL
   WHERE tenant_id = p_tenant AND seq = p_seq AND processed_at IS NULL AND attempts > 0;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n > 0;
END $$;
--> statement-breakpoint
GRANT UPDATE (attempts, retry_at, parked_at) ON public.outbox TO app_definer;
--> statement-breakpoint
ALTER FUNCTION app_private.outbox_retry(uuid, bigint) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.outbox_retry(uuid, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.outbox_retry(uuid, bigint) TO app_user;
--> statement-breakpoint
-- 2. Job runs: one row per (job, period). A server claims a period in its own
--    committed statement before working (the primary key makes several servers
--    run it once), finishes it as done or failed; a failed run is claimed again
--    after p_retry_seconds, a run left "running" by a dead server after
--    p_stale_seconds. Not a tenant table: in app_private, read by operators only.
CREATE TABLE app_private.job_runs (
  job text NOT NULL,
  period text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  result jsonb,
  error text,
  PRIMARY KEY (job, period)
);
--> statement-breakpoint
CREATE INDEX job_runs_recent_idx ON app_private.job_runs (started_at DESC);
--> statement-breakpoint
REVOKE ALL ON app_private.job_runs FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON app_private.job_runs TO app_definer;
--> statement-breakpoint
-- The attempt number when this caller now owns the run, 0 when it is done or another server runs it.
CREATE FUNCTION app_private.job_claim(p_job text, p_period text, p_retry_seconds integer, p_stale_seconds integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n integer;
BEGIN
  INSERT INTO app_private.job_runs AS r (job, period, status) VALUES (p_job, p_period, 'running')
  ON CONFLICT (job, period) DO UPDATE SET status = 'running', attempts = r.attempts + 1, started_at = now(), finished_at = NULL, error = NULL
   WHERE (r.status = 'failed' AND r.finished_at <= now() - make_interval(secs => p_retry_seconds))
      OR (r.status = 'running' AND r.started_at <= now() - make_interval(secs => p_stale_seconds))
  RETURNING r.attempts INTO n;
  RETURN coalesce(n, 0);
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.job_claim(text, text, integer, integer) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.job_claim(text, text, integer, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.job_claim(text, text, integer, integer) TO app_user;
--> statement-breakpoint
CREATE FUNCTION app_private.job_finish(p_job text, p_period text, p_attempt integer, p_ok boolean, p_result jsonb, p_error text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  UPDATE app_private.job_runs SET status = CASE WHEN p_ok THEN 'done' ELSE 'failed' END, finished_at = now(), result = p_result, error = left(p_error, 2000)
   WHERE job = p_job AND period = p_period AND attempts = p_attempt AND status = 'running'
$$;
--> statement-breakpoint
ALTER FUNCTION app_private.job_finish(text, text, integer, boolean, jsonb, text) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.job_finish(text, text, integer, boolean, jsonb, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.job_finish(text, text, integer, boolean, jsonb, text) TO app_user;
--> statement-breakpoint
-- The latest runs, failures first among equals: the operator's jobs page (platform operators only).
CREATE FUNCTION app_private.job_runs_recent(p_limit integer)
RETURNS TABLE (job text, period text, status text, attempts integer, started_at timestamptz, finished_at timestamptz, result jsonb, error text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT app_private.is_platform_operator() THEN RAISE EXCEPTION 'platform operators only' USING ERRCODE = '42501'; END IF;
  RETURN QUERY SELECT r.job, r.period, r.status, r.attempts, r.started_at, r.finished_at, r.result, r.error
    FROM app_private.job_runs r ORDER BY r.started_at DESC LIMIT least(greatest(p_limit, 1), 500);
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.job_runs_recent(integer) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.job_runs_recent(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.job_runs_recent(integer) TO app_user;
