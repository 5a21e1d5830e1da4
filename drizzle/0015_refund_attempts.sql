-- One provider idempotency key per refund attempt (`<refund id>:a<attempt>`): a retry of the same
-- attempt reuses it; only a refund the provider said failed, approved again, starts attempt + 1.
ALTER TABLE refunds ADD COLUMN IF NOT EXISTS attempt integer NOT NULL DEFAULT 1;
--> statement-breakpoint
ALTER TABLE refunds ADD CONSTRAINT refunds_attempt_positive CHECK (attempt > 0);
