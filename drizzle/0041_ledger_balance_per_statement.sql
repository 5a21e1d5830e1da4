-- A transfer's entries sum to zero: checked once per statement that writes
-- entries (every transfer it touched, all of that transfer's entries), instead
-- of once per entry at commit (0033), which ran the same sum twice for every
-- transfer (a tenth of the commission engine's and the settlement run's
-- posting time, the ledger benches). The entries of one transfer are written
-- by one statement (postTransfers does); a statement that leaves a transfer
-- unbalanced is refused, 23514 as before.
DROP TRIGGER "ledger_entries_balance" ON "ledger_entries";
--> statement-breakpoint
DROP FUNCTION app_private.ledger_transfer_balances();
--> statement-breakpoint
CREATE FUNCTION app_private.ledger_statement_balances() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  SELECT x.transfer_id, x.s, x.n INTO bad FROM (
    SELECT e.transfer_id, sum(e.amount_fen) AS s, count(*) AS n
      FROM ledger_entries e
     WHERE (e.tenant_id, e.transfer_id) IN (SELECT DISTINCT a.tenant_id, a.transfer_id FROM added a)
     GROUP BY e.tenant_id, e.transfer_id) x
   WHERE x.s <> 0 OR x.n < 2
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transfer % does not balance (sum %, % entries)', bad.transfer_id, bad.s, bad.n USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "ledger_entries_balance" AFTER INSERT ON "ledger_entries" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION app_private.ledger_statement_balances();
