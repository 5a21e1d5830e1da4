-- The merchant's ledger accounts (one per kind and shop) are on every
-- commission's transfer: stored, their balance made every posting wait for
-- that one row's lock (ledger-transfers bench: 260 transfers/s with 8 workers).
-- Their balance is now derived (the sum of their entries, which is minus the
-- distributors' balances: every transfer sums to zero) and not stored; they are
-- not locked. A distributor's account keeps its stored balance, updated in the
-- statement that writes its entries under its row lock (ledger:verify proves it).
UPDATE "ledger_accounts" SET "balance_fen" = 0 WHERE "owner_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_derived" CHECK ("owner_id" IS NOT NULL OR "balance_fen" = 0);
