-- A settled commission names the transfer that settled it (0042): checked once
-- per statement that writes commissions, a primary-key probe of each distinct
-- transfer named, instead of a row-level foreign key checked for each of the
-- 1,000 commissions a settlement batch marks (a seventh of the batch's
-- PostgreSQL time, the settlement bench). Transfers are never deleted nor
-- renumbered (0045), so what is named stays named. 23503 as the key would.
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_settle_transfer_fk";
--> statement-breakpoint
CREATE FUNCTION app_private.commissions_settle_transfers() RETURNS trigger
LANGUAGE plpgsql
SET enable_seqscan = off
AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.tenant_id, array_agg(DISTINCT c.settle_transfer_id) AS ids FROM changed c WHERE c.settle_transfer_id IS NOT NULL GROUP BY c.tenant_id LOOP
    IF (SELECT count(*) FROM ledger_transfers t WHERE t.tenant_id = r.tenant_id AND t.id = ANY (r.ids)) <> cardinality(r.ids) THEN
      RAISE EXCEPTION 'a commission names a settlement transfer that does not exist' USING ERRCODE = '23503';
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "commissions_settle_transfer_added" AFTER INSERT ON "commissions" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION app_private.commissions_settle_transfers();
--> statement-breakpoint
CREATE TRIGGER "commissions_settle_transfer_changed" AFTER UPDATE ON "commissions" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION app_private.commissions_settle_transfers();
