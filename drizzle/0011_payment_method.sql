ALTER TABLE "payments" ADD COLUMN "method_fingerprint" text;--> statement-breakpoint
CREATE INDEX "payments_method_idx" ON "payments" USING btree ("tenant_id","method_fingerprint");