-- Settlement (issue 14, PRODUCT.md §5.3): when a commission's money became
-- available (the daily run's mark, set in the transaction that posts its
-- commission_settled transfer), and the merchant's hold rules and withdrawal
-- settings (checked by packages/ledger's schemas).
ALTER TABLE "commissions" ADD COLUMN "settled_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "commissions_unsettled_idx" ON "commissions" USING btree ("tenant_id", "id") WHERE "settled_at" IS NULL AND "status" = 'pending';
--> statement-breakpoint
ALTER TABLE "distribution_settings" ADD COLUMN "hold_rules" jsonb DEFAULT '{"defaultDays": 1, "byProduct": {}, "byCategory": {}, "highPrice": null}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "distribution_settings" ADD COLUMN "withdrawal" jsonb DEFAULT '{"minimumFen": 5000, "autoApproveBelowFen": 50000}'::jsonb NOT NULL;
