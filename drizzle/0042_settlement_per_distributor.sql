-- Settlement posts one commission_settled transfer per distributor and batch
-- (the sum of the matured commissions it settles for them) instead of one per
-- commission, and each commission names it: from a settlement's money back to
-- its commissions, order lines and orders (settlement bench: the posting was
-- 200 ms of every batch of 1,000). Batches go by distributor, hence the index.
ALTER TABLE "commissions" ADD COLUMN "settle_transfer_id" uuid;
--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_settle_transfer_fk" FOREIGN KEY ("tenant_id", "settle_transfer_id") REFERENCES "public"."ledger_transfers"("tenant_id", "id");
--> statement-breakpoint
DROP INDEX "commissions_unsettled_idx";
--> statement-breakpoint
CREATE INDEX "commissions_unsettled_idx" ON "commissions" USING btree ("tenant_id", "beneficiary_id", "id") WHERE "settled_at" IS NULL AND "status" = 'pending';
--> statement-breakpoint
CREATE INDEX "commissions_settle_transfer_idx" ON "commissions" USING btree ("tenant_id", "settle_transfer_id") WHERE "settle_transfer_id" IS NOT NULL;
