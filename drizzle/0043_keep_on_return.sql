-- The base promotion fee a merchant may let distributors keep on returns
-- (issue 14, PRODUCT.md §5.4; packages/ledger clawbackFen): off by default, or
-- a share of the reversed commission, or a fixed amount per refunded unit.
-- A refund's reversal records what it took back (amount_fen, as before: every
-- reader of a commission's net stays right) and, when part was kept, the
-- commission's whole share of the refund (share_fen; null = amount_fen), which
-- the next refund of the line counts from (its share is cumulative).
ALTER TABLE "distribution_settings" ADD COLUMN "keep_on_return" jsonb DEFAULT '{"kind": "off"}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "commission_reversals" ADD COLUMN "share_fen" integer;
--> statement-breakpoint
ALTER TABLE "commission_reversals" ADD CONSTRAINT "commission_reversals_share" CHECK ("share_fen" IS NULL OR "share_fen" >= "amount_fen");
