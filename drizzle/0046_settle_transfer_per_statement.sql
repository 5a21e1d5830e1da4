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
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $$
DECLARE bad record;
BEGIN
  SELECT n.settle_transfer_id INTO bad
    FROM (SELECT DISTINCT c.tenant_id, c.settle_transfer_id FROM changed c WHERE c.settle_transfer_id IS NOT NULL) n
   WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.tenant_id = n.tenant_id AND t.id = n.settle_transfer_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'commission names settlement transfer %, which does not exist', bad.settle_transfer_id USING ERRCODE = '23503';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "commissions_settle_transfer_added" AFTER INSERT ON "commissions" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION app_private.commissions_settle_transfers();
--> statement-breakpoint
CREATE TRIGGER "commissions_settle_transfer_changed" AFTER UPDATE ON "commissions" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION app_private.commissions_settle_transfers();
