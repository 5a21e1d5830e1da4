-- Rate limits (PRODUCT.md §8.4, review M5). One counter row per (action, subject),
-- a fixed window, bumped in ONE statement (insert … on conflict do update … returning):
-- the row lock makes concurrent hits from several app servers count exactly, on
-- PostgreSQL and PGlite alike, inside the caller's own transaction (no second
-- connection, no extra round trip). The table lives in app_private: not a tenant
-- table, not readable by app_user; only the definer below touches it.
CREATE TABLE app_private.rate_limits (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits bigint NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON app_private.rate_limits FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_private.rate_limits TO app_definer;
--> statement-breakpoint
-- Adds p_cost to the key's counter (a new window once p_window_seconds have passed) and returns the total.
CREATE OR REPLACE FUNCTION app_private.rate_hit(p_key text, p_window_seconds integer, p_cost bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE total bigint;
BEGIN
  INSERT INTO app_private.rate_limits AS r (key, window_start, hits) VALUES (p_key, now(), p_cost)
  ON CONFLICT (key) DO UPDATE SET
    window_start = CASE WHEN r.window_start <= now() - make_interval(secs => p_window_seconds) THEN now() ELSE r.window_start END,
    hits = CASE WHEN r.window_start <= now() - make_interval(secs => p_window_seconds) THEN p_cost ELSE r.hits + p_cost END
  RETURNING r.hits INTO total;
  RETURN total;
END $$;
--> statement-breakpoint
ALTER FUNCTION app_private.rate_hit(text, integer, bigint) OWNER TO app_definer;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.rate_hit(text, integer, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.rate_hit(text, integer, bigint) TO app_user;
