-- Make row-level security binding on every table in public: ENABLE + FORCE
-- (FORCE so that even the owner is subject to policies), and grant app_user
-- exactly the DML it needs. Tables commented 'append-only' get no UPDATE/DELETE.
-- Every migration run calls this again (scripts/migrate.ts), so a table added by
-- a later migration is secured too; the catalog test proves the result.
CREATE OR REPLACE FUNCTION app_private.secure_tables() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  GRANT USAGE ON SCHEMA public TO app_user, app_definer;
  FOR r IN
    SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') LIKE '%append-only%' AS append_only
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', r.relname);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', r.relname);
    EXECUTE format('REVOKE ALL ON public.%I FROM app_user', r.relname);
    IF r.append_only THEN
      EXECUTE format('GRANT SELECT, INSERT ON public.%I TO app_user', r.relname);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO app_user', r.relname);
    END IF;
    EXECUTE format('GRANT SELECT ON public.%I TO app_definer', r.relname);
  END LOOP;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_user;
  GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA app_private TO app_user;
  REVOKE EXECUTE ON FUNCTION app_private.secure_tables() FROM app_user, PUBLIC;
END $$;
--> statement-breakpoint
COMMENT ON TABLE public.audit_log IS 'append-only: who changed what (PRODUCT.md §8.3)';
--> statement-breakpoint
SELECT app_private.secure_tables();
