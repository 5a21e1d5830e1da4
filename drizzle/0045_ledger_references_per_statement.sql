-- The ledger's entries name their transfer and their account: checked once per
-- statement that writes entries (a set-based probe of every distinct transfer and
-- account the statement names), instead of by two row-level foreign keys, whose
-- per-entry checks were two fifths of the commission engine's posting time and of
-- the settlement run's (the commission-throughput and settlement benches:
-- 99 ms of 285 for a batch of 2,225 accruals, auto_explain log_triggers).
-- What the foreign keys also guaranteed is kept by the tables themselves: a
-- transfer is never deleted nor renumbered (append-only, app_user has neither
-- UPDATE nor DELETE on it; the trigger below refuses the owner too), nor is an
-- account (below: its id never changes and it is never deleted; row-level
-- security keeps it in its tenant).
-- A statement naming a transfer or an account that does not exist is refused,
-- 23503 as a foreign key would.
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_transfer_fk";
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_account_fk";
--> statement-breakpoint
-- The balance is now summed over the statement's own entries (the transition
-- table), never read back from ledger_entries: the entries of a transfer are
-- written by one statement (postTransfers), and a statement adding entries to
-- an existing transfer must itself sum to zero per transfer, so every transfer
-- still balances (an entry is never 0, so a balanced transfer has two or more).
-- The 0041 version read ledger_entries by (tenant, transfer) IN (…), which on a
-- table without statistics yet (a new shop's first hours, the benches) was
-- planned as a scan of all entries per statement: 5.8 s of a 6.1 s post at
-- 40,000 entries. The existence probes are by primary key: per statement, the
-- distinct transfers and accounts named, as one id = ANY(…) probe each (a join
-- form was planned as a scan of another index of the tenant's rows).
CREATE OR REPLACE FUNCTION app_private.ledger_statement_balances() RETURNS trigger
LANGUAGE plpgsql
SET enable_seqscan = off
AS $$
DECLARE bad record; r record;
BEGIN
  -- Per tenant (one, under row-level security), the distinct transfers and accounts named, probed by primary key
  -- (tenant_id = … AND id = ANY(…): both columns of the key as index conditions, whatever the statistics say).
  FOR r IN SELECT a.tenant_id, array_agg(DISTINCT a.transfer_id) AS transfers, array_agg(DISTINCT a.account_id) AS accounts
             FROM added a GROUP BY a.tenant_id LOOP
    IF (SELECT count(*) FROM ledger_transfers t WHERE t.tenant_id = r.tenant_id AND t.id = ANY (r.transfers)) <> cardinality(r.transfers) THEN
      RAISE EXCEPTION 'a ledger entry names a transfer that does not exist' USING ERRCODE = '23503';
    END IF;
    IF (SELECT count(*) FROM ledger_accounts l WHERE l.tenant_id = r.tenant_id AND l.id = ANY (r.accounts)) <> cardinality(r.accounts) THEN
      RAISE EXCEPTION 'a ledger entry names an account that does not exist' USING ERRCODE = '23503';
    END IF;
  END LOOP;
  SELECT a.transfer_id, sum(a.amount_fen) AS s INTO bad FROM added a
   GROUP BY a.tenant_id, a.transfer_id
  HAVING sum(a.amount_fen) <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transfer % does not balance (sum % in this statement)', bad.transfer_id, bad.s USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Transfers and accounts stay what entries name: never deleted, their ids never changed (by anyone, the owner
-- included). A row moved to another tenant is row-level security's to refuse (42501, the isolation suite).
CREATE FUNCTION app_private.ledger_rows_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION '% rows are kept: ledger entries name them', TG_TABLE_NAME USING ERRCODE = '23503';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "ledger_transfers_kept" BEFORE UPDATE OF "id" OR DELETE ON "ledger_transfers" FOR EACH ROW EXECUTE FUNCTION app_private.ledger_rows_kept();
--> statement-breakpoint
CREATE TRIGGER "ledger_accounts_kept" BEFORE UPDATE OF "id" OR DELETE ON "ledger_accounts" FOR EACH ROW EXECUTE FUNCTION app_private.ledger_rows_kept();
